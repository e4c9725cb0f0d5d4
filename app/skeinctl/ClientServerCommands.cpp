// skeinctl server login|logout|whoami
#include <cstdio>
#include <iostream>
#include <string>

#include "ClientCli.h"
#include "ClientSession.h"
#include "core/client/AccountStore.h"
#include "core/client/ApiJson.h"

namespace skein::cli {

using namespace skein::client;

namespace {

constexpr const char* kHelp =
    "skeinctl server login --server URL (--email E --password-stdin | --token-stdin) "
    "[--token-storage keychain|file|memory]\n"
    "       skeinctl server logout [--server URL]\n"
    "       skeinctl server whoami [--server URL] [--json]";

std::string readStdinLine() {
  std::string line;
  std::getline(std::cin, line);
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.pop_back();
  return line;
}

int login(const ParsedArgs& a) {
  const std::string server = a.value("--server").toStdString();
  if (server.empty()) return usageError("login needs --server URL", kHelp);
  const QString storageName = a.value("--token-storage", "keychain");
  TokenFallback fallback = TokenFallback::None;
  if (storageName == "file") fallback = TokenFallback::File;
  else if (storageName == "memory") fallback = TokenFallback::Memory;
  else if (storageName != "keychain") return usageError("--token-storage is keychain, file or memory", kHelp);

  WkClient client(server);
  std::string token;
  if (a.has("--token-stdin")) {
    token = readStdinLine();
    client.setToken(token);
  } else {
    const std::string email = a.value("--email").toStdString();
    if (email.empty() || !a.has("--password-stdin"))
      return usageError("give --email E --password-stdin (password on stdin) or --token-stdin", kHelp);
    auto loggedIn = wait<std::string>([&](auto cb) { client.login(email, readStdinLine(), cb); });
    if (!loggedIn.ok()) return reportError(loggedIn.error());
    token = std::move(loggedIn).value();
  }
  auto user = wait<User>([&](auto cb) { client.currentUser(cb); });
  if (!user.ok()) return reportError(user.error());

  const Account account{client.serverUrl(), user->email.empty() ? user->id : user->email};
  TokenStore::Options o = tokenStore(a).options();
  o.fallback = fallback;
  o.useKeychain = fallback == TokenFallback::None;  // file or memory are explicit choices
  TokenStore store(o);
  auto where = store.save(account, token);
  if (!where.ok()) {
    std::fprintf(stderr, "skeinctl: %s\nskeinctl: rerun with --token-storage file (a file only you can read) or "
                         "--token-storage memory (nothing stored; use SKEIN_TOKEN)\n",
                 where.error().message.c_str());
    return kOther;
  }
  if (where.value() != TokenStorage::Memory) {
    Status saved = AccountStore(configDir(a)).upsert({account, where.value()}, true);
    if (!saved.ok()) return reportError(saved.error());
  }
  printLine(QStringLiteral("logged in to %1 as %2 (token kept in: %3)")
                .arg(QString::fromStdString(account.serverUrl), QString::fromStdString(account.user),
                     QString::fromLatin1(tokenStorageName(where.value()))));
  if (where.value() == TokenStorage::Memory)
    printLine("the token was not stored; set SKEIN_TOKEN for later commands");
  return kOk;
}

int logout(const ParsedArgs& a) {
  auto session = openSession(a, false);
  if (!session.ok()) return reportError(session.error());
  if (session->client->hasToken()) (void)client::awaitStatus([&](auto cb) { session->client->logout(cb); });
  if (session->account) {
    Status removed = tokenStore(a).remove(*session->account);
    if (!removed.ok()) return reportError(removed.error());
    Status forgotten = AccountStore(configDir(a)).remove(*session->account);
    if (!forgotten.ok()) return reportError(forgotten.error());
    printLine("logged out " + QString::fromStdString(session->account->user) + " from " +
              QString::fromStdString(session->account->serverUrl));
  } else {
    printLine("no stored login for this server");
  }
  return kOk;
}

int whoami(const ParsedArgs& a) {
  auto session = openSession(a, true);
  if (!session.ok()) return reportError(session.error());
  auto user = wait<User>([&](auto cb) { session->client->currentUser(cb); });
  if (!user.ok()) return reportError(user.error());
  if (a.has("--json")) {
    printJson(toJson(user.value()));
    return kOk;
  }
  QStringList teams;
  for (const auto& t : user->teams) teams << QString::fromStdString(t.name) + (t.isTeamManager ? " (manager)" : "");
  printLine(QStringLiteral("%1 %2 <%3>, organization %4, teams: %5")
                .arg(QString::fromStdString(user->firstName), QString::fromStdString(user->lastName),
                     QString::fromStdString(user->email), QString::fromStdString(user->organization),
                     teams.isEmpty() ? QStringLiteral("none") : teams.join(", ")));
  return kOk;
}

}  // namespace

int runServerCommand(const QStringList& args) {
  auto parsed = parseArgs(args, {"--email", "--token-storage"}, {"--password-stdin", "--token-stdin"});
  if (!parsed.ok()) return usageError(QString::fromStdString(parsed.error().message), kHelp);
  const QString sub = parsed->positional.value(0);
  if (sub == "login") return login(*parsed);
  if (sub == "logout") return logout(*parsed);
  if (sub == "whoami") return whoami(*parsed);
  return usageError(sub.isEmpty() ? "missing subcommand" : "unknown subcommand " + sub, kHelp);
}

}  // namespace skein::cli
