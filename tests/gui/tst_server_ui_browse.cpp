// ServerUi in a window against the real test server: the account dialog (token and password
// login, who is logged in, where the token is kept, logout), the dataset browser (the server's
// datasets, search), File › Open link (parses the link, shows the target, opens the dataset's Zarr
// at the link's position and zoom), and the read-only banner with "Copy to my account".
#include <QAction>
#include <QDir>
#include <QFileInfo>
#include <QLineEdit>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QToolBar>
#include <QTreeWidget>

#include "core/client/ShareLink.h"
#include "tests/gui/tst_server_ui_support.h"
#include "ui/AccountDialog.h"
#include "ui/AnnotationListDock.h"
#include "ui/DatasetBrowserDock.h"
#include "ui/ServerOpenLinkDialog.h"
#include "ui/ServerProgress.h"
#include "ui/ServerReadOnlyBanner.h"
#include "ui/ServerUi.h"
#include "ui/ViewerSession.h"

using namespace skein;
using namespace skein::client;
using namespace skein::test::serverui;
using skein::test::ServerProcess;

class TstServerUiBrowse : public QObject {
  Q_OBJECT

  ServerProcess server_;
  QTemporaryDir config_;
  std::unique_ptr<QMainWindow> window_;
  std::unique_ptr<ui::ViewerSession> session_;
  ui::ServerUi* serverUi_ = nullptr;
  QStringList opened_;  // locations the ServerUi asked the viewer to open

  void loginWithToken(const std::string& token) {
    auto* dialog = serverUi_->showAccountDialog();
    dialog->findChild<QLineEdit*>("serverEdit")->setText(server_.url());
    dialog->findChild<QTabWidget*>("loginMethod")->setCurrentIndex(0);
    dialog->findChild<QLineEdit*>("tokenEdit")->setText(QString::fromStdString(token));
    dialog->findChild<QPushButton*>("loginButton")->click();
    QTRY_VERIFY_WITH_TIMEOUT(serverUi_->connection()->loggedIn() || !dialog->errorText().isEmpty(), 10000);
    QVERIFY2(dialog->errorText().isEmpty(), qPrintable(dialog->errorText()));
    dialog->close();
  }

  void waitForDatasets(std::size_t count) {
    QTRY_VERIFY_WITH_TIMEOUT(!serverUi_->datasetBrowser()->progress()->busy() &&
                                 serverUi_->datasetBrowser()->datasets().size() == count,
                             10000);
  }

 private slots:
  void initTestCase() {
    QString error;
    QVERIFY2(startWkServer(server_, error), qPrintable(error));
    QVERIFY(config_.isValid());
    window_ = std::make_unique<QMainWindow>();
    window_->menuBar()->addMenu("&File")->addAction("Quit");
    window_->menuBar()->addMenu("&Help");
    session_ = std::make_unique<ui::ViewerSession>();
    ui::ServerUiConfig config;
    config.connection = connectionOptions(config_.path());
    // The test server has no voxel data: record what the viewer is asked to open.
    config.openLocation = [this](const QString& location) {
      opened_ << location;
      return Status::success();
    };
    config.confirm = [](QWidget*, const QString&, const QString&) { return true; };
    serverUi_ = new ui::ServerUi(window_.get(), session_.get(), config);
    window_->resize(1100, 700);
    window_->show();
    QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
  }

  void addsMenusAndDocks() {
    QMenu* server = window_->findChild<QMenu*>("serverMenu");
    QVERIFY(server);
    QStringList texts;
    for (QAction* a : server->actions()) texts << a->text().remove('&');
    for (const char* t : {"Accounts…", "Share…", "Zarr links…", "Dataset settings…"})
      QVERIFY2(texts.contains(t), qPrintable(texts.join(", ")));
    const auto bar = window_->menuBar()->actions();
    QCOMPARE(bar.indexOf(server->menuAction()), bar.size() - 2);  // just before Help
    QMenu* file = window_->menuBar()->actions().front()->menu();
    QVERIFY(file->actions().contains(serverUi_->action("file.open_link")));
    QVERIFY(window_->findChild<ui::DatasetBrowserDock*>("datasetBrowserDock"));
    QVERIFY(window_->findChild<ui::AnnotationListDock*>("annotationListDock"));
  }

