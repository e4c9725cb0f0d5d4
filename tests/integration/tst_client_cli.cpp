// skeinctl's server commands (docs/cli-server.md) against the test server: login with explicit
// file storage, SKEIN_TOKEN, JSON output, dataset and annotation commands, Zarr links, share link
// parsing, and the exit codes (2 usage, 3 auth, 4 not found, 5 server).
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <sys/stat.h>

#include "tests/servers/ServerProcess.h"
#include "tests/support/TestEnv.h"

using skein::test::ServerProcess;

namespace {

const QByteArray kTokenA = "token-user-a-0123456789abcdef";
const QString kPrivateDataset = "69a0c7fbd10000c2de2cc07d";

struct Run {
  int code = -1;
  QByteArray out, err;
};

}  // namespace

class TstClientCli : public QObject {
  Q_OBJECT
  ServerProcess server_;
  QTemporaryDir config_;

  Run skeinctl(const QStringList& args, const QByteArray& stdinText = {}, const QByteArray& token = {}) {
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("SKEIN_CONFIG_DIR", config_.path());
    env.remove("SKEIN_TOKEN");
    env.remove("DBUS_SESSION_BUS_ADDRESS");  // no keychain here: storage must be chosen explicitly
    if (!token.isEmpty()) env.insert("SKEIN_TOKEN", token);
    p.setProcessEnvironment(env);
    p.start(skein::test::skeinctlPath(), args);
    p.waitForStarted();
    p.write(stdinText);
    p.closeWriteChannel();
    p.waitForFinished(60000);
    return {p.exitCode(), p.readAllStandardOutput(), p.readAllStandardError()};
  }
  QStringList s(const QStringList& args) { return args + QStringList{"--server", server_.url()}; }

 private slots:
  void initTestCase() {
    QVERIFY2(QFile::exists(skein::test::skeinctlPath()), qPrintable("missing " + skein::test::skeinctlPath()));
    QVERIFY2(server_.startWkServer(), qPrintable(server_.error()));
  }

  void usageAndLinkParsing() {
    QCOMPARE(skeinctl({"dataset", "show"}).code, 2);
    QCOMPARE(skeinctl({"datasets", "list", "--bogus"}).code, 2);
    QCOMPARE(skeinctl({"link", "parse", "https://wk.org/nothing"}).code, 2);
    Run r = skeinctl({"link", "parse", "https://wk.org/datasets/l4-59e9cfbdba632ac2ab8b23b5/view?token=T#1,2,3,0,1.5"});
    QCOMPARE(r.code, 0);
    const QJsonObject j = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(j["kind"].toString(), QString("dataset"));
    QCOMPARE(j["datasetId"].toString(), QString("59e9cfbdba632ac2ab8b23b5"));
    QCOMPARE(j["view"].toObject()["zoomStep"].toDouble(), 1.5);
  }

  void withoutLoginAuthErrorsButPublicListWorks() {
    QCOMPARE(skeinctl(s({"server", "whoami"})).code, 3);
    Run list = skeinctl(s({"datasets", "list", "--json"}));
    QCOMPARE(list.code, 0);
    QCOMPARE(QJsonDocument::fromJson(list.out).array().size(), 1);  // only the public dataset
    QCOMPARE(skeinctl(s({"server", "whoami"}), {}, "wrong-token").code, 3);
  }

