// The dataset browser dock with a long list (no server needed: the rows are given to it as the
// server's answer would be): all rows are in the model, cell texts, the local filter while a
// server search is on its way, and the selection through the filter.
#include <QLineEdit>
#include <QMainWindow>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

#include "tests/gui/tst_server_ui_support.h"
#include "ui/DatasetBrowserDock.h"

using namespace skein;
using namespace skein::client;

namespace {

std::vector<DatasetInfo> manyDatasets(int n) {
  std::vector<DatasetInfo> out(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    DatasetInfo& d = out[static_cast<std::size_t>(i)];
    d.id = "id" + std::to_string(i);
    d.name = (i % 100 == 7 ? "Mouse_cortex_" : "dataset_") + std::to_string(i);
    d.owningOrganization = "Organization_X";
    d.isPublic = i % 2 == 0;
    if (!d.isPublic) d.allowedTeams.push_back(Team{"t", "team_X1", "Organization_X", false});
    d.tags = {i % 3 == 0 ? "em" : "lm"};
    d.colorLayerNames = {"color"};
    d.segmentationLayerNames = {"segmentation"};
  }
  return out;
}

}  // namespace

class TstDatasetBrowser : public QObject {
  Q_OBJECT
 private slots:
  void showsTenThousandRowsAndFiltersLocally() {
    QTemporaryDir config;
    ui::ServerConnection connection(test::serverui::connectionOptions(config.path()));
    QMainWindow window;
    auto* dock = new ui::DatasetBrowserDock(&connection, &window);
    window.addDockWidget(Qt::LeftDockWidgetArea, dock);
    window.resize(1000, 700);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    QSignalSpy loaded(dock, &ui::DatasetBrowserDock::loaded);
    dock->showDatasets(manyDatasets(10000));
    QCOMPARE(loaded.count(), 1);
    QCOMPARE(dock->rowCount(), 10000);
    QCOMPARE(dock->datasets().size(), std::size_t(10000));
    QCOMPARE(dock->cellText(9999, 0), QString("dataset_9999"));
    QCOMPARE(dock->cellText(0, 2), QString("Public"));
    QCOMPARE(dock->cellText(1, 2), QString("Teams: team_X1"));
    QCOMPARE(dock->cellText(3, 3), QString("em"));
    QCOMPARE(dock->cellText(3, 4), QString("color, segmentation"));
    QVERIFY(dock->statusText().contains("10000 dataset"));

    // Typing filters the rows at once (before the debounced server search), by every word.
    dock->searchField()->setText("mouse CORTEX");
    QCOMPARE(dock->rowCount(), 100);
    QCOMPARE(dock->cellText(0, 0), QString("Mouse_cortex_7"));
    dock->table()->selectRow(1);
    QVERIFY(dock->selectedDataset());
    QCOMPARE(dock->selectedDataset()->id, std::string("id107"));
    dock->searchField()->setText("nothing like this");
    QCOMPARE(dock->rowCount(), 0);
    QVERIFY(!dock->selectedDataset());
    dock->searchField()->setText("");
    QCOMPARE(dock->rowCount(), 10000);
  }
};

int main(int argc, char** argv) {
  TstDatasetBrowser test;
  return skein::test::serverui::runGuiTest(&test, argc, argv);
}
#include "tst_dataset_browser.moc"
