// ServerUi inside the real viewer window (MainWindow, with its ActionRegistry): File › Open link…
// sits right after Open URL…, the Server menu before Help, the commands are in the registry (so
// Help › Keyboard shortcuts lists them), and the docks are addressable by object name for the
// window layout. Needs a real display with OpenGL (xvfb-run), like tst_mainwindow.
#include <QMenu>
#include <QMenuBar>
#include <QTemporaryDir>
#include <QtTest>

#include "render/GlSupport.h"
#include "tests/gui/tst_server_ui_support.h"
#include "ui/ActionRegistry.h"
#include "ui/AnnotationListDock.h"
#include "ui/DatasetBrowserDock.h"
#include "ui/MainWindow.h"
#include "ui/ServerUi.h"
#include "ui/ViewerSession.h"

using namespace skein;

class TstServerUiMainWindow : public QObject {
  Q_OBJECT
 private slots:
  void integratesIntoTheViewerWindow() {
    QTemporaryDir config;
    ui::ViewerSession session;
    ui::MainWindow window(&session);
    ui::ServerUiConfig cfg;
    cfg.connection = test::serverui::connectionOptions(config.path());
    cfg.actions = window.actionRegistry();
    auto* serverUi = new ui::ServerUi(&window, &session, cfg);  // owned by the window

    QMenu* file = nullptr;
    QStringList menus;
    for (QAction* a : window.menuBar()->actions()) {
      menus << a->text().remove('&');
      if (a->text().remove('&') == "File") file = a->menu();
    }
    QVERIFY(file);
    const auto fileActions = file->actions();
    const qsizetype openUrl = fileActions.indexOf(window.actionRegistry()->action("file.open_url"));
    QVERIFY(openUrl >= 0);
    QCOMPARE(fileActions.value(openUrl + 1), serverUi->action("file.open_link"));
    QVERIFY2(menus.indexOf("Server") == menus.indexOf("Help") - 1, qPrintable(menus.join(", ")));

    QCOMPARE(window.actionRegistry()->action("file.open_link"), serverUi->action("file.open_link"));
    for (const char* id : {"server.accounts", "server.share", "server.zarr_links", "server.dataset_settings",
                           "server.upload_dataset"})
      QVERIFY2(window.actionRegistry()->action(id), id);
    QVERIFY(!serverUi->action("server.upload_dataset")->isEnabled());  // needs a login
    QVERIFY(!serverUi->showDatasetUploadDialog());
    QVERIFY2(window.actionRegistry()->conflicts().isEmpty(), qPrintable(window.actionRegistry()->conflicts().join("; ")));
    QVERIFY(window.findChild<ui::DatasetBrowserDock*>("datasetBrowserDock"));
    QVERIFY(window.findChild<ui::AnnotationListDock*>("annotationListDock"));

    window.resize(900, 600);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(ui::ServerUi::isServerLink("https://webknossos.org/annotations/5f0c1e2d3b4a596877665544"));
    QVERIFY(!ui::ServerUi::isServerLink("https://data.example.org/data/datasets/abc/layers/color"));
    QVERIFY(!ui::ServerUi::isServerLink("/local/folder"));
  }
};

int main(int argc, char** argv) {
  render::prepareOpenGlBeforeApplication();
  QApplication app(argc, argv);
  TstServerUiMainWindow t;
  return QTest::qExec(&t, argc, argv);
}
#include "tst_server_ui_mainwindow.moc"
