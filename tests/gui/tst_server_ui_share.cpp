// The Share dialog against the real test server: it shows the annotation's visibility and teams
// as the server has them; choosing Public on a private dataset shows the dependency warning;
// "put the sharing token into the link" adds ?token= (the dataset's real token, which then opens the
// dataset for outsiders) and the who-can-see summary follows; Apply saves to the server; "make the
// dataset public" asks first, listing what becomes visible.
#include <QCheckBox>
#include <QClipboard>
#include <QFrame>
#include <QListWidget>
#include <QPushButton>
#include <QRadioButton>

#include "core/client/ApiError.h"
#include "core/client/ShareLink.h"
#include "tests/gui/tst_server_ui_support.h"
#include "ui/ShareDialog.h"

using namespace skein;
using namespace skein::client;
using namespace skein::test::serverui;
using skein::test::ServerProcess;

class TstServerUiShare : public QObject {
  Q_OBJECT

  ServerProcess server_;
  std::unique_ptr<WkClient> a_, anonymous_;
  QStringList confirmations_;
  bool confirmAnswer_ = true;

  ui::ServerConfirm recordingConfirm() {
    return [this](QWidget*, const QString& title, const QString& text) {
      confirmations_ << title + "\n" + text;
      return confirmAnswer_;
    };
  }

  std::unique_ptr<ui::ShareDialog> openDialog(const std::string& annotationId) {
    ViewState view;
    view.position = Vec3d{3100, 3200, 600};
    view.zoomStep = 1.5;
    auto dialog = std::make_unique<ui::ShareDialog>(a_.get(), annotationId, view, recordingConfirm());
    dialog->show();
    return dialog;
  }

 private slots:
  void initTestCase() {
    QString error;
    QVERIFY2(startWkServer(server_, error), qPrintable(error));
    a_ = std::make_unique<WkClient>(server_.url().toStdString(), fastClientOptions());
    a_->setToken(kTokenA);
    anonymous_ = std::make_unique<WkClient>(server_.url().toStdString(), fastClientOptions());
  }

  void showsVisibilityAndTeamsFromTheServer() {
    const auto annotation = newAnnotation(*a_, kPrivateDataset);
    QVERIFY(awaitResult<std::vector<std::string>>(
                [&](auto cb) { a_->setAnnotationSharedTeams(annotation.id, "", {kTeamX1}, cb); })
                .ok());
    auto dialog = openDialog(annotation.id);
    QTRY_VERIFY_WITH_TIMEOUT(dialog->isLoaded(), 10000);
    QCOMPARE(dialog->visibility(), Visibility::Internal);
    QVERIFY(dialog->findChild<QRadioButton*>("visibilityInternal")->isChecked());
    QCOMPARE(dialog->selectedTeamIds(), std::vector<std::string>{kTeamX1});
    auto* teams = dialog->findChild<QListWidget*>("sharedTeams");
    QCOMPARE(teams->count(), 3);  // all teams user A can see; team_X1 checked
    int checked = 0;
    for (int i = 0; i < teams->count(); ++i) checked += teams->item(i)->checkState() == Qt::Checked;
    QCOMPARE(checked, 1);
    QVERIFY2(dialog->warningText().isEmpty(), qPrintable(dialog->warningText()));
    QVERIFY(dialog->summaryText().contains("internal"));
    QVERIFY(dialog->summaryText().contains("team_X1"));
    // The link reopens the annotation at the current view.
    auto link = parseShareLink(dialog->linkText().toStdString());
    QVERIFY2(link.ok(), qPrintable(dialog->linkText()));
    QCOMPARE(link->kind, ShareLinkKind::Annotation);
    QCOMPARE(link->annotationId, annotation.id);
    QCOMPARE(*link->view.position, (Vec3d{3100, 3200, 600}));
    QVERIFY(link->sharingToken.empty());
    dialog->findChild<QPushButton*>("copyLinkButton")->click();
    QCOMPARE(QGuiApplication::clipboard()->text(), dialog->linkText());
  }

