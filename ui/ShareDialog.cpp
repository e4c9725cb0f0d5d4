#include "ui/ShareDialog.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QFrame>
#include <QGroupBox>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

#include <algorithm>
#include <memory>

#include "core/client/SharingDependencies.h"
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

}  // namespace

ShareDialog::ShareDialog(WkClient* client, std::string annotationId, ViewState view, ServerConfirm confirm,
                         QWidget* parent)
    : QDialog(parent),
      client_(client),
      annotationId_(std::move(annotationId)),
      view_(std::move(view)),
      confirm_(confirm ? std::move(confirm) : defaultServerConfirm()) {
  setObjectName(QStringLiteral("shareDialog"));
  setWindowTitle(tr("Share annotation"));
  auto* layout = new QVBoxLayout(this);
  title_ = wrappedLabel("shareTitle", this);
  layout->addWidget(title_);

  auto* visibilityBox = new QGroupBox(tr("Who may open the annotation"), this);
  auto* visibilityLayout = new QVBoxLayout(visibilityBox);
  visibility_ = new QButtonGroup(this);
  const struct {
    Visibility v;
    const char* name;
    QString text;
  } choices[] = {
      {Visibility::Private, "visibilityPrivate", tr("Private — only you (and your team managers)")},
      {Visibility::Internal, "visibilityInternal", tr("Internal — members of your organization who have the link")},
      {Visibility::Public, "visibilityPublic", tr("Public — anyone who has the link, also without an account")},
  };
  for (const auto& c : choices) {
    auto* radio = new QRadioButton(c.text, visibilityBox);
    radio->setObjectName(QString::fromLatin1(c.name));
    visibility_->addButton(radio, static_cast<int>(c.v));
    visibilityLayout->addWidget(radio);
  }
  layout->addWidget(visibilityBox);

  auto* teamsBox = new QGroupBox(tr("Shared with teams (listed for their members)"), this);
  auto* teamsLayout = new QVBoxLayout(teamsBox);
  teamList_ = new QListWidget(teamsBox);
  teamList_->setObjectName(QStringLiteral("sharedTeams"));
  teamList_->setMaximumHeight(110);
  teamNote_ = wrappedLabel("teamNote", teamsBox);
  teamsLayout->addWidget(teamList_);
  teamsLayout->addWidget(teamNote_);
  layout->addWidget(teamsBox);

  auto* linkBox = new QGroupBox(tr("Link"), this);
  auto* linkLayout = new QVBoxLayout(linkBox);
  auto* linkRow = new QHBoxLayout;
  link_ = new QLineEdit(linkBox);
  link_->setObjectName(QStringLiteral("shareLink"));
  link_->setReadOnly(true);
  auto* copy = new QPushButton(tr("Copy"), linkBox);
  copy->setObjectName(QStringLiteral("copyLinkButton"));
  linkRow->addWidget(link_, 1);
  linkRow->addWidget(copy);
  linkLayout->addLayout(linkRow);
  withToken_ = new QCheckBox(tr("Put the dataset's sharing token into the link"), linkBox);
  withToken_->setObjectName(QStringLiteral("includeSharingToken"));
  withToken_->setToolTip(tr("Anyone with the link can then read the dataset, even when it is not public."));
  linkLayout->addWidget(withToken_);
  layout->addWidget(linkBox);

  warnings_ = new QFrame(this);
  warnings_->setObjectName(QStringLiteral("dependencyWarnings"));
  warnings_->setFrameShape(QFrame::StyledPanel);
  warnings_->setStyleSheet(QStringLiteral("#dependencyWarnings { background: #fff4ce; }"));
  auto* warningLayout = new QVBoxLayout(warnings_);
  warningLabel_ = wrappedLabel("dependencyWarningText", warnings_);
  warningLayout->addWidget(warningLabel_);
  auto* fixes = new QHBoxLayout;
  fixToken_ = new QPushButton(tr("Put the sharing token into the link"), warnings_);
  fixToken_->setObjectName(QStringLiteral("fixIncludeToken"));
  fixPublic_ = new QPushButton(tr("Make the dataset public…"), warnings_);
  fixPublic_->setObjectName(QStringLiteral("fixMakePublic"));
  fixTeams_ = new QPushButton(tr("Allow these teams on the dataset"), warnings_);
  fixTeams_->setObjectName(QStringLiteral("fixAllowTeams"));
  fixes->addWidget(fixToken_);
  fixes->addWidget(fixPublic_);
  fixes->addWidget(fixTeams_);
  fixes->addStretch(1);
  warningLayout->addLayout(fixes);
  warnings_->hide();
  layout->addWidget(warnings_);

  auto* summaryBox = new QGroupBox(tr("Who can see this"), this);
  auto* summaryLayout = new QVBoxLayout(summaryBox);
  summary_ = wrappedLabel("whoCanSee", summaryBox);
  summaryLayout->addWidget(summary_);
  layout->addWidget(summaryBox);

  error_ = wrappedLabel("errorLabel", this);
  error_->setTextFormat(Qt::RichText);
  error_->hide();
  layout->addWidget(error_);
  progress_ = new ServerProgress(this);
  layout->addWidget(progress_);

  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
  applyButton_ = buttons->addButton(tr("Apply"), QDialogButtonBox::ApplyRole);
  applyButton_->setObjectName(QStringLiteral("applyShareButton"));
  layout->addWidget(buttons);

  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  connect(applyButton_, &QPushButton::clicked, this, &ShareDialog::apply);
  connect(copy, &QPushButton::clicked, this, &ShareDialog::copyLink);
  connect(visibility_, &QButtonGroup::idToggled, this, [this](int, bool on) {
    if (on && !updating_) updateDerived();
  });
  connect(teamList_, &QListWidget::itemChanged, this, [this] {
    if (!updating_) updateDerived();
  });
  connect(withToken_, &QCheckBox::toggled, this, [this](bool on) {
    if (!updating_) setLinkToken(on);
  });
  connect(fixToken_, &QPushButton::clicked, this, &ShareDialog::includeSharingToken);
  connect(fixPublic_, &QPushButton::clicked, this, &ShareDialog::makeDatasetPublic);
  connect(fixTeams_, &QPushButton::clicked, this, &ShareDialog::allowTeamsOnDataset);
  applyButton_->setEnabled(false);
  resize(560, 640);
  reload();
}

