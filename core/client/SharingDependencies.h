#pragma once
// Sharing dependencies: what must also be shared for a shared annotation to open for the people it
// is shared with (DESIGN.md §5). A public annotation on a dataset that is neither public nor shared
// by a token does not open for outsiders; an annotation shared with teams that cannot see the
// dataset does not open for them. The check is pure; the fix (make the dataset public, put its
// sharing token into the link, add the team to the dataset) is offered to the user, never applied
// silently.

#include <string>
#include <vector>

#include "core/client/ApiTypes.h"

namespace skein::client {

struct SharingIssue {
  enum class Kind {
    DatasetNotPublic,     // public annotation, private dataset, no sharing token in the link
    TeamCannotSeeDataset,  // annotation shared with a team the dataset is not shared with
    TeamsIgnoredWhenPrivate,  // a private annotation keeps no shared teams
  };
  Kind kind;
  std::string message;            // one sentence for the user
  std::vector<std::string> fixes;  // what would resolve it, in order of preference
};

struct SharingPlan {
  Visibility visibility = Visibility::Internal;
  std::vector<std::string> sharedTeamIds;  // teams the annotation is (to be) shared with
  bool linkIncludesSharingToken = false;   // the share link carries ?token=<dataset sharing token>
};

std::vector<SharingIssue> checkSharingDependencies(const SharingPlan& plan, const DatasetInfo& dataset);

}  // namespace skein::client
