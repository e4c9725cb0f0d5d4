#include "app/skeinctl/Commands.h"

namespace skeinctl {

const std::vector<CommandGroup>& commandGroups() {
  static const std::vector<CommandGroup> groups{
      {"array", "inspect one chunked array (Zarr v2/v3, N5, WKW, precomputed) or dump its values", &runArrayCommand},
      {"dataset", "describe a dataset (webKnossos, OME-NGFF, N5, precomputed) or read a box of voxels",
       &runDatasetCommand},
      {"sample", "create a deterministic synthetic EM dataset", &runSampleCommand},
  };
  return groups;
}

}  // namespace skeinctl
