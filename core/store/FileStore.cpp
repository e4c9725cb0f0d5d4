#include "core/store/FileStore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/store/StoreKeys.h"

namespace skein {
namespace {

std::string toStd(const QString& s) { return s.toStdString(); }

Error cancelled(const std::string& where) { return makeError(ErrorCode::Cancelled, "reading " + where + " was cancelled"); }

// Makes a rename in `dir` durable; errors are ignored because not every file system supports it.
void syncDirectory(const QString& dir) {
  const int fd = ::open(QFile::encodeName(dir).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

FileStore::FileStore(QString root, Mode mode) : root_(QDir::cleanPath(QDir(root).absolutePath())), mode_(mode) {}

QString FileStore::pathOf(const std::string& key) const {
  const std::string k = joinKey(key, "");
  return k.empty() ? root_ : root_ + '/' + QString::fromStdString(k);
}

std::string FileStore::describe(const std::string& key) const { return toStd(pathOf(key)); }

Result<std::optional<QByteArray>> FileStore::read(const std::string& key, std::optional<ByteRange> range,
                                                  const CancelToken& cancel) {
  SKEIN_TRY(checkKey(key));
  const QString path = pathOf(key);
  if (cancel.isCancelled()) return cancelled(toStd(path));
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly)) {
    const QFileInfo info(path);
    if (!info.exists() || info.isDir()) return std::optional<QByteArray>{};
    return makeError(ErrorCode::Io, "cannot open " + toStd(path) + ": " + toStd(file.errorString()));
  }
  if (QFileInfo(path).isDir()) return std::optional<QByteArray>{};
  SKEIN_ASSIGN_OR_RETURN(const auto span, resolveRange(range, file.size(), toStd(path)));
  const std::int64_t length = span.second - span.first;
  if (length > kMaxReadBytes)
    return makeError(ErrorCode::Unsupported, "cannot read " + std::to_string(length) + " bytes of " + toStd(path) +
                                                 " at once (the limit is " + std::to_string(kMaxReadBytes) + ")");
  if (!file.seek(span.first))
    return makeError(ErrorCode::Io, "cannot seek in " + toStd(path) + ": " + toStd(file.errorString()));
  QByteArray bytes = uninitializedBytes(length);
  std::int64_t done = 0;
  while (done < length) {
    const qint64 n = file.read(bytes.data() + done, length - done);
    if (n < 0) return makeError(ErrorCode::Io, "cannot read " + toStd(path) + ": " + toStd(file.errorString()));
    if (n == 0) break;  // the file shrank while we read it
    done += n;
  }
  bytes.truncate(done);
  return std::optional<QByteArray>{std::move(bytes)};
}

Result<bool> FileStore::readInto(const std::string& key, QByteArray& buffer, const CancelToken& cancel) {
  SKEIN_TRY(checkKey(key));
  const QString path = pathOf(key);
  if (cancel.isCancelled()) return cancelled(toStd(path));
  const QByteArray native = QFile::encodeName(path);
  const int fd = ::open(native.constData(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT || errno == ENOTDIR || errno == EISDIR) return false;
    return makeError(ErrorCode::Io, "cannot open " + toStd(path) + ": " + std::strerror(errno));
  }
  struct FdCloser {
    int fd;
    ~FdCloser() { ::close(fd); }
  } closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0) return makeError(ErrorCode::Io, "cannot stat " + toStd(path) + ": " + std::strerror(errno));
  if (S_ISDIR(st.st_mode)) return false;
  const std::int64_t length = st.st_size;
  if (length > kMaxReadBytes)
    return makeError(ErrorCode::Unsupported, "cannot read " + std::to_string(length) + " bytes of " + toStd(path) +
                                                 " at once (the limit is " + std::to_string(kMaxReadBytes) + ")");
  if (!buffer.isDetached()) buffer = QByteArray();  // never write into bytes someone else shares
  buffer.resize(static_cast<qsizetype>(length));
  std::int64_t done = 0;
  while (done < length) {
    const ssize_t n = ::pread(fd, buffer.data() + done, static_cast<std::size_t>(length - done), done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return makeError(ErrorCode::Io, "cannot read " + toStd(path) + ": " + std::strerror(errno));
    if (n == 0) break;  // the file shrank while we read it
    done += n;
  }
  buffer.resize(static_cast<qsizetype>(done));
  return true;
}

Result<std::optional<std::int64_t>> FileStore::size(const std::string& key, const CancelToken& cancel) {
  SKEIN_TRY(checkKey(key));
  const QString path = pathOf(key);
  if (cancel.isCancelled()) return cancelled(toStd(path));
  const QFileInfo info(path);
  if (!info.exists() || info.isDir()) return std::optional<std::int64_t>{};
  return std::optional<std::int64_t>{info.size()};
}

Result<std::vector<std::string>> FileStore::list(const std::string& prefix) {
  SKEIN_TRY(checkKey(prefix));
  const QDir dir(pathOf(prefix));
  std::vector<std::string> names;
  if (!dir.exists()) return names;
  const QStringList entries = dir.entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden, QDir::Name);
  names.reserve(entries.size());
  for (const QString& e : entries) names.push_back(toStd(e));
  std::sort(names.begin(), names.end());
  return names;
}

Status FileStore::write(const std::string& key, const QByteArray& bytes) {
  if (mode_ != Mode::ReadWrite) return Store::write(key, bytes);
  SKEIN_TRY(checkKey(key));
  if (joinKey(key, "").empty()) return makeError(ErrorCode::InvalidArgument, "cannot write to an empty key");
  const QString path = pathOf(key);
  const QString dir = QFileInfo(path).absolutePath();
  if (!QDir().mkpath(dir)) return makeError(ErrorCode::Io, "cannot create directory " + toStd(dir));
  // QSaveFile writes a temporary file beside the target, fsyncs it and renames it over the target.
  QSaveFile file(path);
  if (!file.open(QIODevice::WriteOnly))
    return makeError(ErrorCode::Io, "cannot create " + toStd(path) + ": " + toStd(file.errorString()));
  if (file.write(bytes) != bytes.size()) {
    file.cancelWriting();
    return makeError(ErrorCode::Io, "cannot write " + toStd(path) + ": " + toStd(file.errorString()));
  }
  if (!file.commit()) return makeError(ErrorCode::Io, "cannot write " + toStd(path) + ": " + toStd(file.errorString()));
  syncDirectory(dir);
  return Status::success();
}

Status FileStore::remove(const std::string& key) {
  if (mode_ != Mode::ReadWrite) return Store::remove(key);
  SKEIN_TRY(checkKey(key));
  const QString path = pathOf(key);
  const QFileInfo info(path);
  if (!info.exists()) return Status::success();
  if (info.isDir()) return makeError(ErrorCode::InvalidArgument, "cannot remove " + toStd(path) + ": it is a directory");
  QFile file(path);
  if (!file.remove()) return makeError(ErrorCode::Io, "cannot remove " + toStd(path) + ": " + toStd(file.errorString()));
  return Status::success();
}

}  // namespace skein
