// The docks and dialogs of the main window in a real window (xvfb in CI; without a display this
// test fails): layer controls change the rendered pixels, the histogram shows the loaded data, the
// statistics and the status bar report loading, failures and a stalled budget, the dataset info
// lists the dataset, and shortcuts, preferences and recent datasets persist in QSettings.
#include <QtTest>

#include "tests/gui/GuiTestSupport.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QGroupBox>
#include <QKeySequenceEdit>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QSlider>
#include <QSpinBox>
#include <QTableWidget>

#include <QDirIterator>

#include <numeric>

#include "core/dataset/ReadBox.h"
#include "core/sample/SampleDataset.h"
#include "core/store/FileStore.h"
#include "render/GlSupport.h"
#include "ui/ActionRegistry.h"
#include "ui/DatasetInfoPanel.h"
#include "ui/HistogramWidget.h"
#include "ui/LayerControls.h"
#include "ui/LayersPanel.h"
#include "ui/MainWindow.h"
#include "ui/PositionText.h"
#include "ui/PreferencesDialog.h"
#include "ui/ShortcutsDialog.h"
#include "ui/SliceViewport.h"
#include "ui/StatisticsPanel.h"
#include "ui/ViewerSession.h"
#include "ui/ViewerSettings.h"
#include "ui/ViewerStatusBar.h"

using namespace skein;

namespace {

bool settle(ui::ViewerSession& session, ui::SliceViewport* v, std::int64_t framesBefore) {
  return QTest::qWaitFor(
      [&] {
        const StreamStats s = session.engine().stats();
        if (v->frameInfo().frames > framesBefore && v->frameInfo().complete && session.engine().readyCount() == 0 &&
            s.queued + s.loading == 0)
          return true;
        v->requestFrame();
        return false;
      },
      20000);
}

// Grey values of a 16×16 block of pixels around the viewport centre.
std::vector<int> centreGreys(const QImage& image) {
  std::vector<int> out;
  for (int j = image.height() / 2 - 8; j < image.height() / 2 + 8; ++j)
    for (int i = image.width() / 2 - 8; i < image.width() / 2 + 8; ++i) out.push_back(qRed(image.pixel(i, j)));
  return out;
}

// Every value of `after` is f(before) within ±1 (the GPU rounds).
template <typename F>
bool mapsTo(const std::vector<int>& before, const std::vector<int>& after, F f, QString* why) {
  for (std::size_t k = 0; k < before.size(); ++k) {
    const int want = static_cast<int>(std::lround(std::clamp(f(before[k]), 0.0, 255.0)));
    if (std::abs(after[k] - want) > 1) {
      *why = QStringLiteral("pixel %1: %2 became %3, expected %4").arg(k).arg(before[k]).arg(after[k]).arg(want);
      return false;
    }
  }
  return true;
}

std::uint64_t storedValue(ui::ViewerSession& session, const std::string& layerName, const Vec3i& voxel) {
  const Layer* layer = session.dataset()->findLayer(layerName);
  QByteArray out;
  if (!layer || !readBox(*layer, layer->mags.front(), {voxel, {1, 1, 1}}, out).ok() || out.isEmpty()) return ~0ull;
  std::uint64_t v = 0;
  std::memcpy(&v, out.constData(), std::min<std::size_t>(sizeof v, static_cast<std::size_t>(out.size())));
  return v;
}

}  // namespace

class TestPanels : public QObject {
  Q_OBJECT
 private:
  QTemporaryDir dir_;
  QString sample_;
  std::unique_ptr<ui::ViewerSession> session_;
  std::unique_ptr<ui::MainWindow> window_;

  ui::SliceViewport* xy() const { return window_->sliceViewports()[0]; }
  template <typename T>
  T* control(const char* name) const {
    return window_->layersPanel()->findChild<T*>(QLatin1String(name));
  }
  QImage redraw() {
    const std::int64_t frames = xy()->frameInfo().frames;
    xy()->requestFrame();
    if (!settle(*session_, xy(), frames)) return {};
    return xy()->grabFramebuffer();
  }

 private slots:
  void initTestCase() {
    const QString problem = test::prepareGlAndSample(dir_, 64, 5, &sample_);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
  }

