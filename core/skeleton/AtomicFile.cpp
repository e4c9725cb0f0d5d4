#include "core/skeleton/AtomicFile.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>

namespace skein::skeleton {

namespace {

Error ioError(const std::string& what, const std::string& path) {
  return makeError(ErrorCode::Io, what + " " + path + ": " + std::strerror(errno));
}

std::string directoryOf(const std::string& path) {
  auto slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

}  // namespace

Status writeFileAtomically(const std::string& path, std::string_view bytes) {
  return writeFileAtomically(path, std::span<const std::string_view>(&bytes, 1));
}

Status writeFileAtomically(const std::string& path, std::span<const std::string_view> pieces) {
  std::random_device rd;
  std::string temp = path + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(rd());
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return ioError("cannot create", temp);
  auto fail = [&](const char* what) {
    Error e = ioError(what, temp);
    ::close(fd);
    ::unlink(temp.c_str());
    return e;
  };
  for (std::string_view bytes : pieces) {
    const char* p = bytes.data();
    std::size_t left = bytes.size();
    while (left > 0) {
      ssize_t n = ::write(fd, p, left);
      if (n < 0) {
        if (errno == EINTR) continue;
        return fail("cannot write");
      }
      p += n;
      left -= static_cast<std::size_t>(n);
    }
  }
  if (::fsync(fd) != 0) return fail("cannot sync");
  if (::close(fd) != 0) {
    Error e = ioError("cannot close", temp);
    ::unlink(temp.c_str());
    return e;
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    Error e = ioError("cannot replace", path);
    ::unlink(temp.c_str());
    return e;
  }
  // Make the rename itself durable.
  int dir = ::open(directoryOf(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
  return {};
}

}  // namespace skein::skeleton
