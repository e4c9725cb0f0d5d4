#pragma once
// Helpers shared by the dataset tests: opening fixture datasets and the closed-form values of the
// webknossos-libs simple_* fixtures.

#include <QTest>

#include "core/dataset/OpenDataset.h"
#include "core/store/StoreOpener.h"
#include "tests/support/TestEnv.h"

namespace skein::test {

inline std::string fixturePath(const QString& relative) { return fixture(relative).toStdString(); }

// Opens a fixture dataset; fails the test (returns an empty dataset) on error.
inline Dataset openFixtureDataset(StoreOpener& opener, const QString& relative) {
  auto r = openDataset(opener, fixturePath(relative));
  if (!r.ok()) {
    QTest::qFail(("opening " + relative.toStdString() + ": " + r.error().message).c_str(), __FILE__, __LINE__);
    return {};
  }
  return std::move(r).value();
}

// value(c, x, y, z) of the simple_* fixtures (every channel the same).
inline std::uint8_t simpleValue(std::int64_t x, std::int64_t y, std::int64_t z) {
  return static_cast<std::uint8_t>((576 * x + 24 * y + z) & 255);
}

}  // namespace skein::test
