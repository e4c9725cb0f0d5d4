#include "ui/ServerReadOnlyBanner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

namespace skein::ui {

ServerReadOnlyBanner::ServerReadOnlyBanner(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("readOnlyBanner"));
  setAutoFillBackground(true);
  setStyleSheet(QStringLiteral("#readOnlyBanner { background: #fff4ce; }"));
  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(8, 4, 8, 4);
  label_ = new QLabel(this);
  label_->setObjectName(QStringLiteral("readOnlyText"));
  label_->setWordWrap(true);
  label_->setTextFormat(Qt::PlainText);
  copy_ = new QPushButton(tr("Copy to my account"), this);
  copy_->setObjectName(QStringLiteral("copyToMyAccountButton"));
  layout->addWidget(label_, 1);
  layout->addWidget(copy_);
  connect(copy_, &QPushButton::clicked, this, &ServerReadOnlyBanner::copyRequested);
}

void ServerReadOnlyBanner::showFor(const QString& annotationName, const QString& ownerName, bool canCopy) {
  label_->setText(tr("View only: the annotation “%1” belongs to %2, and your changes cannot be saved to it. Copy it "
                     "to your account to work on it.")
                      .arg(annotationName, ownerName.isEmpty() ? tr("someone else") : ownerName));
  copy_->setEnabled(canCopy);
  copy_->setToolTip(canCopy ? tr("Creates your own copy on the server (POST …/duplicate)")
                            : tr("Log in (Server › Accounts…) to copy it"));
}

QString ServerReadOnlyBanner::text() const { return label_->text(); }

}  // namespace skein::ui
