#include "core/client/TokenStore.h"

#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QTimer>

#include <memory>

#include <nlohmann/json.hpp>
#include <qt6keychain/keychain.h>

#ifdef Q_OS_UNIX
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

#include "core/client/Logging.h"

namespace skein::client {

namespace {

struct JobOutcome {
  bool finished = false;
  QKeychain::Error error = QKeychain::NoError;
  QString errorString;
  QString text;
};

// Runs a QtKeychain job to completion (or timeout) in a local event loop. The job deletes itself,
// so a timed-out job that finishes later touches only the shared outcome.
std::shared_ptr<JobOutcome> runJob(QKeychain::Job* job, int timeoutMs) {
  auto outcome = std::make_shared<JobOutcome>();
  QEventLoop loop;
  job->setAutoDelete(true);
  job->setInsecureFallback(false);
  QObject::connect(job, &QKeychain::Job::finished, [outcome, &loop, job](QKeychain::Job*) {
    outcome->finished = true;
    outcome->error = job->error();
    outcome->errorString = job->errorString();
    if (auto* read = qobject_cast<QKeychain::ReadPasswordJob*>(job)) outcome->text = read->textData();
    loop.quit();
  });
  QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
  job->start();
  if (!outcome->finished) loop.exec();
  if (!outcome->finished) {
    // Detach: the lambda above must not touch the (gone) loop when the job finishes later.
    QObject::disconnect(job, &QKeychain::Job::finished, nullptr, nullptr);
    outcome->error = QKeychain::OtherError;
    outcome->errorString = QStringLiteral("the keychain did not answer in time");
  }
  return outcome;
}

Error keychainError(const JobOutcome& o, const std::string& what) {
  const ErrorCode code = o.error == QKeychain::EntryNotFound ? ErrorCode::NotFound : ErrorCode::Unsupported;
  return makeError(code, "keychain " + what + ": " +
                             (o.errorString.isEmpty() ? std::string("error ") + std::to_string(int(o.error))
                                                      : o.errorString.toStdString()));
}

}  // namespace

const char* tokenStorageName(TokenStorage storage) {
  switch (storage) {
    case TokenStorage::Keychain: return "keychain";
    case TokenStorage::File: return "file";
    case TokenStorage::Memory: return "memory";
  }
  return "memory";
}

TokenStore::TokenStore(Options options) : options_(std::move(options)) {}

Status TokenStore::keychainWrite(const std::string& key, const std::string& token) {
  auto* job = new QKeychain::WritePasswordJob(options_.service);
  job->setKey(QString::fromStdString(key));
  job->setTextData(QString::fromStdString(token));
  auto outcome = runJob(job, options_.keychainTimeoutMs);
  if (outcome->error != QKeychain::NoError) return keychainError(*outcome, "write");
  return Status::success();
}

Result<std::string> TokenStore::keychainRead(const std::string& key) {
  auto* job = new QKeychain::ReadPasswordJob(options_.service);
  job->setKey(QString::fromStdString(key));
  auto outcome = runJob(job, options_.keychainTimeoutMs);
  if (outcome->error != QKeychain::NoError) return keychainError(*outcome, "read");
  return outcome->text.toStdString();
}

Status TokenStore::keychainDelete(const std::string& key) {
  auto* job = new QKeychain::DeletePasswordJob(options_.service);
  job->setKey(QString::fromStdString(key));
  auto outcome = runJob(job, options_.keychainTimeoutMs);
  if (outcome->error != QKeychain::NoError && outcome->error != QKeychain::EntryNotFound)
    return keychainError(*outcome, "delete");
  return Status::success();
}

Status TokenStore::probeKeychain() {
  if (!options_.useKeychain) return makeError(ErrorCode::Unsupported, "the keychain is switched off");
  const std::string key = "skein-keychain-probe";
  SKEIN_TRY(keychainWrite(key, "probe"));
  auto back = keychainRead(key);
  (void)keychainDelete(key);
  if (!back.ok()) return back.error();
  if (back.value() != "probe") return makeError(ErrorCode::Unsupported, "keychain probe: read back a different value");
  return Status::success();
}

Result<TokenStorage> TokenStore::save(const Account& account, const std::string& token) {
  if (token.empty()) return makeError(ErrorCode::InvalidArgument, "refusing to store an empty token");
  std::string keychainProblem = "the keychain is switched off";
  if (options_.useKeychain) {
    Status written = keychainWrite(account.key(), token);
    if (written.ok()) {
      // A stale copy elsewhere must not outlive the keychain entry.
      memory_.erase(account.key());
      if (!options_.configDir.isEmpty() && QFileInfo::exists(tokenFilePath())) {
        auto tokens = readTokenFile();
        if (tokens.ok() && tokens->erase(account.key())) (void)writeTokenFile(tokens.value());
      }
      return TokenStorage::Keychain;
    }
    keychainProblem = written.error().message;
    qCInfo(lcClient) << "keychain unavailable:" << QString::fromStdString(keychainProblem);
  }
  switch (options_.fallback) {
    case TokenFallback::Memory:
      memory_[account.key()] = token;
      return TokenStorage::Memory;
    case TokenFallback::File: {
      if (options_.configDir.isEmpty())
        return makeError(ErrorCode::InvalidArgument, "file token storage needs a config directory");
      auto tokens = QFileInfo::exists(tokenFilePath()) ? readTokenFile() : std::map<std::string, std::string>{};
      if (!tokens.ok()) return tokens.error();
      tokens.value()[account.key()] = token;
      SKEIN_TRY(writeTokenFile(tokens.value()));
      return TokenStorage::File;
    }
    case TokenFallback::None:
      break;
  }
  return makeError(ErrorCode::Unsupported,
                   "no keychain available (" + keychainProblem +
                       "); choose explicitly to keep the token in memory only, or in a file readable only by you");
}

Result<std::string> TokenStore::load(const Account& account) {
  if (options_.useKeychain) {
    auto fromKeychain = keychainRead(account.key());
    if (fromKeychain.ok()) return fromKeychain;
  }
  if (!options_.configDir.isEmpty() && QFileInfo::exists(tokenFilePath())) {
    auto tokens = readTokenFile();
    if (!tokens.ok()) return tokens.error();
    if (auto it = tokens->find(account.key()); it != tokens->end()) return it->second;
  }
  if (auto it = memory_.find(account.key()); it != memory_.end()) return it->second;
  return makeError(ErrorCode::NotFound, "no stored token for " + account.user + " on " + account.serverUrl);
}

Status TokenStore::remove(const Account& account) {
  memory_.erase(account.key());
  Status result;
  if (options_.useKeychain) {
    Status deleted = keychainDelete(account.key());
    // Without a keychain there is nothing to delete there.
    if (!deleted.ok() && deleted.error().code != ErrorCode::Unsupported) result = deleted;
  }
  if (!options_.configDir.isEmpty() && QFileInfo::exists(tokenFilePath())) {
    auto tokens = readTokenFile();
    if (!tokens.ok()) return tokens.error();
    if (tokens->erase(account.key())) SKEIN_TRY(writeTokenFile(tokens.value()));
  }
  return result;
}

QString TokenStore::tokenFilePath() const { return QDir(options_.configDir).filePath(QStringLiteral("tokens.json")); }

Result<std::map<std::string, std::string>> TokenStore::readTokenFile() const {
  const QString path = tokenFilePath();
#ifdef Q_OS_UNIX
  struct stat st {};
  if (::lstat(QFile::encodeName(path).constData(), &st) != 0)
    return makeError(ErrorCode::Io, "cannot read " + path.toStdString());
  if (!S_ISREG(st.st_mode) || st.st_uid != ::getuid() || (st.st_mode & 077) != 0)
    return makeError(ErrorCode::Io, path.toStdString() +
                                        " is not a private file of this user (expected mode 0600); refusing to use it");
#endif
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly)) return makeError(ErrorCode::Io, "cannot read " + path.toStdString());
  const QByteArray text = file.read(1 << 20);
  const auto j = nlohmann::json::parse(text.constData(), text.constData() + text.size(), nullptr, false);
  if (j.is_discarded() || !j.is_object())
    return makeError(ErrorCode::InvalidData, path.toStdString() + ": expected a JSON object of tokens");
  std::map<std::string, std::string> tokens;
  for (const auto& [key, value] : j.items())
    if (value.is_string()) tokens[key] = value.get<std::string>();
  return tokens;
}

