#include "core/client/SharingDependencies.h"

#include <algorithm>

namespace skein::client {

std::vector<SharingIssue> checkSharingDependencies(const SharingPlan& plan, const DatasetInfo& dataset) {
  std::vector<SharingIssue> issues;
  const std::string datasetName = dataset.name.empty() ? dataset.id : dataset.name;

  if (plan.visibility == Visibility::Public && !dataset.isPublic && !plan.linkIncludesSharingToken) {
    issues.push_back({SharingIssue::Kind::DatasetNotPublic,
                      "the annotation is public but its dataset \"" + datasetName +
                          "\" is not: people outside the organization will not be able to open it",
                      {"include the dataset's sharing token in the link (skeinctl dataset sharing-token " + dataset.id +
                           ")",
                       "make the dataset public (skeinctl dataset set " + dataset.id + " --public on)"}});
  }

  if (plan.visibility == Visibility::Private && !plan.sharedTeamIds.empty()) {
    issues.push_back({SharingIssue::Kind::TeamsIgnoredWhenPrivate,
                      "a private annotation is not shared with teams; the server drops the shared teams",
                      {"set the visibility to internal to share with teams"}});
  } else if (!dataset.isPublic && !plan.linkIncludesSharingToken) {
    for (const std::string& team : plan.sharedTeamIds) {
      const auto& allowed = dataset.allowedTeams;
      const bool visible = std::any_of(allowed.begin(), allowed.end(), [&](const Team& t) { return t.id == team; });
      if (visible) continue;
      issues.push_back({SharingIssue::Kind::TeamCannotSeeDataset,
                        "team " + team + " can see the annotation but not its dataset \"" + datasetName + "\"",
                        {"add the team to the dataset (skeinctl dataset set " + dataset.id + " --teams …)",
                         "include the dataset's sharing token in the link"}});
    }
  }
  return issues;
}

}  // namespace skein::client
