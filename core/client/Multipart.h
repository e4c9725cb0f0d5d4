#pragma once
// multipart/form-data bodies (RFC 7578) for annotation uploads.

#include <QByteArray>

#include <string>
#include <vector>

namespace skein::client {

struct MultipartPart {
  std::string name;
  std::string fileName;     // empty: a plain text field
  std::string contentType;  // empty: none (text fields) or application/octet-stream (files)
  QByteArray data;
};

struct MultipartBody {
  QByteArray contentType;  // "multipart/form-data; boundary=…"
  QByteArray body;
};

// A random boundary that occurs in no part is chosen when `boundary` is empty.
MultipartBody buildMultipart(const std::vector<MultipartPart>& parts, QByteArray boundary = {});

// "application/zip" for .zip, "application/xml" for .nml/.xml, else application/octet-stream.
std::string contentTypeForFile(const std::string& fileName);

}  // namespace skein::client
