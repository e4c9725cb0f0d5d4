#include "core/store/HttpUrl.h"

#include <QUrlQuery>

#include "core/store/StoreKeys.h"

namespace skein {

QString originOf(const QUrl& url) {
  const QString scheme = url.scheme().toLower();
  const int port = url.port(scheme == "https" ? 443 : scheme == "http" ? 80 : -1);
  return scheme + "://" + url.host().toLower() + ':' + QString::number(port);
}

std::string redactUrl(const QUrl& url) {
  QUrl safe = url.adjusted(QUrl::RemoveUserInfo | QUrl::RemoveFragment);
  if (safe.hasQuery()) {
    QUrlQuery query(safe);
    QUrlQuery redacted;
    for (const auto& item : query.queryItems(QUrl::FullyEncoded)) redacted.addQueryItem(item.first, "<redacted>");
    safe.setQuery(redacted);
  }
  return safe.toString(QUrl::FullyEncoded).replace("%3Credacted%3E", "<redacted>").toStdString();
}

QUrl urlForKey(const QUrl& base, const std::string& key) {
  QString path = base.path(QUrl::FullyEncoded);
  while (path.endsWith('/')) path.chop(1);
  for (const std::string& part : splitKey(key))
    path += '/' + QString::fromLatin1(QUrl::toPercentEncoding(QString::fromStdString(part)));
  QUrl url = base;
  url.setPath(path, QUrl::StrictMode);
  return url;
}

}  // namespace skein
