#include "app/skeinctl/CliOutput.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fcntl.h>
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
  fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd_ < 0)
    return skein::makeError(skein::ErrorCode::Io, "cannot create " + path + ": " + std::strerror(errno));
  ownsFd_ = true;
  name_ = path;
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
