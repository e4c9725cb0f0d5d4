#include "ui/DatasetSettingsDialog.h"

#include <QCheckBox>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <memory>

#include "core/client/ShareLink.h"
#include "core/client/WkClient.h"
#include "ui/ServerErrorText.h"
#include "ui/ServerProgress.h"
#include "ui/ShareSummary.h"

namespace skein::ui {

using namespace skein::client;

namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }

QLabel* wrappedLabel(const char* name, QWidget* parent) {
  auto* label = new QLabel(parent);
  label->setObjectName(QString::fromLatin1(name));
  label->setWordWrap(true);
  label->setTextFormat(Qt::PlainText);  // names and messages from the server are never markup
  return label;
}

std::vector<std::string> splitTags(const QString& text) {
  std::vector<std::string> tags;
  for (const QString& t : text.split(',', Qt::SkipEmptyParts))
    if (!t.trimmed().isEmpty()) tags.push_back(t.trimmed().toStdString());
  return tags;
}

}  // namespace

DatasetSettingsDialog::DatasetSettingsDialog(WkClient* client, std::string datasetId, ServerConfirm confirm,
                                             QWidget* parent)
    : QDialog(parent),
      client_(client),
      datasetId_(std::move(datasetId)),
      confirm_(confirm ? std::move(confirm) : defaultServerConfirm()) {
  setObjectName(QStringLiteral("datasetSettingsDialog"));
  setWindowTitle(tr("Dataset settings"));
  auto* layout = new QVBoxLayout(this);
  title_ = wrappedLabel("datasetSettingsTitle", this);
  layout->addWidget(title_);
  auto* tabs = new QTabWidget(this);
  layout->addWidget(tabs, 1);

  auto* sharing = new QWidget(tabs);
  auto* sharingLayout = new QVBoxLayout(sharing);
  public_ = new QCheckBox(tr("Public — anyone with a link can open the dataset, also without an account"), sharing);
  public_->setObjectName(QStringLiteral("isPublic"));
  sharingLayout->addWidget(public_);
  auto* teamsBox = new QGroupBox(tr("Teams allowed to open the dataset"), sharing);
  auto* teamsLayout = new QVBoxLayout(teamsBox);
  teamList_ = new QListWidget(teamsBox);
  teamList_->setObjectName(QStringLiteral("allowedTeams"));
  teamList_->setMaximumHeight(110);
  teamsLayout->addWidget(teamList_);
  sharingLayout->addWidget(teamsBox);
  auto* linkBox = new QGroupBox(tr("Sharing link (opens the dataset for anyone who has it)"), sharing);
  auto* linkLayout = new QVBoxLayout(linkBox);
  link_ = new QLineEdit(linkBox);
  link_->setObjectName(QStringLiteral("sharingLink"));
  link_->setReadOnly(true);
  link_->setPlaceholderText(tr("Press “Get link” to create or show it"));
  linkLayout->addWidget(link_);
  auto* linkButtons = new QHBoxLayout;
  getLink_ = new QPushButton(tr("Get link"), linkBox);
  getLink_->setObjectName(QStringLiteral("getSharingLinkButton"));
  auto* copy = new QPushButton(tr("Copy"), linkBox);
  copy->setObjectName(QStringLiteral("copySharingLinkButton"));
  revoke_ = new QPushButton(tr("Revoke and make a new token…"), linkBox);
  revoke_->setObjectName(QStringLiteral("revokeSharingTokenButton"));
  linkButtons->addWidget(getLink_);
  linkButtons->addWidget(copy);
  linkButtons->addStretch(1);
  linkButtons->addWidget(revoke_);
  linkLayout->addLayout(linkButtons);
  notice_ = wrappedLabel("sharingNotice", linkBox);
  linkLayout->addWidget(notice_);
  sharingLayout->addWidget(linkBox);
  auto* summaryBox = new QGroupBox(tr("Who can see this"), sharing);
  auto* summaryLayout = new QVBoxLayout(summaryBox);
  summary_ = wrappedLabel("whoCanSee", summaryBox);
  summaryLayout->addWidget(summary_);
  sharingLayout->addWidget(summaryBox);
  sharingLayout->addStretch(1);
  tabs->addTab(sharing, tr("Sharing && permissions"));

  auto* metadata = new QWidget(tabs);
  auto* form = new QFormLayout(metadata);
  name_ = new QLineEdit(metadata);
  name_->setObjectName(QStringLiteral("displayName"));
  description_ = new QPlainTextEdit(metadata);
  description_->setObjectName(QStringLiteral("description"));
  tags_ = new QLineEdit(metadata);
  tags_->setObjectName(QStringLiteral("tags"));
  tags_->setPlaceholderText(tr("comma-separated, e.g. mouse, cortex"));
  form->addRow(tr("Display name:"), name_);
  form->addRow(tr("Description:"), description_);
  form->addRow(tr("Tags:"), tags_);
  tabs->addTab(metadata, tr("Metadata"));

  error_ = wrappedLabel("errorLabel", this);
  error_->setTextFormat(Qt::RichText);
  error_->hide();
  layout->addWidget(error_);
  progress_ = new ServerProgress(this);
  layout->addWidget(progress_);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
  saveButton_ = buttons->addButton(tr("Save"), QDialogButtonBox::ApplyRole);
  saveButton_->setObjectName(QStringLiteral("saveDatasetButton"));
  layout->addWidget(buttons);

  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  connect(saveButton_, &QPushButton::clicked, this, &DatasetSettingsDialog::save);
  connect(getLink_, &QPushButton::clicked, this, &DatasetSettingsDialog::fetchSharingLink);
  connect(copy, &QPushButton::clicked, this, &DatasetSettingsDialog::copySharingLink);
  connect(revoke_, &QPushButton::clicked, this, &DatasetSettingsDialog::revokeSharingToken);
  connect(public_, &QCheckBox::toggled, this, &DatasetSettingsDialog::updateSummary);
  connect(teamList_, &QListWidget::itemChanged, this, &DatasetSettingsDialog::updateSummary);
  saveButton_->setEnabled(false);
  resize(600, 560);
  reload();
}

