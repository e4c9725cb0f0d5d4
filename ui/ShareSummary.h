#pragma once
// "Who can see this": a plain-language summary of who can open a dataset and an annotation on it,
// from the dataset's public flag and allowed teams, the annotation's visibility and shared teams,
// and whether the link carries the dataset's sharing token. Pure text, no network.

#include <QString>

#include <optional>
#include <string>
#include <vector>

#include "core/client/ApiTypes.h"

namespace skein::ui {

struct ShareSummaryInput {
  client::DatasetInfo dataset;
  bool linkHasSharingToken = false;
  // The annotation part; absent when only a dataset is shared.
  struct Annotation {
    std::string name;
    client::Visibility visibility = client::Visibility::Internal;
    std::vector<client::Team> sharedTeams;
  };
  std::optional<Annotation> annotation;
};

// Two short paragraphs ("Dataset …", "Annotation …"), separated by a blank line.
QString whoCanSeeSummary(const ShareSummaryInput& input);
QString datasetAudience(const client::DatasetInfo& dataset, bool linkHasSharingToken);

// Bullet lines of what becomes visible to everyone when the dataset is made public (for the
// confirmation before doing it).
QStringList whatBecomesPublic(const client::DatasetInfo& dataset);

// "team_X1, team_X3" (names, ids when a name is unknown).
QString teamNames(const std::vector<client::Team>& teams);

}  // namespace skein::ui
