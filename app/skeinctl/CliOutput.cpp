#include "app/skeinctl/CliOutput.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/skeinctl/CliArgs.h"

namespace skeinctl {

namespace {

std::string parentFolder(const std::string& path) {
  const auto slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

}  // namespace

BinaryOutput::~BinaryOutput() {
  if (ownsFd_ && fd_ >= 0) ::close(fd_);
  if (!temporaryPath_.empty()) ::unlink(temporaryPath_.c_str());
}

skein::Status BinaryOutput::open(const std::string& path) {
  if (path.empty() || path == "-") {
    fd_ = STDOUT_FILENO;
    ownsFd_ = false;
    name_ = "standard output";
    return {};
  }
  name_ = path;
  // Through a symbolic link, the file it points to is the one replaced (the link stays).
  std::string target = path;
  if (char* resolved = ::realpath(path.c_str(), nullptr)) {
    target = resolved;
    std::free(resolved);
  }
  struct stat st {};
  const bool exists = ::stat(target.c_str(), &st) == 0;
  if (exists && !S_ISREG(st.st_mode)) {
    if (S_ISDIR(st.st_mode)) return skein::makeError(skein::ErrorCode::Io, "cannot write to " + path + ": it is a folder");
    fd_ = ::open(target.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd_ < 0) return skein::makeError(skein::ErrorCode::Io, "cannot open " + path + ": " + std::strerror(errno));
    ownsFd_ = true;
    return {};
  }
  // A name of our own with O_EXCL rather than mkstemp: open() applies the umask as for any new file.
  std::random_device random;
  for (int attempt = 0; attempt < 8 && fd_ < 0; ++attempt) {
    std::string temporary = target + ".skein-partial-" + std::to_string(::getpid()) + "-" + std::to_string(random());
    fd_ = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd_ >= 0) temporaryPath_ = temporary;
    else if (errno != EEXIST) break;
  }
  if (fd_ < 0)
    return skein::makeError(skein::ErrorCode::Io, "cannot create " + path + ": " + std::strerror(errno));
  ownsFd_ = true;
  target_ = target;
  if (exists) ::fchmod(fd_, st.st_mode & 07777);  // the replacement keeps the old file's permissions
  return {};
}

skein::Status BinaryOutput::write(const void* data, std::size_t size) {
  const auto* p = static_cast<const char*>(data);
  while (size > 0) {
    const ssize_t n = ::write(fd_, p, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      return skein::makeError(skein::ErrorCode::Io, "cannot write to " + name_ + ": " + std::strerror(errno));
    }
    p += n;
    size -= static_cast<std::size_t>(n);
  }
  return {};
}

skein::Status BinaryOutput::close() {
  if (!ownsFd_ || fd_ < 0) return {};
  auto fail = [this](const char* what) {
    return skein::makeError(skein::ErrorCode::Io, std::string(what) + " " + name_ + ": " + std::strerror(errno));
  };
  if (!temporaryPath_.empty() && ::fsync(fd_) != 0) return fail("cannot write");
  const int rc = ::close(fd_);
  fd_ = -1;
  if (rc != 0) return fail("cannot close");
  if (temporaryPath_.empty()) return {};
  if (::rename(temporaryPath_.c_str(), target_.c_str()) != 0) return fail("cannot replace");
  temporaryPath_.clear();
  // The rename itself reaches the disk with its folder.
  if (const int dir = ::open(parentFolder(target_).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
  return {};
}

int reportError(const std::string& message, int exitCode) {
  std::string line = "skeinctl: " + message;
  for (char& c : line)
    if (c == '\n' || c == '\r') c = ' ';
  std::fprintf(stderr, "%s\n", line.c_str());
  return exitCode;
}

int reportError(const skein::Error& error) { return reportError(error.message, kExitFailure); }

void printText(const std::string& text) {
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fflush(stdout);
}

}  // namespace skeinctl
