#include "tests/servers/wkserver/Faults.h"

namespace wk {

std::optional<FaultRule> parseFaultRule(const nlohmann::json& j, std::string& error) {
  if (!j.is_object()) {
    error = "a fault rule must be a JSON object";
    return std::nullopt;
  }
  FaultRule r;
  r.method = QByteArray::fromStdString(j.value("method", std::string("*")));
  r.path = QRegularExpression(QString::fromStdString(j.value("path", std::string(".*"))));
  r.action = j.value("action", std::string());
  r.status = j.value("status", r.action == "redirect" ? 302 : 500);
  r.delayMs = j.value("delayMs", 0);
  r.location = j.value("location", std::string());
  r.after = j.value("after", 0);
  r.times = j.value("times", 1);
  static const std::vector<std::string> actions = {"status", "delay", "drop", "dropAfterHandling", "redirect"};
  if (std::find(actions.begin(), actions.end(), r.action) == actions.end()) {
    error = "unknown fault action \"" + r.action + "\"";
    return std::nullopt;
  }
  if (!r.path.isValid()) {
    error = "invalid path regular expression";
    return std::nullopt;
  }
  return r;
}

std::optional<FaultRule> Faults::fire(const QByteArray& method, const QString& path) {
  for (FaultRule& rule : rules_) {
    if (rule.method != "*" && rule.method != method) continue;
    if (!rule.path.match(path).hasMatch()) continue;
    const int index = rule.seen++;
    if (index < rule.after) continue;
    if (rule.times >= 0 && index >= rule.after + rule.times) continue;
    return rule;
  }
  return std::nullopt;
}

}  // namespace wk
