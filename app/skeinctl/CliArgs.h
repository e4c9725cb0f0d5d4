#pragma once
// A small command-line parser for skeinctl subcommands: positionals, "--name value",
// "--name=value", short aliases ("-o") and flags; "--help"/"-h" anywhere asks for help.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/base/Vec3.h"

namespace skeinctl {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;

struct OptionSpec {
  std::string name;        // "--layer"
  std::string shortName;   // "-o" or ""
  bool takesValue = true;  // false: a flag
};

struct ParsedArgs {
  std::vector<std::string> positionals;
  std::map<std::string, std::string> values;  // by long name
  std::vector<std::string> flags;             // long names of flags given
  bool help = false;

  bool has(const std::string& name) const;
  std::optional<std::string> value(const std::string& name) const;
};

// Returns false with `error` set (one sentence) on unknown options or missing values.
bool parseArgs(const std::vector<std::string>& args, const std::vector<OptionSpec>& specs, ParsedArgs& out,
               std::string& error);

// "x,y,z,w,h,d" with non-negative sizes; "2", "2-2-1", "2,2,1" for mags; decimal integers.
std::optional<skein::Box3i> parseBox(const std::string& text);
std::optional<std::int64_t> parseInteger(const std::string& text);
std::optional<std::uint64_t> parseUnsigned(const std::string& text);

}  // namespace skeinctl
