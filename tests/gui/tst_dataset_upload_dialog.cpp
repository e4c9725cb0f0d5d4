// Server › Upload dataset… against the real test server: an upload whose connections drop twice
// still completes and the server then knows the dataset; Cancel stops a slow upload and Resume
// finishes it sending only the chunks the server does not have; a folder that is no dataset is
// refused before anything is sent.
#include <QSignalSpy>
#include <QTemporaryDir>

#include "core/client/ApiTypes.h"
#include "tests/gui/GuiTestSupport.h"
#include "tests/gui/tst_server_ui_support.h"
#include "ui/DatasetUploadDialog.h"

using namespace skein;
using namespace skein::client;
using namespace skein::test::serverui;
using skein::test::ServerProcess;

class TstDatasetUploadDialog : public QObject {
  Q_OBJECT
  QTemporaryDir work_;
  QString sample_;

  std::unique_ptr<WkClient> clientOf(const ServerProcess& server) {
    auto c = std::make_unique<WkClient>(server.url().toStdString(), fastClientOptions());
    c->setToken(kTokenA);
    return c;
  }

 private slots:
  void initTestCase() {
    QVERIFY2(QFile::exists(ServerProcess::wkServerPath()), qPrintable("missing " + ServerProcess::wkServerPath()));
    sample_ = work_.filePath("em_upload");
    const QString error = test::createSampleDataset(sample_, 64, 5);
    QVERIFY2(error.isEmpty(), qPrintable(error));
  }

  void completesDespiteDroppedConnections() {
    ServerProcess server;
    QVERIFY(server.startWkServer(
        {"--fault", R"({"method":"POST","path":"^/data/datasets$","action":"drop","after":2,"times":2})"}));
    auto client = clientOf(server);
    ui::DatasetUploadDialog dialog(client.get(), kOrganization);
    QSignalSpy uploaded(&dialog, &ui::DatasetUploadDialog::uploaded);
    dialog.show();
    dialog.setFolder(sample_);
    dialog.startUpload();
    QVERIFY(dialog.running());
    QTRY_VERIFY_WITH_TIMEOUT(!dialog.running(), 60000);
    QVERIFY2(!dialog.uploadedDatasetId().isEmpty(), qPrintable(dialog.statusText()));
    QCOMPARE(uploaded.count(), 1);
    QCOMPARE(dialog.progressPermille(), 1000);
    QVERIFY(!dialog.canResume());
    auto info = awaitResult<DatasetInfo>(
        [&](auto cb) { client->dataset(dialog.uploadedDatasetId().toStdString(), "", cb); });
    QVERIFY2(info.ok(), info.ok() ? "" : info.error().message.c_str());
    QCOMPARE(QString::fromStdString(info->name), QString("em_upload"));
  }

  void cancelThenResumeSendsOnlyWhatIsMissing() {
    ServerProcess server;
    QVERIFY(server.startWkServer(
        {"--fault", R"({"method":"POST","path":"^/data/datasets$","action":"delay","delayMs":150,"times":-1})"}));
    auto client = clientOf(server);
    ui::DatasetUploadDialog dialog(client.get(), kOrganization);
    dialog.show();
    dialog.setFolder(sample_);
    dialog.setDatasetName("resumed_upload");
    dialog.startUpload();
    QTRY_VERIFY_WITH_TIMEOUT(dialog.progressPermille() > 0, 30000);
    dialog.cancelUpload();
    QTRY_VERIFY_WITH_TIMEOUT(!dialog.running(), 30000);
    QVERIFY2(dialog.statusText().contains("cancelled"), qPrintable(dialog.statusText()));
    QVERIFY(dialog.uploadedDatasetId().isEmpty());
    QVERIFY(dialog.canResume());
    const int doneAtCancel = dialog.progressPermille();
    QVERIFY(doneAtCancel > 0 && doneAtCancel < 1000);

    dialog.resumeUpload();
    QTRY_VERIFY_WITH_TIMEOUT(!dialog.running(), 60000);
    QVERIFY2(!dialog.uploadedDatasetId().isEmpty(), qPrintable(dialog.statusText()));
    QVERIFY2(dialog.chunksAlreadyOnServer() > 0, "the resumed upload sent every chunk again");
    QVERIFY(dialog.statusText().contains(dialog.uploadedDatasetId()));
  }

  void refusesAFolderThatIsNoDataset() {
    ServerProcess server;
    QVERIFY(server.startWkServer());
    auto client = clientOf(server);
    ui::DatasetUploadDialog dialog(client.get(), kOrganization);
    dialog.show();
    dialog.setFolder(work_.path());
    dialog.startUpload();
    QVERIFY(!dialog.running());
    QVERIFY2(dialog.statusText().contains("datasource-properties.json"), qPrintable(dialog.statusText()));
  }
};

int main(int argc, char** argv) {
  return skein::test::runGuiTest<TstDatasetUploadDialog>(argc, argv, "tst_dataset_upload_dialog", false);
}
#include "tst_dataset_upload_dialog.moc"