  void loginShowsWhoAndWhereTheTokenIs() {
    loginWithToken(kTokenA);
    auto* dialog = serverUi_->showAccountDialog();
    QVERIFY2(dialog->whoText().contains("user_a@example.org"), qPrintable(dialog->whoText()));
    QVERIFY(dialog->whoText().contains(server_.url()));
    const QString tokenFile = QDir(config_.path()).filePath("tokens.json");
    QVERIFY2(dialog->tokenLocationText().contains(tokenFile), qPrintable(dialog->tokenLocationText()));
    QVERIFY(QFileInfo(tokenFile).permissions() == (QFile::ReadOwner | QFile::WriteOwner | QFile::ReadUser | QFile::WriteUser));
    QFile accounts(QDir(config_.path()).filePath("accounts.json"));
    QVERIFY(accounts.open(QIODevice::ReadOnly));
    const QByteArray settings = accounts.readAll();
    QVERIFY(settings.contains("user_a@example.org"));
    QVERIFY(!settings.contains(QByteArray::fromStdString(kTokenA)));  // settings never hold a token
    auto* list = dialog->findChild<QTreeWidget*>("accountsList");
    QCOMPARE(list->topLevelItemCount(), 1);
    dialog->close();
    QVERIFY(serverUi_->datasetBrowser()->isVisible());  // the docks appear with the first login
  }

  void datasetBrowserListsAndSearches() {
    auto* browser = serverUi_->datasetBrowser();
    browser->reload();
    waitForDatasets(2);
    QCOMPARE(browser->rowCount(), 2);
    QStringList names;
    for (int r = 0; r < 2; ++r) names << browser->cellText(r, 0);
    names.sort();
    QCOMPARE(names, (QStringList{"l4_sample", "private_sample"}));
    QVERIFY(browser->statusText().contains("user_a@example.org"));

    QTest::keyClicks(browser->searchField(), "private");  // debounced server-side search
    waitForDatasets(1);
    QCOMPARE(browser->cellText(0, 0), QString("private_sample"));
    QCOMPARE(browser->cellText(0, 2), QString("Teams: team_X1"));
    QVERIFY(browser->statusText().contains("matching"));
    browser->setSearchText("no such dataset");
    waitForDatasets(0);
    browser->setSearchText("");
    waitForDatasets(2);

    // Open from the browser: the dataset's Zarr on its datastore.
    browser->table()->selectRow(0);
    const auto selected = browser->selectedDataset();
    QVERIFY(selected);
    opened_.clear();
    browser->findChild<QPushButton*>("openDatasetButton")->click();
    QTRY_COMPARE_WITH_TIMEOUT(opened_.size(), 1, 10000);
    QVERIFY2(opened_[0].startsWith(server_.url() + "/data/v12/zarr/" + QString::fromStdString(selected->id)),
             qPrintable(opened_[0]));
    QCOMPARE(serverUi_->current()->dataset.id, selected->id);
  }

