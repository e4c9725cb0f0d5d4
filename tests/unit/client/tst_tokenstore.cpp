// Token storage: the explicit fallbacks (memory only, a 0600 file) when no keychain is available,
// accounts settings without tokens, and the real keychain (QtKeychain → Secret Service) inside a
// private D-Bus session with an unlocked gnome-keyring (specs/toolchain.md §5), plus the
// "no keychain" report without D-Bus. The keychain cases re-run this test binary in a child
// process with the environment they need.
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <sys/stat.h>

#include "core/client/AccountStore.h"
#include "core/client/TokenStore.h"
#include "tests/support/TestEnv.h"

using namespace skein;
using namespace skein::client;

namespace {

const std::string kToken = "secret-token-0123456789";
const Account kAccount{"https://wk.example.org", "user_a@example.org"};

QByteArray readAll(const QString& path) {
  QFile f(path);
  return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// Runs one test function of this binary in a child with a fresh HOME; `wrapper` prefixes the command.
int runChild(const QString& function, const QStringList& wrapper, const QProcessEnvironment& env, QByteArray* output) {
  QProcess child;
  child.setProcessEnvironment(env);
  child.setProcessChannelMode(QProcess::MergedChannels);
  QStringList args = wrapper;
  args << QCoreApplication::applicationFilePath() << function;
  child.start(args.takeFirst(), args);
  child.waitForFinished(120000);
  *output = child.readAll();
  return child.exitStatus() == QProcess::NormalExit ? child.exitCode() : -1;
}

QProcessEnvironment childEnvironment(const QString& home, const QByteArray& mode) {
  QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
  env.insert("HOME", home);
  env.insert("XDG_DATA_HOME", home + "/.local/share");
  env.insert("XDG_CONFIG_HOME", home + "/.config");
  env.insert("XDG_CACHE_HOME", home + "/.cache");
  env.insert("XDG_RUNTIME_DIR", home + "/run");
  env.insert("SKEIN_KEYCHAIN_CHILD", QString::fromLatin1(mode));
  QDir().mkpath(home + "/run");
  QFile::setPermissions(home + "/run", QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
  return env;
}

TokenStore::Options options(TokenFallback fallback, bool useKeychain, const QString& configDir = {}) {
  TokenStore::Options o;
  o.fallback = fallback;
  o.useKeychain = useKeychain;
  o.configDir = configDir;
  o.keychainTimeoutMs = 5000;
  return o;
}

}  // namespace

class TstTokenStore : public QObject {
  Q_OBJECT
 private slots:
  void withoutKeychainSaveSaysSoAndOffersChoices() {
    TokenStore store(options(TokenFallback::None, false));
    auto r = store.save(kAccount, kToken);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, ErrorCode::Unsupported);
    const QString message = QString::fromStdString(r.error().message);
    QVERIFY(message.contains("no keychain"));
    QVERIFY(message.contains("memory"));
    QVERIFY(message.contains("file"));
    QCOMPARE(store.load(kAccount).error().code, ErrorCode::NotFound);
  }

  void memoryOnlyFallback() {
    TokenStore store(options(TokenFallback::Memory, false));
    QCOMPARE(store.save(kAccount, kToken).value(), TokenStorage::Memory);
    QCOMPARE(store.load(kAccount).value(), kToken);
    const Account other{kAccount.serverUrl, "user_b@example.org"};
    QVERIFY(!store.load(other).ok());  // accounts are kept apart
    QVERIFY(store.remove(kAccount).ok());
    QVERIFY(!store.load(kAccount).ok());
    QVERIFY(!store.save(kAccount, "").ok());
  }

  void privateFileFallback() {
    QTemporaryDir dir;
    const QString config = dir.filePath("skein");
    TokenStore store(options(TokenFallback::File, false, config));
    QCOMPARE(store.save(kAccount, kToken).value(), TokenStorage::File);
    const Account other{"http://localhost:9000", "user_b@example.org"};
    QCOMPARE(store.save(other, "other-token").value(), TokenStorage::File);
    const QString file = config + "/tokens.json";
    struct stat st {};
    QCOMPARE(::stat(QFile::encodeName(file).constData(), &st), 0);
    QCOMPARE(st.st_mode & 0777, mode_t(0600));
    QCOMPARE(store.load(kAccount).value(), kToken);
    QCOMPARE(store.load(other).value(), std::string("other-token"));

    // A new store (another process) finds it; a file others can read is refused.
    TokenStore again(options(TokenFallback::File, false, config));
    QCOMPARE(again.load(kAccount).value(), kToken);
    ::chmod(QFile::encodeName(file).constData(), 0644);
    auto refused = again.load(kAccount);
    QVERIFY(!refused.ok());
    QVERIFY(QString::fromStdString(refused.error().message).contains("0600"));
    ::chmod(QFile::encodeName(file).constData(), 0600);

    QVERIFY(again.remove(kAccount).ok());
    QVERIFY(!again.load(kAccount).ok());
    QVERIFY(!readAll(file).contains(QByteArray::fromStdString(kToken)));
    QVERIFY(readAll(file).contains("other-token"));
  }

  void accountSettingsNeverHoldTokens() {
    QTemporaryDir dir;
    AccountStore accounts(dir.path());
    TokenStore tokens(options(TokenFallback::File, false, dir.path()));
    const auto storage = tokens.save(kAccount, kToken).value();
    QVERIFY(accounts.upsert({kAccount, storage}, true).ok());
    const Account b{"http://localhost:9000", "b"};
    QVERIFY(accounts.upsert({b, TokenStorage::Memory}, false).ok());
    QCOMPARE(accounts.list().value().size(), std::size_t(2));
    QCOMPARE(accounts.defaultAccount().value()->user, kAccount.user);
    QCOMPARE(accounts.findByServer("http://localhost:9000").value()->storage, TokenStorage::Memory);
    QVERIFY(!accounts.findByServer("http://nowhere").value().has_value());
    const QByteArray settings = readAll(accounts.filePath());
    QVERIFY(settings.contains("user_a@example.org"));
    QVERIFY(!settings.contains(QByteArray::fromStdString(kToken)));
    QVERIFY(accounts.remove(kAccount).ok());
    QCOMPARE(accounts.defaultAccount().value()->user, std::string("b"));  // the only one left
  }

  // In a private D-Bus session with an unlocked gnome-keyring, the token goes to the keychain and
  // nowhere else. This function re-runs itself under dbus-run-session (toolchain.md §5).
  void keychainInPrivateSession() {
    if (qgetenv("SKEIN_KEYCHAIN_CHILD") == "keyring") {
      QTemporaryDir config;
      TokenStore store(options(TokenFallback::File, true, config.path()));
      QVERIFY2(store.probeKeychain().ok(), store.probeKeychain().ok() ? "" : store.probeKeychain().error().message.c_str());
      auto saved = store.save(kAccount, kToken);
      QVERIFY2(saved.ok(), saved.ok() ? "" : saved.error().message.c_str());
      QCOMPARE(saved.value(), TokenStorage::Keychain);
      QVERIFY(!QFile::exists(config.filePath("tokens.json")));  // no plain-text copy
      TokenStore fresh(options(TokenFallback::None, true, config.path()));
      QCOMPARE(fresh.load(kAccount).value(), kToken);
      QVERIFY(!fresh.load({kAccount.serverUrl, "someone else"}).ok());
      QVERIFY(fresh.remove(kAccount).ok());
      QVERIFY(!fresh.load(kAccount).ok());
      return;
    }
    const QString dbus = skein::test::findProgram("dbus-run-session");
    const QString keyring = skein::test::findProgram("gnome-keyring-daemon");
    QVERIFY2(!dbus.isEmpty() && !keyring.isEmpty(), "dbus-run-session and gnome-keyring-daemon are needed");
    QTemporaryDir home;
    QByteArray output;
    const int code = runChild("keychainInPrivateSession",
                              {dbus, "--", "bash", "-c",
                               "eval \"$(printf test-password | gnome-keyring-daemon --unlock --components=secrets)\"; "
                               "export GNOME_KEYRING_CONTROL; exec \"$@\"",
                               "_"},
                              childEnvironment(home.path(), "keyring"), &output);
    QVERIFY2(code == 0, output.constData());
    QVERIFY2(output.contains("Totals: 3 passed"), output.constData());
  }

  // Without D-Bus (a headless machine) the keychain is unavailable and save() says so.
  void keychainUnavailableWithoutDbus() {
    if (qgetenv("SKEIN_KEYCHAIN_CHILD") == "nodbus") {
      TokenStore store(options(TokenFallback::None, true));
      QVERIFY(!store.probeKeychain().ok());
      auto r = store.save(kAccount, kToken);
      QVERIFY(!r.ok());
      QCOMPARE(r.error().code, ErrorCode::Unsupported);
      QVERIFY(QString::fromStdString(r.error().message).contains("no keychain available"));
      return;
    }
    QTemporaryDir home;
    QProcessEnvironment env = childEnvironment(home.path(), "nodbus");
    env.remove("DBUS_SESSION_BUS_ADDRESS");
    env.remove("DISPLAY");
    env.remove("WAYLAND_DISPLAY");
    QByteArray output;
    const int code = runChild("keychainUnavailableWithoutDbus", {skein::test::findProgram("env")}, env, &output);
    QVERIFY2(code == 0, output.constData());
    QVERIFY2(output.contains("Totals: 3 passed"), output.constData());
  }
};

QTEST_GUILESS_MAIN(TstTokenStore)
#include "tst_tokenstore.moc"
