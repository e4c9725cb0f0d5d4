#pragma once
// Opening the array behind a mag (once; the array is cached in the Mag) and working out which of
// its dimensions hold x, y, z and the channel.

#include <string>
#include <vector>

#include "core/dataset/Dataset.h"

namespace skein {

class StoreOpener;

// Axis map from dimension names "x", "y", "z" and "c"/"channel" (case-insensitive); axes whose
// names are missing stay -1.
AxisMap axisMapFromNames(const std::vector<std::string>& names);
// NumPy/OME convention for unnamed arrays: the last dimensions are … c, z, y, x (2-D: y, x).
AxisMap defaultAxisMap(std::size_t rank);
// Checks that x and y exist, that every mapped index is < rank and that none is used twice.
Status checkAxisMap(const AxisMap& axes, std::size_t rank, const std::string& where);

// Opens mag.array if it is not open yet and sets mag.axes. Relative mag paths resolve against
// dataset.store; absolute URLs or paths are opened through `opener` (may be null when the dataset
// has none). Not thread-safe for the same Mag: open mags before sharing the dataset between threads.
Result<ArrayPtr> openMagArray(StoreOpener* opener, const Dataset& dataset, const Layer& layer, Mag& mag);
Status openAllMagArrays(StoreOpener* opener, Dataset& dataset);

}  // namespace skein
