// The dataset list from the answer's text: project away what parseDatasets does not read (the
// layers' mags, paths, bounding boxes, metadata, …), then parse the small rest with the same field
// readers as every other answer, so errors and defaults are exactly those of parseDatasets.
#include "core/client/ApiJson.h"
#include "core/client/ApiJsonProjection.h"

#include <optional>

namespace skein::client {

namespace {

const JsonProjection kTeam{{{"id"}, {"name"}, {"organization"}, {"isOrganizationTeam"}}};
const JsonProjection kLayer{{{"name"}, {"category"}}};
const JsonProjection kDataSource{{{"dataLayers", &kLayer}, {"scale"}}};
const JsonProjection kStore{{{"name"}, {"url"}}};
const JsonProjection kListEntry{{{"id"},
                                 {"name"},
                                 {"directoryName"},
                                 {"owningOrganization"},
                                 {"description"},
                                 {"folderId"},
                                 {"isActive"},
                                 {"isPublic"},
                                 {"isEditable"},
                                 {"created"},
                                 {"tags"},
                                 {"allowedTeams", &kTeam},
                                 {"allowedTeamsCumulative", &kTeam},
                                 {"dataStore", &kStore},
                                 {"dataSource", &kDataSource},
                                 {"colorLayerNames"},
                                 {"segmentationLayerNames"}}};

}  // namespace

Result<std::vector<DatasetInfo>> parseDatasetList(std::string_view text) {
  SKEIN_ASSIGN_OR_RETURN(const std::string lean, projectJson(text, kListEntry, "dataset list"));
  // Each entry is read into values as soon as it is parsed and then dropped from the DOM, so the
  // DOM never holds more than one entry (a whole-list DOM costs as much to free as to build).
  std::vector<DatasetInfo> out;
  std::optional<Error> error;
  std::size_t index = 0;
  auto entryDone = [&](Result<DatasetInfo> d) {
    if (!error && !d.ok()) error = d.error().withContext("dataset list entry " + std::to_string(index));
    if (!error) out.push_back(std::move(d).value());
    ++index;
  };
  using Event = nlohmann::json::parse_event_t;
  const nlohmann::json::parser_callback_t onEvent = [&](int depth, Event event, nlohmann::json& parsed) {
    if (depth != 1 || (event != Event::object_end && event != Event::array_end && event != Event::value)) return true;
    entryDone(parseDatasetSummary(parsed));  // a non-object says "expected a JSON object"
    return false;
  };
  nlohmann::json rest = nlohmann::json::parse(lean, onEvent, /*allow_exceptions=*/false);
  if (rest.is_discarded())
    return makeError(ErrorCode::InvalidData, "dataset list: the server answered with text that is not valid JSON");
  if (!rest.is_array()) return makeError(ErrorCode::InvalidData, "dataset list: expected a JSON array");
  if (error) return *error;
  return out;
}

}  // namespace skein::client
