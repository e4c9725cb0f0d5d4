#include "tests/support/TestCertificate.h"

#include <QDir>
#include <QProcess>

#include "tests/support/TestEnv.h"

namespace skein::test {

bool makeTestCertificate(const QString& dir, TestCertificate* out, QString* error) {
  const QString openssl = findProgram(QStringLiteral("openssl"));
  if (openssl.isEmpty()) {
    *error = QStringLiteral("openssl is not installed (Debian package openssl)");
    return false;
  }
  TestCertificate cert{QDir(dir).filePath("cert.pem"), QDir(dir).filePath("key.pem")};
  QProcess gen;
  gen.setProcessChannelMode(QProcess::MergedChannels);
  // The IP subjectAltName is what TLS clients check when they connect to https://127.0.0.1.
  gen.start(openssl, {"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                      "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", cert.keyFile, "-out", cert.certFile});
  if (!gen.waitForFinished(60000) || gen.exitStatus() != QProcess::NormalExit || gen.exitCode() != 0) {
    *error = QStringLiteral("openssl could not make a test certificate: %1").arg(QString::fromLocal8Bit(gen.readAll()));
    return false;
  }
  *out = cert;
  return true;
}

}  // namespace skein::test
