#include "ui/ShareSummary.h"

#include <QCoreApplication>
#include <QStringList>

#include <algorithm>

namespace skein::ui {

using namespace skein::client;

namespace {

QString tr(const char* text) { return QCoreApplication::translate("ShareSummary", text); }
QString q(const std::string& s) { return QString::fromStdString(s); }

QString displayName(const DatasetInfo& d) { return q(d.name.empty() ? d.id : d.name); }

QString organization(const DatasetInfo& d) {
  return d.owningOrganization.empty() ? tr("the organization") : q(d.owningOrganization);
}

std::vector<Team> teamsWithoutDatasetAccess(const DatasetInfo& dataset, const std::vector<Team>& shared) {
  std::vector<Team> out;
  for (const Team& t : shared) {
    const bool allowed = std::any_of(dataset.allowedTeams.begin(), dataset.allowedTeams.end(),
                                     [&](const Team& a) { return a.id == t.id; });
    if (!allowed) out.push_back(t);
  }
  return out;
}

}  // namespace

QString teamNames(const std::vector<Team>& teams) {
  QStringList names;
  for (const Team& t : teams) names << q(t.name.empty() ? t.id : t.name);
  return names.join(QStringLiteral(", "));
}

QString datasetAudience(const DatasetInfo& d, bool linkHasSharingToken) {
  const QString name = displayName(d);
  if (d.isPublic) return tr("Dataset “%1”: anyone with a link can open it, also without an account (it is public).").arg(name);
  const QString members =
      d.allowedTeams.empty()
          ? tr("only the admins and dataset managers of %1 can open it").arg(organization(d))
          : tr("only members of %1 (and the admins and dataset managers of %2) can open it")
                .arg(teamNames(d.allowedTeams), organization(d));
  if (linkHasSharingToken)
    return tr("Dataset “%1”: anyone who has this link can open it, because the link carries the dataset's sharing "
              "token; without the token %2.")
        .arg(name, members);
  return tr("Dataset “%1”: %2. It is not public and the link carries no sharing token.").arg(name, members);
}

QString whoCanSeeSummary(const ShareSummaryInput& in) {
  QString text = datasetAudience(in.dataset, in.linkHasSharingToken);
  if (!in.annotation) return text;
  const auto& a = *in.annotation;
  const QString name = q(a.name.empty() ? std::string("(unnamed)") : a.name);
  const bool outsidersReachDataset = in.dataset.isPublic || in.linkHasSharingToken;
  QString part;
  switch (a.visibility) {
    case Visibility::Private:
      part = tr("Annotation “%1”: private — only you (and your team managers and admins) can open it.").arg(name);
      break;
    case Visibility::Internal: {
      part = tr("Annotation “%1”: internal — every member of %2 who has the link can open it.")
                 .arg(name, organization(in.dataset));
      if (!a.sharedTeams.empty())
        part += " " + tr("It is listed for the teams %1.").arg(teamNames(a.sharedTeams));
      const auto blind = outsidersReachDataset ? std::vector<Team>{} : teamsWithoutDatasetAccess(in.dataset, a.sharedTeams);
      if (!blind.empty())
        part += " " + tr("Members of %1 cannot see the dataset, so the annotation will not open for them.")
                          .arg(teamNames(blind));
      break;
    }
    case Visibility::Public:
      part = outsidersReachDataset
                 ? tr("Annotation “%1”: public — anyone with the link can open it, also without an account.").arg(name)
                 : tr("Annotation “%1”: public, but people outside %2 cannot open it, because the dataset is "
                      "private and the link carries no sharing token: they will see “not found”.")
                       .arg(name, organization(in.dataset));
      break;
  }
  return text + "\n\n" + part;
}

QStringList whatBecomesPublic(const DatasetInfo& d) {
  QStringList lines;
  lines << tr("the dataset “%1” of %2, with all its voxel data").arg(displayName(d), organization(d));
  QStringList layers;
  for (const DatasetLayerInfo& l : d.layers) {
    QString entry = q(l.name);
    if (!l.category.empty()) entry += " (" + q(l.category) + (l.elementClass.empty() ? "" : ", " + q(l.elementClass)) + ")";
    layers << entry;
  }
  if (d.layers.empty()) {  // compact list entries name the layers only
    for (const auto& n : d.colorLayerNames) layers << q(n);
    for (const auto& n : d.segmentationLayerNames) layers << q(n);
  }
  if (!layers.isEmpty()) lines << tr("its layers: %1").arg(layers.join(QStringLiteral(", ")));
  if (d.description && !d.description->empty()) lines << tr("its description: “%1”").arg(q(*d.description));
  if (!d.tags.empty()) {
    QStringList tags;
    for (const auto& t : d.tags) tags << q(t);
    lines << tr("its tags: %1").arg(tags.join(QStringLiteral(", ")));
  }
  if (d.raw.is_object() && d.raw.contains("metadata") && d.raw["metadata"].is_array() && !d.raw["metadata"].empty()) {
    QStringList keys;
    for (const auto& m : d.raw["metadata"])
      if (m.is_object() && m.contains("key") && m["key"].is_string()) keys << q(m["key"].get<std::string>());
    lines << tr("its metadata (%1)").arg(keys.join(QStringLiteral(", ")));
  }
  lines << tr("every public annotation on this dataset, which then opens for anyone with its link");
  return lines;
}

}  // namespace skein::ui
