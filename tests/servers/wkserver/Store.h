#pragma once
// The test server's state: JSON documents in SQLite (one table, keyed by collection and id).
// Test data is small, so queries load a collection and filter in C++.

#include <QString>

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace wk {

using nlohmann::json;

class Store {
 public:
  // ":memory:" or a file path.
  explicit Store(const QString& path);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  bool ok() const { return ok_; }
  std::vector<json> all(const std::string& collection) const;
  std::optional<json> get(const std::string& collection, const std::string& id) const;
  void put(const std::string& collection, const std::string& id, const json& doc);
  void remove(const std::string& collection, const std::string& id);

 private:
  QString connection_;
  bool ok_ = false;
};

// A new 24-hex ObjectId (time prefix + counter, unique within the process).
std::string newObjectId();
// A random URL-safe token of `bytes` random bytes.
std::string randomToken(int bytes = 16);

}  // namespace wk
