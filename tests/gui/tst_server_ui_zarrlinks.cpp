// The Zarr links dialog against the real test server: it lists an annotation's private links,
// creates one with the default expiry (end of today + 30 days) and one that never expires, shows
// an expired link as expired (and the server refuses it), gives per-layer URLs and the plain
// dataset URL, and revokes a link (the server then answers 404 for it).
#include <QCheckBox>
#include <QClipboard>
#include <QPushButton>
#include <QTableWidget>

#include "core/client/ApiError.h"
#include "core/client/ApiVersion.h"
#include "tests/gui/tst_server_ui_support.h"
#include "ui/ZarrLinksDialog.h"

using namespace skein;
using namespace skein::client;
using namespace skein::test::serverui;
using skein::test::ServerProcess;

class TstServerUiZarrLinks : public QObject {
  Q_OBJECT

  ServerProcess server_;
  std::unique_ptr<WkClient> a_, anonymous_;
  int confirmations_ = 0;

  // GET <ds>/data/annotations/zarr/<token>/datasource-properties.json without any login.
  Result<HttpResponse> openWithoutLogin(const std::string& accessToken) {
    HttpRequest r;
    r.url = QUrl(QString::fromStdString(zarrPrivateLinkUrl(server_.url().toStdString(), accessToken, "") +
                                        "/datasource-properties.json"));
    return awaitResult<HttpResponse>([&](auto cb) { anonymous_->storeCall(server_.url().toStdString(), r, cb); });
  }

 private slots:
  void initTestCase() {
    QString error;
    QVERIFY2(startWkServer(server_, error), qPrintable(error));
    a_ = std::make_unique<WkClient>(server_.url().toStdString(), fastClientOptions());
    a_->setToken(kTokenA);
    anonymous_ = std::make_unique<WkClient>(server_.url().toStdString(), fastClientOptions());
  }

  void defaultExpiryIsEndOfTodayPlus30Days() {
    const QDateTime expiry = ui::ZarrLinksDialog::defaultExpiry(QDate(2026, 1, 15));
    QCOMPARE(expiry.date(), QDate(2026, 2, 14));
    QCOMPARE(expiry.time().hour(), 23);
    QCOMPARE(expiry.time().minute(), 59);
  }

