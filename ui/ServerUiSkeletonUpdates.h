#pragma once
// The webKnossos update actions (specs/webknossos-api.md §8.3) that turn one skeleton into
// another: what Save sends for a server annotation, computed from the state last saved and the
// state now. Deletions come first (so a node that moved to another tree is deleted before it is
// created again), then new trees, nodes and edges, then changed tree properties and groups.

#include <string>
#include <vector>

#include "core/client/UpdateQueue.h"
#include "core/skeleton/Skeleton.h"

namespace skein::ui {

std::vector<client::UpdateAction> skeletonUpdateActions(const skeleton::Skeleton& before, const skeleton::Skeleton& after,
                                                        const std::string& tracingId, std::int64_t nowMs);

}  // namespace skein::ui
