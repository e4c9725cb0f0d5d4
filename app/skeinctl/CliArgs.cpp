#include "app/skeinctl/CliArgs.h"

#include <algorithm>
#include <charconv>

namespace skeinctl {

bool ParsedArgs::has(const std::string& name) const {
  return values.count(name) || std::find(flags.begin(), flags.end(), name) != flags.end();
}

std::optional<std::string> ParsedArgs::value(const std::string& name) const {
  auto it = values.find(name);
  if (it == values.end()) return std::nullopt;
  return it->second;
}

bool parseArgs(const std::vector<std::string>& args, const std::vector<OptionSpec>& specs, ParsedArgs& out,
               std::string& error) {
  bool onlyPositionals = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (onlyPositionals || a == "-" || a.empty() || a[0] != '-') {
      out.positionals.push_back(a);
      continue;
    }
    if (a == "--") {
      onlyPositionals = true;
      continue;
    }
    if (a == "--help" || a == "-h") {
      out.help = true;
      continue;
    }
    std::string name = a, inlineValue;
    bool hasInline = false;
    if (auto eq = a.find('='); a.rfind("--", 0) == 0 && eq != std::string::npos) {
      name = a.substr(0, eq);
      inlineValue = a.substr(eq + 1);
      hasInline = true;
    }
    auto spec = std::find_if(specs.begin(), specs.end(),
                             [&](const OptionSpec& s) { return s.name == name || (!s.shortName.empty() && s.shortName == name); });
    if (spec == specs.end()) {
      error = "unknown option '" + name + "'";
      return false;
    }
    if (!spec->takesValue) {
      if (hasInline) {
        error = "option '" + spec->name + "' takes no value";
        return false;
      }
      out.flags.push_back(spec->name);
      continue;
    }
    if (!hasInline) {
      if (i + 1 >= args.size()) {
        error = "option '" + spec->name + "' needs a value";
        return false;
      }
      inlineValue = args[++i];
    }
    out.values[spec->name] = inlineValue;
  }
  return true;
}

std::optional<std::int64_t> parseInteger(const std::string& text) {
  std::int64_t v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size() || text.empty()) return std::nullopt;
  return v;
}

std::optional<std::uint64_t> parseUnsigned(const std::string& text) {
  std::uint64_t v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size() || text.empty()) return std::nullopt;
  return v;
}

std::optional<skein::Box3i> parseBox(const std::string& text) {
  std::vector<std::int64_t> v;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == ',') {
      auto n = parseInteger(text.substr(start, i - start));
      if (!n) return std::nullopt;
      v.push_back(*n);
      start = i + 1;
    }
  }
  if (v.size() != 6 || v[3] <= 0 || v[4] <= 0 || v[5] <= 0) return std::nullopt;
  return skein::Box3i{{v[0], v[1], v[2]}, {v[3], v[4], v[5]}};
}

}  // namespace skeinctl