  void loginStoresTokenInPrivateFileAndNeverPrintsIt() {
    Run refused = skeinctl(s({"server", "login", "--email", "user_a@example.org", "--password-stdin"}), "secret\n");
    QCOMPARE(refused.code, 1);  // no keychain here and no explicit choice
    QVERIFY(refused.err.contains("--token-storage file"));

    Run bad = skeinctl(s({"server", "login", "--email", "user_a@example.org", "--password-stdin", "--token-storage", "file"}), "nope\n");
    QVERIFY(bad.code != 0);

    Run r = skeinctl(s({"server", "login", "--email", "user_a@example.org", "--password-stdin", "--token-storage", "file"}), "secret\n");
    QVERIFY2(r.code == 0, r.err.constData());
    QVERIFY(r.out.contains("token kept in: file"));
    QVERIFY(!r.out.contains(kTokenA) && !r.err.contains(kTokenA));
    struct stat st {};
    QCOMPARE(::stat(QFile::encodeName(config_.filePath("tokens.json")).constData(), &st), 0);
    QCOMPARE(st.st_mode & 0777, mode_t(0600));
    QFile accounts(config_.filePath("accounts.json"));
    QVERIFY(accounts.open(QIODevice::ReadOnly));
    QVERIFY(!accounts.readAll().contains(kTokenA));

    // The default account needs no --server.
    Run who = skeinctl({"server", "whoami", "--json"});
    QVERIFY2(who.code == 0, who.err.constData());
    QCOMPARE(QJsonDocument::fromJson(who.out).object()["email"].toString(), QString("user_a@example.org"));
  }

  void datasetCommands() {
    Run list = skeinctl({"datasets", "list", "--json"});
    QCOMPARE(list.code, 0);
    QCOMPARE(QJsonDocument::fromJson(list.out).array().size(), 2);
    QCOMPARE(skeinctl({"dataset", "show", "000000000000000000000000"}).code, 4);
    Run show = skeinctl({"dataset", "show", kPrivateDataset, "--json"});
    QCOMPARE(show.code, 0);
    QCOMPARE(QJsonDocument::fromJson(show.out).object()["isPublic"].toBool(), false);
    Run set = skeinctl({"dataset", "set", kPrivateDataset, "--description", "from the CLI", "--teams", "team_X1,team_X3"});
    QVERIFY2(set.code == 0, set.err.constData());
    QVERIFY(set.out.contains("team_X3"));
    QCOMPARE(skeinctl({"dataset", "set", kPrivateDataset, "--teams", "no_such_team"}).code, 4);
    Run token = skeinctl({"dataset", "sharing-token", kPrivateDataset});
    QCOMPARE(token.code, 0);
    QVERIFY(token.out.trimmed().size() > 10);
    QCOMPARE(skeinctl({"dataset", "sharing-token", kPrivateDataset, "--revoke"}).code, 0);
    QCOMPARE(skeinctl({"dataset", "set", kPrivateDataset, "--public", "maybe"}).code, 2);
  }

  void annotationCommandsAndZarrLinks() {
    Run up = skeinctl({"annotation", "upload", skein::test::fixture("webknossos/nml__testdata_nmls__test_a.nml"),
                       "--dataset", kPrivateDataset});
    QVERIFY2(up.code == 0, up.err.constData());
    const QString id = QString::fromUtf8(up.out.trimmed());
    QCOMPARE(id.size(), 24);

    Run pub = skeinctl({"annotation", "set", id, "--visibility", "public"});
    QVERIFY2(pub.code == 0, pub.err.constData());
    QVERIFY2(pub.err.contains("warning: the annotation is public but its dataset"), pub.err.constData());
    QVERIFY(pub.err.contains("sharing-token"));

    Run list = skeinctl({"annotations", "list", "--json"});
    QCOMPARE(list.code, 0);
    QVERIFY(list.out.contains(id.toUtf8()));

    QTemporaryDir out;
    Run dl = skeinctl({"annotation", "download", id, "-o", out.filePath("a.nml")});
    QVERIFY2(dl.code == 0, dl.err.constData());
    QFile original(skein::test::fixture("webknossos/nml__testdata_nmls__test_a.nml")), copy(out.filePath("a.nml"));
    QVERIFY(original.open(QIODevice::ReadOnly) && copy.open(QIODevice::ReadOnly));
    QCOMPARE(copy.readAll(), original.readAll());

    Run dup = skeinctl({"annotation", "duplicate", id});
    QCOMPARE(dup.code, 0);
    QVERIFY(dup.out.trimmed() != id.toUtf8());

    Run created = skeinctl({"zarr-links", "create", id, "--expires", "2099-12-31", "--json"});
    QVERIFY2(created.code == 0, created.err.constData());
    const QJsonObject link = QJsonDocument::fromJson(created.out).object();
    const QString linkId = link["id"].toString();
    QVERIFY(link["expirationDateTime"].toDouble() > 4e12);
    QVERIFY(link["urls"].toArray().first().toString().contains("/data/annotations/zarr/" + link["accessToken"].toString()));
    QCOMPARE(skeinctl({"zarr-links", "set-expiry", linkId, "never"}).code, 0);
    Run links = skeinctl({"zarr-links", "list", id, "--json"});
    QCOMPARE(QJsonDocument::fromJson(links.out).array().first().toObject()["expirationDateTime"].isNull(), true);
    QCOMPARE(skeinctl({"zarr-links", "set-expiry", linkId, "someday"}).code, 2);
    QCOMPARE(skeinctl({"zarr-links", "revoke", linkId}).code, 0);
    QCOMPARE(skeinctl({"zarr-links", "revoke", linkId}).code, 4);
  }

