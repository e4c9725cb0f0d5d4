#include "ui/SkeletonCommentPanel.h"

#include <QHeaderView>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "ui/SkeletonSession.h"

namespace skein::ui {

namespace sk = skein::skeleton;

SkeletonCommentPanel::SkeletonCommentPanel(SkeletonSession* session, std::function<void(sk::NodeId)> jumpTo,
                                           QWidget* parent)
    : QWidget(parent), session_(session), jumpTo_(std::move(jumpTo)) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(2, 2, 2, 2);
  list_ = new QTreeWidget(this);
  list_->setObjectName(QStringLiteral("skeletonComments"));
  list_->setRootIsDecorated(false);
  list_->setColumnCount(3);
  list_->setHeaderLabels({tr("Node"), tr("Tree"), tr("Comment")});
  list_->header()->setStretchLastSection(true);
  list_->setSortingEnabled(true);
  list_->sortByColumn(0, Qt::AscendingOrder);
  layout->addWidget(list_);
  rebuildTimer_ = new QTimer(this);
  rebuildTimer_->setSingleShot(true);
  rebuildTimer_->setInterval(0);
  connect(rebuildTimer_, &QTimer::timeout, this, &SkeletonCommentPanel::rebuild);
  connect(session_, &SkeletonSession::skeletonChanged, rebuildTimer_, qOverload<>(&QTimer::start));
  connect(list_, &QTreeWidget::itemDoubleClicked, this, [this](QTreeWidgetItem* item) {
    const sk::NodeId node = item->data(0, Qt::DisplayRole).toInt();
    if (!session_->skeleton().hasNode(node)) return;
    (void)session_->editor().setActiveNode(node);
    if (jumpTo_) jumpTo_(node);
  });
  rebuild();
}

void SkeletonCommentPanel::rebuild() {
  const sk::Skeleton& s = session_->skeleton();
  list_->setSortingEnabled(false);
  list_->clear();
  QList<QTreeWidgetItem*> items;
  for (const sk::Comment& c : s.comments) {
    auto* item = new QTreeWidgetItem;
    item->setData(0, Qt::DisplayRole, c.node);
    const sk::Node* n = s.node(c.node);
    const sk::Tree* t = n ? s.tree(n->treeId) : nullptr;
    item->setText(1, t ? QString::fromStdString(t->props.name) : QString());
    item->setText(2, QString::fromStdString(c.content));
    item->setToolTip(2, item->text(2));
    items << item;
  }
  list_->addTopLevelItems(items);
  list_->setSortingEnabled(true);
}

}  // namespace skein::ui
