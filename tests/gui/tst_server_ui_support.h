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
#include "ui/ServerConnection.h"

namespace skein::test::serverui {

inline const std::string kTokenA = "token-user-a-0123456789abcdef";
inline const std::string kTokenB = "token-user-b-0123456789abcdef";
inline const std::string kPublicDataset = "59e9cfbdba632ac2ab8b23b5";   // l4_sample
inline const std::string kPrivateDataset = "69a0c7fbd10000c2de2cc07d";  // private_sample, team_X1 only
inline const std::string kTeamX1 = "570b9f4b2a7c0e3b008da6ec";
inline const std::string kTeamX3 = "59882b370d889b84020efd3f";

inline client::WkClientOptions fastClientOptions() {
  client::WkClientOptions o;
  o.http.timeoutMs = 5000;
  o.http.maxRetries = 2;
  o.http.initialBackoffMs = 20;
  o.http.maxBackoffMs = 100;
  return o;
}

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

template <typename T>
T must(Result<T> r, const char* what) {
  if (!r.ok()) qFatal("%s failed: %s", what, r.error().message.c_str());
  return std::move(r).value();
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
