#include "core/store/ZipStore.h"

#include <QFile>

#include <zip.h>

#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>

#include "core/store/StoreKeys.h"

namespace skein {
namespace {

struct ZipCloser {
  void operator()(zip_t* z) const { zip_discard(z); }
};
using ZipHandle = std::unique_ptr<zip_t, ZipCloser>;
using HandleFactory = std::function<Result<ZipHandle>()>;

std::string zipErrorText(int code) {
  zip_error_t error;
  zip_error_init_with_code(&error, code);
  std::string text = zip_error_strerror(&error);
  zip_error_fini(&error);
  return text;
}

struct Entry {
  zip_uint64_t index = 0;
  std::int64_t size = 0;
  bool stored = false;  // uncompressed, so zip_fseek works
};

class ZipStore final : public Store {
 public:
  ZipStore(std::string name, HandleFactory factory, ZipHandle first, std::map<std::string, Entry> entries)
      : name_(std::move(name)), factory_(std::move(factory)), entries_(std::move(entries)) {
    free_.push_back(std::move(first));
    for (const auto& e : entries_) keys_.push_back(e.first);
  }

  Result<std::optional<QByteArray>> read(const std::string& key, std::optional<ByteRange> range,
                                         const CancelToken& cancel) override {
    SKEIN_TRY(checkKey(key));
    if (cancel.isCancelled()) return makeError(ErrorCode::Cancelled, "reading " + describe(key) + " was cancelled");
    const auto it = entries_.find(joinKey(key, ""));
    if (it == entries_.end()) return std::optional<QByteArray>{};
    const Entry& entry = it->second;
    SKEIN_ASSIGN_OR_RETURN(const auto span, resolveRange(range, entry.size, describe(key)));
    if (span.second - span.first > kMaxReadBytes)
      return makeError(ErrorCode::Unsupported, describe(key) + " is too large to read at once");
    SKEIN_ASSIGN_OR_RETURN(ZipHandle handle, borrow());
    auto result = readEntry(handle.get(), key, entry, span.first, span.second);
    giveBack(std::move(handle));
    if (!result.ok()) return result.error();
    return std::optional<QByteArray>{std::move(result).value()};
  }

  Result<std::optional<std::int64_t>> size(const std::string& key, const CancelToken& /*cancel*/) override {
    SKEIN_TRY(checkKey(key));
    const auto it = entries_.find(joinKey(key, ""));
    if (it == entries_.end()) return std::optional<std::int64_t>{};
    return std::optional<std::int64_t>{it->second.size};
  }

  Result<std::vector<std::string>> list(const std::string& prefix) override {
    SKEIN_TRY(checkKey(prefix));
    return childrenOf(keys_, prefix);
  }

  std::string describe(const std::string& key) const override { return name_ + "/" + joinKey(key, ""); }

 private:
  Result<QByteArray> readEntry(zip_t* zip, const std::string& key, const Entry& entry, std::int64_t begin,
                               std::int64_t end) {
    zip_file_t* file = zip_fopen_index(zip, entry.index, 0);
    if (!file)
      return makeError(ErrorCode::InvalidData, "cannot open " + describe(key) + ": " + zip_strerror(zip));
    std::unique_ptr<zip_file_t, int (*)(zip_file_t*)> closer(file, zip_fclose);
    std::int64_t skip = begin;
    if (entry.stored && begin > 0) {
      if (zip_fseek(file, begin, SEEK_SET) == 0) skip = 0;
    }
    QByteArray skipBuffer;
    while (skip > 0) {  // compressed entries cannot seek: read and drop the bytes before the range
      if (skipBuffer.isEmpty()) skipBuffer = uninitializedBytes(std::min<std::int64_t>(skip, 1 << 20));
      const zip_int64_t n = zip_fread(file, skipBuffer.data(), std::min<std::int64_t>(skip, skipBuffer.size()));
      if (n <= 0) return makeError(ErrorCode::InvalidData, describe(key) + " is truncated or corrupt");
      skip -= n;
    }
    QByteArray bytes = uninitializedBytes(end - begin);
    std::int64_t done = 0;
    while (done < bytes.size()) {
      const zip_int64_t n = zip_fread(file, bytes.data() + done, bytes.size() - done);
      if (n < 0)
        return makeError(ErrorCode::InvalidData,
                         "cannot read " + describe(key) + ": " + zip_file_strerror(file));
      if (n == 0) return makeError(ErrorCode::InvalidData, describe(key) + " is shorter than its declared size");
      done += n;
    }
    return bytes;
  }

