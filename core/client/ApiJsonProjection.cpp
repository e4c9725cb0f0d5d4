#include "core/client/ApiJsonProjection.h"

#include <cstring>

namespace skein::client {

const JsonProjection::Key* JsonProjection::find(std::string_view name) const {
  for (const Key& k : keys)
    if (k.name == name) return &k;
  return nullptr;
}

namespace {

constexpr int kMaxDepth = 64;  // nested arrays/objects followed while projecting (skipped ones are not recursed)

class Projector {
 public:
  Projector(std::string_view text, std::string what) : t_(text), what_(std::move(what)) { out_.reserve(text.size() / 4); }

  Result<std::string> run(const JsonProjection& projection) {
    if (t_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;  // a UTF-8 byte order mark, as nlohmann accepts it
    if (!value(&projection, 0)) return error();
    skipSpace();
    if (pos_ != t_.size()) return fail("unexpected text after the end"), error();
    return std::move(out_);
  }

 private:
  // Projects or copies one value at pos_.
  bool value(const JsonProjection* p, int depth) {
    skipSpace();
    if (pos_ >= t_.size()) return fail("it ends early");
    const char c = t_[pos_];
    if (p && (c == '{' || c == '[')) {
      if (depth >= kMaxDepth) return fail("it is nested too deeply");
      return c == '{' ? object(p, depth + 1) : array(p, depth + 1);
    }
    return copySkipped();
  }

  bool object(const JsonProjection* p, int depth) {
    ++pos_;  // '{'
    out_ += '{';
    bool first = true;
    skipSpace();
    if (peek() == '}') return ++pos_, out_ += '}', true;
    for (;;) {
      skipSpace();
      if (peek() != '"') return fail("expected a key");
      const std::size_t keyStart = pos_;
      if (!skipString()) return false;
      const std::size_t keyEnd = pos_;
      const std::string_view key = t_.substr(keyStart + 1, keyEnd - keyStart - 2);
      skipSpace();
      if (peek() != ':') return fail("expected ':' after a key");
      ++pos_;
      const JsonProjection::Key* keep = p->find(key);
      if (keep) {
        if (!first) out_ += ',';
        first = false;
        out_.append(t_.substr(keyStart, keyEnd - keyStart));
        out_ += ':';
        if (!value(keep ? keep->nested : nullptr, depth)) return false;
      } else {
        skipSpace();
        if (!skipValue()) return false;
      }
      skipSpace();
      const char c = peek();
      ++pos_;
      if (c == '}') return out_ += '}', true;
      if (c != ',') return fail("expected ',' or '}' in an object");
    }
  }

  bool array(const JsonProjection* p, int depth) {
    ++pos_;  // '['
    out_ += '[';
    skipSpace();
    if (peek() == ']') return ++pos_, out_ += ']', true;
    for (bool first = true;; first = false) {
      if (!first) out_ += ',';
      if (!value(p, depth)) return false;
      skipSpace();
      const char c = peek();
      ++pos_;
      if (c == ']') return out_ += ']', true;
      if (c != ',') return fail("expected ',' or ']' in an array");
    }
  }

  // Copies a value that is not projected (scalar, or the whole of a kept value) verbatim.
  bool copySkipped() {
    const std::size_t start = pos_;
    if (!skipValue()) return false;
    out_.append(t_.substr(start, pos_ - start));
    return true;
  }

  // Moves past one value without looking inside it beyond brackets and strings.
  bool skipValue() {
    if (pos_ >= t_.size()) return fail("it ends early");
    const char c = t_[pos_];
    if (c == '"') return skipString();
    if (c != '{' && c != '[') {
      while (pos_ < t_.size() && !isDelimiter(t_[pos_])) ++pos_;
      return true;
    }
    std::size_t depth = 0;
    while (pos_ < t_.size()) {
      const char d = t_[pos_];
      if (d == '"') {
        if (!skipString()) return false;
        continue;
      }
      ++pos_;
      if (d == '{' || d == '[') {
        ++depth;
      } else if (d == '}' || d == ']') {
        if (--depth == 0) return true;
      }
    }
    return fail("it ends early");
  }

  // pos_ at the opening quote; afterwards just past the closing one.
  bool skipString() {
    std::size_t at = pos_ + 1;
    for (;;) {
      const void* hit = at < t_.size() ? std::memchr(t_.data() + at, '"', t_.size() - at) : nullptr;
      if (!hit) return fail("a string is not closed");
      const std::size_t quote = static_cast<std::size_t>(static_cast<const char*>(hit) - t_.data());
      std::size_t backslashes = 0;
      while (quote - backslashes > pos_ && t_[quote - backslashes - 1] == '\\') ++backslashes;
      at = quote + 1;
      if (backslashes % 2 == 0) break;
    }
    pos_ = at;
    return true;
  }

  static bool isDelimiter(char c) { return c == ',' || c == '}' || c == ']' || c == ' ' || c == '\n' || c == '\r' || c == '\t'; }
  void skipSpace() {
    while (pos_ < t_.size() && (t_[pos_] == ' ' || t_[pos_] == '\n' || t_[pos_] == '\r' || t_[pos_] == '\t')) ++pos_;
  }
  char peek() const { return pos_ < t_.size() ? t_[pos_] : '\0'; }

  bool fail(const char* why) {
    if (message_.empty())
      message_ = what_ + ": the server answered with text that is not valid JSON (" + why + " at byte " +
                 std::to_string(pos_) + ")";
    return false;
  }
  Error error() const { return makeError(ErrorCode::InvalidData, message_); }

  std::string_view t_;
  std::string what_;
  std::string out_;
  std::string message_;
  std::size_t pos_ = 0;
};

}  // namespace

Result<std::string> projectJson(std::string_view text, const JsonProjection& projection, const std::string& what) {
  return Projector(text, what).run(projection);
}

}  // namespace skein::client
