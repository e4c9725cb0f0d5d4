#include "ui/ActionRegistry.h"

#include <QMap>
#include <QSettings>

namespace skein::ui {

namespace {
const QString kGroup = QStringLiteral("shortcuts/");

QString toText(const QList<QKeySequence>& keys) {
  return QKeySequence::listToString(keys, QKeySequence::PortableText);
}

QString plainText(const QAction* a) {
  QString t = a->text();
  t.remove(QLatin1Char('&'));
  return t;
}
}  // namespace

ActionRegistry::ActionRegistry(QObject* parent) : QObject(parent) {}

QAction* ActionRegistry::add(const QString& id, const QString& category, const QString& text,
                             const QList<QKeySequence>& defaults) {
  Q_ASSERT_X(!find(id), "ActionRegistry::add", "duplicate action id");
  auto* action = new QAction(text, this);
  action->setObjectName(id);
  action->setShortcuts(defaults);
  entries_.push_back({id, category, action, defaults});
  emit actionAdded(action);
  return action;
}

const ActionRegistry::Entry* ActionRegistry::find(const QString& id) const {
  for (const auto& e : entries_)
    if (e.id == id) return &e;
  return nullptr;
}

QAction* ActionRegistry::action(const QString& id) const {
  const Entry* e = find(id);
  return e ? e->action : nullptr;
}

QList<QAction*> ActionRegistry::actions() const {
  QList<QAction*> out;
  for (const auto& e : entries_) out << e.action;
  return out;
}

void ActionRegistry::setShortcuts(const QString& id, const QList<QKeySequence>& keys) {
  if (const Entry* e = find(id)) {
    QList<QKeySequence> clean;
    for (const auto& k : keys)
      if (!k.isEmpty() && !clean.contains(k)) clean << k;
    e->action->setShortcuts(clean);
    emit shortcutsChanged();
  }
}

void ActionRegistry::resetAllShortcuts() {
  for (const auto& e : entries_) e.action->setShortcuts(e.defaults);
  emit shortcutsChanged();
}

bool ActionRegistry::hasDefaultShortcuts(const QString& id) const {
  const Entry* e = find(id);
  return e && e->action->shortcuts() == e->defaults;
}

void ActionRegistry::loadShortcuts(const QSettings& settings) {
  for (const auto& e : entries_) {
    const QString key = kGroup + e.id;
    if (!settings.contains(key)) continue;
    e.action->setShortcuts(QKeySequence::listFromString(settings.value(key).toString(), QKeySequence::PortableText));
  }
  emit shortcutsChanged();
}

void ActionRegistry::saveShortcuts(QSettings& settings) const {
  for (const auto& e : entries_) {
    const QString key = kGroup + e.id;
    if (e.action->shortcuts() == e.defaults) settings.remove(key);
    else settings.setValue(key, toText(e.action->shortcuts()));
  }
}

QStringList ActionRegistry::conflicts() const {
  QMap<QString, QStringList> byKey;
  for (const auto& e : entries_)
    for (const auto& k : e.action->shortcuts()) byKey[k.toString(QKeySequence::NativeText)] << plainText(e.action);
  QStringList out;
  for (auto it = byKey.cbegin(); it != byKey.cend(); ++it)
    if (it.value().size() > 1) out << QStringLiteral("%1: %2").arg(it.key(), it.value().join(QStringLiteral(", ")));
  return out;
}

}  // namespace skein::ui
