#pragma once
// Help › Keyboard shortcuts: a table of every registered action with its two key sequences
// (primary and alternative), editable in place. OK applies them to the ActionRegistry and stores
// them in QSettings; OK is disabled while two actions share a key.

#include <QDialog>

#include <array>
#include <vector>

class QDialogButtonBox;
class QKeySequenceEdit;
class QLabel;
class QTableWidget;

namespace skein::ui {

class ActionRegistry;

class ShortcutsDialog : public QDialog {
  Q_OBJECT
 public:
  static constexpr int kKeysPerAction = 2;
  explicit ShortcutsDialog(ActionRegistry* registry, QWidget* parent = nullptr);
  // The editor of one action's key (index 0 = primary, 1 = alternative); also named
  // "shortcut_<id>_<index>".
  QKeySequenceEdit* editor(const QString& id, int index) const;
  QTableWidget* table() const { return table_; }

  void accept() override;

 private:
  void restoreDefaults();
  void checkConflicts();

  ActionRegistry* registry_;
  QTableWidget* table_;
  QLabel* conflicts_;
  QDialogButtonBox* buttons_;
  std::vector<std::array<QKeySequenceEdit*, kKeysPerAction>> editors_;  // per registry entry
};

}  // namespace skein::ui
