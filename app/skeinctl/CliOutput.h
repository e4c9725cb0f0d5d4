#pragma once
// Where skeinctl writes: binary output to a file or stdout with large unbuffered write() calls,
// and the one-sentence error messages on stderr. A regular output file is written under a
// temporary name beside it and renamed into place only when complete, so a failed command never
// leaves a truncated file or destroys the one that was there.

#include <cstddef>
#include <string>

#include "core/base/AtomicFileWriter.h"
#include "core/base/Result.h"

namespace skeinctl {

class BinaryOutput {
 public:
  BinaryOutput() = default;
  ~BinaryOutput();
  BinaryOutput(const BinaryOutput&) = delete;
  BinaryOutput& operator=(const BinaryOutput&) = delete;

  // path "" or "-" = stdout; an existing non-regular file (a device such as /dev/null, a pipe) is
  // written directly; otherwise a temporary file beside `path` is created.
  skein::Status open(const std::string& path);
  skein::Status write(const void* data, std::size_t size);
  // Flushes to disk and renames the temporary file over `path`. Without it (an error, an early
  // return) the destructor removes the temporary file and `path` is left as it was.
  skein::Status close();

 private:
  int fd_ = -1;          // stdout or a device; -1 while writing a regular file through `file_`
  bool ownsFd_ = false;
  bool toFile_ = false;
  std::string name_;
  skein::AtomicFileWriter file_;
};

// Prints "skeinctl: <message>" on stderr (one line) and returns `exitCode`.
int reportError(const std::string& message, int exitCode);
// Core errors are failures (exit 1); InvalidArgument errors from argument checks are usage (2).
int reportError(const skein::Error& error);

// Writes text to stdout.
void printText(const std::string& text);

}  // namespace skeinctl