Status TokenStore::writeTokenFile(const std::map<std::string, std::string>& tokens) const {
  if (!QDir().mkpath(options_.configDir))
    return makeError(ErrorCode::Io, "cannot create " + options_.configDir.toStdString());
  const QString path = tokenFilePath();
  const QString temp = path + QStringLiteral(".tmp");
  const std::string text = nlohmann::json(tokens).dump();
#ifdef Q_OS_UNIX
  ::chmod(QFile::encodeName(options_.configDir).constData(), 0700);
  const QByteArray tempName = QFile::encodeName(temp);
  ::unlink(tempName.constData());
  // Created 0600 from the start: the token is never readable by others, not even briefly.
  const int fd = ::open(tempName.constData(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) return makeError(ErrorCode::Io, "cannot write " + temp.toStdString());
  bool ok = ::fchmod(fd, 0600) == 0;
  std::size_t written = 0;
  while (ok && written < text.size()) {
    const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    if (n <= 0) ok = false;
    else written += static_cast<std::size_t>(n);
  }
  ok = ok && ::fsync(fd) == 0;
  ok = (::close(fd) == 0) && ok;
  if (!ok || ::rename(tempName.constData(), QFile::encodeName(path).constData()) != 0) {
    ::unlink(tempName.constData());
    return makeError(ErrorCode::Io, "cannot write " + path.toStdString());
  }
#else
  QFile file(temp);
  if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) return makeError(ErrorCode::Io, "cannot write " + temp.toStdString());
  file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
  file.write(text.data(), static_cast<qint64>(text.size()));
  file.close();
  QFile::remove(path);
  if (!QFile::rename(temp, path)) return makeError(ErrorCode::Io, "cannot write " + path.toStdString());
#endif
  return Status::success();
}

}  // namespace skein::client
