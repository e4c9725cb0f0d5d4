#pragma once
// Server › Accounts…: who is logged in where, the saved accounts (switch, remove), login with a
// personal token or e-mail and password, logout, and where the token is kept (keychain, or the
// fallback the user chose). Non-modal; follows the ServerConnection.

#include <QDialog>

class QLabel;
class QLineEdit;
class QPushButton;
class QTabWidget;
class QTreeWidget;

namespace skein::ui {

class ServerConnection;
class ServerProgress;

class AccountDialog : public QDialog {
  Q_OBJECT
 public:
  explicit AccountDialog(ServerConnection* connection, QWidget* parent = nullptr);

  QString whoText() const;
  QString tokenLocationText() const;
  QString errorText() const;
  ServerProgress* progress() const { return progress_; }

 public slots:
  void login();
  void logout();
  void useServerAnonymously();  // the server in the login box, without an account
  void useSelectedAccount();
  void removeSelectedAccount();

 private:
  void refresh();
  void showError(const QString& html);

  ServerConnection* connection_;
  QLabel* who_;
  QLabel* tokenLocation_;
  QTreeWidget* accounts_;
  QLineEdit* server_;
  QTabWidget* method_;
  QLineEdit* token_;
  QLineEdit* email_;
  QLineEdit* password_;
  QPushButton* loginButton_;
  QPushButton* logoutButton_;
  QLabel* error_;
  ServerProgress* progress_;
};

}  // namespace skein::ui
