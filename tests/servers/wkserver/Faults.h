#pragma once
// Fault injection for the test server. A rule matches by method ("*" = any) and a regular
// expression on the request path (without query), skips its first `after` matches, then fires
// `times` times (-1: always):
//   {"action":"status","status":503}      answer with that status and a webKnossos error body
//   {"action":"delay","delayMs":1500}     handle normally, answer late
//   {"action":"drop"}                     close the connection without answering (nothing handled)
//   {"action":"dropAfterHandling"}        handle the request (state changes!), then drop the answer
//   {"action":"redirect","location":"http://…","status":302}
// Rules come from POST /__admin/faults {"rules":[…]} or --fault '<json>' on the command line.

#include <QByteArray>
#include <QRegularExpression>
#include <QString>

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace wk {

struct FaultRule {
  QByteArray method = "*";
  QRegularExpression path;
  std::string action;  // status | delay | drop | dropAfterHandling | redirect
  int status = 500;
  int delayMs = 0;
  std::string location;
  int after = 0;
  int times = 1;
  int seen = 0;
};

// Parses one rule; nullopt (and `error`) when malformed.
std::optional<FaultRule> parseFaultRule(const nlohmann::json& j, std::string& error);

class Faults {
 public:
  void add(FaultRule rule) { rules_.push_back(std::move(rule)); }
  void clear() { rules_.clear(); }
  // The rule that fires for this request, counting it; nullopt when none.
  std::optional<FaultRule> fire(const QByteArray& method, const QString& path);

 private:
  std::vector<FaultRule> rules_;
};

}  // namespace wk