  void listsCreatesExpiresAndRevokes() {
    const auto annotation = newAnnotation(*a_, kPrivateDataset);
    // One link made elsewhere before the dialog opens: the dialog lists it.
    const auto existing = must(awaitResult<ZarrPrivateLink>([&](auto cb) {
                                 a_->createZarrPrivateLink(annotation.id, std::nullopt, cb);
                               }),
                               "create");
    ui::ZarrLinksDialog dialog(a_.get(), annotation.id, [this](QWidget*, const QString&, const QString&) {
      ++confirmations_;
      return true;
    });
    dialog.show();
    QTRY_VERIFY_WITH_TIMEOUT(dialog.isLoaded(), 10000);
    QCOMPARE(dialog.links().size(), std::size_t(1));
    QCOMPARE(dialog.links()[0].id, existing.id);
    auto* table = dialog.linksTable();
    QCOMPARE(table->rowCount(), 1);
    QCOMPARE(table->item(0, 1)->text(), QString("never"));
    QCOMPARE(table->item(0, 2)->text(), QString("active"));

    // The plain dataset URL and, per link, one URL per layer.
    QCOMPARE(dialog.datasetZarrUrl(), server_.url() + "/data/zarr/" + QString::fromStdString(kPrivateDataset));
    QVERIFY(dialog.selectLink(existing.id));
    QCOMPARE(dialog.layerTable()->rowCount(), 1);
    QCOMPARE(dialog.layerTable()->item(0, 0)->text(), QString("color"));
    QCOMPARE(dialog.layerTable()->item(0, 1)->text(),
             server_.url() + "/data/annotations/zarr/" + QString::fromStdString(existing.accessToken) + "/color");
    auto* copyLayer = qobject_cast<QPushButton*>(dialog.layerTable()->cellWidget(0, 2));
    QVERIFY(copyLayer);
    copyLayer->click();
    QCOMPARE(QGuiApplication::clipboard()->text(), dialog.layerTable()->item(0, 1)->text());
    dialog.findChild<QPushButton*>("copyDatasetUrlButton")->click();
    QCOMPARE(QGuiApplication::clipboard()->text(), dialog.datasetZarrUrl());

    // A new link with the proposed expiry.
    table->clearSelection();
    dialog.setChosenExpiry(ui::ZarrLinksDialog::defaultExpiry());
    QSignalSpy changed(&dialog, &ui::ZarrLinksDialog::linksChanged);
    dialog.createLink();
    QTRY_COMPARE_WITH_TIMEOUT(dialog.links().size(), std::size_t(2), 10000);
    const ZarrPrivateLink created = dialog.links().back();
    QVERIFY(created.expirationDateTime.has_value());
    const qint64 expected = ui::ZarrLinksDialog::defaultExpiry().toMSecsSinceEpoch();
    QVERIFY2(std::abs(*created.expirationDateTime - expected) < 1000,
             qPrintable(QString::number(*created.expirationDateTime - expected)));
    const QDate expiryDate = QDateTime::fromMSecsSinceEpoch(*created.expirationDateTime).date();
    QCOMPARE(expiryDate, QDate::currentDate().addDays(30));
    QVERIFY(openWithoutLogin(created.accessToken).ok());
    auto serverLinks = must(awaitResult<std::vector<ZarrPrivateLink>>([&](auto cb) { a_->zarrPrivateLinks(annotation.id, cb); }),
                            "list");
    QCOMPARE(serverLinks.size(), std::size_t(2));

    // Set the new link's expiry into the past: shown as expired, and the server refuses it.
    QVERIFY(dialog.selectLink(created.id));
    dialog.setChosenExpiry(QDateTime::currentDateTime().addDays(-2));
    dialog.applyExpiryToSelected();
    QTRY_VERIFY_WITH_TIMEOUT(ui::ZarrLinksDialog::isExpired(dialog.links().back()), 10000);
    QCOMPARE(table->item(1, 2)->text(), QString("expired"));
    QCOMPARE(table->item(0, 2)->text(), QString("active"));
    auto refused = openWithoutLogin(created.accessToken);
    QVERIFY(!refused.ok());
    QVERIFY(QString::fromStdString(refused.error().message).contains("Token expired"));
    // "Never" revives it.
    QVERIFY(dialog.selectLink(created.id));
    dialog.findChild<QCheckBox*>("neverExpires")->setChecked(true);
    QVERIFY(!dialog.chosenExpiry().has_value());
    dialog.applyExpiryToSelected();
    QTRY_VERIFY_WITH_TIMEOUT(!dialog.links().back().expirationDateTime.has_value(), 10000);
    QCOMPARE(table->item(1, 2)->text(), QString("active"));
    QVERIFY(openWithoutLogin(created.accessToken).ok());

    // Revoke the first link (after the confirmation): the server answers 404 for it.
    QVERIFY(dialog.selectLink(existing.id));
    confirmations_ = 0;
    dialog.revokeSelected();
    QCOMPARE(confirmations_, 1);
    QTRY_COMPARE_WITH_TIMEOUT(dialog.links().size(), std::size_t(1), 10000);
    QCOMPARE(dialog.links()[0].id, created.id);
    QCOMPARE(table->rowCount(), 1);
    QCOMPARE(classify(openWithoutLogin(existing.accessToken).error()), ErrorKind::NotFound);
    WkClient::ApiCall get;
    get.path = "/zarrPrivateLinks/" + existing.id;
    auto gone = awaitResult<HttpResponse>([&](auto cb) { a_->call(get, cb); });
    QVERIFY(!gone.ok());
    QCOMPARE(gone.error().httpStatus, 404);
  }

  void anotherUsersAnnotationShowsTheServersRefusal() {
    const auto annotation = newAnnotation(*a_, kPublicDataset);
    WkClient b(server_.url().toStdString(), fastClientOptions());
    b.setToken(kTokenB);
    ui::ZarrLinksDialog dialog(&b, annotation.id, {});
    dialog.show();
    QTRY_VERIFY_WITH_TIMEOUT(!dialog.errorText().isEmpty(), 10000);
    QVERIFY2(dialog.errorText().contains("Loading the Zarr links failed: You are not allowed to update this annotation"),
             qPrintable(dialog.errorText()));
    QVERIFY(dialog.errorText().contains("Ask the owner for access"));
    dialog.createLink();
    QTRY_VERIFY_WITH_TIMEOUT(dialog.errorText().contains("Creating the link failed"), 10000);
    QVERIFY(dialog.links().empty());
  }
};

int main(int argc, char** argv) {
  TstServerUiZarrLinks test;
  return skein::test::serverui::runGuiTest(&test, argc, argv);
}
#include "tst_server_ui_zarrlinks.moc"
