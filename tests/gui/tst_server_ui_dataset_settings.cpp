// The dataset settings dialog against the real test server: sharing and permissions (public flag
// with a confirmation that lists what becomes visible, allowed teams, the sharing link — get,
// revoke: a new token, and the old link stops working) and metadata (name, description, tags).
#include <QCheckBox>
#include <QListWidget>
#include <QPushButton>

#include "core/client/ApiError.h"
#include "core/client/ShareLink.h"
#include "tests/gui/tst_server_ui_support.h"
#include "ui/DatasetSettingsDialog.h"

using namespace skein;
using namespace skein::client;
using namespace skein::test::serverui;
using skein::test::ServerProcess;

class TstServerUiDatasetSettings : public QObject {
  Q_OBJECT

  ServerProcess server_;
  std::unique_ptr<WkClient> a_, b_, anonymous_;
  QStringList confirmations_;

  ui::ServerConfirm yes() {
    return [this](QWidget*, const QString& title, const QString& text) {
      confirmations_ << title + "\n" + text;
      return true;
    };
  }

 private slots:
  void initTestCase() {
    QString error;
    QVERIFY2(startWkServer(server_, error), qPrintable(error));
    a_ = std::make_unique<WkClient>(server_.url().toStdString(), fastClientOptions());
    a_->setToken(kTokenA);
    b_ = std::make_unique<WkClient>(server_.url().toStdString(), fastClientOptions());
    b_->setToken(kTokenB);
    anonymous_ = std::make_unique<WkClient>(server_.url().toStdString(), fastClientOptions());
  }

  void sharingLinkGetAndRevoke() {
    ui::DatasetSettingsDialog dialog(a_.get(), kPrivateDataset, yes());
    dialog.show();
    QTRY_VERIFY_WITH_TIMEOUT(dialog.isLoaded(), 10000);
    QVERIFY(!dialog.findChild<QCheckBox*>("isPublic")->isChecked());
    auto* teams = dialog.findChild<QListWidget*>("allowedTeams");
    QStringList allowed;
    for (int i = 0; i < teams->count(); ++i)
      if (teams->item(i)->checkState() == Qt::Checked) allowed << teams->item(i)->text();
    QCOMPARE(allowed, QStringList{"team_X1"});
    QVERIFY2(dialog.summaryText().contains("only members of team_X1"), qPrintable(dialog.summaryText()));

    dialog.fetchSharingLink();
    QTRY_VERIFY_WITH_TIMEOUT(!dialog.sharingLink().isEmpty(), 10000);
    auto first = must(parseShareLink(dialog.sharingLink().toStdString()), "parse sharing link");
    QCOMPARE(first.kind, ShareLinkKind::Dataset);
    QCOMPARE(first.datasetId, kPrivateDataset);
    QVERIFY(!first.sharingToken.empty());
    QVERIFY(dialog.sharingLink().contains("/datasets/private_sample-" + QString::fromStdString(kPrivateDataset) + "/view?token="));
    QVERIFY(dialog.summaryText().contains("sharing link"));
    QVERIFY(awaitResult<DatasetInfo>([&](auto cb) { anonymous_->dataset(kPrivateDataset, first.sharingToken, cb); }).ok());

    QSignalSpy linkChanged(&dialog, &ui::DatasetSettingsDialog::sharingLinkChanged);
    dialog.revokeSharingToken();
    QCOMPARE(confirmations_.size(), 1);
    QVERIFY(confirmations_.front().contains("stops working"));
    QTRY_COMPARE_WITH_TIMEOUT(linkChanged.count(), 1, 10000);
    auto second = must(parseShareLink(dialog.sharingLink().toStdString()), "parse new link");
    QVERIFY(second.sharingToken != first.sharingToken);
    QVERIFY(dialog.noticeText().contains("no longer work"));
    QCOMPARE(classify(awaitResult<DatasetInfo>([&](auto cb) { anonymous_->dataset(kPrivateDataset, first.sharingToken, cb); }).error()),
             ErrorKind::NotFound);
    QVERIFY(awaitResult<DatasetInfo>([&](auto cb) { anonymous_->dataset(kPrivateDataset, second.sharingToken, cb); }).ok());
  }

  void savesPermissionsAndMetadata() {
    ui::DatasetSettingsDialog dialog(a_.get(), kPrivateDataset, yes());
    dialog.show();
    QTRY_VERIFY_WITH_TIMEOUT(dialog.isLoaded(), 10000);
    confirmations_.clear();
    dialog.setTeamSelected(kTeamX3, true);
    dialog.setDisplayName("private sample (edited)");
    dialog.setDescription("reviewed cortex block");
    dialog.setTags("mouse, cortex");
    dialog.setPublic(true);
    QVERIFY(dialog.summaryText().contains("(it is public)"));
    QSignalSpy saved(&dialog, &ui::DatasetSettingsDialog::saved);
    dialog.save();
    QCOMPARE(confirmations_.size(), 1);  // becoming public is confirmed, and what becomes visible is listed
    QVERIFY2(confirmations_.front().contains("private_sample") && confirmations_.front().contains("color"),
             qPrintable(confirmations_.front()));
    QTRY_COMPARE_WITH_TIMEOUT(saved.count(), 1, 10000);
    auto d = must(awaitResult<DatasetInfo>([&](auto cb) { a_->dataset(kPrivateDataset, "", cb); }), "dataset");
    QVERIFY(d.isPublic);
    QCOMPARE(d.name, std::string("private sample (edited)"));
    QCOMPARE(*d.description, std::string("reviewed cortex block"));
    QCOMPARE(d.tags, (std::vector<std::string>{"mouse", "cortex"}));
    QCOMPARE(d.allowedTeams.size(), std::size_t(2));
    QVERIFY(awaitResult<DatasetInfo>([&](auto cb) { anonymous_->dataset(kPrivateDataset, "", cb); }).ok());

    // Back to private, without a question.
    confirmations_.clear();
    dialog.setPublic(false);
    dialog.save();
    QTRY_COMPARE_WITH_TIMEOUT(saved.count(), 2, 10000);
    QVERIFY(confirmations_.isEmpty());
    QCOMPARE(classify(awaitResult<DatasetInfo>([&](auto cb) { anonymous_->dataset(kPrivateDataset, "", cb); }).error()),
             ErrorKind::NotFound);
  }

  void readOnlyForUsersWhoMayNotEdit() {
    ui::DatasetSettingsDialog dialog(b_.get(), kPublicDataset, yes());
    dialog.show();
    QTRY_VERIFY_WITH_TIMEOUT(dialog.isLoaded(), 10000);
    QVERIFY(!dialog.findChild<QPushButton*>("saveDatasetButton")->isEnabled());
    QVERIFY(!dialog.findChild<QCheckBox*>("isPublic")->isEnabled());
    QVERIFY(dialog.errorText().contains("Only dataset managers"));
  }
};

int main(int argc, char** argv) {
  TstServerUiDatasetSettings test;
  return skein::test::serverui::runGuiTest(&test, argc, argv);
}
#include "tst_server_ui_dataset_settings.moc"
