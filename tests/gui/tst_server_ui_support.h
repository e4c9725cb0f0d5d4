#pragma once
// Shared by the tst_server_ui_* GUI tests: the real webKnossos-compatible test server
// (tests/servers/wkserver, started on 127.0.0.1 by ServerProcess), its seed ids and tokens, fast
// client options, and a main() that insists on a real display (these tests must fail, never
// skip, without one).

#include <QApplication>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <string>

#include "core/client/WkClient.h"
#include "tests/servers/ServerProcess.h"
#include "tests/servers/WkServerSeed.h"
#include "ui/ServerConnection.h"

namespace skein::test::serverui {

using namespace skein::test::wkseed;  // the seed's tokens and ids, fastClientOptions(), must()

// No keychain in the test (it would block on a missing D-Bus session): tokens go to the private file.
inline ui::ServerConnectionOptions connectionOptions(const QString& configDir) {
  ui::ServerConnectionOptions o;
  o.configDir = configDir;
  o.useKeychain = false;
  o.fallback = client::TokenFallback::File;
  o.clientOptions = fastClientOptions();
  return o;
}

inline bool startWkServer(ServerProcess& server, QString& error) {
  if (!QFile::exists(ServerProcess::wkServerPath())) {
    error = "missing " + ServerProcess::wkServerPath() + " (build the skein-wkserver target)";
    return false;
  }
  if (!server.startWkServer()) {
    error = server.error();
    return false;
  }
  return true;
}

// A new explorational annotation of user `client` on `dataset`.
inline client::AnnotationInfo newAnnotation(client::WkClient& c, const std::string& dataset) {
  return must(client::awaitResult<client::AnnotationInfo>([&](auto cb) {
                c.createExplorational(dataset, {client::AnnotationLayerSpec{}}, cb);
              }),
              "createExplorational");
}

// Widgets and a real window system: the offscreen and minimal platforms do not count.
inline int runGuiTest(QObject* test, int argc, char** argv) {
  QApplication app(argc, argv);
  const QString platform = QGuiApplication::platformName();
  if (platform == "offscreen" || platform == "minimal") {
    qCritical("these GUI tests need a real display (xvfb-run); the Qt platform is \"%s\"", qPrintable(platform));
    return 1;
  }
  return QTest::qExec(test, argc, argv);
}

}  // namespace skein::test::serverui
