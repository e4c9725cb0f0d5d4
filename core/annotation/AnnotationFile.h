#pragma once
// Annotation files on disk: a plain .nml, or an annotation zip as webKnossos downloads and uploads
// it (one .nml plus one data zip per volume layer, "data_<layer>.zip"). Volume data is carried
// through unchanged as bytes (volume annotation editing does not exist yet), and any other zip
// entries are kept verbatim. Writing is atomic (temporary file, fsync, rename).

#include <QByteArray>

#include <string>
#include <vector>

#include "core/base/Result.h"
#include "core/skeleton/NmlReader.h"
#include "core/skeleton/NmlWriter.h"

namespace skein::annotation {

struct ZipMember {
  std::string name;
  QByteArray bytes;
  friend bool operator==(const ZipMember&, const ZipMember&) = default;
};

struct AnnotationFile {
  skeleton::NmlDocument nml;
  std::string nmlName;                 // entry name inside a zip, e.g. "<annotation>.nml"
  std::vector<ZipMember> volumeData;   // data zips referenced by <volume location=...>
  std::vector<ZipMember> otherFiles;   // anything else found in the zip
  bool fromZip = false;                // read from an annotation zip (not a plain .nml)
};

// Reads a .nml or an annotation zip (recognised by its content, not its extension).
Result<AnnotationFile> readAnnotationFile(const std::string& path, skeleton::NmlReadOptions options = {});
Result<AnnotationFile> readAnnotationZip(const QByteArray& zipBytes, const std::string& sourceName);

// The zip image of an annotation: the NML (deflated) first, then the data zips (stored).
Result<QByteArray> annotationZipBytes(const AnnotationFile& file, const skeleton::NmlWriteOptions& options = {});

// Writes `file` to `path`: a zip when the path ends in ".zip", else the NML alone (then volume
// data cannot be kept and an error is returned if there is any).
Status writeAnnotationFile(const std::string& path, const AnnotationFile& file,
                           const skeleton::NmlWriteOptions& options = {});

}  // namespace skein::annotation
