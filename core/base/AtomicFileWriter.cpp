#include "core/base/AtomicFileWriter.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <random>

namespace skein {
namespace {

Error ioError(const std::string& what, const std::string& path) {
  return makeError(ErrorCode::Io, what + " " + path + ": " + std::strerror(errno));
}

std::string folderOf(const std::string& path) {
  const auto slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

}  // namespace

AtomicFileWriter::~AtomicFileWriter() {
  if (fd_ >= 0) ::close(fd_);
  if (!temporary_.empty()) ::unlink(temporary_.c_str());
}

Status AtomicFileWriter::open(const std::string& path) {
  target_ = path;
  if (char* resolved = ::realpath(path.c_str(), nullptr)) {
    target_ = resolved;
    std::free(resolved);
  }
  struct stat st {};
  const bool exists = ::stat(target_.c_str(), &st) == 0;
  // A name of our own with O_EXCL rather than mkstemp: open() applies the umask as for any new file.
  std::random_device random;
  for (int attempt = 0; attempt < 8 && fd_ < 0; ++attempt) {
    std::string temporary = target_ + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(random());
    fd_ = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd_ >= 0) temporary_ = temporary;
    else if (errno != EEXIST) break;
  }
  if (fd_ < 0) return ioError("cannot create", path);
  if (exists) ::fchmod(fd_, st.st_mode & 07777);
  return {};
}

Status AtomicFileWriter::write(const void* data, std::size_t size) {
  const auto* p = static_cast<const char*>(data);
  while (size > 0) {
    const ssize_t n = ::write(fd_, p, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      return ioError("cannot write to", target_);
    }
    p += n;
    size -= static_cast<std::size_t>(n);
  }
  return {};
}

Status AtomicFileWriter::commit() {
  if (::fsync(fd_) != 0) return ioError("cannot write to", target_);
  const int rc = ::close(fd_);
  fd_ = -1;
  if (rc != 0) return ioError("cannot close", target_);
  if (::rename(temporary_.c_str(), target_.c_str()) != 0) return ioError("cannot replace", target_);
  temporary_.clear();
  // The rename itself reaches the disk with its folder.
  if (const int dir = ::open(folderOf(target_).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
  return {};
}

}  // namespace skein
