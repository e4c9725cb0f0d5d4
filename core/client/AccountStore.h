#pragma once
// The list of known accounts (server URL + user), which one is the default, and where each token
// is kept — as a small JSON settings file in the config directory. It never contains a token:
// tokens live in the TokenStore.

#include <QString>

#include <optional>
#include <string>
#include <vector>

#include "core/base/Result.h"
#include "core/client/TokenStore.h"

namespace skein::client {

struct AccountEntry {
  Account account;
  TokenStorage storage = TokenStorage::Keychain;
};

class AccountStore {
 public:
  explicit AccountStore(QString configDir);

  Result<std::vector<AccountEntry>> list() const;
  // The default account, or the only one; nullopt when there is none or the choice is ambiguous.
  Result<std::optional<Account>> defaultAccount() const;
  // The account for a server (the default one if several users are known there).
  Result<std::optional<AccountEntry>> findByServer(const std::string& serverUrl) const;
  // Adds or updates the entry; `makeDefault` also makes it the default.
  Status upsert(const AccountEntry& entry, bool makeDefault);
  Status remove(const Account& account);

  QString filePath() const;

 private:
  struct Contents {
    std::vector<AccountEntry> accounts;
    std::optional<Account> defaultAccount;
  };
  Result<Contents> read() const;
  Status write(const Contents& contents) const;

  QString configDir_;
};

}  // namespace skein::client
