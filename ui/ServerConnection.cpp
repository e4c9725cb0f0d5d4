#include "ui/ServerConnection.h"

#include <QDir>
#include <QStandardPaths>
#include <QUrl>

#include "core/client/ApiError.h"

namespace skein::ui {

using namespace skein::client;

QString defaultServerConfigDir() {
  const QByteArray env = qgetenv("SKEIN_CONFIG_DIR");
  if (!env.isEmpty()) return QString::fromLocal8Bit(env);
  return QDir(QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation)).filePath("skein");
}

std::string normalizeServerUrl(const QString& text) {
  QString t = text.trimmed();
  if (t.isEmpty()) return {};
  if (!t.contains(QLatin1String("://"))) t.prepend(QLatin1String("https://"));
  const QUrl url(t, QUrl::StrictMode);
  if (!url.isValid() || (url.scheme() != "http" && url.scheme() != "https") || url.host().isEmpty()) return {};
  std::string out = url.adjusted(QUrl::RemoveQuery | QUrl::RemoveFragment | QUrl::RemoveUserInfo)
                        .toString(QUrl::FullyEncoded)
                        .toStdString();
  while (!out.empty() && out.back() == '/') out.pop_back();
  return out;
}

namespace {

TokenStore::Options storeOptions(const ServerConnectionOptions& o, TokenFallback fallback, bool keychain) {
  TokenStore::Options s;
  s.configDir = o.configDir;
  s.fallback = fallback;
  s.useKeychain = keychain;
  s.keychainTimeoutMs = o.keychainTimeoutMs;
  return s;
}

Error badUrl(const QString& url) {
  return makeError(ErrorCode::InvalidArgument,
                   "\"" + url.toStdString() + "\" is not a server address (expected e.g. https://webknossos.org)");
}

}  // namespace

ServerConnection::ServerConnection(ServerConnectionOptions options, QObject* parent)
    : QObject(parent),
      options_(std::move(options)),
      accounts_(options_.configDir),
      tokens_(storeOptions(options_, TokenFallback::None, options_.useKeychain)) {}

ServerConnection::~ServerConnection() = default;

WkClient& ServerConnection::clientOf(const std::string& url) {
  auto& slot = clients_[url];
  if (!slot) slot = std::make_unique<WkClient>(url, options_.clientOptions, this);
  return *slot;
}

WkClient* ServerConnection::client() { return serverUrl_.empty() ? nullptr : &clientOf(serverUrl_); }

QString ServerConnection::whoText() const {
  if (user_ && active_) {
    const QString name = QString::fromStdString(user_->firstName + " " + user_->lastName).trimmed();
    return tr("%1 <%2> on %3").arg(name, QString::fromStdString(user_->email), serverUrl());
  }
  if (!serverUrl_.empty()) return tr("Not logged in to %1 (public data only)").arg(serverUrl());
  return tr("Not connected to a server");
}

QString ServerConnection::tokenFilePath() const { return QDir(options_.configDir).filePath(QStringLiteral("tokens.json")); }

QString ServerConnection::tokenLocationText(TokenStorage storage, const QString& filePath) {
  switch (storage) {
    case TokenStorage::Keychain: return tr("The token is stored in the system keychain.");
    case TokenStorage::File:
      return tr("The token is stored in %1, a file only you can read (you chose this because no keychain was "
                "available).")
          .arg(filePath);
    case TokenStorage::Memory:
      return tr("The token is kept in memory only: you will need to log in again after restarting Skein.");
  }
  return {};
}

QString ServerConnection::tokenLocationText() const {
  if (!active_) return tr("Not logged in: no token is stored for this server.");
  return tokenLocationText(active_->storage, tokenFilePath());
}

Result<std::vector<AccountEntry>> ServerConnection::accounts() const { return accounts_.list(); }

Result<std::string> ServerConnection::loadToken(const Account& account) {
  auto token = tokens_.load(account);
  if (token.ok()) return token;
  if (auto it = memoryTokens_.find(account.key()); it != memoryTokens_.end()) return it->second;
  return token.error();
}

Result<TokenStorage> ServerConnection::saveToken(const Account& account, const std::string& token) {
  auto saved = tokens_.save(account, token);
  if (saved.ok() || saved.error().code != ErrorCode::Unsupported) return saved;
  std::optional<TokenFallback> choice;
  if (options_.fallback != TokenFallback::None) choice = options_.fallback;
  else if (askFallback_) choice = askFallback_(QString::fromStdString(saved.error().message), tokenFilePath());
  if (!choice || *choice == TokenFallback::None) return saved.error();
  if (*choice == TokenFallback::Memory) {
    memoryTokens_[account.key()] = token;
    return TokenStorage::Memory;
  }
  TokenStore file(storeOptions(options_, TokenFallback::File, false));
  return file.save(account, token);
}

