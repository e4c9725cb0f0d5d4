#pragma once
// Runs the built skeinctl binary for integration tests and captures its output.

#include <QByteArray>
#include <QProcess>
#include <QStringList>
#include <QTest>

#include "tests/support/TestEnv.h"

namespace skein::test {

struct CliResult {
  int exitCode = -1;
  QByteArray out;
  QByteArray err;
  bool finished = false;
};

inline CliResult runProgram(const QString& program, const QStringList& args, int timeoutMs = 120000) {
  QProcess p;
  p.start(program, args);
  CliResult r;
  if (!p.waitForStarted(10000)) return r;
  r.finished = p.waitForFinished(timeoutMs);
  r.out = p.readAllStandardOutput();
  r.err = p.readAllStandardError();
  r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
  return r;
}

inline CliResult runSkeinctl(const QStringList& args, int timeoutMs = 120000) {
  return runProgram(skeinctlPath(), args, timeoutMs);
}

// A failure must print exactly one line, "skeinctl: …", on stderr.
inline bool isOneErrorLine(const QByteArray& err) {
  return err.startsWith("skeinctl: ") && err.count('\n') == 1 && err.endsWith('\n') && err.size() > 12;
}

}  // namespace skein::test