Visibility ShareDialog::visibility() const {
  const int id = visibility_->checkedId();
  return id < 0 ? Visibility::Internal : static_cast<Visibility>(id);
}

void ShareDialog::setVisibility(Visibility v) {
  if (auto* b = visibility_->button(static_cast<int>(v))) b->setChecked(true);
}

std::vector<std::string> ShareDialog::selectedTeamIds() const {
  std::vector<std::string> ids;
  for (const Team& t : selectedTeams()) ids.push_back(t.id);
  return ids;
}

std::vector<Team> ShareDialog::selectedTeams() const {
  std::vector<Team> out;
  for (int i = 0; i < teamList_->count(); ++i)
    if (teamList_->item(i)->checkState() == Qt::Checked && i < static_cast<int>(teams_.size()))
      out.push_back(teams_[static_cast<std::size_t>(i)]);
  return out;
}

void ShareDialog::setTeamSelected(const std::string& teamId, bool selected) {
  for (std::size_t i = 0; i < teams_.size(); ++i)
    if (teams_[i].id == teamId) teamList_->item(static_cast<int>(i))->setCheckState(selected ? Qt::Checked : Qt::Unchecked);
}

bool ShareDialog::includesSharingToken() const { return withToken_->isChecked() && !sharingToken_.empty(); }
QString ShareDialog::linkText() const { return link_->text(); }
QString ShareDialog::summaryText() const { return summary_->text(); }
QString ShareDialog::warningText() const { return warnings_->isVisibleTo(this) ? warningLabel_->text() : QString(); }
QString ShareDialog::errorText() const { return error_->isVisibleTo(this) ? error_->text() : QString(); }

void ShareDialog::showError(const QString& html) {
  error_->setText(html);
  error_->setVisible(!html.isEmpty());
}

