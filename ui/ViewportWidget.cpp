#include "ui/ViewportWidget.h"

#include <QPainter>

namespace skein::ui {

QString viewportTitle(ViewportKind kind) {
  switch (kind) {
    case ViewportKind::XY: return QStringLiteral("XY");
    case ViewportKind::YZ: return QStringLiteral("YZ");
    case ViewportKind::XZ: return QStringLiteral("XZ");
    case ViewportKind::View3D: return QStringLiteral("3D");
  }
  return {};
}

ViewportWidget::ViewportWidget(ViewportKind kind, QWidget* parent) : QOpenGLWidget(parent), kind_(kind) {
  setMinimumSize(160, 120);
  setObjectName(QStringLiteral("viewport") + viewportTitle(kind));
}

void ViewportWidget::initializeGL() { glReady_ = initializeOpenGLFunctions(); }

void ViewportWidget::paintGL() {
  if (!glReady_) return;
  glClearColor(0.08f, 0.08f, 0.10f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
}

void ViewportWidget::paintEvent(QPaintEvent* event) {
  QOpenGLWidget::paintEvent(event);  // runs paintGL
  QPainter p(this);
  p.setPen(QColor(220, 220, 220));
  p.drawText(rect().adjusted(8, 6, -8, -6), Qt::AlignTop | Qt::AlignLeft, viewportTitle(kind_));
  p.end();
  ++frames_;
  emit frameDrawn();
}

}  // namespace skein::ui
