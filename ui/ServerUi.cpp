#include "ui/ServerUi.h"

#include <QAction>
#include <QDockWidget>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QRegularExpression>
#include <QStatusBar>
#include <QToolBar>

#include "core/client/WkClient.h"
#include "ui/AccountDialog.h"
#include "ui/ActionRegistry.h"
#include "ui/AnnotationListDock.h"
#include "ui/DatasetBrowserDock.h"
#include "ui/DatasetSettingsDialog.h"
#include "ui/DatasetUploadDialog.h"
#include "ui/MainWindow.h"
#include "ui/ServerErrorText.h"
#include "ui/ServerOpenLinkDialog.h"
#include "ui/ServerProgress.h"
#include "ui/ServerReadOnlyBanner.h"
#include "ui/ShareDialog.h"
#include "ui/ViewerSession.h"
#include "ui/ZarrLinksDialog.h"

namespace skein::ui {

using namespace skein::client;

namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }

// The menu of the menu bar whose title (without '&') is `title`; nullptr when there is none.
QMenu* findMenu(QMainWindow* window, const QString& title) {
  for (QAction* a : window->menuBar()->actions())
    if (a->menu() && a->text().remove('&') == title) return a->menu();
  return nullptr;
}

template <typename Dialog>
Dialog* present(Dialog* dialog) {
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  dialog->show();
  dialog->raise();
  return dialog;
}

}  // namespace

struct ServerUi::Actions {
  QAction* openLink = nullptr;
  QAction* accounts = nullptr;
  QAction* share = nullptr;
  QAction* zarrLinks = nullptr;
  QAction* datasetSettings = nullptr;
  QAction* uploadDataset = nullptr;
};

ServerUi::ServerUi(QMainWindow* window, ViewerSession* session, ServerUiConfig config)
    : QObject(window), window_(window), session_(session), config_(std::move(config)),
      actions_(std::make_unique<Actions>()) {
  if (config_.connection.configDir.isEmpty()) config_.connection.configDir = defaultServerConfigDir();
  if (!config_.confirm) config_.confirm = defaultServerConfirm();
  connection_ = new ServerConnection(config_.connection, this);
  connection_->setFallbackQuestion([this](const QString& problem, const QString& filePath) -> std::optional<TokenFallback> {
    QMessageBox box(QMessageBox::Question, tr("No keychain available"),
                    tr("Skein could not store your token in the system keychain (%1).\n\nWhere should it keep the "
                       "token instead?")
                        .arg(problem),
                    QMessageBox::NoButton, window_);
    auto* memory = box.addButton(tr("In memory only (log in again next time)"), QMessageBox::AcceptRole);
    auto* file = box.addButton(tr("In a file only I can read (%1)").arg(filePath), QMessageBox::AcceptRole);
    box.addButton(QMessageBox::Cancel);
    box.exec();
    if (box.clickedButton() == memory) return TokenFallback::Memory;
    if (box.clickedButton() == file) return TokenFallback::File;
    return std::nullopt;
  });

  createActions();
  buildDocks();
  buildMenus();
  connect(connection_, &ServerConnection::changed, this, [this] {
    updateBanner();
    updateActions();
  });
  connect(this, &ServerUi::message, this, [this](const QString& text) { window_->statusBar()->showMessage(text, 8000); });
  if (auto* main = qobject_cast<MainWindow*>(window_)) {
    QPointer<ServerUi> self(this);
    main->setLinkHandler([self](const QString& text) {
      if (!self || !isServerLink(text)) return false;
      self->openLink(text);
      return true;
    });
  }
  updateActions();
  if (config_.restoreDefaultAccount)
    connection_->restoreDefault([this](Status s) {
      if (!s.ok()) showMessage(describeServerError(s.error(), tr("Logging in to the saved account")).toPlainText());
    });
}

ServerUi::~ServerUi() = default;

