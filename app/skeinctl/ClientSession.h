#pragma once
// Shared plumbing of the server commands: option parsing, exit codes, the account and token to
// use (--server, SKEIN_TOKEN, the default account, the keychain), and printing results/errors.

#include <QString>
#include <QStringList>

#include <map>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/base/Result.h"
#include "core/client/TokenStore.h"
#include "core/client/WkClient.h"

namespace skein::cli {

enum ExitCode { kOk = 0, kOther = 1, kUsage = 2, kAuth = 3, kNotFound = 4, kServer = 5 };

// --name value / --flag options plus positional arguments. `flags` lists options without a value.
struct ParsedArgs {
  QStringList positional;
  std::map<QString, QString> options;  // "--server" → "http://…"; flags map to "1"
  bool has(const QString& name) const { return options.count(name) > 0; }
  QString value(const QString& name, const QString& fallback = {}) const;
};
Result<ParsedArgs> parseArgs(const QStringList& args, const QStringList& valueOptions, const QStringList& flags);

int usageError(const QString& message, const char* usage);
int reportError(const Error& error);  // prints "skeinctl: …" and maps the error to an exit code
void printJson(const nlohmann::json& j);
void printLine(const QString& text);

QString configDir(const ParsedArgs& args);  // --config-dir, $SKEIN_CONFIG_DIR or ~/.config/skein
client::TokenStore tokenStore(const ParsedArgs& args, client::TokenFallback fallback = client::TokenFallback::File);

// The server and token to use: --server (else the default account's server), the token from
// SKEIN_TOKEN or from the token store for that account; anonymous when there is none.
struct Session {
  std::unique_ptr<client::WkClient> client;
  std::optional<client::Account> account;
};
Result<Session> openSession(const ParsedArgs& args, bool requireLogin);

// Runs an asynchronous client call to completion.
template <typename T, typename Start>
Result<T> wait(Start&& start) {
  return client::awaitResult<T>(std::forward<Start>(start));
}

// "2026-12-31" (end of that day, UTC), an ISO date-time, or "never" → epoch ms / nullopt.
Result<std::optional<std::int64_t>> parseExpiry(const QString& text);

// Team names or ids, comma separated → ids (names resolved with GET /api/teams).
Result<std::vector<std::string>> resolveTeams(client::WkClient& client, const QString& list);

}  // namespace skein::cli
