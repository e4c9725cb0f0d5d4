#pragma once
// Shared helpers of skeinctl commands: opening arrays from a location, thread counts.

#include <string>

#include "core/format/ChunkedArray.h"
#include "core/store/StoreOpener.h"

namespace skeinctl {

// Opens the single array at `location` (a path or URL of the array folder, or of its metadata
// file); a missing local path is a clear NotFound error.
skein::Result<skein::ArrayPtr> openArrayAt(skein::StoreOpener& opener, const std::string& location);

// Worker threads for reading and writing: one per hardware thread.
int defaultThreads();

// The usage line plus description of one subcommand, for --help and usage errors.
struct HelpText {
  const char* usage;
  const char* description;
};
int printHelp(const HelpText& help);
int usageError(const HelpText& help, const std::string& message);

}  // namespace skeinctl
