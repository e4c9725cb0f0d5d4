#include "ui/SkeletonTreePanel.h"

#include <QColorDialog>
#include <QDropEvent>
#include <QFont>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLineEdit>
#include <QPixmap>
#include <QTimer>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <map>

#include "ui/SkeletonColors.h"
#include "ui/SkeletonSession.h"

namespace skein::ui {

namespace sk = skein::skeleton;

namespace {
// Dropping trees on a group moves them there through the editor (one undo step); the widget's own
// item move is refused, the list is rebuilt from the model instead.
class TreeListWidget : public QTreeWidget {
 public:
  TreeListWidget(SkeletonTreePanel* panel, QWidget* parent) : QTreeWidget(parent), panel_(panel) {}

 protected:
  void dropEvent(QDropEvent* event) override {
    QTreeWidgetItem* target = itemAt(event->position().toPoint());
    if (target && target->data(0, SkeletonTreePanel::KindRole).toInt() == SkeletonTreePanel::TreeItem)
      target = target->parent();
    const sk::GroupId group = target ? target->data(0, SkeletonTreePanel::IdRole).toInt() : sk::kNoGroup;
    event->setDropAction(Qt::IgnoreAction);
    event->accept();
    QMetaObject::invokeMethod(panel_, [p = panel_, group] { p->moveSelectedTreesTo(group); }, Qt::QueuedConnection);
  }

 private:
  SkeletonTreePanel* panel_;
};

QIcon swatch(const QColor& color) {
  QPixmap pm(12, 12);
  pm.fill(color);
  return QIcon(pm);
}
}  // namespace

SkeletonTreePanel::SkeletonTreePanel(SkeletonSession* session, std::function<void(sk::NodeId)> jumpTo, QWidget* parent)
    : QWidget(parent), session_(session), jumpTo_(std::move(jumpTo)) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(2, 2, 2, 2);
  filter_ = new QLineEdit(this);
  filter_->setObjectName(QStringLiteral("treeFilter"));
  filter_->setPlaceholderText(tr("Filter trees by name"));
  filter_->setClearButtonEnabled(true);
  layout->addWidget(filter_);

  tree_ = new TreeListWidget(this, this);
  tree_->setObjectName(QStringLiteral("skeletonTrees"));
  tree_->setColumnCount(2);
  tree_->setHeaderLabels({tr("Tree"), tr("Nodes")});
  tree_->header()->setSectionResizeMode(0, QHeaderView::Stretch);
  tree_->header()->setStretchLastSection(false);
  tree_->setSelectionMode(QAbstractItemView::ExtendedSelection);
  tree_->setDragDropMode(QAbstractItemView::InternalMove);
  tree_->setEditTriggers(QAbstractItemView::EditKeyPressed);
  layout->addWidget(tree_, 1);

  auto* buttons = new QHBoxLayout;
  auto button = [&](const QString& text, const QString& tip, auto slot) {
    auto* b = new QToolButton(this);
    b->setText(text);
    b->setToolTip(tip);
    connect(b, &QToolButton::clicked, this, slot);
    buttons->addWidget(b);
  };
  button(tr("New tree"), tr("Create an empty tree (C)"), [this] { (void)session_->editor().createTree(); });
  button(tr("New group"), tr("Create a group"), [this] { createGroup(); });
  button(tr("Colour…"), tr("Change the colour of the selected trees"), [this] { chooseColor(); });
  button(tr("Delete"), tr("Delete the selected trees or groups"), [this] { deleteSelected(); });
  buttons->addStretch(1);
  layout->addLayout(buttons);

