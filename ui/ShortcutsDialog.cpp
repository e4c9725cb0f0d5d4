#include "ui/ShortcutsDialog.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QKeySequenceEdit>
#include <QLabel>
#include <QMap>
#include <QPushButton>
#include <QSettings>
#include <QTableWidget>
#include <QVBoxLayout>

#include "ui/ActionRegistry.h"

namespace skein::ui {

namespace {
enum Column { kCategory, kAction, kPrimary, kAlternative, kColumns };

QString plainText(const QAction* a) {
  QString t = a->text();
  t.remove(QLatin1Char('&'));
  return t;
}
}  // namespace

ShortcutsDialog::ShortcutsDialog(ActionRegistry* registry, QWidget* parent) : QDialog(parent), registry_(registry) {
  setObjectName(QStringLiteral("shortcutsDialog"));
  setWindowTitle(tr("Keyboard shortcuts"));
  resize(640, 560);
  auto* layout = new QVBoxLayout(this);
  auto* hint = new QLabel(tr("Click a shortcut and press the new key combination. Changes apply when you press OK."), this);
  hint->setWordWrap(true);
  layout->addWidget(hint);

  const auto& entries = registry_->entries();
  table_ = new QTableWidget(static_cast<int>(entries.size()), kColumns, this);
  table_->setHorizontalHeaderLabels({tr("Category"), tr("Action"), tr("Shortcut"), tr("Alternative")});
  table_->verticalHeader()->hide();
  table_->setSelectionMode(QAbstractItemView::NoSelection);
  table_->horizontalHeader()->setSectionResizeMode(kAction, QHeaderView::Stretch);
  for (int row = 0; row < static_cast<int>(entries.size()); ++row) {
    const auto& e = entries[static_cast<std::size_t>(row)];
    auto* category = new QTableWidgetItem(e.category);
    auto* name = new QTableWidgetItem(plainText(e.action));
    name->setToolTip(e.id);
    for (auto* item : {category, name}) item->setFlags(Qt::ItemIsEnabled);
    table_->setItem(row, kCategory, category);
    table_->setItem(row, kAction, name);
    std::array<QKeySequenceEdit*, kKeysPerAction> edits{};
    const QList<QKeySequence> keys = e.action->shortcuts();
    for (int k = 0; k < kKeysPerAction; ++k) {
      auto* edit = new QKeySequenceEdit(k < keys.size() ? keys[k] : QKeySequence(), table_);
      edit->setObjectName(QStringLiteral("shortcut_%1_%2").arg(e.id).arg(k));
      edit->setClearButtonEnabled(true);
      connect(edit, &QKeySequenceEdit::keySequenceChanged, this, &ShortcutsDialog::checkConflicts);
      table_->setCellWidget(row, kPrimary + k, edit);
      edits[static_cast<std::size_t>(k)] = edit;
    }
    editors_.push_back(edits);
  }
  table_->resizeColumnToContents(kCategory);
  table_->setColumnWidth(kPrimary, 150);
  table_->setColumnWidth(kAlternative, 150);
  layout->addWidget(table_);

  conflicts_ = new QLabel(this);
  conflicts_->setObjectName(QStringLiteral("conflicts"));
  conflicts_->setStyleSheet(QStringLiteral("color: #c0392b"));
  conflicts_->setWordWrap(true);
  layout->addWidget(conflicts_);

  buttons_ = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel | QDialogButtonBox::RestoreDefaults, this);
  connect(buttons_, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);
  connect(buttons_->button(QDialogButtonBox::RestoreDefaults), &QPushButton::clicked, this,
          &ShortcutsDialog::restoreDefaults);
  layout->addWidget(buttons_);
  checkConflicts();
}

QKeySequenceEdit* ShortcutsDialog::editor(const QString& id, int index) const {
  if (index < 0 || index >= kKeysPerAction) return nullptr;
  const auto& entries = registry_->entries();
  for (std::size_t i = 0; i < entries.size(); ++i)
    if (entries[i].id == id) return editors_[i][static_cast<std::size_t>(index)];
  return nullptr;
}

void ShortcutsDialog::restoreDefaults() {
  const auto& entries = registry_->entries();
  for (std::size_t i = 0; i < entries.size(); ++i)
    for (int k = 0; k < kKeysPerAction; ++k)
      editors_[i][static_cast<std::size_t>(k)]->setKeySequence(k < entries[i].defaults.size() ? entries[i].defaults[k]
                                                                                             : QKeySequence());
}

void ShortcutsDialog::checkConflicts() {
  QMap<QString, QStringList> byKey;
  const auto& entries = registry_->entries();
  for (std::size_t i = 0; i < entries.size(); ++i)
    for (auto* edit : editors_[i])
      if (!edit->keySequence().isEmpty())
        byKey[edit->keySequence().toString(QKeySequence::NativeText)] << plainText(entries[i].action);
  QStringList lines;
  for (auto it = byKey.cbegin(); it != byKey.cend(); ++it)
    if (it.value().size() > 1)
      lines << tr("%1 is used by %2").arg(it.key(), it.value().join(QStringLiteral(", ")));
  conflicts_->setText(lines.join(QLatin1Char('\n')));
  conflicts_->setVisible(!lines.isEmpty());
  buttons_->button(QDialogButtonBox::Ok)->setEnabled(lines.isEmpty());
}

void ShortcutsDialog::accept() {
  const auto& entries = registry_->entries();
  for (std::size_t i = 0; i < entries.size(); ++i) {
    QList<QKeySequence> keys;
    for (auto* edit : editors_[i])
      if (!edit->keySequence().isEmpty()) keys << edit->keySequence();
    if (keys != entries[i].action->shortcuts()) registry_->setShortcuts(entries[i].id, keys);
  }
  QSettings settings;
  registry_->saveShortcuts(settings);
  QDialog::accept();
}

}  // namespace skein::ui
