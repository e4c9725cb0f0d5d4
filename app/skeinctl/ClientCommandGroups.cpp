// Adapters from skeinctl's command-group signature to the server client commands (ClientCli.h).
#include <QStringList>

#include "app/skeinctl/ClientCli.h"
#include "app/skeinctl/Commands.h"

namespace skeinctl {

namespace {
QStringList toQt(const Args& args) {
  QStringList out;
  out.reserve(static_cast<qsizetype>(args.size()));
  for (const auto& a : args) out << QString::fromStdString(a);
  return out;
}
}  // namespace

int runServerGroup(const Args& args) { return skein::cli::runServerCommand(toQt(args)); }
int runDatasetsGroup(const Args& args) { return skein::cli::runDatasetsCommand(toQt(args)); }
int runServerDatasetCommand(const Args& args) { return skein::cli::runDatasetCommand(toQt(args)); }
int runAnnotationsGroup(const Args& args) { return skein::cli::runAnnotationsCommand(toQt(args)); }
int runAnnotationGroup(const Args& args) { return skein::cli::runAnnotationCommand(toQt(args)); }
int runZarrLinksGroup(const Args& args) { return skein::cli::runZarrLinksCommand(toQt(args)); }
int runLinkGroup(const Args& args) { return skein::cli::runLinkCommand(toQt(args)); }

}  // namespace skeinctl