void ServerUi::createActions() {
  auto make = [this](const char* id, const QString& category, const QString& text, const QList<QKeySequence>& keys) {
    QAction* a = config_.actions ? config_.actions->add(QString::fromLatin1(id), category, text, keys)
                                 : new QAction(text, this);
    if (!config_.actions) a->setShortcuts(keys);
    a->setObjectName(QString::fromLatin1(id));
    window_->addAction(a);  // shortcuts work wherever the focus is in the window
    return a;
  };
  const QString file = tr("File"), server = tr("Server");
  actions_->openLink = make("file.open_link", file, tr("Open &link…"), {QKeySequence(QStringLiteral("Ctrl+Shift+L"), QKeySequence::PortableText)});
  actions_->accounts = make("server.accounts", server, tr("&Accounts…"), {});
  actions_->share = make("server.share", server, tr("&Share…"), {});
  actions_->zarrLinks = make("server.zarr_links", server, tr("&Zarr links…"), {});
  actions_->datasetSettings = make("server.dataset_settings", server, tr("&Dataset settings…"), {});
  actions_->uploadDataset = make("server.upload_dataset", server, tr("&Upload dataset…"), {});
  connect(actions_->openLink, &QAction::triggered, this, [this] { showOpenLinkDialog(); });
  connect(actions_->accounts, &QAction::triggered, this, [this] { showAccountDialog(); });
  connect(actions_->share, &QAction::triggered, this, [this] { showShareDialog(); });
  connect(actions_->zarrLinks, &QAction::triggered, this, [this] { showZarrLinksDialog(); });
  connect(actions_->datasetSettings, &QAction::triggered, this, [this] { showDatasetSettingsDialog(); });
  connect(actions_->uploadDataset, &QAction::triggered, this, [this] { showDatasetUploadDialog(); });
}

QAction* ServerUi::action(const QString& id) const {
  for (QAction* a : {actions_->openLink, actions_->accounts, actions_->share, actions_->zarrLinks, actions_->datasetSettings,
                     actions_->uploadDataset})
    if (a && a->objectName() == id) return a;
  return nullptr;
}

void ServerUi::buildMenus() {
  QMenuBar* bar = window_->menuBar();
  QMenu* file = findMenu(window_, tr("File"));
  if (!file) file = bar->addMenu(tr("&File"));
  // After File › Open URL… when the window has it, else first.
  QAction* before = file->actions().isEmpty() ? nullptr : file->actions().front();
  const QList<QAction*> fileActions = file->actions();
  for (qsizetype i = 0; i + 1 < fileActions.size(); ++i)
    if (fileActions[i]->objectName() == "file.open_url" ||
        (config_.actions && fileActions[i] == config_.actions->action("file.open_url")))
      before = fileActions[i + 1];
  file->insertAction(before, actions_->openLink);

  menu_ = new QMenu(tr("&Server"), window_);
  menu_->setObjectName(QStringLiteral("serverMenu"));
  menu_->addAction(actions_->accounts);
  menu_->addSeparator();
  menu_->addAction(actions_->share);
  menu_->addAction(actions_->zarrLinks);
  menu_->addAction(actions_->datasetSettings);
  menu_->addAction(actions_->uploadDataset);
  menu_->addSeparator();
  menu_->addAction(browser_->toggleViewAction());
  menu_->addAction(annotations_->toggleViewAction());
  QMenu* help = findMenu(window_, tr("Help"));
  bar->insertMenu(help ? help->menuAction() : nullptr, menu_);
}

