#pragma once
// URL helpers for the HTTP store: origins, safe descriptions, key → URL mapping.

#include <QString>
#include <QUrl>

#include <string>

namespace skein {

// "scheme://host:port" with the default port filled in: two URLs share an origin when these match.
QString originOf(const QUrl& url);

// The URL as text that is safe to log or show: no user info, every query value replaced by
// "<redacted>" (tokens travel in queries, e.g. ?token=…), no fragment.
std::string redactUrl(const QUrl& url);

// base + "/" + key, each key segment percent-encoded; the base's query (e.g. ?token=…) is kept.
QUrl urlForKey(const QUrl& base, const std::string& key);

}  // namespace skein
