#include "ui/AccountDialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "ui/ServerConnection.h"
#include "ui/ServerErrorText.h"
#include "ui/ServerProgress.h"

namespace skein::ui {

using namespace skein::client;

namespace {

QString storageText(TokenStorage s) {
  switch (s) {
    case TokenStorage::Keychain: return AccountDialog::tr("keychain");
    case TokenStorage::File: return AccountDialog::tr("private file");
    case TokenStorage::Memory: return AccountDialog::tr("memory only");
  }
  return {};
}

QLineEdit* lineEdit(const char* name, QWidget* parent) {
  auto* edit = new QLineEdit(parent);
  edit->setObjectName(QString::fromLatin1(name));
  return edit;
}

}  // namespace

AccountDialog::AccountDialog(ServerConnection* connection, QWidget* parent)
    : QDialog(parent), connection_(connection) {
  setObjectName(QStringLiteral("accountDialog"));
  setWindowTitle(tr("Server accounts"));
  auto* layout = new QVBoxLayout(this);

  who_ = new QLabel(this);
  who_->setObjectName(QStringLiteral("whoLabel"));
  who_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  who_->setTextFormat(Qt::PlainText);  // "<user@example.org>" is not a tag
  tokenLocation_ = new QLabel(this);
  tokenLocation_->setObjectName(QStringLiteral("tokenLocationLabel"));
  tokenLocation_->setWordWrap(true);
  tokenLocation_->setTextFormat(Qt::PlainText);
  layout->addWidget(who_);
  layout->addWidget(tokenLocation_);

  auto* saved = new QGroupBox(tr("Saved accounts"), this);
  auto* savedLayout = new QVBoxLayout(saved);
  accounts_ = new QTreeWidget(saved);
  accounts_->setObjectName(QStringLiteral("accountsList"));
  accounts_->setHeaderLabels({tr("Server"), tr("User"), tr("Token kept in"), tr("Default")});
  accounts_->setRootIsDecorated(false);
  accounts_->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
  savedLayout->addWidget(accounts_);
  auto* savedButtons = new QHBoxLayout;
  auto* use = new QPushButton(tr("Use this account"), saved);
  use->setObjectName(QStringLiteral("useAccountButton"));
  auto* remove = new QPushButton(tr("Remove"), saved);
  remove->setObjectName(QStringLiteral("removeAccountButton"));
  savedButtons->addWidget(use);
  savedButtons->addWidget(remove);
  savedButtons->addStretch(1);
  savedLayout->addLayout(savedButtons);
  layout->addWidget(saved);
  connect(use, &QPushButton::clicked, this, &AccountDialog::useSelectedAccount);
  connect(remove, &QPushButton::clicked, this, &AccountDialog::removeSelectedAccount);
  connect(accounts_, &QTreeWidget::itemDoubleClicked, this, &AccountDialog::useSelectedAccount);

  auto* loginBox = new QGroupBox(tr("Log in"), this);
  auto* form = new QFormLayout(loginBox);
  server_ = lineEdit("serverEdit", loginBox);
  server_->setPlaceholderText(QStringLiteral("https://webknossos.org"));
  form->addRow(tr("Server:"), server_);
  method_ = new QTabWidget(loginBox);
  method_->setObjectName(QStringLiteral("loginMethod"));
  auto* tokenTab = new QWidget(method_);
  auto* tokenForm = new QFormLayout(tokenTab);
  token_ = lineEdit("tokenEdit", tokenTab);
  token_->setEchoMode(QLineEdit::Password);
  tokenForm->addRow(tr("Personal token:"), token_);
  auto* hint = new QLabel(tr("Your token is shown on the server at Account › Auth Token (/account/token)."), tokenTab);
  hint->setWordWrap(true);
  tokenForm->addRow(hint);
  method_->addTab(tokenTab, tr("Token"));
  auto* passwordTab = new QWidget(method_);
  auto* passwordForm = new QFormLayout(passwordTab);
  email_ = lineEdit("emailEdit", passwordTab);
  password_ = lineEdit("passwordEdit", passwordTab);
  password_->setEchoMode(QLineEdit::Password);
  passwordForm->addRow(tr("E-mail:"), email_);
  passwordForm->addRow(tr("Password:"), password_);
  method_->addTab(passwordTab, tr("E-mail and password"));
  form->addRow(method_);
  loginButton_ = new QPushButton(tr("Log in"), loginBox);
  loginButton_->setObjectName(QStringLiteral("loginButton"));
  auto* anonymous = new QPushButton(tr("Browse without logging in"), loginBox);
  anonymous->setObjectName(QStringLiteral("useServerButton"));
  anonymous->setToolTip(tr("Public datasets and annotations only"));
  auto* loginButtons = new QHBoxLayout;
  loginButtons->addWidget(loginButton_);
  loginButtons->addWidget(anonymous);
  loginButtons->addStretch(1);
  form->addRow(loginButtons);
  connect(anonymous, &QPushButton::clicked, this, &AccountDialog::useServerAnonymously);
  layout->addWidget(loginBox);
  connect(loginButton_, &QPushButton::clicked, this, &AccountDialog::login);
  connect(token_, &QLineEdit::returnPressed, this, &AccountDialog::login);
  connect(password_, &QLineEdit::returnPressed, this, &AccountDialog::login);

  error_ = new QLabel(this);
  error_->setObjectName(QStringLiteral("errorLabel"));
  error_->setWordWrap(true);
  error_->setTextFormat(Qt::RichText);
  error_->hide();
  layout->addWidget(error_);
  progress_ = new ServerProgress(this);
  layout->addWidget(progress_);

  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
  logoutButton_ = buttons->addButton(tr("Log out"), QDialogButtonBox::ActionRole);
  logoutButton_->setObjectName(QStringLiteral("logoutButton"));
  connect(logoutButton_, &QPushButton::clicked, this, &AccountDialog::logout);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  layout->addWidget(buttons);

  connect(connection_, &ServerConnection::changed, this, &AccountDialog::refresh);
  connect(progress_, &ServerProgress::busyChanged, this, [this](bool busy) { loginButton_->setEnabled(!busy); });
  server_->setText(connection_->serverUrl());
  refresh();
}

QString AccountDialog::whoText() const { return who_->text(); }
QString AccountDialog::tokenLocationText() const { return tokenLocation_->text(); }
QString AccountDialog::errorText() const { return error_->isVisible() ? error_->text() : QString(); }

void AccountDialog::refresh() {
  who_->setText(connection_->loggedIn() ? tr("Logged in as %1").arg(connection_->whoText()) : connection_->whoText());
  tokenLocation_->setText(connection_->tokenLocationText());
  logoutButton_->setEnabled(connection_->loggedIn());
  accounts_->clear();
  auto list = connection_->accounts();
  if (!list.ok()) {
    showError(describeServerError(list.error(), tr("Reading the saved accounts")).toHtml());
    return;
  }
  const auto& active = connection_->activeAccount();
  for (const AccountEntry& e : list.value()) {
    auto* item = new QTreeWidgetItem(accounts_);
    item->setText(0, QString::fromStdString(e.account.serverUrl));
    item->setText(1, QString::fromStdString(e.account.user));
    item->setText(2, storageText(e.storage));
    item->setToolTip(2, ServerConnection::tokenLocationText(e.storage, connection_->tokenFilePath()));
    if (active && active->account == e.account) {
      item->setText(3, tr("active"));
      accounts_->setCurrentItem(item);
    }
  }
}

void AccountDialog::showError(const QString& html) {
  error_->setText(html);
  error_->setVisible(!html.isEmpty());
}

void AccountDialog::login() {
  showError({});
  const QString server = server_->text();
  const bool byToken = method_->currentIndex() == 0;
  auto done = [this](Status s) {
    if (!s.ok()) return showError(describeServerError(s.error(), tr("Logging in")).toHtml());
    token_->clear();
    password_->clear();
  };
  if (byToken) {
    const QString token = token_->text();
    progress_->runStatus(tr("Logging in"), [this, server, token](StatusCallback cb) {
      connection_->loginWithToken(server, token, cb);
    }, done);
  } else {
    const QString email = email_->text(), password = password_->text();
    progress_->runStatus(tr("Logging in"), [this, server, email, password](StatusCallback cb) {
      connection_->loginWithPassword(server, email, password, cb);
    }, done);
  }
}

void AccountDialog::useServerAnonymously() {
  if (normalizeServerUrl(server_->text()).empty())
    return showError(tr("“%1” is not a server address (expected e.g. https://webknossos.org).")
                         .arg(server_->text())
                         .toHtmlEscaped());
  showError({});
  connection_->useServer(server_->text());
}

void AccountDialog::logout() {
  showError({});
  progress_->runStatus(tr("Logging out"), [this](StatusCallback cb) { connection_->logout(cb); }, [this](Status s) {
    if (!s.ok()) showError(describeServerError(s.error(), tr("Telling the server about the logout")).toHtml() +
                           "<br>" + tr("The token was removed from this computer anyway."));
  });
}

void AccountDialog::useSelectedAccount() {
  auto* item = accounts_->currentItem();
  if (!item) return;
  showError({});
  const Account account{item->text(0).toStdString(), item->text(1).toStdString()};
  progress_->runStatus(tr("Switching account"), [this, account](StatusCallback cb) { connection_->useAccount(account, cb); },
                       [this](Status s) {
                         if (!s.ok()) showError(describeServerError(s.error(), tr("Switching account")).toHtml());
                       });
}

void AccountDialog::removeSelectedAccount() {
  auto* item = accounts_->currentItem();
  if (!item) return;
  const Account account{item->text(0).toStdString(), item->text(1).toStdString()};
  const Status s = connection_->removeAccount(account);
  if (!s.ok()) showError(describeServerError(s.error(), tr("Removing the account")).toHtml());
  refresh();
}

}  // namespace skein::ui