void ServerUi::buildDocks() {
  browser_ = new DatasetBrowserDock(connection_, window_);
  annotations_ = new AnnotationListDock(connection_, window_);
  for (QDockWidget* d : {static_cast<QDockWidget*>(browser_), static_cast<QDockWidget*>(annotations_)}) {
    d->setAllowedAreas(Qt::LeftDockWidgetArea | Qt::RightDockWidgetArea);
    window_->addDockWidget(Qt::LeftDockWidgetArea, d);
  }
  window_->tabifyDockWidget(browser_, annotations_);
  browser_->raise();
  // Shown once there is a server to talk to; hidden for purely local work.
  const bool hasAccount = [this] {
    auto list = connection_->accounts();
    return list.ok() && !list->empty();
  }();
  browser_->setVisible(hasAccount);
  annotations_->setVisible(hasAccount);
  connect(connection_, &ServerConnection::changed, this, [this] {
    if (connection_->loggedIn() && !browser_->isVisible() && !annotations_->isVisible()) {
      browser_->show();
      annotations_->show();
      browser_->raise();
    }
  });

  connect(browser_, &DatasetBrowserDock::openRequested, this, [this](const DatasetInfo& d) {
    ShareLink link;
    link.serverUrl = connection_->serverUrl().toStdString();
    link.kind = ShareLinkKind::Dataset;
    link.datasetId = d.id;
    link.datasetName = d.name;
    resolveAndOpen(link, browser_->progress());
  });
  connect(browser_, &DatasetBrowserDock::settingsRequested, this,
          [this](const DatasetInfo& d) { showDatasetSettingsDialog(d); });
  connect(annotations_, &AnnotationListDock::openRequested, this, [this](const AnnotationInfo& a) {
    ShareLink link;
    link.serverUrl = connection_->serverUrl().toStdString();
    link.kind = ShareLinkKind::Annotation;
    link.annotationId = a.id;
    resolveAndOpen(link, annotations_->progress());
  });
  connect(annotations_, &AnnotationListDock::shareRequested, this, [this](const AnnotationInfo& a) { showShareDialog(a); });
  connect(annotations_, &AnnotationListDock::zarrLinksRequested, this,
          [this](const AnnotationInfo& a) { showZarrLinksDialog(a); });
  connect(annotations_, &AnnotationListDock::copyRequested, this, [this](const AnnotationInfo& a) { copyToMyAccount(a); });

  bannerBar_ = new QToolBar(tr("Read-only annotation"), window_);
  bannerBar_->setObjectName(QStringLiteral("readOnlyBannerBar"));
  bannerBar_->setMovable(false);
  bannerBar_->setFloatable(false);
  banner_ = new ServerReadOnlyBanner(bannerBar_);
  bannerBar_->addWidget(banner_);
  window_->addToolBarBreak(Qt::TopToolBarArea);
  window_->addToolBar(Qt::TopToolBarArea, bannerBar_);
  bannerBar_->toggleViewAction()->setVisible(false);
  bannerBar_->hide();
  connect(banner_, &ServerReadOnlyBanner::copyRequested, this, [this] {
    if (current_ && current_->annotation) copyToMyAccount(*current_->annotation);
  });
}

bool ServerUi::isServerLink(const QString& text) {
  auto link = parseShareLink(text.trimmed().toStdString());
  if (!link.ok()) return false;
  // A datastore URL such as …/data/datasets/<id>/layers/… is data, not a viewer link.
  const QString server = q(link->serverUrl);
  return !server.contains(QLatin1String("/data")) && !server.contains(QLatin1String("/tracings"));
}

void ServerUi::openLink(const QString& text) {
  auto link = parseShareLink(text.trimmed().toStdString());
  if (!link.ok()) return showError(q(link.error().message).toHtmlEscaped());
  resolveAndOpen(link.value(), browser_->progress());
}

void ServerUi::resolveAndOpen(const ShareLink& link, ServerProgress* progress) {
  ServerConnection* connection = connection_;
  progress->run<ServerTarget>(
      tr("Opening from the server"), [connection, link](Callback<ServerTarget> cb) { resolveShareLink(*connection, link, cb); },
      [this](Result<ServerTarget> target) {
        if (!target.ok()) return showError(describeServerError(target.error(), tr("Opening from the server")).toHtml());
        if (Status s = openTarget(target.value()); !s.ok())
          showError(describeServerError(s.error(), tr("Opening the dataset")).toHtml());
      });
}

