#include "app/skeinctl/CliOutput.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/skeinctl/CliArgs.h"

namespace skeinctl {

BinaryOutput::~BinaryOutput() {
  if (ownsFd_ && fd_ >= 0) ::close(fd_);
}

skein::Status BinaryOutput::open(const std::string& path) {
  if (path.empty() || path == "-") {
    fd_ = STDOUT_FILENO;
    ownsFd_ = false;
    name_ = "standard output";
    return {};
  }
  name_ = path;
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {  // stat follows links
    if (S_ISDIR(st.st_mode)) return skein::makeError(skein::ErrorCode::Io, "cannot write to " + path + ": it is a folder");
    fd_ = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd_ < 0) return skein::makeError(skein::ErrorCode::Io, "cannot open " + path + ": " + std::strerror(errno));
    ownsFd_ = true;
    return {};
  }
  toFile_ = true;
  return file_.open(path);
}

skein::Status BinaryOutput::write(const void* data, std::size_t size) {
  if (toFile_) return file_.write(data, size);
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
  if (toFile_) return file_.commit();
  if (ownsFd_ && fd_ >= 0) {
    const int rc = ::close(fd_);
    fd_ = -1;
    if (rc != 0) return skein::makeError(skein::ErrorCode::Io, "cannot close " + name_ + ": " + std::strerror(errno));
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