QString DatasetSettingsDialog::sharingLink() const { return link_->text(); }
QString DatasetSettingsDialog::summaryText() const { return summary_->text(); }
QString DatasetSettingsDialog::noticeText() const { return notice_->text(); }
QString DatasetSettingsDialog::errorText() const { return error_->isVisibleTo(this) ? error_->text() : QString(); }
void DatasetSettingsDialog::setPublic(bool isPublic) { public_->setChecked(isPublic); }
void DatasetSettingsDialog::setDisplayName(const QString& name) { name_->setText(name); }
void DatasetSettingsDialog::setDescription(const QString& text) { description_->setPlainText(text); }
void DatasetSettingsDialog::setTags(const QString& commaSeparated) { tags_->setText(commaSeparated); }

void DatasetSettingsDialog::setTeamSelected(const std::string& teamId, bool selected) {
  for (int i = 0; i < teamList_->count(); ++i)
    if (teamList_->item(i)->data(Qt::UserRole).toString() == q(teamId))
      teamList_->item(i)->setCheckState(selected ? Qt::Checked : Qt::Unchecked);
}

std::vector<std::string> DatasetSettingsDialog::selectedTeamIds() const {
  std::vector<std::string> ids;
  for (int i = 0; i < teamList_->count(); ++i)
    if (teamList_->item(i)->checkState() == Qt::Checked) ids.push_back(teamList_->item(i)->data(Qt::UserRole).toString().toStdString());
  return ids;
}

void DatasetSettingsDialog::showError(const QString& html) {
  error_->setText(html);
  error_->setVisible(!html.isEmpty());
}

