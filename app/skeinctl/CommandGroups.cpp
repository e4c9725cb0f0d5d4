#include "app/skeinctl/Commands.h"

namespace skeinctl {

const std::vector<CommandGroup>& commandGroups() {
  static const std::vector<CommandGroup> groups{
      {"array", "inspect one chunked array (Zarr v2/v3, N5, WKW, precomputed) or dump its values", &runArrayCommand},
      {"dataset", "describe a dataset or read a box of voxels; on a server: show, set, sharing-token, upload",
       &runDatasetCommand},
      {"sample", "create a deterministic synthetic EM dataset", &runSampleCommand},
      {"nml", "skeleton annotations: stats, convert (.nml <-> .zip), merge, validate", &runNmlCommand},
      {"server", "webKnossos-compatible server accounts: login, logout, whoami", &runServerGroup},
      {"datasets", "list the datasets of a server", &runDatasetsGroup},
      {"annotations", "list the annotations you can read on a server", &runAnnotationsGroup},
      {"annotation", "show, share, duplicate, download or upload a server annotation", &runAnnotationGroup},
      {"zarr-links", "Zarr private links of an annotation: list, create, set-expiry, revoke", &runZarrLinksGroup},
      {"link", "parse, resolve or shorten a webKnossos sharing link", &runLinkGroup},
  };
  return groups;
}

}  // namespace skeinctl
