#include "ui/ServerErrorText.h"

#include <QCoreApplication>

#include "core/client/ApiError.h"

namespace skein::ui {

namespace {

QString tr(const char* text) { return QCoreApplication::translate("ServerErrorText", text); }

QString adviceFor(const Error& error) {
  using client::ErrorKind;
  switch (client::classify(error)) {
    case ErrorKind::Auth:
      return error.httpStatus == 401
                 ? tr("Log in again (Server › Accounts…); your token may have been revoked.")
                 : tr("Ask the owner for access, or log in with an account that has it (Server › Accounts…).");
    case ErrorKind::NotFound:
      return tr("Check the link or name. If it is not public, log in (Server › Accounts…) or ask its owner "
                "to share it with you.");
    case ErrorKind::Conflict: return tr("Someone else changed it meanwhile: reload and try again.");
    case ErrorKind::Server:
      return error.httpStatus >= 500 ? tr("The server has a problem: try again later or tell its administrator.")
                                     : tr("The server refused the request: check what you entered and try again.");
    case ErrorKind::Network:
      return tr("Check the network connection and the server address, then try again.");
    case ErrorKind::Other: break;
  }
  return {};
}

}  // namespace

QString ServerErrorText::toPlainText() const { return advice.isEmpty() ? message : message + "\n" + advice; }

QString ServerErrorText::toHtml() const {
  QString html = "<b>" + message.toHtmlEscaped() + "</b>";
  if (!advice.isEmpty()) html += "<br>" + advice.toHtmlEscaped();
  if (!details.isEmpty()) html += "<br><small>" + details.toHtmlEscaped() + "</small>";
  return html;
}

ServerErrorText describeServerError(const Error& error, const QString& action) {
  ServerErrorText out;
  QString text = QString::fromStdString(error.message);
  // httpStatusError() appends " (HTTP 403, PATCH http://…)": keep it out of the headline.
  if (const qsizetype at = text.lastIndexOf(QLatin1String(" (HTTP ")); at > 0 && text.endsWith(')')) {
    out.details = text.mid(at + 2, text.size() - at - 3);
    text.truncate(at);
  }
  if (action.isEmpty()) {
    if (!text.isEmpty()) text[0] = text[0].toUpper();
    out.message = text;
  } else {
    out.message = tr("%1 failed: %2").arg(action, text);
  }
  out.advice = adviceFor(error);
  return out;
}

}  // namespace skein::ui