  void init() {
    session_ = std::make_unique<ui::ViewerSession>();
    window_ = std::make_unique<ui::MainWindow>(session_.get());
    window_->resize(1200, 860);
    window_->show();
    QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
    window_->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(window_.get()));
    QVERIFY(window_->openLocation(sample_));
    window_->actionRegistry()->action("view.overlays")->setChecked(false);
    QVERIFY(settle(*session_, xy(), 0));
  }

  void cleanup() {
    window_.reset();
    session_.reset();
  }

  void layersPanelHasOneGroupPerLayer() {
    const auto& controls = window_->layersPanel()->layerControls();
    QCOMPARE(controls.size(), std::size_t{2});
    QVERIFY(control<QGroupBox>("color.group") && control<QGroupBox>("segmentation.group"));
    QVERIFY(control<QCheckBox>("color.invert") && control<QDoubleSpinBox>("color.min") &&
            control<QDoubleSpinBox>("color.max") && control<QDoubleSpinBox>("color.gamma") &&
            control<QSlider>("color.opacity") && control<ui::HistogramWidget>("color.histogram"));
    QVERIFY(control<QSlider>("segmentation.opacity") && control<QLineEdit>("segmentation.selectedId"));
    QCOMPARE(control<QDoubleSpinBox>("color.max")->value(), 255.0);
  }

  void layerControlsChangeRenderedPixels() {
    // Hiding the segmentation (its group's checkbox) leaves the raw grey values.
    auto* segGroup = control<QGroupBox>("segmentation.group");
    const QImage withSegmentation = redraw();
    segGroup->setChecked(false);
    QVERIFY(!session_->layers()[1].segments.visible);
    const QImage plain = redraw();
    QVERIFY(!plain.isNull());
    QVERIFY(plain != withSegmentation);
    const std::vector<int> base = centreGreys(plain);
    QVERIFY(*std::max_element(base.begin(), base.end()) > *std::min_element(base.begin(), base.end()));
    QString why;

    control<QCheckBox>("color.invert")->click();
    QVERIFY(session_->layers()[0].color.invert);
    QVERIFY2(mapsTo(base, centreGreys(redraw()), [](int v) { return 255.0 - v; }, &why), qPrintable(why));
    control<QCheckBox>("color.invert")->click();

    control<QDoubleSpinBox>("color.max")->setValue(128);
    QCOMPARE(session_->layers()[0].color.max, 128.0);
    QVERIFY2(mapsTo(base, centreGreys(redraw()), [](int v) { return v * 255.0 / 128.0; }, &why), qPrintable(why));
    control<QDoubleSpinBox>("color.min")->setValue(64);
    QVERIFY2(mapsTo(base, centreGreys(redraw()), [](int v) { return (v - 64) * 255.0 / 64.0; }, &why), qPrintable(why));
    control<QDoubleSpinBox>("color.min")->setValue(0);
    control<QDoubleSpinBox>("color.max")->setValue(255);

    control<QDoubleSpinBox>("color.gamma")->setValue(2.0);
    QVERIFY2(mapsTo(base, centreGreys(redraw()), [](int v) { return std::pow(v / 255.0, 2.0) * 255.0; }, &why),
             qPrintable(why));
    control<QDoubleSpinBox>("color.gamma")->setValue(1.0);

    control<QSlider>("color.opacity")->setValue(50);
    QCOMPARE(session_->layers()[0].color.opacity, 0.5);
    QVERIFY2(mapsTo(base, centreGreys(redraw()), [](int v) { return v * 0.5; }, &why), qPrintable(why));
    control<QSlider>("color.opacity")->setValue(100);

    control<QGroupBox>("color.group")->setChecked(false);
    const std::vector<int> hidden = centreGreys(redraw());
    QVERIFY(std::all_of(hidden.begin(), hidden.end(), [](int v) { return v == 0; }));
    control<QGroupBox>("color.group")->setChecked(true);
    QVERIFY2(mapsTo(base, centreGreys(redraw()), [](int v) { return double(v); }, &why), qPrintable(why));
  }

  void segmentationControls() {
    const Vec3i centre{32, 32, 32};
    const std::uint64_t id = storedValue(*session_, "segmentation", centre);
    QVERIFY(id != 0 && id != ~0ull);
    const QImage before = redraw();
    auto* selected = control<QLineEdit>("segmentation.selectedId");
    selected->setText(QString::number(id));
    emit selected->editingFinished();
    QCOMPARE(session_->layers()[1].segments.selectedId, id);
    QVERIFY2(redraw() != before, "selecting the segment under the crosshair changed nothing");
    control<QSlider>("segmentation.opacity")->setValue(0);
    QCOMPARE(session_->layers()[1].segments.opacity, 0.0);
    // External changes show in the panel.
    session_->layers()[1].segments.opacity = 0.25;
    session_->notifyAppearanceChanged();
    QCOMPARE(control<QSlider>("segmentation.opacity")->value(), 25);
  }

  void histogramShowsTheLoadedDataWithTheRange() {
    auto* histogram = control<ui::HistogramWidget>("color.histogram");
    QTRY_VERIFY_WITH_TIMEOUT((window_->layersPanel()->refreshHistograms(), !histogram->histogram().empty()), 10000);
    const ui::Histogram& h = histogram->histogram();
    QCOMPARE(h.lo, 0.0);
    QCOMPARE(h.hi, 256.0);
    QCOMPARE(h.counts.size(), std::size_t{256});
    QVERIFY2(h.samples >= 4096, qPrintable(QString::number(h.samples)));  // a finer mag than the 8³ coarsest
    QCOMPARE(std::accumulate(h.counts.begin(), h.counts.end(), std::int64_t{0}), h.samples);
    // The widget draws: its pixels differ from an empty histogram's.
    const QImage drawn = histogram->grab().toImage();
    ui::HistogramWidget empty;
    empty.resize(histogram->size());
    QVERIFY(drawn != empty.grab().toImage());
    // "Auto" sets the range from the histogram's percentiles.
    control<QPushButton>("color.auto")->click();
    const auto& c = session_->layers()[0].color;
    QVERIFY(c.min > 0 && c.max < 256 && c.min < c.max);
    QCOMPARE(control<QDoubleSpinBox>("color.max")->value(), c.max);
  }

  void statisticsPanelShowsLoadedChunks() {
    ui::StatisticsPanel* stats = window_->statisticsPanel();
    stats->refresh();
    QVERIFY(stats->lastStats().loadedTotal > 0);
    QVERIFY(stats->valueText("loaded").toLongLong() > 0);
    QVERIFY(stats->valueText("decoded").toLongLong() > 0);
    QCOMPARE(stats->valueText("failed"), QStringLiteral("0"));
    QVERIFY2(stats->valueText("ram").endsWith(" / 2.0 GiB"), qPrintable(stats->valueText("ram")));
    QVERIFY(stats->valueText("gpu").endsWith(" / 1.0 GiB"));
    QVERIFY2(stats->valueText("frame").contains("XY") && stats->valueText("frame").contains("ms"),
             qPrintable(stats->valueText("frame")));
    QVERIFY(stats->valueText("warning").isEmpty());
    QTRY_COMPARE(window_->viewerStatusBar()->loadingLabel()->text(), QStringLiteral("Loaded"));
  }

  void aStalledRamBudgetIsSaidClearly() {
    StreamSettings settings = session_->streamSettings();
    settings.ramBudgetBytes = 40 << 10;  // less than the bricks on screen
    session_->setStreamSettings(settings);
    session_->engine().clearCache();
    session_->setPosition({20, 20, 20});
    ui::StatisticsPanel* stats = window_->statisticsPanel();
    QTRY_VERIFY_WITH_TIMEOUT((stats->refresh(), stats->valueText("warning").contains("RAM budget full")), 10000);
    QVERIFY(stats->valueText("warning").contains("Preferences"));
    QTRY_VERIFY(window_->viewerStatusBar()->loadingLabel()->text().contains("RAM budget full"));
  }

  void failuresShowInTheStatisticsAndTheStatusBar() {
    QTemporaryDir copyDir;
    const QString broken = copyDir.filePath("broken");
    QCOMPARE(QProcess::execute("cp", {"-r", sample_, broken}), 0);
    int corrupted = 0;
    QDirIterator it(broken + "/color/1", QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
      const QString f = it.next();
      if (f.endsWith(".json")) continue;
      QFile file(f);
      QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
      file.write(QByteArray(100, '\x5a'));
      ++corrupted;
    }
    QVERIFY(corrupted > 0);
    StreamSettings settings = session_->streamSettings();
    settings.maxRetries = 0;
    session_->setStreamSettings(settings);
    QVERIFY(window_->openLocation(broken));
    ui::StatisticsPanel* stats = window_->statisticsPanel();
    QTRY_VERIFY_WITH_TIMEOUT((stats->refresh(), stats->valueText("failed").toLongLong() > 0), 10000);
    QVERIFY(stats->valueText("error") != "none");
    QTRY_VERIFY2(window_->viewerStatusBar()->loadingLabel()->text().contains(" failed"),
                 qPrintable(window_->viewerStatusBar()->loadingLabel()->text()));
  }

  void datasetInfoListsTheDataset() {
    ui::DatasetInfoPanel* info = window_->datasetInfoPanel();
    QCOMPARE(info->value("Source"), sample_);
    QCOMPARE(info->value("Voxel size"), QStringLiteral("8 × 8 × 8 nanometer"));
    QCOMPARE(info->value("Bounding box"), QStringLiteral("0, 0, 0 + 64 × 64 × 64"));
    QVERIFY2(info->value("Format").contains("zarr3"), qPrintable(info->value("Format")));
    const auto mags = info->findItems("Mags", Qt::MatchExactly | Qt::MatchRecursive);
    QCOMPARE(mags.size(), 2);  // one row per layer
    QVERIFY2(mags[0]->text(1).startsWith("1-1-1, 2-2-2, 4-4-4"), qPrintable(mags[0]->text(1)));
    QVERIFY(mags[0]->childCount() >= 4);
    QVERIFY(mags[0]->child(0)->text(1).contains("64 × 64 × 64 voxels"));
  }

  void shortcutRemappingPersists() {
    ui::ActionRegistry* registry = window_->actionRegistry();
    QAction* forward = registry->action("navigate.slice_forward");
    QCOMPARE(forward->shortcuts(), (QList<QKeySequence>{QKeySequence(Qt::Key_F), QKeySequence(Qt::Key_PageDown)}));

    window_->actionRegistry()->action("help.shortcuts")->trigger();
    ui::ShortcutsDialog* dialog = nullptr;
    QTRY_VERIFY((dialog = window_->findChild<ui::ShortcutsDialog*>()) != nullptr);
    QCOMPARE(dialog->table()->rowCount(), static_cast<int>(registry->entries().size()));
    auto* ok = dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
    // A key another action uses is refused until the conflict is gone.
    dialog->editor("navigate.slice_forward", 0)->setKeySequence(QKeySequence(Qt::Key_D));
    QVERIFY(!ok->isEnabled());
    dialog->editor("navigate.slice_forward", 0)->setKeySequence(QKeySequence(Qt::Key_J));
    QVERIFY(ok->isEnabled());
    ok->click();
    QCOMPARE(forward->shortcuts(), (QList<QKeySequence>{QKeySequence(Qt::Key_J), QKeySequence(Qt::Key_PageDown)}));

    // J now moves the slice; F no longer does.
    window_->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(window_.get()));
    xy()->setFocus();
    QTRY_COMPARE(window_->activeViewport(), 0);
    const double z = session_->position().z;
    QTest::keyClick(xy(), Qt::Key_J);
    QCOMPARE(session_->position().z, z + 1);
    QTest::keyClick(xy(), Qt::Key_F);
    QCOMPARE(session_->position().z, z + 1);

    // Actions other parts register later work as shortcuts too (and take stored keys on restore).
    QAction* extra = registry->add("test.extra", "Test", "Extra", {QKeySequence("Ctrl+Alt+K")});
    QSignalSpy triggered(extra, &QAction::triggered);
    QTest::keyClick(xy(), Qt::Key_K, Qt::ControlModifier | Qt::AltModifier);
    QCOMPARE(triggered.count(), 1);
    QSettings().setValue("shortcuts/test.extra", "Ctrl+Alt+U");
    window_->restoreSettings();
    QCOMPARE(extra->shortcut(), QKeySequence("Ctrl+Alt+U"));
    QSettings().remove("shortcuts/test.extra");

    // A new window (the next start) applies the stored shortcut.
    ui::ViewerSession session;
    ui::MainWindow second(&session);
    QCOMPARE(second.actionRegistry()->action("navigate.slice_forward")->shortcuts().value(0), QKeySequence(Qt::Key_J));
    QCOMPARE(second.actionRegistry()->action("navigate.slice_back")->shortcuts().value(0), QKeySequence(Qt::Key_D));

    // Restore defaults brings F back (and forgets the stored override).
    window_->actionRegistry()->action("help.shortcuts")->trigger();
    QTRY_VERIFY((dialog = window_->findChild<ui::ShortcutsDialog*>()) != nullptr && dialog->isVisible());
    dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::RestoreDefaults)->click();
    dialog->accept();
    QCOMPARE(forward->shortcuts().value(0), QKeySequence(Qt::Key_F));
    QVERIFY(!QSettings().contains("shortcuts/navigate.slice_forward"));
  }

  void preferencesApplyAndPersist() {
    window_->actionRegistry()->action("edit.preferences")->trigger();
    ui::PreferencesDialog* dialog = nullptr;
    QTRY_VERIFY((dialog = window_->findChild<ui::PreferencesDialog*>()) != nullptr);
    QCOMPARE(dialog->ramBudgetMiB()->value(), 2048);
    dialog->ramBudgetMiB()->setValue(512);
    dialog->gpuBudgetMiB()->setValue(256);
    dialog->requestsPerHost()->setValue(4);
    dialog->interpolation()->setChecked(true);
    dialog->prefetch()->setChecked(false);
    dialog->accept();
    QCOMPARE(session_->streamSettings().ramBudgetBytes, std::int64_t{512} << 20);
    QCOMPARE(session_->streamSettings().gpuBudgetBytes, std::int64_t{256} << 20);
    QCOMPARE(session_->streamSettings().maxRequestsPerHost, 4);
    QVERIFY(session_->preferences().interpolation);
    QVERIFY(!session_->preferences().prefetch);
    QCOMPARE(session_->engine().stats().ramBudgetBytes, std::int64_t{512} << 20);
    // The new GPU budget applies at once: the layers' GPU caches are rebuilt and filled again.
    QTRY_VERIFY(session_->layers()[0].gpu && session_->layers()[0].gpu->byteBudget() == (std::int64_t{256} << 20) / 2);
    QVERIFY(settle(*session_, xy(), xy()->frameInfo().frames));

    // The next start restores them.
    ui::ViewerSession session;
    ui::MainWindow second(&session);
    second.restoreSettings();
    QCOMPARE(session.streamSettings().ramBudgetBytes, std::int64_t{512} << 20);
    QCOMPARE(session.streamSettings().maxRequestsPerHost, 4);
    QVERIFY(session.preferences().interpolation && !session.preferences().prefetch);
  }

  void recentDatasetsAreRemembered() {
    QSettings settings;
    QCOMPARE(ui::recentDatasets(settings).value(0), sample_);
    auto* menu = window_->findChild<QMenu*>("recentMenu");
    QVERIFY(menu);
    emit menu->aboutToShow();
    QStringList texts;
    for (QAction* a : menu->actions()) texts << a->text();
    QVERIFY2(texts.contains(sample_), qPrintable(texts.join(" | ")));
    for (int i = 0; i < 15; ++i) ui::addRecentDataset(settings, QStringLiteral("https://example.org/%1").arg(i));
    QCOMPARE(ui::recentDatasets(settings).size(), ui::kMaxRecentDatasets);
    QCOMPARE(ui::recentDatasets(settings).front(), QStringLiteral("https://example.org/14"));
    // Credentials never reach the settings file.
    ui::addRecentDataset(settings, QStringLiteral("https://example.org/data?token=secret-token"));
    ui::addRecentDataset(settings, QStringLiteral("https://user:secret@example.org/data"));
    QCOMPARE(ui::recentDatasets(settings).front(), QStringLiteral("https://example.org/14"));
    settings.sync();
    QFile file(settings.fileName());
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(!file.readAll().contains("secret"));
  }

  void positionTextParsing() {
    QCOMPARE(ui::parsePosition("1,2,3"), (std::optional<Vec3d>{{1, 2, 3}}));
    QCOMPARE(ui::parsePosition(" 1 2\t3 "), (std::optional<Vec3d>{{1, 2, 3}}));
    QCOMPARE(ui::parsePosition("(1.5, -2, 3e2)"), (std::optional<Vec3d>{{1.5, -2, 300}}));
    QCOMPARE(ui::parsePosition("[4; 5; 6]"), (std::optional<Vec3d>{{4, 5, 6}}));
    for (const char* bad : {"", "1,2", "1,2,3,4", "(1,2,3", "1,,2,3", "x,y,z", "nan,1,2", "{1,2,3)"})
      QVERIFY2(!ui::parsePosition(bad), bad);
    QCOMPARE(ui::formatPosition({1024, 512, 77}), QStringLiteral("1024, 512, 77"));
    QCOMPARE(ui::formatPosition({1.3, 2, 3}), QStringLiteral("1.3, 2, 3"));
  }
};

int main(int argc, char** argv) { return skein::test::runGuiTest<TestPanels>(argc, argv, "tst_panels", true); }
#include "tst_panels.moc"
