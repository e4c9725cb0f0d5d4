// Server annotations in the real viewer window (MainWindow + ServerUi + SkeletonUi, as `skein`
// builds it) against the real test server: opening one from the annotation list loads its skeleton
// (node count and active node as the server has them, view at the active node) bound to the server
// (Save goes through the save protocol); a link's position wins; a read-only one shows the banner
// and allows no edits; dropping a server link on the window opens it through ServerUi.
#include <QDropEvent>
#include <QLineEdit>
#include <QMimeData>
#include <QPushButton>
#include <QTabWidget>
#include <QToolBar>

#include "core/client/ShareLink.h"
#include "render/GlSupport.h"
#include "tests/gui/tst_server_ui_support.h"
#include "ui/AccountDialog.h"
#include "ui/AnnotationListDock.h"
#include "ui/MainWindow.h"
#include "ui/ServerProgress.h"
#include "ui/ServerReadOnlyBanner.h"
#include "ui/ServerUi.h"
#include "ui/ServerUiAnnotation.h"
#include "ui/SkeletonSession.h"
#include "ui/SkeletonTreePanel.h"
#include "ui/SkeletonUi.h"
#include "ui/ViewerSession.h"

using namespace skein;
using namespace skein::client;
using namespace skein::test::serverui;
using skein::test::ServerProcess;

namespace {

// Two trees, five nodes, node 3 active; the edit position differs from every node.
const QByteArray kNml =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<things>\n"
    "  <parameters>\n"
    "    <experiment name=\"l4_sample\" datasetId=\"59e9cfbdba632ac2ab8b23b5\"/>\n"
    "    <scale x=\"11.24\" y=\"11.24\" z=\"28.0\"/>\n"
    "    <editPosition x=\"3000\" y=\"3000\" z=\"500\"/>\n"
    "    <activeNode id=\"3\"/>\n"
    "  </parameters>\n"
    "  <thing id=\"1\" name=\"axon\" color.r=\"1.0\" color.g=\"0.0\" color.b=\"0.0\" color.a=\"1.0\">\n"
    "    <nodes>\n"
    "      <node id=\"1\" radius=\"1.0\" x=\"3100\" y=\"3200\" z=\"600\" time=\"1\"/>\n"
    "      <node id=\"2\" radius=\"1.0\" x=\"3110\" y=\"3210\" z=\"601\" time=\"2\"/>\n"
    "      <node id=\"3\" radius=\"1.0\" x=\"3120\" y=\"3222\" z=\"602\" time=\"3\"/>\n"
    "    </nodes>\n"
    "    <edges>\n"
    "      <edge source=\"1\" target=\"2\"/>\n"
    "      <edge source=\"2\" target=\"3\"/>\n"
    "    </edges>\n"
    "  </thing>\n"
    "  <thing id=\"2\" name=\"dendrite\" color.r=\"0.0\" color.g=\"1.0\" color.b=\"0.0\" color.a=\"1.0\">\n"
    "    <nodes>\n"
    "      <node id=\"4\" radius=\"2.0\" x=\"3300\" y=\"3300\" z=\"650\" time=\"4\"/>\n"
    "      <node id=\"5\" radius=\"2.0\" x=\"3310\" y=\"3300\" z=\"650\" time=\"5\"/>\n"
    "    </nodes>\n"
    "    <edges>\n"
    "      <edge source=\"4\" target=\"5\"/>\n"
    "    </edges>\n"
    "  </thing>\n"
    "  <branchpoints/>\n"
    "  <comments>\n"
    "    <comment node=\"2\" content=\"branch here\"/>\n"
    "  </comments>\n"
    "</things>\n";

}  // namespace

class TstServerUiAnnotation : public QObject {
  Q_OBJECT

  ServerProcess server_;
  QTemporaryDir config_;
  QTemporaryDir recovery_;
  std::unique_ptr<ui::ViewerSession> session_;
  std::unique_ptr<ui::MainWindow> window_;
  ui::ServerUi* serverUi_ = nullptr;
  ui::SkeletonUi* skeletonUi_ = nullptr;
  QStringList opened_;  // locations the ServerUi asked the viewer to open (the test server has no voxels)
  std::string annotationId_;

