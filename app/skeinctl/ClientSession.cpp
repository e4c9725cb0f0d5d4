#include "ClientSession.h"

#include <QDateTime>
#include <QDir>
#include <QStandardPaths>
#include <QTimeZone>

#include <cstdio>

#include "core/client/AccountStore.h"
#include "core/client/ApiError.h"

namespace skein::cli {

using namespace skein::client;

QString ParsedArgs::value(const QString& name, const QString& fallback) const {
  auto it = options.find(name);
  return it == options.end() ? fallback : it->second;
}

Result<ParsedArgs> parseArgs(const QStringList& args, const QStringList& valueOptions, const QStringList& flags) {
  static const QStringList common = {"--server", "--config-dir"};
  ParsedArgs out;
  for (qsizetype i = 0; i < args.size(); ++i) {
    const QString& a = args[i];
    if (!a.startsWith("--") || a == "--") {
      out.positional << a;
      continue;
    }
    QString name = a, value;
    const bool inlineValue = a.contains('=');
    if (inlineValue) {
      name = a.section('=', 0, 0);
      value = a.section('=', 1);
    }
    if (flags.contains(name) || name == "--json") {
      out.options[name] = "1";
    } else if (valueOptions.contains(name) || common.contains(name)) {
      if (!inlineValue) {
        if (i + 1 >= args.size()) return makeError(ErrorCode::InvalidArgument, name.toStdString() + " needs a value");
        value = args[++i];
      }
      out.options[name] = value;
    } else {
      return makeError(ErrorCode::InvalidArgument, "unknown option " + name.toStdString());
    }
  }
  return out;
}

int usageError(const QString& message, const char* usage) {
  std::fprintf(stderr, "skeinctl: %s\nusage: %s\n", qPrintable(message), usage);
  return kUsage;
}

int reportError(const Error& error) {
  std::fprintf(stderr, "skeinctl: %s\n", error.message.c_str());
  if (error.code == ErrorCode::InvalidArgument) return kUsage;
  switch (classify(error)) {
    case ErrorKind::Auth:
      std::fprintf(stderr, "skeinctl: log in with `skeinctl server login --server URL` or set SKEIN_TOKEN\n");
      return kAuth;
    case ErrorKind::NotFound: return kNotFound;
    case ErrorKind::Conflict:
    case ErrorKind::Server:
    case ErrorKind::Network: return kServer;
    case ErrorKind::Other: return kOther;
  }
  return kOther;
}

void printJson(const nlohmann::json& j) { std::printf("%s\n", j.dump(2).c_str()); }
void printLine(const QString& text) { std::printf("%s\n", qPrintable(text)); }

QString configDir(const ParsedArgs& args) {
  if (args.has("--config-dir")) return args.value("--config-dir");
  const QByteArray env = qgetenv("SKEIN_CONFIG_DIR");
  if (!env.isEmpty()) return QString::fromLocal8Bit(env);
  return QDir(QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation)).filePath("skein");
}

TokenStore tokenStore(const ParsedArgs& args, TokenFallback fallback) {
  TokenStore::Options o;
  o.configDir = configDir(args);
  o.fallback = fallback;
  o.keychainTimeoutMs = 5000;
  return TokenStore(o);
}

Result<Session> openSession(const ParsedArgs& args, bool requireLogin) {
  AccountStore accounts(configDir(args));
  std::string server = args.value("--server").toStdString();
  while (!server.empty() && server.back() == '/') server.pop_back();
  std::optional<Account> account;
  if (server.empty()) {
    SKEIN_ASSIGN_OR_RETURN(account, accounts.defaultAccount());
    if (!account)
      return makeError(ErrorCode::InvalidArgument, "no server given: use --server URL or log in first");
    server = account->serverUrl;
  } else {
    SKEIN_ASSIGN_OR_RETURN(auto entry, accounts.findByServer(server));
    if (entry) account = entry->account;
  }
  Session session;
  session.client = std::make_unique<WkClient>(server);
  session.account = account;
  const QByteArray envToken = qgetenv("SKEIN_TOKEN");
  if (!envToken.isEmpty()) {
    session.client->setToken(envToken.toStdString());
  } else if (account) {
    auto token = tokenStore(args).load(*account);
    if (token.ok()) session.client->setToken(token.value());
  }
  if (requireLogin && !session.client->hasToken())
    return makeError(ErrorCode::Auth, "not logged in to " + server);
  return session;
}

Result<std::optional<std::int64_t>> parseExpiry(const QString& text) {
  if (text.compare("never", Qt::CaseInsensitive) == 0) return std::optional<std::int64_t>();
  QDateTime when;
  const QDate date = QDate::fromString(text, Qt::ISODate);
  if (date.isValid() && text.size() == 10) when = QDateTime(date, QTime(23, 59, 59), QTimeZone::utc());
  else when = QDateTime::fromString(text, Qt::ISODate);
  if (!when.isValid())
    return makeError(ErrorCode::InvalidArgument,
                     "\"" + text.toStdString() + "\" is not a date (YYYY-MM-DD, an ISO date-time) or \"never\"");
  return std::optional<std::int64_t>(when.toMSecsSinceEpoch());
}

Result<std::vector<std::string>> resolveTeams(WkClient& client, const QString& list) {
  SKEIN_ASSIGN_OR_RETURN(auto teams, wait<std::vector<Team>>([&](auto cb) { client.teams(cb); }));
  std::vector<std::string> ids;
  for (const QString& item : list.split(',', Qt::SkipEmptyParts)) {
    const std::string wanted = item.trimmed().toStdString();
    auto it = std::find_if(teams.begin(), teams.end(), [&](const Team& t) { return t.id == wanted || t.name == wanted; });
    if (it == teams.end()) return makeError(ErrorCode::NotFound, "no team called \"" + wanted + "\"");
    ids.push_back(it->id);
  }
  return ids;
}

}  // namespace skein::cli
