#include "core/stream/StreamStats.h"

#include <cctype>
#include <cstdio>
#include <vector>

namespace skein {

std::string formatBytes(std::int64_t bytes) {
  static const char* const kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double value = static_cast<double>(bytes);
  int unit = 0;
  while ((value >= 1024 || value <= -1024) && unit < 4) {
    value /= 1024;
    ++unit;
  }
  char text[32];
  if (unit == 0)
    std::snprintf(text, sizeof text, "%lld B", static_cast<long long>(bytes));
  else
    std::snprintf(text, sizeof text, "%.1f %s", value, kUnits[unit]);
  return text;
}

std::string describeStreamStatus(const StreamStats& s) {
  std::vector<std::string> parts;
  if (s.queued + s.loading > 0)
    parts.push_back("loading " + std::to_string(s.queued + s.loading) + " chunks (" +
                    std::to_string(s.loading) + " in flight)");
  if (s.failed > 0)
    parts.push_back(std::to_string(s.failed) + (s.failed == 1 ? " chunk" : " chunks") +
                    " failed to load and show as missing");
  if (s.missing > 0)
    parts.push_back(std::to_string(s.missing) + (s.missing == 1 ? " chunk is" : " chunks are") +
                    " absent (shown as fill)");
  if (s.budgetStalled)
    parts.push_back("RAM budget full (" + formatBytes(s.ramBytesUsed) + " of " + formatBytes(s.ramBudgetBytes) +
                    "): loading is stalled, raise the budget in the settings");
  std::string line;
  for (const auto& p : parts) line += (line.empty() ? "" : "; ") + p;
  if (!line.empty()) line[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(line[0])));
  return line;
}

}  // namespace skein