void DatasetSettingsDialog::reload() {
  showError({});
  WkClient* client = client_;
  const std::string id = datasetId_;
  auto pending = std::make_shared<int>(2);
  auto arrived = [this, pending] {
    if (--*pending == 0 && dataset_) showDataset();
  };
  progress_->run<DatasetInfo>(
      tr("Loading the dataset"), [client, id](Callback<DatasetInfo> cb) { client->dataset(id, "", cb); },
      [this, arrived](Result<DatasetInfo> d) {
        if (!d.ok()) showError(describeServerError(d.error(), tr("Loading the dataset")).toHtml());
        else dataset_ = std::move(d).value();
        arrived();
      });
  progress_->run<std::vector<Team>>(
      tr("Loading the teams"), [client](Callback<std::vector<Team>> cb) { client->teams(cb); },
      [this, arrived](Result<std::vector<Team>> t) {
        if (!t.ok()) showError(describeServerError(t.error(), tr("Loading the teams")).toHtml());
        else teams_ = std::move(t).value();
        arrived();
      });
}

void DatasetSettingsDialog::showDataset() {
  const DatasetInfo& d = *dataset_;
  title_->setText(tr("Dataset “%1” of %2").arg(q(d.name.empty() ? d.id : d.name), q(d.owningOrganization)));
  const QSignalBlocker blockPublic(public_), blockTeams(teamList_);
  public_->setChecked(d.isPublic);
  for (const Team& t : d.allowedTeams)
    if (std::none_of(teams_.begin(), teams_.end(), [&](const Team& x) { return x.id == t.id; })) teams_.push_back(t);
  teamList_->clear();
  for (const Team& t : teams_) {
    auto* item = new QListWidgetItem(q(t.name.empty() ? t.id : t.name), teamList_);
    item->setData(Qt::UserRole, q(t.id));
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
    const bool allowed = std::any_of(d.allowedTeams.begin(), d.allowedTeams.end(), [&](const Team& x) { return x.id == t.id; });
    item->setCheckState(allowed ? Qt::Checked : Qt::Unchecked);
  }
  name_->setText(q(d.name));
  description_->setPlainText(d.description ? q(*d.description) : QString());
  QStringList tags;
  for (const auto& t : d.tags) tags << q(t);
  tags_->setText(tags.join(QStringLiteral(", ")));
  const bool editable = d.isEditable;
  for (QWidget* w : std::initializer_list<QWidget*>{public_, teamList_, name_, description_, tags_, revoke_, saveButton_})
    w->setEnabled(editable);
  if (!editable) showError(tr("Only dataset managers and admins can change this dataset; you can still get its sharing link."));
  showSharingLink();
  updateSummary();
  emit loadFinished();
}

void DatasetSettingsDialog::updateSummary() {
  if (!dataset_) return;
  DatasetInfo planned = *dataset_;
  planned.isPublic = public_->isChecked();
  planned.allowedTeams.clear();
  for (const std::string& id : selectedTeamIds())
    for (const Team& t : teams_)
      if (t.id == id) planned.allowedTeams.push_back(t);
  QString text = datasetAudience(planned, false);
  if (!sharingToken_.empty() && !planned.isPublic)
    text += "\n" + tr("Anyone who has the sharing link above can open it too.");
  summary_->setText(text);
}

void DatasetSettingsDialog::showSharingLink() {
  if (sharingToken_.empty() || !dataset_) {
    link_->clear();
    return;
  }
  ShareLink link;
  link.serverUrl = client_->serverUrl();
  link.kind = ShareLinkKind::Dataset;
  link.datasetId = dataset_->id;
  link.datasetName = dataset_->name;
  link.sharingToken = sharingToken_;
  link_->setText(q(formatShareLink(link)));
  emit sharingLinkChanged(link_->text());
}

void DatasetSettingsDialog::fetchSharingLink() {
  showError({});
  WkClient* client = client_;
  const std::string id = datasetId_;
  progress_->run<std::string>(
      tr("Getting the sharing token"), [client, id](Callback<std::string> cb) { client->datasetSharingToken(id, cb); },
      [this](Result<std::string> token) {
        if (!token.ok()) return showError(describeServerError(token.error(), tr("Getting the sharing link")).toHtml());
        sharingToken_ = token.value();
        showSharingLink();
        updateSummary();
      });
}

