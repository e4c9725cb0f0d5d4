#pragma once
// The GUI's link to webKnossos servers: which server and account are active, one WkClient per
// server (kept for the whole session so that no pending answer is lost), login with a token or
// e-mail and password, logout, and where each token is kept (keychain first; when there is none,
// the user chooses memory only or a file only they can read — nothing is stored silently in plain
// text). Accounts are listed in <configDir>/accounts.json, which never holds a token.

#include <QObject>
#include <QString>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/client/AccountStore.h"
#include "core/client/Callbacks.h"
#include "core/client/TokenStore.h"
#include "core/client/WkClient.h"

namespace skein::ui {

struct ServerConnectionOptions {
  QString configDir;  // accounts.json, and tokens.json when the user picks the file fallback
  bool useKeychain = true;
  int keychainTimeoutMs = 5000;
  // What to do when no keychain is available. None: ask (see setFallbackQuestion); without a
  // question the login fails with the keychain problem.
  client::TokenFallback fallback = client::TokenFallback::None;
  client::WkClientOptions clientOptions;
};

// "$SKEIN_CONFIG_DIR", else ~/.config/skein (the same place skeinctl uses).
QString defaultServerConfigDir();
// "http://host:port/prefix" without a trailing slash ("https://" is assumed when no scheme is
// given); empty when the text is not an http(s) URL.
std::string normalizeServerUrl(const QString& url);

class ServerConnection : public QObject {
  Q_OBJECT
 public:
  // Asked when no keychain is available: `problem` says why; `filePath` is where the file fallback
  // would write. nullopt: the user declined both.
  using FallbackQuestion =
      std::function<std::optional<client::TokenFallback>(const QString& problem, const QString& filePath)>;

  explicit ServerConnection(ServerConnectionOptions options, QObject* parent = nullptr);
  ~ServerConnection() override;

  void setFallbackQuestion(FallbackQuestion question) { askFallback_ = std::move(question); }

  // The active server's client; nullptr before any server was chosen.
  client::WkClient* client();
  QString serverUrl() const { return QString::fromStdString(serverUrl_); }
  bool loggedIn() const { return active_.has_value(); }
  const std::optional<client::User>& user() const { return user_; }
  const std::optional<client::AccountEntry>& activeAccount() const { return active_; }
  // "user_A last_A <user_a@example.org> on http://…", or "Not logged in (http://…)".
  QString whoText() const;
  // Where the active account's token is kept, as a sentence for the user.
  QString tokenLocationText() const;
  static QString tokenLocationText(client::TokenStorage storage, const QString& filePath);
  QString tokenFilePath() const;

  Result<std::vector<client::AccountEntry>> accounts() const;

  // At start: the default account (token from the store, checked with /api/user); nothing when
  // there is none. A token that no longer works leaves the server active but anonymous.
  void restoreDefault(client::StatusCallback done);
  // Uses a server without logging in (public datasets and annotations).
  void useServer(const QString& url);
  void useAccount(const client::Account& account, client::StatusCallback done);
  void loginWithToken(const QString& url, const QString& token, client::StatusCallback done);
  void loginWithPassword(const QString& url, const QString& email, const QString& password,
                         client::StatusCallback done);
  // Logs the active account out: tells the server, forgets the token everywhere, removes the entry.
  void logout(client::StatusCallback done);
  Status removeAccount(const client::Account& account);

  // The client for a server a link points to: the same object as client() when it is the active
  // server, else one that uses the saved account for that server, else an anonymous one.
  client::WkClient* clientFor(const QString& serverUrl);

 signals:
  void changed();  // active server, account or user changed

 private:
  client::WkClient& clientOf(const std::string& url);
  Result<std::string> loadToken(const client::Account& account);
  Result<client::TokenStorage> saveToken(const client::Account& account, const std::string& token);
  void finishLogin(const std::string& url, const std::string& token, client::StatusCallback done);

  ServerConnectionOptions options_;
  client::AccountStore accounts_;
  client::TokenStore tokens_;
  std::map<std::string, std::string> memoryTokens_;  // the "memory only" choice
  std::map<std::string, std::unique_ptr<client::WkClient>> clients_;
  std::string serverUrl_;
  std::optional<client::AccountEntry> active_;
  std::optional<client::User> user_;
  FallbackQuestion askFallback_;
};

}  // namespace skein::ui
