#include "ui/ServerProgress.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>

namespace skein::ui {

ServerProgress::ServerProgress(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("serverProgress"));
  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  label_ = new QLabel(this);
  label_->setTextFormat(Qt::PlainText);
  bar_ = new QProgressBar(this);
  bar_->setRange(0, 0);  // busy: the server gives no progress figures for these calls
  bar_->setMaximumWidth(120);
  bar_->setTextVisible(false);
  cancel_ = new QPushButton(tr("Cancel"), this);
  cancel_->setObjectName(QStringLiteral("cancelServerOperation"));
  layout->addWidget(label_, 1);
  layout->addWidget(bar_);
  layout->addWidget(cancel_);
  connect(cancel_, &QPushButton::clicked, this, &ServerProgress::cancel);
  hide();
}

void ServerProgress::runStatus(const QString& what, std::function<void(client::StatusCallback)> start,
                               std::function<void(Status)> done) {
  auto ticket = begin(what);
  QPointer<ServerProgress> self(this);
  start([self, ticket, done = std::move(done)](Status status) {
    if (!self || ticket->cancelled) return;
    self->end(ticket);
    done(std::move(status));
  });
}

QString ServerProgress::currentText() const { return busy() ? label_->text() : QString(); }

std::shared_ptr<ServerProgress::Ticket> ServerProgress::begin(const QString& what) {
  if (!generation_) generation_ = std::make_shared<Ticket>();
  ++running_;
  label_->setText(what + QStringLiteral("…"));
  show();
  if (running_ == 1) emit busyChanged(true);
  return generation_;
}

void ServerProgress::end(const std::shared_ptr<Ticket>&) {
  if (running_ > 0 && --running_ == 0) {
    hide();
    emit busyChanged(false);
  }
}

void ServerProgress::cancel() {
  if (!generation_) return;
  generation_->cancelled = true;
  generation_.reset();
  const bool wasBusy = running_ > 0;
  running_ = 0;
  hide();
  if (wasBusy) emit busyChanged(false);
  emit cancelled();
}

}  // namespace skein::ui