  Result<ZipHandle> borrow() {
    {
      std::lock_guard lock(mutex_);
      if (!free_.empty()) {
        ZipHandle h = std::move(free_.back());
        free_.pop_back();
        return h;
      }
    }
    return factory_();  // every concurrent reader gets its own handle
  }

  void giveBack(ZipHandle handle) {
    std::lock_guard lock(mutex_);
    if (free_.size() < kMaxIdleHandles) free_.push_back(std::move(handle));
  }

  static constexpr std::size_t kMaxIdleHandles = 8;
  std::string name_;
  HandleFactory factory_;
  const std::map<std::string, Entry> entries_;  // file entries only, keys normalised
  std::vector<std::string> keys_;
  std::mutex mutex_;
  std::vector<ZipHandle> free_;
};

Result<std::map<std::string, Entry>> indexEntries(zip_t* zip, const std::string& name) {
  std::map<std::string, Entry> entries;
  const zip_int64_t count = zip_get_num_entries(zip, 0);
  for (zip_int64_t i = 0; i < count; ++i) {
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(zip, static_cast<zip_uint64_t>(i), 0, &st) != 0 || !(st.valid & ZIP_STAT_NAME)) continue;
    std::string entryName = st.name;
    if (entryName.empty() || entryName.back() == '/') continue;  // directory entry
    if (!checkKey(entryName).ok()) continue;                       // absolute or "../" names are never served
    if (!(st.valid & ZIP_STAT_SIZE) || st.size > static_cast<zip_uint64_t>(INT64_MAX))
      return makeError(ErrorCode::InvalidData, name + " has an entry without a valid size: " + entryName);
    Entry e;
    e.index = static_cast<zip_uint64_t>(i);
    e.size = static_cast<std::int64_t>(st.size);
    e.stored = (st.valid & ZIP_STAT_COMP_METHOD) && st.comp_method == ZIP_CM_STORE;
    entries[joinKey(entryName, "")] = e;
  }
  return entries;
}

Result<StorePtr> makeZipStore(std::string name, HandleFactory factory) {
  SKEIN_ASSIGN_OR_RETURN(ZipHandle first, factory());
  SKEIN_ASSIGN_OR_RETURN(auto entries, indexEntries(first.get(), name));
  return StorePtr(std::make_shared<ZipStore>(std::move(name), std::move(factory), std::move(first), std::move(entries)));
}

}  // namespace

Result<StorePtr> openZipStore(const QString& path) {
  const QByteArray encoded = QFile::encodeName(path);
  const std::string name = path.toStdString();
  HandleFactory factory = [encoded, name]() -> Result<ZipHandle> {
    int code = 0;
    zip_t* z = zip_open(encoded.constData(), ZIP_RDONLY, &code);
    if (!z) {
      const ErrorCode ec = code == ZIP_ER_NOENT ? ErrorCode::NotFound
                           : (code == ZIP_ER_OPEN || code == ZIP_ER_READ) ? ErrorCode::Io
                                                                            : ErrorCode::InvalidData;
      return makeError(ec, "cannot open zip archive " + name + ": " + zipErrorText(code));
    }
    return ZipHandle(z);
  };
  return makeZipStore(name, std::move(factory));
}

Result<StorePtr> openZipFromBytes(QByteArray bytes, std::string name) {
  HandleFactory factory = [bytes, name]() -> Result<ZipHandle> {
    zip_error_t error;
    zip_error_init(&error);
    // The source borrows the buffer; `bytes` lives as long as the factory, i.e. as long as the store.
    zip_source_t* src = zip_source_buffer_create(bytes.constData(), static_cast<zip_uint64_t>(bytes.size()), 0, &error);
    zip_t* z = src ? zip_open_from_source(src, ZIP_RDONLY, &error) : nullptr;
    if (!z) {
      if (src) zip_source_free(src);
      const std::string text = zip_error_strerror(&error);
      zip_error_fini(&error);
      return makeError(ErrorCode::InvalidData, "cannot open " + name + " as a zip archive: " + text);
    }
    zip_error_fini(&error);
    return ZipHandle(z);
  };
  return makeZipStore(std::move(name), std::move(factory));
}

}  // namespace skein