  void openLinkParsesResolvesAndOpensAtTheView() {
    WkClient a(server_.url().toStdString(), fastClientOptions());
    a.setToken(kTokenA);
    const auto annotation = newAnnotation(a, kPrivateDataset);
    ShareLink link;
    link.serverUrl = server_.url().toStdString();
    link.kind = ShareLinkKind::Annotation;
    link.annotationId = annotation.id;
    link.view.position = Vec3d{3100, 3200, 600};
    link.view.zoomStep = 2;
    const QString text = QString::fromStdString(formatShareLink(link));

    auto* dialog = serverUi_->showOpenLinkDialog(text);
    QVERIFY2(dialog->parsedText().contains("Annotation " + QString::fromStdString(annotation.id)),
             qPrintable(dialog->parsedText()));
    QVERIFY(dialog->parsedText().contains("position 3100, 3200, 600"));
    QVERIFY(dialog->parsedText().contains("zoom 2"));
    QSignalSpy opened(dialog, &ui::ServerOpenLinkDialog::opened);
    opened_.clear();
    QPointer<ui::ServerOpenLinkDialog> alive(dialog);  // closes (and is deleted) once the dataset opened
    dialog->findChild<QPushButton*>("openLinkButton")->click();
    QTRY_VERIFY_WITH_TIMEOUT(opened.count() == 1 || (alive && !alive->errorText().isEmpty()), 10000);
    QVERIFY2(opened.count() == 1, qPrintable(alive ? alive->errorText() : QString()));
    QTRY_VERIFY(!alive);
    const QString target = opened.at(0).at(0).toString();
    QVERIFY2(target.contains("private_sample") && target.contains("user_A"), qPrintable(target));
    QCOMPARE(opened_.size(), 1);
    // Private dataset, logged in, no sharing token in the link: a short-lived datastore token, never
    // the personal one.
    const QString expectedBase = server_.url() + "/data/v12/zarr/" + QString::fromStdString(kPrivateDataset) + "?token=";
    QVERIFY2(opened_[0].startsWith(expectedBase), qPrintable(opened_[0]));
    QVERIFY(!opened_[0].contains(QString::fromStdString(kTokenA)));
    QCOMPARE(session_->position(), (Vec3d{3100, 3200, 600}));
    QCOMPARE(session_->zoom(), 2.0);
    QVERIFY(serverUi_->current()->annotation);
    QCOMPARE(serverUi_->current()->annotation->id, annotation.id);
    QVERIFY(!window_->findChild<QToolBar*>("readOnlyBannerBar")->isVisible());  // A owns it

    // A legacy org/name link with a sharing token and a CSV hash: the link's token travels along.
    opened_.clear();
    auto* legacy = serverUi_->showOpenLinkDialog(server_.url() + "/datasets/Organization_X/l4_sample/view?token=abc#3584,3584,1024,0,1.3");
    QVERIFY2(legacy->parsedText().contains("Dataset “l4_sample” of Organization_X"), qPrintable(legacy->parsedText()));
    QVERIFY(legacy->parsedText().contains("with a sharing token"));
    legacy->openLink();
    QTRY_COMPARE_WITH_TIMEOUT(opened_.size(), 1, 10000);
    QCOMPARE(opened_[0], server_.url() + "/data/v12/zarr/" + QString::fromStdString(kPublicDataset) + "?token=abc");
    QCOMPARE(session_->position(), (Vec3d{3584, 3584, 1024}));
    QCOMPARE(session_->zoom(), 1.3);

    // Nonsense and unknown targets: the parse error, then the server's answer.
    auto* bad = serverUi_->showOpenLinkDialog("https://example.org/no/link/here");
    QVERIFY(bad->parsedText().contains("not a dataset, annotation or short link"));
    bad->setLinkText(server_.url() + "/annotations/0123456789abcdef01234567");
    bad->openLink();
    QTRY_VERIFY_WITH_TIMEOUT(!bad->errorText().isEmpty(), 10000);
    QVERIFY2(bad->errorText().contains("Annotation could not be found"), qPrintable(bad->errorText()));
    bad->close();
  }

