#pragma once
// How a failed server call reads in the GUI: the server's own message first, then one sentence on
// what the user can do about it (log in, ask for access, check the link, try again later).

#include <QString>

#include "core/base/Result.h"

namespace skein::ui {

struct ServerErrorText {
  QString message;  // the server's message, without the technical "(HTTP …, GET …)" suffix
  QString advice;   // what the user can do; may be empty
  QString details;  // the technical suffix (status and redacted request), may be empty
  QString toPlainText() const;  // "message\nadvice"
  QString toHtml() const;       // message, advice and small details
};

// `action` names what was attempted ("Loading the datasets").
ServerErrorText describeServerError(const Error& error, const QString& action);

}  // namespace skein::ui
