// parseLocation(): what a user typed → a local path, a zip, or an http(s) base URL.
#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QUrl>

#include "core/store/StoreKeys.h"
#include "core/store/StoreOpener.h"

namespace skein {
namespace {

bool endsWithZip(const QString& path) { return path.endsWith(QLatin1String(".zip"), Qt::CaseInsensitive); }

QString stripTrailingSlashes(QString s) {
  while (s.size() > 1 && s.endsWith('/')) s.chop(1);
  return s;
}

// A local path (absolute after this) → File or Zip.
ParsedLocation localLocation(QString path) {
  if (path == "~" || path.startsWith("~/")) path = QDir::homePath() + path.mid(1);
  path = QDir::cleanPath(QDir::current().absoluteFilePath(path));
  ParsedLocation loc{ParsedLocation::Kind::File, path.toStdString(), {}};
  if (endsWithZip(path) && !QFileInfo(path).isDir()) {
    loc.kind = ParsedLocation::Kind::Zip;
    return loc;
  }
  if (QFileInfo::exists(path)) return loc;
  // "archive.zip/inner/dir": the longest existing .zip file on the path.
  for (qsizetype slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1)) {
    const QString head = path.left(slash);
    if (endsWithZip(head) && QFileInfo(head).isFile()) {
      return {ParsedLocation::Kind::Zip, head.toStdString(), path.mid(slash + 1).toStdString()};
    }
  }
  return loc;
}

// Percent-encodes each segment of a bucket key, keeping the '/' separators.
QString encodeKeyPath(const QString& key) {
  QStringList parts;
  for (const std::string& part : splitKey(key.toStdString()))
    parts << QString::fromLatin1(QUrl::toPercentEncoding(QString::fromStdString(part)));
  return parts.join('/');
}

Result<ParsedLocation> bucketLocation(const QString& scheme, const QString& rest, const std::string& original) {
  const qsizetype slash = rest.indexOf('/');
  const QString bucket = slash < 0 ? rest : rest.left(slash);
  const QString key = slash < 0 ? QString() : QUrl::fromPercentEncoding(rest.mid(slash + 1).toUtf8());
  static const QRegularExpression validBucket(QStringLiteral("^[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]$"));
  if (!validBucket.match(bucket).hasMatch())
    return makeError(ErrorCode::InvalidArgument, "\"" + original + "\" does not name a valid bucket (expected " +
                                                     scheme.toStdString() + "://bucket/key)");
  const QString path = encodeKeyPath(key);
  QString url;
  if (scheme == "gs") {
    url = "https://storage.googleapis.com/" + bucket;
  } else if (bucket.contains('.')) {
    // Virtual-host style breaks TLS for dotted bucket names (*.s3.amazonaws.com has one label).
    url = "https://s3.amazonaws.com/" + bucket;
  } else {
    url = "https://" + bucket + ".s3.amazonaws.com";
  }
  if (!path.isEmpty()) url += '/' + path;
  return ParsedLocation{ParsedLocation::Kind::Http, url.toStdString(), {}};
}

Result<ParsedLocation> httpLocation(const QString& text, const std::string& original) {
  QUrl url(text, QUrl::TolerantMode);
  if (!url.isValid() || url.host().isEmpty())
    return makeError(ErrorCode::InvalidArgument, "\"" + original + "\" is not a valid http(s) URL");
  url.setFragment(QString());
  url.setScheme(url.scheme().toLower());
  QString path = url.path(QUrl::FullyEncoded);
  while (path.endsWith('/')) path.chop(1);
  url.setPath(path, QUrl::TolerantMode);
  return ParsedLocation{ParsedLocation::Kind::Http, url.toString(QUrl::FullyEncoded).toStdString(), {}};
}

}  // namespace

Result<ParsedLocation> parseLocation(const std::string& location) {
  const QString text = QString::fromStdString(location).trimmed();
  if (text.isEmpty()) return makeError(ErrorCode::InvalidArgument, "empty location: expected a path or a URL");
  static const QRegularExpression schemeRe(QStringLiteral("^([A-Za-z][A-Za-z0-9+.-]*)://(.*)$"),
                                           QRegularExpression::DotMatchesEverythingOption);
  const QRegularExpressionMatch m = schemeRe.match(text);
  if (!m.hasMatch()) return localLocation(text);
  const QString scheme = m.captured(1).toLower();
  const QString rest = m.captured(2);
  if (scheme == "file") {
    const QUrl url(text);
    if (!url.isValid() || !url.isLocalFile() || (!url.host().isEmpty() && url.host() != "localhost"))
      return makeError(ErrorCode::InvalidArgument,
                       "\"" + location + "\" is not a local file URL (expected file:///absolute/path)");
    return localLocation(url.path(QUrl::FullyDecoded));
  }
  if (scheme == "http" || scheme == "https") return httpLocation(text, location);
  if (scheme == "s3" || scheme == "gs") return bucketLocation(scheme, stripTrailingSlashes(rest), location);
  return makeError(ErrorCode::Unsupported, "\"" + location + "\" has an unsupported scheme \"" +
                                               scheme.toStdString() +
                                               "\" (expected a path, file://, http(s)://, s3:// or gs://)");
}

}  // namespace skein
