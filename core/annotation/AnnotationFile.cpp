#include "core/annotation/AnnotationFile.h"

#include <zip.h>

#include <QFile>

#include <algorithm>
#include <memory>

#include "core/base/Bytes.h"
#include "core/skeleton/AtomicFile.h"

namespace skein::annotation {

namespace {

using skeleton::NmlReadOptions;

constexpr zip_uint64_t kMaxMemberBytes = 4ull << 30;  // refuse zip bombs before inflating
constexpr zip_uint64_t kMaxTotalBytes = 16ull << 30;

struct ZipCloser {
  void operator()(zip_t* z) const { zip_discard(z); }
};
using ZipPtr = std::unique_ptr<zip_t, ZipCloser>;

bool endsWith(const std::string& s, std::string_view suffix) {
  if (s.size() < suffix.size()) return false;
  return std::equal(suffix.rbegin(), suffix.rend(), s.rbegin(),
                    [](char a, char b) { return a == (b >= 'A' && b <= 'Z' ? char(b + 32) : b); });
}

Error zipError(const std::string& source, const std::string& what, zip_error_t* e) {
  Error error = makeError(ErrorCode::InvalidData, source + ": " + what + ": " + zip_error_strerror(e));
  zip_error_fini(e);
  return error;
}

Result<QByteArray> readMember(zip_t* z, zip_uint64_t index, const std::string& name, zip_uint64_t size,
                              const std::string& source) {
  QByteArray bytes = uninitializedBytes(static_cast<qsizetype>(size));
  zip_file_t* f = zip_fopen_index(z, index, 0);
  if (!f) return makeError(ErrorCode::InvalidData, source + ": cannot open zip entry " + name + ": " + zip_strerror(z));
  zip_int64_t got = size == 0 ? 0 : zip_fread(f, bytes.data(), size);
  char probe = 0;
  bool longer = zip_fread(f, &probe, 1) > 0;
  zip_fclose(f);
  if (got < 0 || static_cast<zip_uint64_t>(got) != size || longer)
    return makeError(ErrorCode::InvalidData, source + ": zip entry " + name + " is corrupt or has the wrong size");
  return bytes;
}

}  // namespace

Result<AnnotationFile> readAnnotationZip(const QByteArray& zipBytes, const std::string& source) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* src = zip_source_buffer_create(zipBytes.constData(), static_cast<zip_uint64_t>(zipBytes.size()), 0, &error);
  if (!src) return zipError(source, "cannot read the zip", &error);
  ZipPtr z(zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &error));
  if (!z) {
    zip_source_free(src);
    return zipError(source, "not a valid zip archive", &error);
  }
  zip_int64_t count = zip_get_num_entries(z.get(), 0);
  AnnotationFile file;
  std::vector<ZipMember> members;
  std::optional<std::size_t> nmlIndex;
  zip_uint64_t total = 0;
  for (zip_int64_t i = 0; i < count; ++i) {
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(z.get(), static_cast<zip_uint64_t>(i), 0, &st) != 0 || !(st.valid & ZIP_STAT_NAME) ||
        !(st.valid & ZIP_STAT_SIZE))
      return makeError(ErrorCode::InvalidData, source + ": zip entry " + std::to_string(i) + " is unreadable");
    std::string name = st.name;
    if (!name.empty() && name.back() == '/') continue;  // directory entry
    if (st.size > kMaxMemberBytes || (total += st.size) > kMaxTotalBytes)
      return makeError(ErrorCode::InvalidData, source + ": zip entry " + name + " is too large (" +
                                                   std::to_string(st.size) + " bytes uncompressed)");
    SKEIN_ASSIGN_OR_RETURN(QByteArray bytes, readMember(z.get(), static_cast<zip_uint64_t>(i), name, st.size, source));
    if (endsWith(name, ".nml") && name.find('/') == std::string::npos) {
      if (nmlIndex)
        return makeError(ErrorCode::InvalidData,
                         source + ": expected exactly one .nml in the annotation zip, found " + members[*nmlIndex].name +
                             " and " + name);
      nmlIndex = members.size();
    }
    members.push_back({std::move(name), std::move(bytes)});
  }
  if (!nmlIndex) return makeError(ErrorCode::InvalidData, source + ": the annotation zip contains no .nml file");

  NmlReadOptions options;
  options.sourceName = source + "/" + members[*nmlIndex].name;
  const QByteArray& nmlBytes = members[*nmlIndex].bytes;
  SKEIN_ASSIGN_OR_RETURN(file.nml, skeleton::readNml({nmlBytes.constData(), static_cast<std::size_t>(nmlBytes.size())}, options));
  file.nmlName = members[*nmlIndex].name;
  file.fromZip = true;
  for (std::size_t i = 0; i < members.size(); ++i) {
    if (i == *nmlIndex) continue;
    bool referenced = std::any_of(file.nml.skeleton.volumes.begin(), file.nml.skeleton.volumes.end(),
                                  [&](const skeleton::VolumeLayerRef& v) { return v.location == members[i].name; });
    (referenced ? file.volumeData : file.otherFiles).push_back(std::move(members[i]));
  }
  for (const skeleton::VolumeLayerRef& v : file.nml.skeleton.volumes)
    if (!v.location.empty() && std::none_of(file.volumeData.begin(), file.volumeData.end(),
                                            [&](const ZipMember& m) { return m.name == v.location; }))
      file.nml.warnings.push_back("volume layer " + v.name + " refers to " + v.location + ", which is not in the zip");
  return file;
}

