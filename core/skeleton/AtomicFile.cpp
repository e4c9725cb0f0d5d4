#include "core/skeleton/AtomicFile.h"

#include "core/base/AtomicFileWriter.h"

namespace skein::skeleton {

Status writeFileAtomically(const std::string& path, std::string_view bytes) {
  return writeFileAtomically(path, std::span<const std::string_view>(&bytes, 1));
}

Status writeFileAtomically(const std::string& path, std::span<const std::string_view> pieces) {
  AtomicFileWriter file;
  SKEIN_TRY(file.open(path));
  for (std::string_view bytes : pieces) SKEIN_TRY(file.write(bytes.data(), bytes.size()));
  return file.commit();
}

}  // namespace skein::skeleton