  void publicOnPrivateDatasetWarnsAndTheTokenFixesIt() {
    const auto annotation = newAnnotation(*a_, kPrivateDataset);
    auto dialog = openDialog(annotation.id);
    QTRY_VERIFY_WITH_TIMEOUT(dialog->isLoaded(), 10000);
    const QString internalSummary = dialog->summaryText();

    dialog->findChild<QRadioButton*>("visibilityPublic")->click();
    QCOMPARE(dialog->visibility(), Visibility::Public);
    QVERIFY(dialog->findChild<QFrame*>("dependencyWarnings")->isVisible());
    QVERIFY2(dialog->warningText().contains("private_sample"), qPrintable(dialog->warningText()));
    QVERIFY(dialog->findChild<QPushButton*>("fixIncludeToken")->isVisible());
    QVERIFY(dialog->findChild<QPushButton*>("fixMakePublic")->isVisible());
    const QString blockedSummary = dialog->summaryText();
    QVERIFY(blockedSummary != internalSummary);
    QVERIFY2(blockedSummary.contains("cannot open it"), qPrintable(blockedSummary));
    QVERIFY(blockedSummary.contains("only members of team_X1"));

    // Accept the fix "put the dataset's sharing token into the link".
    dialog->findChild<QPushButton*>("fixIncludeToken")->click();
    QTRY_VERIFY_WITH_TIMEOUT(dialog->includesSharingToken(), 10000);
    QVERIFY(dialog->findChild<QCheckBox*>("includeSharingToken")->isChecked());
    const std::string token =
        must(awaitResult<std::string>([&](auto cb) { a_->datasetSharingToken(kPrivateDataset, cb); }), "sharing token");
    QVERIFY2(dialog->linkText().contains("?token=" + QString::fromStdString(token)), qPrintable(dialog->linkText()));
    QVERIFY(dialog->warningText().isEmpty());
    QVERIFY(!dialog->findChild<QFrame*>("dependencyWarnings")->isVisible());
    const QString fixedSummary = dialog->summaryText();
    QVERIFY2(fixedSummary.contains("anyone who has this link can open it"), qPrintable(fixedSummary));
    QVERIFY(fixedSummary.contains("anyone with the link can open it, also without an account"));

    // Apply: the server now has the annotation public, and the link's token opens the dataset for
    // someone without an account.
    QSignalSpy applied(dialog.get(), &ui::ShareDialog::applied);
    dialog->findChild<QPushButton*>("applyShareButton")->click();
    QTRY_COMPARE_WITH_TIMEOUT(applied.count(), 1, 10000);
    QVERIFY(confirmations_.isEmpty());  // nothing blocks: no "share anyway?" question
    auto seen = must(awaitResult<AnnotationInfo>([&](auto cb) { anonymous_->annotation(annotation.id, cb); }), "anonymous info");
    QCOMPARE(seen.visibility, Visibility::Public);
    auto link = must(parseShareLink(dialog->linkText().toStdString()), "parse link");
    QVERIFY(awaitResult<DatasetInfo>([&](auto cb) { anonymous_->dataset(kPrivateDataset, link.sharingToken, cb); }).ok());
    QCOMPARE(classify(awaitResult<DatasetInfo>([&](auto cb) { anonymous_->dataset(kPrivateDataset, "", cb); }).error()),
             ErrorKind::NotFound);

    // Taking the token out of the link brings the warning back.
    dialog->findChild<QCheckBox*>("includeSharingToken")->click();
    QVERIFY(!dialog->linkText().contains("token="));
    QVERIFY(!dialog->warningText().isEmpty());
  }

  void teamThatCannotSeeTheDatasetIsWarnedAbout() {
    const auto annotation = newAnnotation(*a_, kPrivateDataset);
    auto dialog = openDialog(annotation.id);
    QTRY_VERIFY_WITH_TIMEOUT(dialog->isLoaded(), 10000);
    dialog->setTeamSelected(kTeamX3, true);
    QVERIFY2(dialog->warningText().contains("Team team_X3 can see the annotation but not its dataset"), qPrintable(dialog->warningText()));
    QVERIFY(dialog->findChild<QPushButton*>("fixAllowTeams")->isVisible());
    QVERIFY2(dialog->summaryText().contains("Members of team_X3 cannot see the dataset"), qPrintable(dialog->summaryText()));
    // Private: no teams, nothing to warn about.
    dialog->findChild<QRadioButton*>("visibilityPrivate")->click();
    QVERIFY(dialog->warningText().isEmpty());
    QVERIFY(!dialog->findChild<QListWidget*>("sharedTeams")->isEnabled());
    QVERIFY(dialog->summaryText().contains("private — only you"));
  }

  void makingTheDatasetPublicAsksFirstAndListsWhatBecomesVisible() {
    const auto annotation = newAnnotation(*a_, kPrivateDataset);
    auto dialog = openDialog(annotation.id);
    QTRY_VERIFY_WITH_TIMEOUT(dialog->isLoaded(), 10000);
    dialog->findChild<QRadioButton*>("visibilityPublic")->click();
    QVERIFY(!dialog->warningText().isEmpty());

    // Declined: nothing changes on the server.
    confirmations_.clear();
    confirmAnswer_ = false;
    dialog->findChild<QPushButton*>("fixMakePublic")->click();
    QCOMPARE(confirmations_.size(), 1);
    const QString question = confirmations_.front();
    QVERIFY2(question.contains("private_sample") && question.contains("color") && question.contains("only team_X1"),
             qPrintable(question));  // the dataset, its layers and its description
    QTest::qWait(200);
    QVERIFY(!dialog->dataset()->isPublic);

    confirmAnswer_ = true;
    dialog->findChild<QPushButton*>("fixMakePublic")->click();
    QTRY_VERIFY_WITH_TIMEOUT(dialog->dataset()->isPublic, 10000);
    QVERIFY(dialog->warningText().isEmpty());
    QVERIFY(dialog->summaryText().contains("(it is public)"));
    QVERIFY(awaitResult<DatasetInfo>([&](auto cb) { anonymous_->dataset(kPrivateDataset, "", cb); }).ok());
    DatasetUpdate back;
    back.isPublic = false;
    QVERIFY(awaitResult<DatasetInfo>([&](auto cb) { a_->updateDataset(kPrivateDataset, back, cb); }).ok());
  }

  void serverErrorsShowTheMessageAndWhatToDo() {
    auto dialog = openDialog("0123456789abcdef01234567");
    QTRY_VERIFY_WITH_TIMEOUT(!dialog->errorText().isEmpty(), 10000);
    QVERIFY2(dialog->errorText().contains("Annotation could not be found"), qPrintable(dialog->errorText()));
    QVERIFY(dialog->errorText().contains("Check the link"));
  }
};

int main(int argc, char** argv) {
  TstServerUiShare test;
  return skein::test::serverui::runGuiTest(&test, argc, argv);
}
#include "tst_server_ui_share.moc"
