#include "core/client/Multipart.h"

#include <QRandomGenerator>

#include <cctype>

namespace skein::client {

namespace {

// Quotes and line breaks cannot appear inside a quoted header parameter.
QByteArray quotedParameter(const std::string& value) {
  QByteArray out = QByteArray::fromStdString(value);
  out.replace('"', "%22").replace('\r', "").replace('\n', "");
  return '"' + out + '"';
}

bool endsWith(const std::string& s, const std::string& suffix) {
  if (s.size() < suffix.size()) return false;
  for (std::size_t i = 0; i < suffix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[s.size() - suffix.size() + i])) != suffix[i]) return false;
  return true;
}

QByteArray randomBoundary() {
  QByteArray raw(16, Qt::Uninitialized);
  QRandomGenerator::system()->fillRange(reinterpret_cast<quint32*>(raw.data()), raw.size() / 4);
  return raw.toHex();
}

}  // namespace

std::string contentTypeForFile(const std::string& fileName) {
  if (endsWith(fileName, ".zip")) return "application/zip";
  if (endsWith(fileName, ".nml") || endsWith(fileName, ".xml")) return "application/xml";
  return "application/octet-stream";
}

MultipartBody buildMultipart(const std::vector<MultipartPart>& parts, QByteArray boundary) {
  auto occurs = [&parts](const QByteArray& b) {
    for (const auto& p : parts)
      if (p.data.contains(b)) return true;
    return false;
  };
  if (boundary.isEmpty())
    do boundary = randomBoundary();
    while (occurs(boundary));

  MultipartBody out;
  out.contentType = "multipart/form-data; boundary=" + boundary;
  for (const auto& p : parts) {
    out.body += "--" + boundary + "\r\n";
    out.body += "Content-Disposition: form-data; name=" + quotedParameter(p.name);
    if (!p.fileName.empty()) out.body += "; filename=" + quotedParameter(p.fileName);
    out.body += "\r\n";
    if (!p.fileName.empty() || !p.contentType.empty())
      out.body += "Content-Type: " +
                  QByteArray::fromStdString(p.contentType.empty() ? "application/octet-stream" : p.contentType) +
                  "\r\n";
    out.body += "\r\n";
    out.body += p.data;
    out.body += "\r\n";
  }
  out.body += "--" + boundary + "--\r\n";
  return out;
}

}  // namespace skein::client