  rebuildTimer_ = new QTimer(this);
  rebuildTimer_->setSingleShot(true);
  rebuildTimer_->setInterval(0);
  connect(rebuildTimer_, &QTimer::timeout, this, &SkeletonTreePanel::rebuild);
  connect(session_, &SkeletonSession::skeletonChanged, this, &SkeletonTreePanel::scheduleRebuild);
  connect(filter_, &QLineEdit::textChanged, this, &SkeletonTreePanel::applyFilter);
  connect(tree_, &QTreeWidget::itemChanged, this, &SkeletonTreePanel::onItemChanged);
  connect(tree_, &QTreeWidget::itemDoubleClicked, this, [this](QTreeWidgetItem* item) { onDoubleClicked(item); });
  connect(tree_, &QTreeWidget::itemCollapsed, this, [this](QTreeWidgetItem* item) {
    if (!rebuilding_) collapsed_.insert(item->data(0, IdRole).toInt());
  });
  connect(tree_, &QTreeWidget::itemExpanded, this, [this](QTreeWidgetItem* item) {
    if (!rebuilding_) collapsed_.erase(item->data(0, IdRole).toInt());
  });
  rebuild();
}

void SkeletonTreePanel::scheduleRebuild() { rebuildTimer_->start(); }

void SkeletonTreePanel::rebuild() {
  rebuilding_ = true;
  const sk::Skeleton& s = session_->skeleton();
  const std::vector<sk::TreeId> selected = selectedTrees();
  tree_->clear();
  std::map<sk::GroupId, QTreeWidgetItem*> groupItems;
  // Parents come before or after children in the table: create every item, then attach.
  for (const sk::TreeGroup& g : s.groups) {
    auto* item = new QTreeWidgetItem;
    item->setText(0, QString::fromStdString(g.name));
    item->setData(0, KindRole, GroupItem);
    item->setData(0, IdRole, g.id);
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsDropEnabled | Qt::ItemIsEditable);
    QFont f = item->font(0);
    f.setItalic(true);
    item->setFont(0, f);
    groupItems[g.id] = item;
  }
  for (const sk::TreeGroup& g : s.groups) {
    QTreeWidgetItem* item = groupItems[g.id];
    auto parent = groupItems.find(g.parent);
    if (parent != groupItems.end() && g.parent != g.id) parent->second->addChild(item);
    else tree_->addTopLevelItem(item);
  }
  const std::optional<sk::TreeId> activeTree = s.activeTree;
  for (const sk::Tree& t : s.trees()) {
    auto* item = new QTreeWidgetItem;
    item->setText(0, QString::fromStdString(t.props.name));
    item->setText(1, QString::number(t.nodeCount));
    item->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
    item->setData(0, KindRole, TreeItem);
    item->setData(0, IdRole, t.id);
    item->setIcon(0, swatch(treeDisplayColor(t)));
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsDragEnabled | Qt::ItemIsUserCheckable |
                   Qt::ItemIsEditable);
    item->setCheckState(0, t.props.visible ? Qt::Checked : Qt::Unchecked);
    if (activeTree == t.id) {
      QFont f = item->font(0);
      f.setBold(true);
      item->setFont(0, f);
    }
    auto group = groupItems.find(t.props.groupId);
    if (group != groupItems.end()) group->second->addChild(item);
    else tree_->addTopLevelItem(item);
    if (std::find(selected.begin(), selected.end(), t.id) != selected.end()) item->setSelected(true);
  }
  for (auto& [id, item] : groupItems) item->setExpanded(!collapsed_.contains(id));
  applyFilter();
  rebuilding_ = false;
}

QTreeWidgetItem* SkeletonTreePanel::itemForTree(sk::TreeId id) const {
  for (QTreeWidgetItemIterator it(tree_); *it; ++it)
    if ((*it)->data(0, KindRole).toInt() == TreeItem && (*it)->data(0, IdRole).toInt() == id) return *it;
  return nullptr;
}

