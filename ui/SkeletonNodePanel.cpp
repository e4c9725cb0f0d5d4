#include "ui/SkeletonNodePanel.h"

#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>

#include <cmath>

#include "ui/SkeletonSession.h"

namespace skein::ui {

namespace sk = skein::skeleton;

namespace {
QString number(double v) { return QString::number(v, 'g', 10); }
}  // namespace

SkeletonNodePanel::SkeletonNodePanel(SkeletonSession* session, QWidget* parent) : QWidget(parent), session_(session) {
  auto* form = new QFormLayout(this);
  node_ = new QLabel(this);
  tree_ = new QLabel(this);
  position_ = new QLabel(this);
  position_->setObjectName(QStringLiteral("nodePosition"));
  position_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  radius_ = new QDoubleSpinBox(this);
  radius_->setObjectName(QStringLiteral("nodeRadius"));
  radius_->setRange(0, 1e6);
  radius_->setDecimals(2);
  radius_->setKeyboardTracking(false);
  comment_ = new QLineEdit(this);
  comment_->setObjectName(QStringLiteral("nodeComment"));
  comment_->setPlaceholderText(tr("No comment"));
  form->addRow(tr("Node"), node_);
  form->addRow(tr("Tree"), tree_);
  form->addRow(tr("Position"), position_);
  form->addRow(tr("Radius"), radius_);
  form->addRow(tr("Comment"), comment_);
  connect(radius_, &QDoubleSpinBox::editingFinished, this, &SkeletonNodePanel::commitRadius);
  connect(comment_, &QLineEdit::editingFinished, this, &SkeletonNodePanel::commitComment);
  connect(session_, &SkeletonSession::skeletonChanged, this, &SkeletonNodePanel::refresh);
  refresh();
}

void SkeletonNodePanel::refresh() {
  const sk::Skeleton& s = session_->skeleton();
  const sk::Node* n = s.activeNode ? s.node(*s.activeNode) : nullptr;
  radius_->setEnabled(n);
  comment_->setEnabled(n);
  if (!n) {
    node_->setText(tr("none"));
    tree_->clear();
    position_->clear();
    comment_->clear();
    return;
  }
  const sk::Tree* t = s.tree(n->treeId);
  node_->setText(QString::number(n->id));
  tree_->setText(t ? QStringLiteral("%1 (%2)").arg(QString::fromStdString(t->props.name)).arg(t->id) : QString());
  position_->setText(QStringLiteral("%1, %2, %3").arg(number(n->position.x), number(n->position.y), number(n->position.z)));
  if (!radius_->hasFocus()) radius_->setValue(n->radius);
  if (!comment_->hasFocus()) {
    QString text;
    for (const auto& c : s.comments)
      if (c.node == n->id) text = QString::fromStdString(c.content);
    comment_->setText(text);
  }
}

void SkeletonNodePanel::commitRadius() {
  const sk::Skeleton& s = session_->skeleton();
  const sk::Node* n = s.activeNode ? s.node(*s.activeNode) : nullptr;
  if (n && std::abs(double(n->radius) - radius_->value()) > 1e-6)
    (void)session_->editor().setRadius(n->id, float(radius_->value()));
}

void SkeletonNodePanel::commitComment() {
  const sk::Skeleton& s = session_->skeleton();
  if (!s.activeNode || !s.hasNode(*s.activeNode)) return;
  const std::string text = comment_->text().trimmed().toStdString();
  std::string current;
  for (const auto& c : s.comments)
    if (c.node == *s.activeNode) current = c.content;
  if (text == current) return;
  if (text.empty()) (void)session_->editor().clearComment(*s.activeNode);
  else (void)session_->editor().setComment(*s.activeNode, text);
}

}  // namespace skein::ui
