#pragma once
// skeinctl command groups that talk to a webKnossos-compatible server (docs/cli-server.md).
// Each takes the arguments after the group word (`skeinctl dataset show ID` → {"show", "ID"}),
// needs a QCoreApplication, prints to stdout/stderr and returns the exit code:
//   0 ok, 1 other error, 2 usage, 3 authentication, 4 not found, 5 server or network error.

#include <QStringList>

namespace skein::cli {

int runServerCommand(const QStringList& args);       // server login|logout|whoami
int runDatasetsCommand(const QStringList& args);     // datasets list
int runDatasetCommand(const QStringList& args);      // dataset show|set|sharing-token
int runAnnotationsCommand(const QStringList& args);  // annotations list
int runAnnotationCommand(const QStringList& args);   // annotation show|set|duplicate|download|upload
int runZarrLinksCommand(const QStringList& args);    // zarr-links list|create|set-expiry|revoke
int runLinkCommand(const QStringList& args);         // link parse URL

}  // namespace skein::cli
