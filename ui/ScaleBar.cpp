#include "ui/ScaleBar.h"

#include <cmath>

namespace skein::ui {

namespace {
// Nanometres per unit for the units webKnossos and OME-NGFF use.
double nanometersPer(const std::string& unit) {
  if (unit == "nanometer" || unit == "nm") return 1.0;
  if (unit == "micrometer" || unit == "um" || unit == "µm") return 1e3;
  if (unit == "millimeter" || unit == "mm") return 1e6;
  if (unit == "angstrom") return 0.1;
  if (unit == "picometer") return 1e-3;
  if (unit == "meter" || unit == "m") return 1e9;
  return 0.0;
}
}  // namespace

ScaleBar chooseScaleBar(double unitsPerPixel, const std::string& unit, double maxLengthPx) {
  ScaleBar bar;
  const double nmPerUnit = nanometersPer(unit);
  if (unitsPerPixel <= 0 || nmPerUnit == 0 || maxLengthPx <= 0) return bar;
  const double nmPerPixel = unitsPerPixel * nmPerUnit;
  const double maxNm = nmPerPixel * maxLengthPx;
  double best = 0;
  for (double exp = std::floor(std::log10(maxNm)); exp >= std::floor(std::log10(maxNm)) - 1 && best == 0; exp -= 1)
    for (double m : {5.0, 2.0, 1.0}) {
      const double candidate = m * std::pow(10.0, exp);
      if (candidate <= maxNm) {
        best = candidate;
        break;
      }
    }
  if (best == 0) return bar;
  bar.lengthPx = best / nmPerPixel;
  if (best >= 1e6) bar.label = QStringLiteral("%1 mm").arg(best / 1e6);
  else if (best >= 1e3) bar.label = QStringLiteral("%1 µm").arg(best / 1e3);
  else bar.label = QStringLiteral("%1 nm").arg(best);
  return bar;
}

}  // namespace skein::ui
