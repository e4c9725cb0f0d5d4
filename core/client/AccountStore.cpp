#include "core/client/AccountStore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include <algorithm>

#include <nlohmann/json.hpp>

namespace skein::client {

using nlohmann::json;

namespace {

std::optional<TokenStorage> storageFromName(const std::string& name) {
  for (TokenStorage s : {TokenStorage::Keychain, TokenStorage::File, TokenStorage::Memory})
    if (name == tokenStorageName(s)) return s;
  return std::nullopt;
}

json accountJson(const Account& a) { return {{"serverUrl", a.serverUrl}, {"user", a.user}}; }

}  // namespace

AccountStore::AccountStore(QString configDir) : configDir_(std::move(configDir)) {}

QString AccountStore::filePath() const { return QDir(configDir_).filePath(QStringLiteral("accounts.json")); }

Result<AccountStore::Contents> AccountStore::read() const {
  Contents contents;
  QFile file(filePath());
  if (!file.exists()) return contents;
  if (!file.open(QIODevice::ReadOnly)) return makeError(ErrorCode::Io, "cannot read " + filePath().toStdString());
  const QByteArray text = file.read(1 << 20);
  const json j = json::parse(text.constData(), text.constData() + text.size(), nullptr, false);
  const std::string where = filePath().toStdString();
  if (j.is_discarded() || !j.is_object() || !j.value("accounts", json::array()).is_array())
    return makeError(ErrorCode::InvalidData, where + ": expected {\"accounts\": [...]}");
  try {
    for (const json& e : j.value("accounts", json::array())) {
      AccountEntry entry;
      entry.account = {e.at("serverUrl").get<std::string>(), e.at("user").get<std::string>()};
      entry.storage = storageFromName(e.value("storage", std::string("keychain"))).value_or(TokenStorage::Keychain);
      contents.accounts.push_back(std::move(entry));
    }
    if (j.contains("default") && j["default"].is_object())
      contents.defaultAccount = Account{j["default"].at("serverUrl").get<std::string>(),
                                        j["default"].at("user").get<std::string>()};
  } catch (const json::exception& e) {
    return makeError(ErrorCode::InvalidData, where + ": " + e.what());
  }
  return contents;
}

Status AccountStore::write(const Contents& contents) const {
  if (!QDir().mkpath(configDir_)) return makeError(ErrorCode::Io, "cannot create " + configDir_.toStdString());
  json accounts = json::array();
  for (const auto& e : contents.accounts) {
    json entry = accountJson(e.account);
    entry["storage"] = tokenStorageName(e.storage);
    accounts.push_back(std::move(entry));
  }
  json j = {{"accounts", accounts}};
  if (contents.defaultAccount) j["default"] = accountJson(*contents.defaultAccount);
  QSaveFile file(filePath());
  if (!file.open(QIODevice::WriteOnly)) return makeError(ErrorCode::Io, "cannot write " + filePath().toStdString());
  file.write(QByteArray::fromStdString(j.dump(2) + "\n"));
  if (!file.commit()) return makeError(ErrorCode::Io, "cannot write " + filePath().toStdString());
  return Status::success();
}

Result<std::vector<AccountEntry>> AccountStore::list() const {
  SKEIN_ASSIGN_OR_RETURN(Contents c, read());
  return c.accounts;
}

Result<std::optional<Account>> AccountStore::defaultAccount() const {
  SKEIN_ASSIGN_OR_RETURN(Contents c, read());
  if (c.defaultAccount) return c.defaultAccount;
  if (c.accounts.size() == 1) return std::optional<Account>(c.accounts.front().account);
  return std::optional<Account>();
}

Result<std::optional<AccountEntry>> AccountStore::findByServer(const std::string& serverUrl) const {
  SKEIN_ASSIGN_OR_RETURN(Contents c, read());
  std::optional<AccountEntry> found;
  for (const auto& e : c.accounts) {
    if (e.account.serverUrl != serverUrl) continue;
    if (c.defaultAccount && *c.defaultAccount == e.account) return std::optional<AccountEntry>(e);
    if (!found) found = e;
  }
  return found;
}

Status AccountStore::upsert(const AccountEntry& entry, bool makeDefault) {
  SKEIN_ASSIGN_OR_RETURN(Contents c, read());
  auto it = std::find_if(c.accounts.begin(), c.accounts.end(), [&](const AccountEntry& e) { return e.account == entry.account; });
  if (it != c.accounts.end()) *it = entry;
  else c.accounts.push_back(entry);
  if (makeDefault) c.defaultAccount = entry.account;
  return write(c);
}

Status AccountStore::remove(const Account& account) {
  SKEIN_ASSIGN_OR_RETURN(Contents c, read());
  c.accounts.erase(std::remove_if(c.accounts.begin(), c.accounts.end(),
                                  [&](const AccountEntry& e) { return e.account == account; }),
                   c.accounts.end());
  if (c.defaultAccount && *c.defaultAccount == account) c.defaultAccount.reset();
  return write(c);
}

}  // namespace skein::client