Result<AnnotationFile> readAnnotationFile(const std::string& path, NmlReadOptions options) {
  QFile f(QString::fromStdString(path));
  if (!f.open(QIODevice::ReadOnly))
    return makeError(ErrorCode::Io, "cannot open " + path + ": " + f.errorString().toStdString());
  char magic[4] = {};
  bool isZip = f.peek(magic, 4) == 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4;
  if (isZip) {
    QByteArray bytes = f.readAll();
    return readAnnotationZip(bytes, path);
  }
  f.close();
  AnnotationFile file;
  SKEIN_ASSIGN_OR_RETURN(file.nml, skeleton::readNmlFile(path, std::move(options)));
  auto slash = path.rfind('/');
  file.nmlName = slash == std::string::npos ? path : path.substr(slash + 1);
  return file;
}

Result<QByteArray> annotationZipBytes(const AnnotationFile& file, const skeleton::NmlWriteOptions& options) {
  std::string nml = skeleton::writeNml(file.nml.skeleton, options);
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* out = zip_source_buffer_create(nullptr, 0, 0, &error);
  if (!out) return zipError("annotation zip", "cannot create", &error);
  zip_source_keep(out);
  zip_t* z = zip_open_from_source(out, ZIP_TRUNCATE, &error);
  if (!z) {
    zip_source_free(out);
    return zipError("annotation zip", "cannot create", &error);
  }
  auto add = [&](const std::string& name, const char* data, std::size_t size, bool deflate) -> bool {
    zip_source_t* s = zip_source_buffer(z, data, size, 0);
    if (!s) return false;
    zip_int64_t index = zip_file_add(z, name.c_str(), s, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE);
    if (index < 0) {
      zip_source_free(s);
      return false;
    }
    return zip_set_file_compression(z, static_cast<zip_uint64_t>(index), deflate ? ZIP_CM_DEFLATE : ZIP_CM_STORE, 0) == 0;
  };
  std::string nmlName = file.nmlName.empty() ? "annotation.nml" : file.nmlName;
  bool ok = add(nmlName, nml.data(), nml.size(), true);
  for (const ZipMember& m : file.volumeData)
    ok = ok && add(m.name, m.bytes.constData(), static_cast<std::size_t>(m.bytes.size()), false);
  for (const ZipMember& m : file.otherFiles)
    ok = ok && add(m.name, m.bytes.constData(), static_cast<std::size_t>(m.bytes.size()), true);
  if (!ok || zip_close(z) != 0) {
    std::string message = zip_strerror(z);
    zip_discard(z);
    zip_source_free(out);
    return makeError(ErrorCode::Internal, "cannot build the annotation zip: " + message);
  }
  QByteArray bytes;
  if (zip_source_open(out) == 0) {
    zip_source_seek(out, 0, SEEK_END);
    zip_int64_t size = zip_source_tell(out);
    zip_source_seek(out, 0, SEEK_SET);
    if (size >= 0) {
      bytes = uninitializedBytes(static_cast<qsizetype>(size));
      if (zip_source_read(out, bytes.data(), static_cast<zip_uint64_t>(size)) != size) bytes.clear();
    }
    zip_source_close(out);
  }
  zip_source_free(out);
  if (bytes.isEmpty()) return makeError(ErrorCode::Internal, "cannot read back the annotation zip");
  return bytes;
}

Status writeAnnotationFile(const std::string& path, const AnnotationFile& file, const skeleton::NmlWriteOptions& options) {
  if (endsWith(path, ".zip")) {
    SKEIN_ASSIGN_OR_RETURN(QByteArray bytes, annotationZipBytes(file, options));
    return skeleton::writeFileAtomically(path, {bytes.constData(), static_cast<std::size_t>(bytes.size())});
  }
  if (!file.volumeData.empty())
    return makeError(ErrorCode::InvalidArgument,
                     "the annotation has volume data, which a plain .nml cannot hold; write a .zip instead of " + path);
  return skeleton::writeNmlFile(path, file.nml.skeleton, options);
}

}  // namespace skein::annotation