void ServerConnection::useServer(const QString& url) {
  const std::string s = normalizeServerUrl(url);
  if (s.empty()) return;
  serverUrl_ = s;
  clientOf(s).clearToken();
  active_.reset();
  user_.reset();
  emit changed();
}

void ServerConnection::finishLogin(const std::string& url, const std::string& token, StatusCallback done) {
  WkClient& c = clientOf(url);
  c.currentUser([this, url, token, done, &c](Result<User> user) {
    // A failed login must not log the active account on this server out.
    auto restore = [this, url, &c] {
      c.clearToken();
      if (active_ && active_->account.serverUrl == url)
        if (auto previous = loadToken(active_->account); previous.ok()) c.setToken(previous.value());
    };
    if (!user.ok()) {
      restore();
      return done(user.error().withContext("checking the login"));
    }
    const Account account{url, user->email.empty() ? user->id : user->email};
    auto storage = saveToken(account, token);
    if (!storage.ok()) {
      restore();
      return done(storage.error().withContext("storing the token"));
    }
    AccountEntry entry{account, storage.value()};
    if (Status s = accounts_.upsert(entry, true); !s.ok()) return done(s);
    serverUrl_ = url;
    active_ = entry;
    user_ = std::move(user).value();
    emit changed();
    done(Status::success());
  });
}

void ServerConnection::loginWithToken(const QString& url, const QString& token, StatusCallback done) {
  const std::string s = normalizeServerUrl(url);
  if (s.empty()) return done(badUrl(url));
  const std::string t = token.trimmed().toStdString();
  if (t.empty()) return done(makeError(ErrorCode::InvalidArgument, "paste the token shown at <server>/account/token"));
  clientOf(s).setToken(t);
  finishLogin(s, t, std::move(done));
}

void ServerConnection::loginWithPassword(const QString& url, const QString& email, const QString& password,
                                         StatusCallback done) {
  const std::string s = normalizeServerUrl(url);
  if (s.empty()) return done(badUrl(url));
  clientOf(s).login(email.trimmed().toStdString(), password.toStdString(), [this, s, done](Result<std::string> token) {
    if (!token.ok()) return done(token.error());
    finishLogin(s, token.value(), done);
  });
}

void ServerConnection::useAccount(const Account& account, StatusCallback done) {
  auto token = loadToken(account);
  if (!token.ok())
    return done(makeError(ErrorCode::Auth, "no stored token for " + account.user + " on " + account.serverUrl +
                                               ": log in again"));
  WkClient& c = clientOf(account.serverUrl);
  c.setToken(token.value());
  finishLogin(account.serverUrl, token.value(), std::move(done));
}

void ServerConnection::restoreDefault(StatusCallback done) {
  auto account = accounts_.defaultAccount();
  if (!account.ok()) return done(account.error());
  if (!account.value()) return done(Status::success());
  const Account chosen = *account.value();
  useAccount(chosen, [this, chosen, done](Status s) {
    if (!s.ok()) useServer(QString::fromStdString(chosen.serverUrl));
    done(s);
  });
}

void ServerConnection::logout(StatusCallback done) {
  if (!active_ || serverUrl_.empty()) return done(Status::success());
  const Account account = active_->account;
  clientOf(serverUrl_).logout([this, account, done](Status s) {
    (void)tokens_.remove(account);
    memoryTokens_.erase(account.key());
    (void)accounts_.remove(account);
    active_.reset();
    user_.reset();
    emit changed();
    done(s);
  });
}

Status ServerConnection::removeAccount(const Account& account) {
  Status removed = tokens_.remove(account);
  memoryTokens_.erase(account.key());
  SKEIN_TRY(accounts_.remove(account));
  if (active_ && active_->account == account) {
    clientOf(serverUrl_).clearToken();
    active_.reset();
    user_.reset();
    emit changed();
  }
  return removed;
}

WkClient* ServerConnection::clientFor(const QString& serverUrl) {
  const std::string s = normalizeServerUrl(serverUrl);
  if (s.empty()) return nullptr;
  if (s == serverUrl_) return client();
  WkClient& c = clientOf(s);
  if (!c.hasToken()) {
    auto entry = accounts_.findByServer(s);
    if (entry.ok() && entry.value())
      if (auto token = loadToken(entry.value()->account); token.ok()) c.setToken(token.value());
  }
  return &c;
}

}  // namespace skein::ui
