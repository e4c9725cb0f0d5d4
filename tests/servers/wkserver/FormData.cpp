#include "tests/servers/wkserver/FormData.h"

#include <QRegularExpression>
#include <QString>

namespace wk {

std::vector<FormPart> parseFormData(const QByteArray& contentType, const QByteArray& body) {
  std::vector<FormPart> parts;
  const auto at = contentType.indexOf("boundary=");
  if (at < 0) return parts;
  QByteArray boundary = "--" + contentType.mid(at + 9);
  boundary.replace("\"", "");
  static const QRegularExpression nameRe(QStringLiteral("\\bname=\"([^\"]*)\""));
  static const QRegularExpression fileRe(QStringLiteral("filename=\"([^\"]*)\""));
  qsizetype pos = body.indexOf(boundary);
  while (pos >= 0) {
    const qsizetype headerStart = pos + boundary.size() + 2;
    const qsizetype headerEnd = body.indexOf("\r\n\r\n", headerStart);
    const qsizetype next = headerEnd < 0 ? -1 : body.indexOf("\r\n" + boundary, headerEnd);
    if (headerEnd < 0 || next < 0) break;
    const QString header = QString::fromUtf8(body.mid(headerStart, headerEnd - headerStart));
    FormPart p;
    p.name = nameRe.match(header).captured(1).toStdString();
    p.fileName = fileRe.match(header).captured(1).toStdString();
    p.data = body.mid(headerEnd + 4, next - headerEnd - 4);
    parts.push_back(std::move(p));
    pos = next + 2;
  }
  return parts;
}

}  // namespace wk
