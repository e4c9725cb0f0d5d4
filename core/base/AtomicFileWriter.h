#pragma once
// Crash-safe replacement of a file written in pieces: the content goes to a temporary file beside
// the target, is fsynced, renamed over the target and the folder fsynced. Readers see the old or the
// new file, never a mix; a writer that fails or is destroyed before commit() leaves the target as
// it was and removes its temporary file.

#include <cstddef>
#include <string>

#include "core/base/Result.h"

namespace skein {

class AtomicFileWriter {
 public:
  AtomicFileWriter() = default;
  ~AtomicFileWriter();  // discards the temporary file unless commit() succeeded
  AtomicFileWriter(const AtomicFileWriter&) = delete;
  AtomicFileWriter& operator=(const AtomicFileWriter&) = delete;

  // Starts the replacement of `path`. Through a symbolic link, the file it points to is replaced
  // (the link stays); an existing file's permissions are kept, a new one gets 0666 less the umask.
  Status open(const std::string& path);
  Status write(const void* data, std::size_t size);
  Status commit();

 private:
  int fd_ = -1;
  std::string target_;     // `path` with links resolved
  std::string temporary_;  // set while a temporary file exists
};

}  // namespace skein
