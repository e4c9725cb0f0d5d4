#pragma once
// Helpers shared by the skeleton tests (header-only; each test includes what it needs).

#include <QFile>
#include <QString>
#include <QtTest>

#include <string>

#include "core/skeleton/NmlReader.h"
#include "core/skeleton/NmlWriter.h"
#include "tests/support/TestEnv.h"

namespace skein::test {

inline std::string readFixture(const QString& relative) {
  QFile f(fixture(relative));
  if (!f.open(QIODevice::ReadOnly)) {
    qWarning("cannot open fixture %s", qPrintable(f.fileName()));
    return {};
  }
  return f.readAll().toStdString();
}

// The body of the first `data: |-` block after `content-type: application/xml` in a Proxay tape.
inline std::string xmlBodyFromCassette(const std::string& yaml) {
  auto at = yaml.find("content-type: application/xml");
  if (at == std::string::npos) return {};
  at = yaml.find("data: |-\n", at);
  if (at == std::string::npos) return {};
  at += 9;
  std::string out;
  std::size_t indent = std::string::npos;
  while (at < yaml.size()) {
    auto end = yaml.find('\n', at);
    std::string line = yaml.substr(at, end == std::string::npos ? std::string::npos : end - at);
    std::size_t spaces = line.find_first_not_of(' ');
    if (spaces == std::string::npos) spaces = line.size();
    if (indent == std::string::npos) indent = spaces;
    if (spaces < indent && !line.empty()) break;
    out += line.substr(std::min(indent, line.size())) + "\n";
    if (end == std::string::npos) break;
    at = end + 1;
  }
  return out;
}

inline skeleton::NmlDocument parseOrFail(const std::string& text, skeleton::NmlReadOptions options = {}) {
  auto doc = skeleton::readNml(text, options);
  if (!doc.ok()) {
    qWarning("%s", doc.error().message.c_str());
    return {};
  }
  return std::move(doc).value();
}

// read -> write -> read must give the same model.
inline std::string roundTripDifference(const skeleton::Skeleton& original,
                                       const skeleton::NmlWriteOptions& options = {}) {
  std::string text = skeleton::writeNml(original, options);
  auto again = skeleton::readNml(text);  // the flavour is detected, as for any file
  if (!again.ok()) return "re-reading failed: " + again.error().message;
  return skeleton::describeDifference(original, again->skeleton);
}

}  // namespace skein::test
