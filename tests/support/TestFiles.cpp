#include "tests/support/TestFiles.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace skein::test {

QByteArray noiseBytes(int n, quint32 seed) {
  QByteArray b(n, Qt::Uninitialized);
  quint32 x = 2463534242u + seed;
  for (int i = 0; i < n; ++i) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    b[i] = char(x & 0xff);
  }
  return b;
}

bool writeTestFile(const QString& path, const QByteArray& bytes) {
  if (!QDir().mkpath(QFileInfo(path).absolutePath())) return false;
  QFile f(path);
  return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size() && f.flush();
}

}  // namespace skein::test
