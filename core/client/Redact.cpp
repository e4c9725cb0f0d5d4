#include "core/client/Redact.h"

#include <QStringList>

#include <array>

namespace skein::client {

QString redactUrl(const QUrl& url) {
  static constexpr std::array<const char*, 6> kSecretKeys = {"token", "sharingToken", "userToken",
                                                            "accessToken", "password", "key"};
  QUrl out = url.adjusted(QUrl::RemoveUserInfo);
  if (out.hasQuery()) {
    QStringList parts = out.query(QUrl::FullyEncoded).split('&');
    for (QString& part : parts) {
      const auto eq = part.indexOf('=');
      const QString key = QUrl::fromPercentEncoding((eq < 0 ? part : part.left(eq)).toUtf8());
      for (const char* secret : kSecretKeys)
        if (key.compare(QLatin1String(secret), Qt::CaseInsensitive) == 0) part = key + QStringLiteral("=***");
    }
    out.setQuery(parts.join('&'), QUrl::StrictMode);
  }
  return out.toString(QUrl::FullyEncoded);
}

std::string scrubSecrets(std::string text, const std::vector<std::string>& secrets) {
  for (const std::string& secret : secrets) {
    if (secret.empty()) continue;
    for (auto pos = text.find(secret); pos != std::string::npos; pos = text.find(secret, pos + 3))
      text.replace(pos, secret.size(), "***");
  }
  return text;
}

}  // namespace skein::client