void DatasetSettingsDialog::revokeSharingToken() {
  if (!confirm_(this, tr("Revoke the sharing token?"),
                tr("Every link that carries the current sharing token stops working at once, also links inside "
                   "shared annotations. A new token is created; share the new link with those who should keep "
                   "access. Revoke it?")))
    return;
  showError({});
  WkClient* client = client_;
  const std::string id = datasetId_;
  progress_->runStatus(
      tr("Revoking the sharing token"), [client, id](StatusCallback cb) { client->revokeDatasetSharingToken(id, cb); },
      [this, client, id](Status s) {
        if (!s.ok()) return showError(describeServerError(s.error(), tr("Revoking the sharing token")).toHtml());
        sharingToken_.clear();
        progress_->run<std::string>(
            tr("Creating a new sharing token"),
            [client, id](Callback<std::string> cb) { client->datasetSharingToken(id, cb); },
            [this](Result<std::string> token) {
              if (!token.ok())
                return showError(describeServerError(token.error(), tr("Creating a new sharing token")).toHtml());
              sharingToken_ = token.value();
              notice_->setText(tr("The old token was revoked: links with it no longer work. This is the new link."));
              showSharingLink();
              updateSummary();
            });
      });
}

void DatasetSettingsDialog::copySharingLink() {
  if (auto* clipboard = QGuiApplication::clipboard()) clipboard->setText(link_->text());
}

void DatasetSettingsDialog::save() {
  if (!dataset_) return;
  showError({});
  const DatasetInfo& d = *dataset_;
  DatasetUpdate update;
  if (public_->isChecked() != d.isPublic) update.isPublic = public_->isChecked();
  if (name_->text().trimmed().toStdString() != d.name && !name_->text().trimmed().isEmpty())
    update.name = name_->text().trimmed().toStdString();
  const QString description = description_->toPlainText();
  if (description != (d.description ? q(*d.description) : QString()))
    update.description = description.isEmpty() ? std::optional<std::string>() : std::optional<std::string>(description.toStdString());
  const auto tags = splitTags(tags_->text());
  if (tags != d.tags) update.tags = tags;
  std::vector<std::string> before, after = selectedTeamIds();
  for (const Team& t : d.allowedTeams) before.push_back(t.id);
  std::sort(before.begin(), before.end());
  std::sort(after.begin(), after.end());
  const bool teamsChanged = before != after;

  if (update.isPublic && *update.isPublic &&
      !confirm_(this, tr("Make the dataset public?"),
                tr("Everyone — also people without an account — will be able to see:\n\n• %1\n\nMake it public?")
                    .arg(whatBecomesPublic(d).join("\n• "))))
    return;

  WkClient* client = client_;
  const std::string id = d.id;
  auto finish = [this, client, id] {
    progress_->run<DatasetInfo>(
        tr("Reloading the dataset"), [client, id](Callback<DatasetInfo> cb) { client->dataset(id, "", cb); },
        [this](Result<DatasetInfo> r) {
          if (!r.ok()) return showError(describeServerError(r.error(), tr("Reloading the dataset")).toHtml());
          dataset_ = std::move(r).value();
          showDataset();
          emit saved(*dataset_);
        });
  };
  auto saveTeams = [this, client, id, after, teamsChanged, finish] {
    if (!teamsChanged) return finish();
    progress_->run<std::vector<std::string>>(
        tr("Saving the allowed teams"),
        [client, id, after](Callback<std::vector<std::string>> cb) { client->setDatasetTeams(id, after, cb); },
        [this, finish](Result<std::vector<std::string>> r) {
          if (!r.ok()) return showError(describeServerError(r.error(), tr("Saving the allowed teams")).toHtml());
          finish();
        });
  };
  if (update.empty()) return saveTeams();
  progress_->run<DatasetInfo>(
      tr("Saving the dataset"), [client, id, update](Callback<DatasetInfo> cb) { client->updateDataset(id, update, cb); },
      [this, saveTeams](Result<DatasetInfo> r) {
        if (!r.ok()) return showError(describeServerError(r.error(), tr("Saving the dataset")).toHtml());
        saveTeams();
      });
}

}  // namespace skein::ui
