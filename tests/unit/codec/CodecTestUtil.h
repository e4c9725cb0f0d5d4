#pragma once
// Helpers shared by the codec tests (header-only: each tst_*.cpp is its own executable).

#include <QByteArray>
#include <QFile>
#include <QString>

#include <cstdint>
#include <random>

#include <nlohmann/json.hpp>

#include "core/base/Bytes.h"
#include "tests/support/TestEnv.h"

namespace skein::test {

// Reads a fixture file in place; an empty array when it cannot be read (tests QVERIFY on that).
inline QByteArray readFixture(const QString& relative) {
  QFile f(fixture(relative));
  if (!f.open(QIODevice::ReadOnly)) return {};
  return f.readAll();
}

inline nlohmann::json readFixtureJson(const QString& relative) {
  const QByteArray bytes = readFixture(relative);
  return nlohmann::json::parse(bytes.constData(), bytes.constData() + bytes.size(), nullptr, false);
}

// Compressible but not trivial data: a slow ramp with deterministic noise in every 16th byte.
inline QByteArray patternedBytes(qsizetype size, std::uint32_t seed = 1) {
  QByteArray out(size, Qt::Uninitialized);
  std::mt19937 rng(seed);
  for (qsizetype i = 0; i < size; ++i) out[i] = char((i / 97) ^ (i % 16 == 0 ? rng() : 0));
  return out;
}

inline QByteArray randomBytes(qsizetype size, std::uint32_t seed = 7) {
  QByteArray out(size, Qt::Uninitialized);
  std::mt19937 rng(seed);
  for (qsizetype i = 0; i < size; ++i) out[i] = char(rng());
  return out;
}

inline ByteView bytesOf(const char* s, std::size_t n) { return {reinterpret_cast<const std::uint8_t*>(s), n}; }

}  // namespace skein::test