Status ServerUi::openTarget(const ServerTarget& target) {
  const Status opened = config_.openLocation ? config_.openLocation(target.zarrUrl) : session_->open(target.zarrUrl);
  if (!opened.ok()) {
    // The location may carry a token in its query: never show it.
    Error e = opened.error();
    if (target.zarrUrl != target.zarrUrlForDisplay) e.message = q(e.message).replace(target.zarrUrl, target.zarrUrlForDisplay).toStdString();
    if (const qsizetype at = target.zarrUrl.indexOf(QLatin1String("?token=")); at > 0) {
      const QString token = target.zarrUrl.mid(at + 7);
      e.message = q(e.message).replace(token, QStringLiteral("…")).toStdString();
    }
    return e;
  }
  const ViewState& view = target.link.view;
  if (view.position) session_->setPosition(*view.position);
  // webKnossos' zoomStep 1 shows one mag-1 voxel per screen pixel, like the viewer's zoom 1.
  if (view.zoomStep && *view.zoomStep > 0) session_->setZoom(*view.zoomStep);
  current_ = target;
  updateBanner();
  updateActions();
  const QString description = target.describe();
  showMessage(tr("Opened %1").arg(description));
  emit targetOpened(description);
  if (target.annotation) loadAnnotationSkeleton(target);
  return Status::success();
}

ViewState ServerUi::currentView() const {
  ViewState view;
  if (!session_->hasDataset()) return view;
  view.position = session_->position();
  view.mode = ViewMode::Orthogonal;
  view.zoomStep = session_->zoom();
  return view;
}

WkClient* ServerUi::clientForCurrent() {
  if (current_ && current_->client) return current_->client;
  return connection_->client();
}

ServerOpenLinkDialog* ServerUi::showOpenLinkDialog(const QString& link) {
  auto* dialog = new ServerOpenLinkDialog(connection_, [this](const ServerTarget& t) { return openTarget(t); }, window_);
  if (!link.isEmpty()) dialog->setLinkText(link);
  return present(dialog);
}

AccountDialog* ServerUi::showAccountDialog() { return present(new AccountDialog(connection_, window_)); }

ShareDialog* ServerUi::showShareDialog() {
  if (current_ && current_->annotation) {
    auto* dialog = new ShareDialog(current_->client, current_->annotation->id, currentView(), config_.confirm, window_);
    return present(dialog);
  }
  if (auto a = annotations_->selectedAnnotation()) return showShareDialog(*a);
  showMessage(tr("Open or select a server annotation first (Server › Server annotations)."));
  return nullptr;
}

ShareDialog* ServerUi::showShareDialog(const AnnotationInfo& annotation) {
  WkClient* client = connection_->client();
  if (!client) return nullptr;
  ViewState view;
  if (current_ && current_->annotation && current_->annotation->id == annotation.id) view = currentView();
  auto* dialog = new ShareDialog(client, annotation.id, view, config_.confirm, window_);
  connect(dialog, &ShareDialog::applied, annotations_, &AnnotationListDock::reload);
  connect(dialog, &ShareDialog::datasetChanged, browser_, &DatasetBrowserDock::reload);
  return present(dialog);
}

ZarrLinksDialog* ServerUi::showZarrLinksDialog() {
  if (current_ && current_->annotation)
    return present(new ZarrLinksDialog(current_->client, current_->annotation->id, config_.confirm, window_));
  if (auto a = annotations_->selectedAnnotation()) return showZarrLinksDialog(*a);
  showMessage(tr("Open or select a server annotation first (Server › Server annotations)."));
  return nullptr;
}

ZarrLinksDialog* ServerUi::showZarrLinksDialog(const AnnotationInfo& annotation) {
  WkClient* client = connection_->client();
  if (!client) return nullptr;
  return present(new ZarrLinksDialog(client, annotation.id, config_.confirm, window_));
}

