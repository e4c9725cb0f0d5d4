#pragma once
// multipart/form-data request bodies (annotation uploads, resumable dataset chunks).

#include <QByteArray>

#include <string>
#include <vector>

namespace wk {

struct FormPart {
  std::string name;
  std::string fileName;  // empty for plain fields
  QByteArray data;
};

// The parts of `body`; empty when the content type names no boundary or the body is malformed.
std::vector<FormPart> parseFormData(const QByteArray& contentType, const QByteArray& body);

}  // namespace wk