  void login(const QString& email) {
    auto* dialog = serverUi_->showAccountDialog();
    if (serverUi_->connection()->loggedIn()) {
      dialog->logout();
      QTRY_VERIFY_WITH_TIMEOUT(!serverUi_->connection()->loggedIn(), 10000);
    }
    dialog->findChild<QLineEdit*>("serverEdit")->setText(server_.url());
    dialog->findChild<QTabWidget*>("loginMethod")->setCurrentIndex(1);
    dialog->findChild<QLineEdit*>("emailEdit")->setText(email);
    dialog->findChild<QLineEdit*>("passwordEdit")->setText("secret");
    dialog->login();
    QTRY_VERIFY_WITH_TIMEOUT(serverUi_->connection()->loggedIn() || !dialog->errorText().isEmpty(), 10000);
    QVERIFY2(dialog->errorText().isEmpty(), qPrintable(dialog->errorText()));
    QTRY_VERIFY_WITH_TIMEOUT(serverUi_->connection()->user().has_value(), 10000);
    dialog->close();
  }

  // The annotation as the server serves it.
  skeleton::Skeleton serverSkeleton(WkClient& c, const std::string& id) {
    auto file = must(awaitResult<DownloadedFile>([&](auto cb) { c.downloadAnnotation(id, {}, cb); }), "download");
    return must(ui::readDownloadedAnnotation(file.data, file.fileName), "read download").nml.skeleton;
  }

  std::int64_t newestVersion(WkClient& c, const std::string& id) {
    return must(awaitResult<std::int64_t>([&](auto cb) { c.newestVersion(server_.url().toStdString(), id, cb); }),
                "newestVersion");
  }

 private slots:
  void initTestCase() {
    QString error;
    QVERIFY2(startWkServer(server_, error), qPrintable(error));
    session_ = std::make_unique<ui::ViewerSession>();
    window_ = std::make_unique<ui::MainWindow>(session_.get());
    ui::ServerUiConfig config;
    config.connection = connectionOptions(config_.path());
    config.actions = window_->actionRegistry();
    config.openLocation = [this](const QString& location) {
      opened_ << location;
      return Status::success();
    };
    config.confirm = [](QWidget*, const QString&, const QString&) { return true; };
    serverUi_ = new ui::ServerUi(window_.get(), session_.get(), config);
    skeletonUi_ = new ui::SkeletonUi(window_.get(), session_.get(), window_->sliceViewports());
    skeletonUi_->skeletonSession()->setRecoveryDirectory(recovery_.path());
    window_->resize(1100, 800);
    window_->show();
    QVERIFY(QTest::qWaitForWindowExposed(window_.get()));

    WkClient a(server_.url().toStdString(), fastClientOptions());
    a.setToken(kTokenA);
    UploadOptions options;
    options.datasetId = kPublicDataset;
    annotationId_ = must(awaitResult<AnnotationRef>([&](auto cb) { a.uploadAnnotations({{"traced.nml", kNml}}, options, cb); }),
                         "upload")
                        .id;
  }

  void openingFromTheListLoadsTheSkeleton() {
    login("user_a@example.org");
    WkClient a(server_.url().toStdString(), fastClientOptions());
    a.setToken(kTokenA);
    const skeleton::Skeleton expected = serverSkeleton(a, annotationId_);
    QCOMPARE(expected.nodeCount(), std::size_t(5));

    auto* list = serverUi_->annotationList();
    list->reload();
    QTRY_VERIFY_WITH_TIMEOUT(list->selectAnnotation(annotationId_), 10000);
    QSignalSpy loaded(serverUi_, &ui::ServerUi::annotationLoaded);
    opened_.clear();
    list->findChild<QPushButton*>("openAnnotationButton")->click();
    QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 10000);
    QCOMPARE(loaded.at(0).at(0).toString().toStdString(), annotationId_);
    QCOMPARE(opened_.size(), 1);  // the dataset too
    QVERIFY2(opened_[0].contains(QString::fromStdString(kPublicDataset)), qPrintable(opened_[0]));