DatasetSettingsDialog* ServerUi::showDatasetSettingsDialog() {
  if (auto d = browser_->selectedDataset(); d && browser_->isVisible()) return showDatasetSettingsDialog(*d);
  if (current_) {
    auto* dialog = new DatasetSettingsDialog(current_->client, current_->dataset.id, config_.confirm, window_);
    connect(dialog, &DatasetSettingsDialog::saved, browser_, &DatasetBrowserDock::reload);
    return present(dialog);
  }
  showMessage(tr("Open or select a server dataset first (Server › Server datasets)."));
  return nullptr;
}

DatasetSettingsDialog* ServerUi::showDatasetSettingsDialog(const DatasetInfo& dataset) {
  WkClient* client = connection_->client();
  if (!client) return nullptr;
  auto* dialog = new DatasetSettingsDialog(client, dataset.id, config_.confirm, window_);
  connect(dialog, &DatasetSettingsDialog::saved, browser_, &DatasetBrowserDock::reload);
  return present(dialog);
}

DatasetUploadDialog* ServerUi::showDatasetUploadDialog(const QString& folder) {
  WkClient* client = connection_->client();
  if (!client || !connection_->loggedIn() || !connection_->user()) {
    showMessage(tr("Log in (Server › Accounts…) to upload datasets."));
    return nullptr;
  }
  auto* dialog = new DatasetUploadDialog(client, connection_->user()->organization, window_);
  if (!folder.isEmpty()) dialog->setFolder(folder);
  connect(dialog, &DatasetUploadDialog::uploaded, browser_, &DatasetBrowserDock::reload);
  return present(dialog);
}

void ServerUi::copyToMyAccount(const AnnotationInfo& annotation) {
  WkClient* client = current_ && current_->annotation && current_->annotation->id == annotation.id ? current_->client
                                                                                                   : connection_->client();
  if (!client || !client->hasToken()) return showMessage(tr("Log in (Server › Accounts…) to copy annotations."));
  const std::string id = annotation.id, typ = annotation.typ;
  annotations_->progress()->run<AnnotationInfo>(
      tr("Copying the annotation to your account"),
      [client, id, typ](Callback<AnnotationInfo> cb) { client->duplicateAnnotation(id, typ, cb); },
      [this, id](Result<AnnotationInfo> copy) {
        if (!copy.ok()) return showError(describeServerError(copy.error(), tr("Copying the annotation")).toHtml());
        if (current_ && current_->annotation && current_->annotation->id == id) {
          current_->annotation = copy.value();
          rebindSkeletonTo(copy.value());
        }
        updateBanner();
        annotations_->reload();
        showMessage(tr("Copied to your account as “%1”; your changes now go to the copy.").arg(q(copy->name)));
        emit annotationCopied(q(copy->id));
      });
}

void ServerUi::updateBanner() {
  const bool readOnly = current_ && current_->annotation && !current_->annotation->restrictions.allowUpdate;
  if (readOnly) {
    const AnnotationInfo& a = *current_->annotation;
    const QString owner = q(a.owner.firstName + " " + a.owner.lastName).trimmed();
    banner_->showFor(q(a.name.empty() ? a.id : a.name), owner, current_->client && current_->client->hasToken());
  }
  bannerBar_->setVisible(readOnly);
}

void ServerUi::updateActions() {
  // Share… also works anonymously for a public annotation (to copy its link).
  actions_->zarrLinks->setEnabled(connection_->loggedIn());
  actions_->datasetSettings->setEnabled(connection_->loggedIn());
  actions_->uploadDataset->setEnabled(connection_->loggedIn());
}

void ServerUi::showMessage(const QString& text) { emit message(text); }

void ServerUi::showError(const QString& html) {
  auto* box = new QMessageBox(QMessageBox::Warning, tr("Server"), html, QMessageBox::Ok, window_);
  box->setObjectName(QStringLiteral("serverErrorMessage"));
  box->setTextFormat(Qt::RichText);
  box->setAttribute(Qt::WA_DeleteOnClose);
  box->open();
  showMessage(QString(html).remove(QRegularExpression(QStringLiteral("<[^>]*>"))));
}

}  // namespace skein::ui