  void readOnlyAnnotationOffersACopy() {
    WkClient a(server_.url().toStdString(), fastClientOptions());
    a.setToken(kTokenA);
    const auto annotation = newAnnotation(a, kPublicDataset);  // Internal: B may view it

    // Log out A, log in B with e-mail and password.
    auto* dialog = serverUi_->showAccountDialog();
    dialog->logout();
    QTRY_VERIFY_WITH_TIMEOUT(!serverUi_->connection()->loggedIn(), 10000);
    QVERIFY(dialog->whoText().contains("Not logged in"));
    dialog->findChild<QLineEdit*>("serverEdit")->setText(server_.url());
    dialog->findChild<QTabWidget*>("loginMethod")->setCurrentIndex(1);
    dialog->findChild<QLineEdit*>("emailEdit")->setText("user_b@example.org");
    dialog->findChild<QLineEdit*>("passwordEdit")->setText("secret");
    dialog->login();
    QTRY_VERIFY_WITH_TIMEOUT(serverUi_->connection()->loggedIn(), 10000);
    QVERIFY(dialog->whoText().contains("user_b@example.org"));
    dialog->close();
    waitForDatasets(1);  // B sees only the public dataset

    serverUi_->openLink(server_.url() + "/annotations/" + QString::fromStdString(annotation.id));
    QTRY_VERIFY_WITH_TIMEOUT(serverUi_->current() && serverUi_->current()->annotation &&
                                 serverUi_->current()->annotation->id == annotation.id,
                             10000);
    auto* bar = window_->findChild<QToolBar*>("readOnlyBannerBar");
    QVERIFY(bar->isVisible());
    QVERIFY2(serverUi_->readOnlyBanner()->text().contains("user_A"), qPrintable(serverUi_->readOnlyBanner()->text()));

    QSignalSpy copied(serverUi_, &ui::ServerUi::annotationCopied);
    serverUi_->readOnlyBanner()->findChild<QPushButton*>("copyToMyAccountButton")->click();
    QTRY_COMPARE_WITH_TIMEOUT(copied.count(), 1, 10000);
    QVERIFY(!bar->isVisible());
    const std::string copyId = copied.at(0).at(0).toString().toStdString();
    QVERIFY(copyId != annotation.id);
    WkClient b(server_.url().toStdString(), fastClientOptions());
    b.setToken(kTokenB);
    auto copy = must(awaitResult<AnnotationInfo>([&](auto cb) { b.annotation(copyId, cb); }), "copy");
    QCOMPARE(copy.owner.email, std::string("user_b@example.org"));
    QVERIFY(copy.restrictions.allowUpdate);
    QCOMPARE(serverUi_->current()->annotation->id, copyId);
    // The list shows B's copy as editable.
    serverUi_->annotationList()->reload();
    QTRY_VERIFY_WITH_TIMEOUT(serverUi_->annotationList()->selectAnnotation(copyId), 10000);
    QVERIFY(!serverUi_->annotationList()->isReadOnly(*serverUi_->annotationList()->selectedAnnotation()));
  }

  void cancellingStopsWaitingForTheServer() {
    // The server answers the next dataset list only after 1.5 s.
    WkClient admin(server_.url().toStdString(), fastClientOptions());
    HttpRequest fault;
    fault.method = "POST";
    fault.url = QUrl("__admin/faults");
    fault.body = R"({"rules":[{"method":"GET","path":"^/api/v12/datasets$","action":"delay","delayMs":1500,"times":1}]})";
    fault.headers.append(qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));
    QVERIFY(awaitResult<HttpResponse>([&](auto cb) { admin.storeCall(server_.url().toStdString(), fault, cb); }).ok());

    auto* browser = serverUi_->datasetBrowser();
    QSignalSpy loaded(browser, &ui::DatasetBrowserDock::loaded);
    browser->reload();
    QVERIFY(browser->progress()->busy());
    QVERIFY(browser->progress()->isVisible());
    QVERIFY(browser->progress()->currentText().startsWith("Loading datasets"));
    browser->progress()->findChild<QPushButton*>("cancelServerOperation")->click();
    QVERIFY(!browser->progress()->busy());
    QVERIFY(!browser->progress()->isVisible());
    QTest::qWait(2000);  // the late answer arrives and is dropped
    QCOMPARE(loaded.count(), 0);
    browser->reload();  // the next one goes through
    QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 10000);
  }

  void browsingWithoutAnAccountShowsPublicDataOnly() {
    auto* dialog = serverUi_->showAccountDialog();
    dialog->findChild<QLineEdit*>("serverEdit")->setText(server_.url() + "/");
    dialog->findChild<QPushButton*>("useServerButton")->click();
    QVERIFY(!serverUi_->connection()->loggedIn());
    QCOMPARE(serverUi_->connection()->serverUrl(), server_.url());
    QVERIFY(dialog->whoText().contains("Not logged in"));
    waitForDatasets(1);
    QCOMPARE(serverUi_->datasetBrowser()->datasets()[0].id, kPublicDataset);
    QVERIFY(serverUi_->annotationList()->statusText().contains("Log in"));
    QVERIFY(!serverUi_->action("server.zarr_links")->isEnabled());
    dialog->findChild<QLineEdit*>("serverEdit")->setText("not a url");
    dialog->useServerAnonymously();
    QVERIFY(dialog->errorText().contains("is not a server address"));
    dialog->close();
  }

  void cleanupTestCase() {
    serverUi_ = nullptr;
    window_.reset();
  }
};

int main(int argc, char** argv) {
  TstServerUiBrowse test;
  return skein::test::serverui::runGuiTest(&test, argc, argv);
}
#include "tst_server_ui_browse.moc"
