#pragma once
// Keeps only the named keys of large JSON answers before they are parsed, so that a 10,000-entry
// dataset list (≈28 MB, mostly dataSource mags and paths) becomes a few MB of JSON for
// nlohmann::json. nlohmann's lexer (DOM or SAX) reads ≈50 MB/s; finding where a value ends is
// ≈20× faster, so skipped values are only delimited here (brackets and strings), never tokenized.
// Kept values are copied verbatim and validated by the JSON parser that reads the result.

#include <string>
#include <string_view>
#include <vector>

#include "core/base/Result.h"

namespace skein::client {

// The keys to keep in an object; arrays apply it to each of their objects. A key with a nested
// projection keeps only that projection of its value; a key with nullptr keeps its whole value.
struct JsonProjection {
  struct Key {
    std::string_view name;
    const JsonProjection* nested = nullptr;  // nullptr: keep the whole value
  };
  std::vector<Key> keys;
  const Key* find(std::string_view name) const;
};

// `text` with every object reduced to the projection's keys (whitespace outside strings dropped).
// `what` names the payload in the error ("dataset list").
Result<std::string> projectJson(std::string_view text, const JsonProjection& projection, const std::string& what);

}  // namespace skein::client
