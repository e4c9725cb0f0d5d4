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
int runNmlCommand(const Args& args);      // nml stats | convert | merge | validate
// Server client groups (ClientCommandGroups.cpp forwards to skein::cli in ClientCli.h).
int runServerGroup(const Args& args);            // server login | logout | whoami
int runDatasetsGroup(const Args& args);          // datasets list
int runServerDatasetCommand(const Args& args);   // dataset show | set | sharing-token
int runAnnotationsGroup(const Args& args);       // annotations list
int runAnnotationGroup(const Args& args);        // annotation show | set | duplicate | download | upload
int runZarrLinksGroup(const Args& args);         // zarr-links list | create | set-expiry | revoke
int runLinkGroup(const Args& args);              // link parse

struct CommandGroup {
  const char* name;
  const char* summary;
  int (*run)(const Args&);
};

// All groups, in the order `skeinctl --help` lists them.
const std::vector<CommandGroup>& commandGroups();

}  // namespace skeinctl
