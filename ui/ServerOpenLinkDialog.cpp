#include "ui/ServerOpenLinkDialog.h"

#include <QClipboard>
#include <QDialogButtonBox>
#include <QGuiApplication>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include "core/client/ShareLink.h"
#include "ui/ServerConnection.h"
#include "ui/ServerErrorText.h"
#include "ui/ServerProgress.h"

namespace skein::ui {

using namespace skein::client;

ServerOpenLinkDialog::ServerOpenLinkDialog(ServerConnection* connection, Opener opener, QWidget* parent)
    : QDialog(parent), connection_(connection), opener_(std::move(opener)) {
  setObjectName(QStringLiteral("openLinkDialog"));
  setWindowTitle(tr("Open webKnossos link"));
  auto* layout = new QVBoxLayout(this);
  auto* prompt = new QLabel(tr("Paste a link to a dataset or an annotation on a webKnossos server:"), this);
  prompt->setWordWrap(true);
  layout->addWidget(prompt);
  link_ = new QLineEdit(this);
  link_->setObjectName(QStringLiteral("linkEdit"));
  link_->setPlaceholderText(QStringLiteral("https://webknossos.org/annotations/…"));
  link_->setClearButtonEnabled(true);
  layout->addWidget(link_);
  auto label = [&](const char* name) {
    auto* l = new QLabel(this);
    l->setObjectName(QString::fromLatin1(name));
    l->setWordWrap(true);
    l->setTextFormat(Qt::PlainText);
    layout->addWidget(l);
    return l;
  };
  parsed_ = label("parsedLink");
  targetLabel_ = label("linkTarget");
  error_ = label("errorLabel");
  error_->setTextFormat(Qt::RichText);
  error_->hide();
  progress_ = new ServerProgress(this);
  layout->addWidget(progress_);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
  open_ = buttons->addButton(tr("Open"), QDialogButtonBox::AcceptRole);
  open_->setObjectName(QStringLiteral("openLinkButton"));
  open_->setDefault(true);
  layout->addWidget(buttons);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  connect(this, &QDialog::rejected, progress_, &ServerProgress::cancel);  // closing means: do not open it
  connect(open_, &QPushButton::clicked, this, &ServerOpenLinkDialog::openLink);
  connect(link_, &QLineEdit::textChanged, this, &ServerOpenLinkDialog::updateParsed);
  connect(link_, &QLineEdit::returnPressed, this, &ServerOpenLinkDialog::openLink);
  connect(progress_, &ServerProgress::busyChanged, this, [this](bool busy) { open_->setEnabled(!busy); });

  // A link on the clipboard is the likely thing to open.
  if (auto* clipboard = QGuiApplication::clipboard()) {
    const QString text = clipboard->text().trimmed();
    if (!text.contains('\n') && parseShareLink(text.toStdString()).ok()) link_->setText(text);
  }
  updateParsed();
  resize(560, 220);
}

void ServerOpenLinkDialog::setLinkText(const QString& text) { link_->setText(text.trimmed()); }
QString ServerOpenLinkDialog::parsedText() const { return parsed_->text(); }
QString ServerOpenLinkDialog::targetText() const { return targetLabel_->text(); }
QString ServerOpenLinkDialog::errorText() const { return error_->isVisibleTo(this) ? error_->text() : QString(); }

void ServerOpenLinkDialog::showError(const QString& html) {
  error_->setText(html);
  error_->setVisible(!html.isEmpty());
}

void ServerOpenLinkDialog::updateParsed() {
  target_.reset();
  targetLabel_->clear();
  showError({});
  const QString text = link_->text().trimmed();
  if (text.isEmpty()) {
    parsed_->clear();
    open_->setEnabled(false);
    return;
  }
  auto link = parseShareLink(text.toStdString());
  parsed_->setText(link.ok() ? describeShareLink(link.value()) : QString::fromStdString(link.error().message));
  open_->setEnabled(link.ok() && !progress_->busy());
}

void ServerOpenLinkDialog::openLink() {
  auto link = parseShareLink(link_->text().trimmed().toStdString());
  if (!link.ok()) return showError(QString::fromStdString(link.error().message).toHtmlEscaped());
  showError({});
  targetLabel_->clear();
  ServerConnection* connection = connection_;
  const ShareLink parsed = link.value();
  progress_->run<ServerTarget>(
      tr("Asking the server about the link"),
      [connection, parsed](Callback<ServerTarget> cb) { resolveShareLink(*connection, parsed, cb); },
      [this](Result<ServerTarget> target) {
        if (!target.ok()) return showError(describeServerError(target.error(), tr("Opening the link")).toHtml());
        target_ = std::move(target).value();
        const QString description = target_->describe();
        targetLabel_->setText(description);
        emit resolved(description);
        const Status result = opener_ ? opener_(*target_) : Status::success();
        if (!result.ok()) return showError(describeServerError(result.error(), tr("Opening the dataset")).toHtml());
        emit opened(description);
        accept();
      });
}

}  // namespace skein::ui
