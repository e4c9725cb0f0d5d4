#pragma once
// The progress line every server dialog and dock shows while it waits for the server: what is
// running, a busy bar and a Cancel button. Cancelling stops waiting at once: the answer, when it
// comes, is dropped (the request itself may still reach the server). A callback that arrives after
// the widget is gone is dropped too, so no answer ever touches a closed dialog.

#include <QPointer>
#include <QString>
#include <QWidget>

#include <functional>
#include <memory>
#include <utility>

#include "core/client/Callbacks.h"

class QLabel;
class QProgressBar;
class QPushButton;

namespace skein::ui {

class ServerProgress : public QWidget {
  Q_OBJECT
 public:
  explicit ServerProgress(QWidget* parent = nullptr);

  // Runs `start` with a callback that reports to `done` unless the user cancelled meanwhile or
  // this widget was destroyed. While at least one operation runs, the line is visible.
  template <typename T>
  void run(const QString& what, std::function<void(client::Callback<T>)> start, std::function<void(Result<T>)> done) {
    auto ticket = begin(what);
    QPointer<ServerProgress> self(this);
    start([self, ticket, done = std::move(done)](Result<T> result) {
      if (!self || ticket->cancelled) return;
      self->end(ticket);
      done(std::move(result));
    });
  }
  void runStatus(const QString& what, std::function<void(client::StatusCallback)> start,
                 std::function<void(Status)> done);

  bool busy() const { return running_ > 0; }
  QString currentText() const;

 public slots:
  void cancel();

 signals:
  void cancelled();
  void busyChanged(bool busy);

 private:
  struct Ticket {
    bool cancelled = false;
  };
  std::shared_ptr<Ticket> begin(const QString& what);
  void end(const std::shared_ptr<Ticket>& ticket);

  QLabel* label_;
  QProgressBar* bar_;
  QPushButton* cancel_;
  int running_ = 0;
  std::shared_ptr<Ticket> generation_;  // shared by the operations started since the last cancel
};

}  // namespace skein::ui
