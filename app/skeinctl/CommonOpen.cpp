#include "app/skeinctl/CommonOpen.h"

#include <thread>

#include <QFileInfo>
#include <QString>

#include "app/skeinctl/CliArgs.h"
#include "app/skeinctl/CliOutput.h"
#include "core/format/OpenArray.h"

namespace skeinctl {

skein::Result<skein::ArrayPtr> openArrayAt(skein::StoreOpener& opener, const std::string& location) {
  std::string loc = location;
  for (const char* file : {"/zarr.json", "/.zarray", "/attributes.json", "/header.wkw"}) {
    const std::string suffix = file;
    if (loc.size() > suffix.size() && loc.compare(loc.size() - suffix.size(), suffix.size(), suffix) == 0) {
      loc.erase(loc.size() - suffix.size());
      break;
    }
  }
  SKEIN_ASSIGN_OR_RETURN(skein::ParsedLocation parsed, skein::parseLocation(loc));
  if (parsed.kind != skein::ParsedLocation::Kind::Http && !QFileInfo::exists(QString::fromStdString(parsed.path)))
    return skein::makeError(skein::ErrorCode::NotFound, parsed.path + " does not exist");
  SKEIN_ASSIGN_OR_RETURN(skein::StorePtr store, opener.open(loc));
  return skein::openArray(store, "");
}

int defaultThreads() { return std::max(1, static_cast<int>(std::thread::hardware_concurrency())); }

int printHelp(const HelpText& help) {
  printText(std::string("usage: ") + help.usage + "\n\n" + help.description);
  return kExitOk;
}

int usageError(const HelpText& help, const std::string& message) {
  return reportError(message + " (usage: " + help.usage + ")", kExitUsage);
}

}  // namespace skeinctl
