#pragma once
// Where skeinctl writes: binary output to a file or stdout with large unbuffered write() calls,
// and the one-sentence error messages on stderr.

#include <cstddef>
#include <string>

#include "core/base/Result.h"

namespace skeinctl {

class BinaryOutput {
 public:
  BinaryOutput() = default;
  ~BinaryOutput();
  BinaryOutput(const BinaryOutput&) = delete;
  BinaryOutput& operator=(const BinaryOutput&) = delete;

  // path "" or "-" = stdout; otherwise the file is created or truncated.
  skein::Status open(const std::string& path);
  skein::Status write(const void* data, std::size_t size);
  skein::Status close();

 private:
  int fd_ = -1;
  bool ownsFd_ = false;
  std::string name_;
};

// Prints "skeinctl: <message>" on stderr (one line) and returns `exitCode`.
int reportError(const std::string& message, int exitCode);
// Core errors are failures (exit 1); InvalidArgument errors from argument checks are usage (2).
int reportError(const skein::Error& error);

// Writes text to stdout.
void printText(const std::string& text);

}  // namespace skeinctl
