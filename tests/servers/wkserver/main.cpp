// skein-wkserver [--port N] [--timeout SECONDS] [--api-version N] [--oldest-api-version N]
//                [--db FILE] [--store-token-ttl SECONDS] [--fault JSON]... [--data-dir DIR]
//                [--upload-dir DIR]
// See WkServer.h. Binds 127.0.0.1, prints "PORT <n>", exits when stdin closes or on timeout.
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QHostAddress>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>
#include <thread>
#include <unistd.h>

#include "tests/servers/wkserver/WkServer.h"

int main(int argc, char** argv) {
  QCoreApplication app(argc, argv);
  QCommandLineParser parser;
  parser.setApplicationDescription("webKnossos-compatible test server for Skein's client tests");
  parser.addHelpOption();
  const QCommandLineOption port("port", "Port (0: a free one).", "N", "0");
  const QCommandLineOption timeout("timeout", "Exit after this many seconds.", "SECONDS", "300");
  const QCommandLineOption api("api-version", "Current HTTP API version.", "N", "12");
  const QCommandLineOption oldest("oldest-api-version", "Oldest supported HTTP API version.", "N", "5");
  const QCommandLineOption db("db", "SQLite database file (default: in memory).", "FILE", ":memory:");
  const QCommandLineOption ttl("store-token-ttl", "Lifetime of store tokens.", "SECONDS", "3600");
  const QCommandLineOption fault("fault", "A fault rule as JSON (repeatable).", "JSON");
  const QCommandLineOption dataDir("data-dir", "Serve this sample (skeinctl sample create DIR --format zarr) as "
                                   "datasets sample_public and sample_private.", "DIR");
  const QCommandLineOption uploadDir("upload-dir", "Where uploaded datasets go (default: a temporary directory).", "DIR");
  parser.addOptions({port, timeout, api, oldest, db, ttl, fault, dataDir, uploadDir});
  parser.process(app);

  wk::Options options;
  options.currentApiVersion = parser.value(api).toInt();
  options.oldestApiVersion = parser.value(oldest).toInt();
  options.dbPath = parser.value(db);
  options.storeTokenTtlSeconds = parser.value(ttl).toInt();
  QTemporaryDir temporaryUploads;
  options.uploadDir = parser.isSet(uploadDir) ? parser.value(uploadDir) : temporaryUploads.path();
  wk::WkServer server(options);
  if (!server.store().ok()) return 1;
  for (const QString& text : parser.values(fault)) {
    std::string error;
    const auto rule = wk::parseFaultRule(nlohmann::json::parse(text.toStdString(), nullptr, false), error);
    if (!rule) {
      std::fprintf(stderr, "skein-wkserver: --fault: %s\n", error.c_str());
      return 2;
    }
    server.addFault(*rule);
  }
  const quint16 bound = server.listen(QHostAddress::LocalHost, static_cast<quint16>(parser.value(port).toUInt()));
  if (bound == 0) {
    std::fprintf(stderr, "skein-wkserver: cannot listen on 127.0.0.1\n");
    return 1;
  }
  wk::seed(server.store(), server.baseUrl());
  if (parser.isSet(dataDir)) {
    std::string error;
    if (!wk::seedSampleDatasets(server.store(), parser.value(dataDir), error)) {
      std::fprintf(stderr, "skein-wkserver: --data-dir: %s\n", error.c_str());
      return 2;
    }
  }

  // Stop when the test that started us closes our stdin (or dies), or after the timeout.
  std::thread([] {
    char buffer[256];
    while (::read(STDIN_FILENO, buffer, sizeof buffer) > 0) {
    }
    QMetaObject::invokeMethod(qApp, &QCoreApplication::quit, Qt::QueuedConnection);
  }).detach();
  QTimer::singleShot(parser.value(timeout).toInt() * 1000, &app, &QCoreApplication::quit);

  std::printf("PORT %u\n", static_cast<unsigned>(bound));
  std::fflush(stdout);
  return app.exec();
}
