#pragma once
// Where personal tokens live: the OS keychain through QtKeychain first. QtKeychain's own
// "insecure fallback" is not used (it silently writes plain text, and only on the KWallet path —
// specs/toolchain.md §5). When no keychain is available, save() reports that, and the caller must
// choose explicitly: keep the token in memory only, or in a file that only the user can read
// (mode 0600 in a config directory the caller names). Several accounts (server URL + user) are kept
// apart. Settings files never hold tokens (see AccountStore).
//
// The keychain calls block in a local event loop (QtKeychain jobs are asynchronous); they need a
// Q(Core)Application.

#include <QString>

#include <map>
#include <string>

#include "core/base/Result.h"

namespace skein::client {

struct Account {
  std::string serverUrl;  // without trailing slash
  std::string user;       // e-mail or user id
  std::string key() const { return serverUrl + " " + user; }
  friend bool operator==(const Account&, const Account&) = default;
};

enum class TokenStorage { Keychain, File, Memory };
const char* tokenStorageName(TokenStorage storage);  // "keychain", "file", "memory"

// What to do when the keychain is unavailable. None: fail and say so.
enum class TokenFallback { None, Memory, File };

class TokenStore {
 public:
  struct Options {
    QString service = QStringLiteral("org.skein.client");
    QString configDir;  // holds tokens.json (0600) for TokenFallback::File
    TokenFallback fallback = TokenFallback::None;
    bool useKeychain = true;
    int keychainTimeoutMs = 10000;
  };

  explicit TokenStore(Options options);

  // Stores the token and says where it went. With no keychain and fallback None, the error
  // (code Unsupported) names the reason and the two explicit choices.
  Result<TokenStorage> save(const Account& account, const std::string& token);
  // Keychain first, then the token file, then memory. NotFound when none has it.
  Result<std::string> load(const Account& account);
  // Removes the token from every place it may be in.
  Status remove(const Account& account);

  // Whether the keychain works here: writes, reads back and deletes a probe entry.
  Status probeKeychain();

  const Options& options() const { return options_; }

 private:
  Status keychainWrite(const std::string& key, const std::string& token);
  Result<std::string> keychainRead(const std::string& key);
  Status keychainDelete(const std::string& key);
  QString tokenFilePath() const;
  Result<std::map<std::string, std::string>> readTokenFile() const;
  Status writeTokenFile(const std::map<std::string, std::string>& tokens) const;

  Options options_;
  std::map<std::string, std::string> memory_;
};

}  // namespace skein::client
