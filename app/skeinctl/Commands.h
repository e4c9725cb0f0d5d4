#pragma once
// skeinctl command groups. Each takes the arguments after its group name ("info URL …") and
// returns the process exit code (0 ok, 1 failure, 2 usage).

#include <string>
#include <vector>

namespace skeinctl {

using Args = std::vector<std::string>;

int runArrayCommand(const Args& args);    // array info | cat
int runDatasetCommand(const Args& args);  // dataset info | read
int runSampleCommand(const Args& args);   // sample create

struct CommandGroup {
  const char* name;
  const char* summary;
  int (*run)(const Args&);
};

// All groups, in the order `skeinctl --help` lists them.
const std::vector<CommandGroup>& commandGroups();

}  // namespace skeinctl
