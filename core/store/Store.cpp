#include "core/store/Store.h"

#include "core/store/StoreKeys.h"

namespace skein {

Result<bool> Store::readInto(const std::string& key, QByteArray& buffer, const CancelToken& cancel) {
  SKEIN_ASSIGN_OR_RETURN(std::optional<QByteArray> bytes, read(key, std::nullopt, cancel));
  if (!bytes) return false;
  buffer = std::move(*bytes);
  return true;
}

Status Store::write(const std::string& key, const QByteArray& /*bytes*/) {
  return makeError(ErrorCode::Unsupported, "cannot write " + describe(key) + ": the store is read-only");
}

Status Store::remove(const std::string& key) {
  return makeError(ErrorCode::Unsupported, "cannot remove " + describe(key) + ": the store is read-only");
}

std::string joinKey(const std::string& a, const std::string& b) {
  std::string out;
  for (const std::string* s : {&a, &b}) {
    for (const std::string& part : splitKey(*s)) {
      if (!out.empty()) out += '/';
      out += part;
    }
  }
  return out;
}

}  // namespace skein
