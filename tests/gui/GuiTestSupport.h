#pragma once
// Shared by the GUI tests (header only; tests/gui/tst_*.cpp are the test programs).

#include <QApplication>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

#include "core/sample/SampleDataset.h"
#include "core/store/FileStore.h"
#include "render/GlSupport.h"

namespace skein::test {

// Writes a sample dataset of size³ voxels into `dir`; returns an error message or "".
inline QString createSampleDataset(const QString& dir, std::int64_t size, std::uint64_t seed) {
  sample::SampleDatasetOptions options;
  options.size = {size, size, size};
  options.seed = seed;
  auto store = std::make_shared<FileStore>(dir, FileStore::Mode::ReadWrite);
  const Status s = sample::createSampleDataset(store, options);
  return s.ok() ? QString() : QString::fromStdString(s.error().message);
}

// What the viewer tests need first: OpenGL, and a sample dataset of size³ voxels in `dir` (its
// path goes to `*sample`). Returns an error message or "".
inline QString prepareGlAndSample(const QTemporaryDir& dir, std::int64_t size, std::uint64_t seed, QString* sample) {
  const auto probe = render::probeOpenGl();
  if (!probe.ok) return probe.problem;
  if (!dir.isValid()) return QStringLiteral("cannot create a temporary folder");
  *sample = dir.filePath(QStringLiteral("sample"));
  return createSampleDataset(*sample, size, seed);
}

// main() of a GUI test: GL format before the application, and (with `isolatedSettings`) settings
// such as shortcuts and recent datasets in a throw-away folder, never the user's.
template <typename TestObject>
int runGuiTest(int argc, char** argv, const char* name, bool isolatedSettings) {
  render::prepareOpenGlBeforeApplication();
  QApplication app(argc, argv);
  QTemporaryDir settingsDir;
  if (isolatedSettings) {
    QStandardPaths::setTestModeEnabled(true);
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settingsDir.path());
    QApplication::setOrganizationName(QStringLiteral("SkeinTest"));
    QApplication::setApplicationName(QString::fromLatin1(name));
  }
  TestObject t;
  return QTest::qExec(&t, argc, argv);
}

}  // namespace skein::test