    const skeleton::Skeleton& s = skeletonUi_->skeletonSession()->skeleton();
    QCOMPARE(s.nodeCount(), expected.nodeCount());
    QCOMPARE(s.trees().size(), expected.trees().size());
    QCOMPARE(s.activeNode, expected.activeNode);
    QCOMPARE(s.activeNode, std::optional<skeleton::NodeId>(3));
    QCOMPARE(session_->position(), (Vec3d{3120, 3222, 602}));  // no position in the link: the active node
    QVERIFY(skeletonUi_->skeletonSession()->remote());
    QVERIFY(skeletonUi_->editingEnabled());
    QVERIFY(!skeletonUi_->skeletonSession()->isDirty());
    QVERIFY(!window_->findChild<QToolBar*>("readOnlyBannerBar")->isVisible());
  }

  void saveGoesThroughTheSaveProtocol() {
    WkClient a(server_.url().toStdString(), fastClientOptions());
    a.setToken(kTokenA);
    QCOMPARE(newestVersion(a, annotationId_), std::int64_t(0));
    ui::SkeletonSession* skeleton = skeletonUi_->skeletonSession();
    auto node = skeleton->editor().createNode(Vec3d{3130, 3230, 603});
    QVERIFY2(node.ok(), node.ok() ? "" : node.error().message.c_str());
    QVERIFY(skeleton->isDirty());
    QVERIFY(skeletonUi_->save());
    // Unsaved until the server has the changes (closing now would ask; the recovery file stays).
    QVERIFY(skeleton->isDirty());
    QTRY_VERIFY_WITH_TIMEOUT(!skeleton->isDirty(), 10000);
    QCOMPARE(newestVersion(a, annotationId_), std::int64_t(1));

    // The stored actions: the new node with the id it has here.
    HttpRequest log;
    log.url = QUrl(QString::fromStdString("tracings/annotation/" + annotationId_ + "/updateActionLog"));
    auto answer = must(awaitResult<HttpResponse>([&](auto cb) { a.storeCall(server_.url().toStdString(), log, cb); }), "log");
    const auto groups = nlohmann::json::parse(answer.body.toStdString());
    QCOMPARE(groups.size(), std::size_t(1));
    QStringList names;
    for (const auto& action : groups[0]["actions"]) names << QString::fromStdString(action["name"].get<std::string>());
    QVERIFY2(names.contains("createNode"), qPrintable(names.join(", ")));
    for (const auto& action : groups[0]["actions"])
      if (action["name"] == "createNode") QCOMPARE(action["value"]["id"].get<int>(), *node);

    // Nothing changed since: Save sends nothing.
    QVERIFY(skeletonUi_->save());
    QTest::qWait(300);
    QCOMPARE(newestVersion(a, annotationId_), std::int64_t(1));

    // Someone else saved version 2 meanwhile: our next save is refused, not forced, and stays unsaved.
    const nlohmann::json other = nlohmann::json::array(
        {{{"version", 2}, {"timestamp", 1}, {"authorId", "x"}, {"actions", nlohmann::json::array()},
          {"transactionId", "other-session"}, {"transactionGroupCount", 1}, {"transactionGroupIndex", 0}}});
    QVERIFY(awaitStatus([&](auto cb) { a.postUpdateGroups(server_.url().toStdString(), annotationId_, other, cb); }).ok());
    QVERIFY(skeleton->editor().moveNode(*node, Vec3d{3140, 3240, 604}).ok());
    QVERIFY(skeletonUi_->save());
    QTRY_VERIFY_WITH_TIMEOUT(skeleton->isDirty(), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(window_->findChild<QWidget*>("skeletonError"), 10000);
    QCOMPARE(newestVersion(a, annotationId_), std::int64_t(2));
    for (auto* box : window_->findChildren<QWidget*>("skeletonError")) box->close();
    skeleton->newAnnotation();  // drop the refused changes (else opening the next one asks about them)
  }

  void aLinkPositionWins() {
    ShareLink link;
    link.serverUrl = server_.url().toStdString();
    link.kind = ShareLinkKind::Annotation;
    link.annotationId = annotationId_;
    link.view.position = Vec3d{3050, 3060, 610};
    QSignalSpy loaded(serverUi_, &ui::ServerUi::annotationLoaded);
    serverUi_->openLink(QString::fromStdString(formatShareLink(link)));
    QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 10000);
    QCOMPARE(session_->position(), (Vec3d{3050, 3060, 610}));
    // The server's skeleton (downloaded again; the test server serves the uploaded file).
    QCOMPARE(skeletonUi_->skeletonSession()->skeleton().nodeCount(), std::size_t(5));
  }

  void readOnlyAnnotationAllowsNoEdits() {
    login("user_b@example.org");  // B may view A's Internal annotation, not change it
    QSignalSpy loaded(serverUi_, &ui::ServerUi::annotationLoaded);
    serverUi_->openLink(server_.url() + "/annotations/" + QString::fromStdString(annotationId_));
    QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 10000);
    QVERIFY(window_->findChild<QToolBar*>("readOnlyBannerBar")->isVisible());
    QVERIFY(skeletonUi_->skeletonSession()->isReadOnly());
    QVERIFY(!skeletonUi_->editingEnabled());
    QCOMPARE(skeletonUi_->skeletonSession()->skeleton().nodeCount(), std::size_t(5));
    QVERIFY(!skeletonUi_->action("skeleton.new_tree")->isEnabled());
    QVERIFY(!skeletonUi_->action("skeleton.delete_node")->isEnabled());
    QVERIFY(!skeletonUi_->treePanel()->isEnabled());
    QVERIFY(!skeletonUi_->save());  // says why in a message box
    for (auto* box : window_->findChildren<QWidget*>("skeletonError")) box->close();

    // Copy to my account: the copy is B's and editable, and the skeleton is bound to it.
    QSignalSpy copied(serverUi_, &ui::ServerUi::annotationCopied);
    serverUi_->readOnlyBanner()->findChild<QPushButton*>("copyToMyAccountButton")->click();
    QTRY_COMPARE_WITH_TIMEOUT(copied.count(), 1, 10000);
    QVERIFY(!skeletonUi_->skeletonSession()->isReadOnly());
    QVERIFY(skeletonUi_->editingEnabled());
    QVERIFY(skeletonUi_->action("skeleton.new_tree")->isEnabled());
  }

  void droppingAServerLinkOpensIt() {
    ShareLink link;
    link.serverUrl = server_.url().toStdString();
    link.kind = ShareLinkKind::Dataset;
    link.datasetId = kPublicDataset;
    link.datasetName = "l4_sample";
    link.view.position = Vec3d{3584, 3500, 1000};
    const QString text = QString::fromStdString(formatShareLink(link));
    QVERIFY(ui::ServerUi::isServerLink(text));

    for (bool asUrl : {true, false}) {
      opened_.clear();
      session_->setPosition(Vec3d{1, 2, 3});
      QMimeData mime;
      if (asUrl) mime.setUrls({QUrl(text)});
      else mime.setText(text + "\n");
      const QPoint at = window_->rect().center();
      QDragEnterEvent enter(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
      QApplication::sendEvent(window_.get(), &enter);
      QVERIFY(enter.isAccepted());
      QDropEvent drop(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
      QApplication::sendEvent(window_.get(), &drop);
      QTRY_COMPARE_WITH_TIMEOUT(opened_.size(), 1, 10000);
      // Through ServerUi: the dataset's Zarr on its datastore (not the link as a dataset URL), at the link's view.
      QVERIFY2(opened_[0].startsWith(server_.url() + "/data/v12/zarr/" + QString::fromStdString(kPublicDataset)),
               qPrintable(opened_[0]));
      QCOMPARE(session_->position(), (Vec3d{3584, 3500, 1000}));
      QCOMPARE(serverUi_->current()->dataset.id, kPublicDataset);
    }
  }

  void cleanupTestCase() {
    skeletonUi_->skeletonSession()->newAnnotation();  // nothing unsaved: closing asks nothing
    serverUi_ = nullptr;
    skeletonUi_ = nullptr;
    window_.reset();
  }
};

int main(int argc, char** argv) {
  render::prepareOpenGlBeforeApplication();
  TstServerUiAnnotation test;
  return skein::test::serverui::runGuiTest(&test, argc, argv);
}
#include "tst_server_ui_annotation.moc"
