#pragma once
// Small helpers for tests that lay out files: reproducible incompressible bytes, and writing a file
// with its folders.

#include <QByteArray>
#include <QString>

namespace skein::test {

// `n` pseudo-random bytes (xorshift32), the same for the same seed.
QByteArray noiseBytes(int n, quint32 seed);

// Writes `bytes` to `path`, creating its folders; false when that fails.
bool writeTestFile(const QString& path, const QByteArray& bytes);

}  // namespace skein::test
