#pragma once
// A yes/no question before a server change that is hard to take back (making a dataset public,
// revoking a link). Injected so that the dialogs stay testable; the default shows a message box.

#include <QString>

#include <functional>

class QWidget;

namespace skein::ui {

using ServerConfirm = std::function<bool(QWidget* parent, const QString& title, const QString& text)>;

ServerConfirm defaultServerConfirm();

}  // namespace skein::ui
