#include "tests/support/TestEnv.h"

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

namespace skein::test {

static QString envOr(const char* name, const char* fallback) {
  const QByteArray v = qgetenv(name);
  return QDir(QString::fromLocal8Bit(v.isEmpty() ? QByteArray(fallback) : v)).absolutePath();
}

QString sharedDir() { return envOr("SKEIN_SHARED_DIR", SKEIN_DEFAULT_SHARED_DIR); }
QString fixture(const QString& relative) { return sharedDir() + "/fixtures/" + relative; }
QString binaryDir() { return envOr("SKEIN_BINARY_DIR", SKEIN_DEFAULT_BINARY_DIR); }
QString sourceDir() { return envOr("SKEIN_SOURCE_DIR", SKEIN_DEFAULT_SOURCE_DIR); }
QString skeinctlPath() { return binaryDir() + "/app/skeinctl/skeinctl"; }
bool inCi() { return qgetenv("CI") == "true" || qgetenv("CI") == "1"; }

QString findProgram(const QString& name) {
  QString p = QStandardPaths::findExecutable(name);
  if (p.isEmpty()) p = QStandardPaths::findExecutable(name, {"/usr/sbin", "/usr/bin", "/sbin"});
  return p;
}

}  // namespace skein::test