void SkeletonTreePanel::applyFilter() {
  const QString text = filter_->text().trimmed();
  // Post-order: a group stays visible when its name matches or any child does.
  std::function<bool(QTreeWidgetItem*)> visit = [&](QTreeWidgetItem* item) {
    bool any = false;
    for (int i = 0; i < item->childCount(); ++i) any = visit(item->child(i)) || any;
    const bool matches = text.isEmpty() || item->text(0).contains(text, Qt::CaseInsensitive);
    const bool show = matches || any;
    item->setHidden(!show);
    return show;
  };
  for (int i = 0; i < tree_->topLevelItemCount(); ++i) visit(tree_->topLevelItem(i));
}

void SkeletonTreePanel::onItemChanged(QTreeWidgetItem* item, int column) {
  if (rebuilding_ || column != 0) return;
  const sk::Skeleton& s = session_->skeleton();
  const int id = item->data(0, IdRole).toInt();
  const std::string name = item->text(0).toStdString();
  if (item->data(0, KindRole).toInt() == GroupItem) {
    const sk::TreeGroup* g = s.group(id);
    if (g && g->name != name) (void)session_->editor().renameGroup(id, name);
    return;
  }
  const sk::Tree* t = s.tree(id);
  if (!t) return;
  sk::TreeProperties props = t->props;
  props.visible = item->checkState(0) == Qt::Checked;
  props.name = name;
  if (props != t->props) (void)session_->editor().setTreeProperties(id, std::move(props));
}

void SkeletonTreePanel::onDoubleClicked(QTreeWidgetItem* item) {
  if (!item || item->data(0, KindRole).toInt() != TreeItem) return;
  const std::vector<sk::NodeId> nodes = session_->skeleton().nodesOfTree(item->data(0, IdRole).toInt());
  if (nodes.empty()) return;
  const sk::NodeId newest = *std::max_element(nodes.begin(), nodes.end());
  (void)session_->editor().setActiveNode(newest);
  if (jumpTo_) jumpTo_(newest);
}

std::vector<sk::TreeId> SkeletonTreePanel::selectedTrees() const {
  std::vector<sk::TreeId> out;
  for (QTreeWidgetItem* item : tree_->selectedItems())
    if (item->data(0, KindRole).toInt() == TreeItem) out.push_back(item->data(0, IdRole).toInt());
  return out;
}

void SkeletonTreePanel::moveSelectedTreesTo(sk::GroupId group) {
  const std::vector<sk::TreeId> trees = selectedTrees();
  if (!trees.empty()) (void)session_->editor().moveTreesToGroup(trees, group);
  scheduleRebuild();
}

void SkeletonTreePanel::chooseColor() {
  const std::vector<sk::TreeId> trees = selectedTrees();
  if (trees.empty()) return;
  const sk::Tree* first = session_->skeleton().tree(trees.front());
  const QColor color = QColorDialog::getColor(first ? treeDisplayColor(*first) : QColor(Qt::red), this);
  if (!color.isValid()) return;
  auto& editor = session_->editor();
  session_->beginGesture("Set tree colour");
  for (sk::TreeId id : trees) (void)editor.setTreeColor(id, toRgba(color));
  session_->endGesture();
}

void SkeletonTreePanel::deleteSelected() {
  std::vector<sk::GroupId> groups;
  for (QTreeWidgetItem* item : tree_->selectedItems())
    if (item->data(0, KindRole).toInt() == GroupItem) groups.push_back(item->data(0, IdRole).toInt());
  const std::vector<sk::TreeId> trees = selectedTrees();
  auto& editor = session_->editor();
  session_->beginGesture("Delete trees");
  for (sk::TreeId id : trees) (void)editor.deleteTree(id);
  for (sk::GroupId id : groups) (void)editor.deleteGroup(id);
  session_->endGesture();
}

void SkeletonTreePanel::createGroup() {
  sk::GroupId parent = sk::kNoGroup;
  if (QTreeWidgetItem* item = tree_->currentItem(); item && item->data(0, KindRole).toInt() == GroupItem)
    parent = item->data(0, IdRole).toInt();
  (void)session_->editor().createGroup(tr("Group").toStdString(), parent);
}

}  // namespace skein::ui
