// skeinctl: the headless command-line interface. Dispatches to one command group per file.
#include <cstring>
#include <string>

#include <QCoreApplication>

#include "app/skeinctl/CliArgs.h"
#include "app/skeinctl/CliOutput.h"
#include "app/skeinctl/Commands.h"

namespace {

std::string usage() {
  std::string text =
      "usage: skeinctl <command> <subcommand> [options]\n"
      "\n"
      "Headless tools for Skein: inspect and read chunked arrays and datasets, create sample data.\n"
      "\n"
      "commands:\n";
  for (const auto& g : skeinctl::commandGroups()) text += "  " + std::string(g.name) + "\t" + g.summary + "\n";
  text +=
      "\n"
      "Run 'skeinctl <command> --help' for the subcommands of a command.\n"
      "Exit status: 0 success, 1 failure, 2 usage error. Errors are printed on stderr.\n"
      "HTTPS certificates are always verified; SSL_CERT_FILE (a PEM bundle) or SSL_CERT_DIR, when set,\n"
      "replace the system's certificate authorities.\n";
  return text;
}

}  // namespace

int main(int argc, char** argv) {
  QCoreApplication app(argc, argv);  // Qt Network (HTTP stores) needs an application object
  QCoreApplication::setApplicationName("skeinctl");
  if (argc < 2) {
    std::fputs(usage().c_str(), stderr);
    return skeinctl::kExitUsage;
  }
  const std::string command = argv[1];
  if (command == "--help" || command == "-h" || command == "help") {
    skeinctl::printText(usage());
    return skeinctl::kExitOk;
  }
  skeinctl::Args rest(argv + 2, argv + argc);
  for (const auto& g : skeinctl::commandGroups())
    if (command == g.name) return g.run(rest);
  return skeinctl::reportError("unknown command '" + command + "' (run 'skeinctl --help')", skeinctl::kExitUsage);
}
