#pragma once
// Starts a test server (tests/servers/*) as a child process: it binds 127.0.0.1 on a free port,
// prints "PORT <n>" and stops by itself when its stdin closes (which happens when this object is
// destroyed, or when the test process dies) or after its own timeout.

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QProcess>
#include <QString>
#include <QStringList>

#include "tests/support/TestEnv.h"

namespace skein::test {

class ServerProcess {
 public:
  ServerProcess() = default;
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;
  ~ServerProcess() { stop(); }

  // Returns false (and fills error()) when the program does not start or prints no port in time.
  bool start(const QString& program, const QStringList& args, int timeoutMs = 20000) {
    process_.setProgram(program);
    process_.setArguments(args);
    process_.setProcessChannelMode(QProcess::SeparateChannels);
    process_.start();
    if (!process_.waitForStarted(timeoutMs)) {
      error_ = "cannot start " + program + ": " + process_.errorString();
      return false;
    }
    QDeadlineTimer deadline(timeoutMs);
    QByteArray out;
    while (!deadline.hasExpired()) {
      if (!process_.canReadLine() && !process_.waitForReadyRead(100)) {
        if (process_.state() == QProcess::NotRunning) break;
        continue;
      }
      while (process_.canReadLine()) {
        const QByteArray line = process_.readLine().trimmed();
        if (line.startsWith("PORT ")) {
          port_ = line.mid(5).toInt();
          return port_ > 0;
        }
        out += line + '\n';
      }
    }
    error_ = program + " printed no port: " + QString::fromLocal8Bit(out + process_.readAllStandardError());
    return false;
  }

  // The replay server (Python) for the given cassettes.
  bool startReplay(const QStringList& cassettes, const QStringList& extraArgs = {}) {
    QStringList args{sourceDir() + "/tests/servers/replay/replay_server.py"};
    args << extraArgs << cassettes;
    return start(QStringLiteral("/usr/bin/python3"), args);
  }

  // The webKnossos-compatible test server (C++), built into the build tree.
  bool startWkServer(const QStringList& extraArgs = {}) { return start(wkServerPath(), extraArgs); }

  static QString wkServerPath() { return binaryDir() + "/tests/servers/wkserver/skein-wkserver"; }

  void stop() {
    if (process_.state() == QProcess::NotRunning) return;
    process_.closeWriteChannel();
    if (!process_.waitForFinished(5000)) {
      process_.kill();
      process_.waitForFinished(2000);
    }
  }

  int port() const { return port_; }
  QString url() const { return QStringLiteral("http://127.0.0.1:%1").arg(port_); }
  QString error() const { return error_; }
  QByteArray readStderr() { return process_.readAllStandardError(); }

 private:
  QProcess process_;
  int port_ = 0;
  QString error_;
};

}  // namespace skein::test