  // `dataset upload`: finds the datastore via /api/datastores, survives dropped connections, and
  // the new dataset is then known to the server; a folder that is no dataset is refused.
  void datasetUploadFromTheCli() {
    QTemporaryDir work;
    const QString sample = work.filePath("cli_upload");
    const Run created = skeinctl({"sample", "create", sample, "--size", "64", "--format", "zarr"});
    QVERIFY2(created.code == 0, created.err.constData());
    ServerProcess dropping;
    QVERIFY(dropping.startWkServer(
        {"--fault", R"({"method":"POST","path":"^/data/datasets$","action":"drop","after":2,"times":2})"}));
    const QStringList login{"--server", dropping.url()};
    Run up = skeinctl(QStringList{"dataset", "upload", sample, "--name", "cli_upload", "--json"} + login, {}, kTokenA);
    QVERIFY2(up.code == 0, up.err.constData());
    const QJsonObject result = QJsonDocument::fromJson(up.out).object();
    const QString id = result["datasetId"].toString();
    QVERIFY(!id.isEmpty());
    QVERIFY2(result["retries"].toInt() >= 1, up.out.constData());  // dropped chunks were sent again
    QVERIFY(result["bytes"].toDouble() > 64 * 64 * 64);
    QVERIFY(up.err.contains("uploaded"));  // progress lines on stderr
    QVERIFY(!up.err.contains(kTokenA));
    Run show = skeinctl(QStringList{"dataset", "show", id, "--json"} + login, {}, kTokenA);
    QVERIFY2(show.code == 0, show.err.constData());
    QCOMPARE(QJsonDocument::fromJson(show.out).object()["name"].toString(), QString("cli_upload"));

    QCOMPARE(skeinctl(QStringList{"dataset", "upload", work.filePath("missing")} + login, {}, kTokenA).code, 4);
    QCOMPARE(skeinctl(QStringList{"dataset", "upload", sample} + login).code, 3);  // not logged in
  }

  void serverErrorsExitWith5() {
    ServerProcess failing;
    QVERIFY(failing.startWkServer({"--fault", R"({"method":"GET","path":"/teams$","action":"status","status":500,"times":-1})"}));
    Run r = skeinctl({"dataset", "set", kPrivateDataset, "--teams", "team_X1", "--server", failing.url()}, {}, kTokenA);
    QCOMPARE(r.code, 5);
    QVERIFY(r.err.contains("HTTP 500"));
    QVERIFY(!r.err.contains(kTokenA));
  }

  void logoutForgetsTheToken() {
    QCOMPARE(skeinctl({"server", "logout"}).code, 0);
    QFile tokens(config_.filePath("tokens.json"));
    QVERIFY(tokens.open(QIODevice::ReadOnly));
    QVERIFY(!tokens.readAll().contains(kTokenA));
    QCOMPARE(skeinctl(s({"server", "whoami"})).code, 3);
    QCOMPARE(skeinctl(s({"server", "whoami"}), {}, kTokenA).code, 0);  // SKEIN_TOKEN still works
  }
};

QTEST_GUILESS_MAIN(TstClientCli)
#include "tst_client_cli.moc"