void ShareDialog::reload() {
  showError({});
  WkClient* client = client_;
  const std::string id = annotationId_;
  progress_->run<AnnotationInfo>(
      tr("Loading the annotation"), [client, id](Callback<AnnotationInfo> cb) { client->annotation(id, cb); },
      [this, client](Result<AnnotationInfo> a) {
        if (!a.ok()) return showError(describeServerError(a.error(), tr("Loading the annotation")).toHtml());
        annotation_ = std::move(a).value();
        // The dataset and the list of teams, in parallel; shown when both arrived.
        auto pending = std::make_shared<int>(2);
        auto arrived = [this, pending] {
          if (--*pending == 0 && dataset_) showAnnotation();
        };
        const std::string datasetId = annotation_->datasetId;
        progress_->run<DatasetInfo>(
            tr("Loading the dataset"), [client, datasetId](Callback<DatasetInfo> cb) { client->dataset(datasetId, "", cb); },
            [this, arrived](Result<DatasetInfo> d) {
              if (!d.ok()) showError(describeServerError(d.error(), tr("Loading the annotation's dataset")).toHtml());
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
      });
}

void ShareDialog::showAnnotation() {
  updating_ = true;
  const AnnotationInfo& a = *annotation_;
  title_->setText(tr("Annotation “%1” on dataset “%2”")
                      .arg(q(a.name.empty() ? a.id : a.name), q(dataset_->name.empty() ? dataset_->id : dataset_->name)));
  setVisibility(a.visibility);
  // The annotation's teams first among all teams the user can see (a team only it names is kept).
  for (const Team& t : a.teams)
    if (std::none_of(teams_.begin(), teams_.end(), [&](const Team& x) { return x.id == t.id; })) teams_.push_back(t);
  teamList_->clear();
  for (const Team& t : teams_) {
    auto* item = new QListWidgetItem(q(t.name.empty() ? t.id : t.name), teamList_);
    item->setData(Qt::UserRole, q(t.id));
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
    const bool shared = std::any_of(a.teams.begin(), a.teams.end(), [&](const Team& x) { return x.id == t.id; });
    item->setCheckState(shared ? Qt::Checked : Qt::Unchecked);
  }
  const bool mayChange = a.restrictions.allowUpdate;
  for (auto* b : visibility_->buttons()) b->setEnabled(mayChange);
  applyButton_->setEnabled(mayChange);
  if (!mayChange) showError(tr("Only the owner can change how this annotation is shared; you can copy its link."));
  updating_ = false;
  updateDerived();
  emit loadFinished();
}

void ShareDialog::setLinkToken(bool include) {
  if (!include || !sharingToken_.empty() || !dataset_) return updateDerived();
  WkClient* client = client_;
  const std::string id = dataset_->id;
  progress_->run<std::string>(
      tr("Getting the dataset's sharing token"),
      [client, id](Callback<std::string> cb) { client->datasetSharingToken(id, cb); },
      [this](Result<std::string> token) {
        if (!token.ok()) {
          showError(describeServerError(token.error(), tr("Getting the dataset's sharing token")).toHtml());
          updating_ = true;
          withToken_->setChecked(false);
          updating_ = false;
        } else {
          sharingToken_ = token.value();
        }
        updateDerived();
      });
}

void ShareDialog::includeSharingToken() {
  if (withToken_->isChecked()) return setLinkToken(true);
  withToken_->setChecked(true);  // fetches the token through the toggled handler
}

void ShareDialog::updateDerived() {
  if (!isLoaded()) return;
  const Visibility v = visibility();
  const bool isPrivate = v == Visibility::Private;
  teamList_->setEnabled(!isPrivate && annotation_->restrictions.allowUpdate);
  teamNote_->setText(isPrivate ? tr("A private annotation is not shared with teams.") : QString());
  teamNote_->setVisible(isPrivate);

  ShareLink link;
  link.serverUrl = client_->serverUrl();
  link.kind = ShareLinkKind::Annotation;
  link.annotationId = annotation_->id;
  if (includesSharingToken()) link.sharingToken = sharingToken_;
  link.view = view_;
  link_->setText(q(formatShareLink(link)));

  SharingPlan plan;
  plan.visibility = v;
  if (!isPrivate) plan.sharedTeamIds = selectedTeamIds();
  plan.linkIncludesSharingToken = includesSharingToken();
  const auto issues = checkSharingDependencies(plan, *dataset_);
  QStringList lines;
  bool datasetNotPublic = false, teamsBlind = false;
  for (const SharingIssue& issue : issues) {
    QString text = q(issue.message);
    for (const Team& t : teams_)  // the check names teams by id; people know them by name
      if (!t.name.empty()) text.replace("team " + q(t.id), "team " + q(t.name));
    if (!text.isEmpty()) text[0] = text[0].toUpper();
    lines << "• " + text + ".";
    datasetNotPublic |= issue.kind == SharingIssue::Kind::DatasetNotPublic;
    teamsBlind |= issue.kind == SharingIssue::Kind::TeamCannotSeeDataset;
  }
  warningLabel_->setText(lines.join("\n"));
  warnings_->setVisible(!issues.empty());
  fixToken_->setVisible(datasetNotPublic || teamsBlind);
  fixPublic_->setVisible(datasetNotPublic);
  fixPublic_->setEnabled(dataset_->isEditable);
  fixPublic_->setToolTip(dataset_->isEditable ? QString() : tr("Only a dataset manager or admin can do this."));
  fixTeams_->setVisible(teamsBlind);
  fixTeams_->setEnabled(dataset_->isEditable);

  ShareSummaryInput in;
  in.dataset = *dataset_;
  in.linkHasSharingToken = includesSharingToken();
  in.annotation = ShareSummaryInput::Annotation{annotation_->name, v, isPrivate ? std::vector<Team>{} : selectedTeams()};
  summary_->setText(whoCanSeeSummary(in));
}

void ShareDialog::makeDatasetPublic() {
  if (!dataset_) return;
  const QString text = tr("Everyone — also people without an account — will be able to see:\n\n• %1\n\nThis cannot be "
                          "limited to this annotation. Make the dataset “%2” public?")
                           .arg(whatBecomesPublic(*dataset_).join("\n• "), q(dataset_->name));
  if (!confirm_(this, tr("Make the dataset public?"), text)) return;
  WkClient* client = client_;
  const std::string id = dataset_->id;
  DatasetUpdate update;
  update.isPublic = true;
  progress_->run<DatasetInfo>(
      tr("Making the dataset public"),
      [client, id, update](Callback<DatasetInfo> cb) { client->updateDataset(id, update, cb); },
      [this](Result<DatasetInfo> d) {
        if (!d.ok()) return showError(describeServerError(d.error(), tr("Making the dataset public")).toHtml());
        dataset_ = std::move(d).value();
        updateDerived();
        emit datasetChanged(*dataset_);
      });
}

void ShareDialog::allowTeamsOnDataset() {
  if (!dataset_) return;
  std::vector<std::string> ids;
  for (const Team& t : dataset_->allowedTeams) ids.push_back(t.id);
  for (const std::string& id : selectedTeamIds())
    if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
  WkClient* client = client_;
  const std::string id = dataset_->id;
  progress_->run<std::vector<std::string>>(
      tr("Allowing the teams on the dataset"),
      [client, id, ids](Callback<std::vector<std::string>> cb) { client->setDatasetTeams(id, ids, cb); },
      [this, client, id](Result<std::vector<std::string>> r) {
        if (!r.ok()) return showError(describeServerError(r.error(), tr("Allowing the teams on the dataset")).toHtml());
        progress_->run<DatasetInfo>(
            tr("Reloading the dataset"), [client, id](Callback<DatasetInfo> cb) { client->dataset(id, "", cb); },
            [this](Result<DatasetInfo> d) {
              if (!d.ok()) return showError(describeServerError(d.error(), tr("Reloading the dataset")).toHtml());
              dataset_ = std::move(d).value();
              updateDerived();
              emit datasetChanged(*dataset_);
            });
      });
}

void ShareDialog::apply() {
  if (!isLoaded()) return;
  showError({});
  const Visibility v = visibility();
  const auto teamIds = selectedTeamIds();
  if (!warningText().isEmpty() &&
      !confirm_(this, tr("Share anyway?"),
                tr("%1\n\nThe people you share with may not be able to open the annotation. Share anyway?")
                    .arg(warningLabel_->text())))
    return;
  WkClient* client = client_;
  const std::string id = annotation_->id, typ = annotation_->typ;
  AnnotationEdit edit;
  edit.visibility = v;
  progress_->runStatus(
      tr("Saving the visibility"), [client, id, typ, edit](StatusCallback cb) { client->editAnnotation(id, typ, edit, cb); },
      [this, client, id, typ, v, teamIds](Status s) {
        if (!s.ok()) return showError(describeServerError(s.error(), tr("Saving the visibility")).toHtml());
        auto reloadAfter = [this] {
          emit applied();
          reload();
        };
        if (v == Visibility::Private) return reloadAfter();  // the server drops the shared teams itself
        progress_->run<std::vector<std::string>>(
            tr("Saving the shared teams"),
            [client, id, typ, teamIds](Callback<std::vector<std::string>> cb) {
              client->setAnnotationSharedTeams(id, typ, teamIds, cb);
            },
            [this, reloadAfter](Result<std::vector<std::string>> r) {
              if (!r.ok()) return showError(describeServerError(r.error(), tr("Saving the shared teams")).toHtml());
              reloadAfter();
            });
      });
}

void ShareDialog::copyLink() {
  if (auto* clipboard = QGuiApplication::clipboard()) clipboard->setText(link_->text());
}

}  // namespace skein::ui
