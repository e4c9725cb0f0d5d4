#pragma once
// The one place that knows the viewer's commands: every QAction with a stable id, a category for
// the shortcuts table, and its default key sequences. The shortcuts dialog edits them here; they
// are stored in QSettings ("shortcuts/<id>", only where they differ from the default) and applied
// at start by loadShortcuts(). Parts of the UI built around the main window (server, skeleton)
// register their commands here too; the window makes every registered action's shortcut work.

#include <QAction>
#include <QKeySequence>
#include <QList>
#include <QObject>
#include <QString>

#include <vector>

class QSettings;

namespace skein::ui {

class ActionRegistry : public QObject {
  Q_OBJECT
 public:
  struct Entry {
    QString id;        // stable, e.g. "navigate.slice_forward"
    QString category;  // e.g. "Navigation"
    QAction* action = nullptr;
    QList<QKeySequence> defaults;
  };

  explicit ActionRegistry(QObject* parent = nullptr);

  // Creates the action (owned by the registry) with its default shortcuts. Ids must be unique.
  QAction* add(const QString& id, const QString& category, const QString& text,
               const QList<QKeySequence>& defaults = {});
  QAction* action(const QString& id) const;  // nullptr for an unknown id
  const std::vector<Entry>& entries() const { return entries_; }
  QList<QAction*> actions() const;

  void setShortcuts(const QString& id, const QList<QKeySequence>& keys);
  void resetAllShortcuts();
  bool hasDefaultShortcuts(const QString& id) const;

  void loadShortcuts(const QSettings& settings);
  void saveShortcuts(QSettings& settings) const;

  // Key sequences bound to more than one action, as "Ctrl+G: Go to position…, Other action".
  QStringList conflicts() const;

 signals:
  void actionAdded(QAction* action);
  void shortcutsChanged();

 private:
  const Entry* find(const QString& id) const;
  std::vector<Entry> entries_;
};

}  // namespace skein::ui
