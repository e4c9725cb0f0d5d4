#pragma once
// A store over a local directory. Reads seek to the requested range; writes are atomic (a temporary
// file in the same directory, fsync, rename) so concurrent readers see the old or the new bytes,
// never a mix.

#include <QString>

#include "core/store/Store.h"

namespace skein {

class FileStore final : public Store {
 public:
  enum class Mode { ReadOnly, ReadWrite };
  explicit FileStore(QString root, Mode mode = Mode::ReadOnly);

  Result<std::optional<QByteArray>> read(const std::string& key, std::optional<ByteRange> range = std::nullopt,
                                         const CancelToken& cancel = {}) override;
  // One open, fstat and pread into the caller's buffer (no QFile, no allocation when it fits).
  Result<bool> readInto(const std::string& key, QByteArray& buffer, const CancelToken& cancel = {}) override;
  Result<std::optional<std::int64_t>> size(const std::string& key, const CancelToken& cancel = {}) override;
  Result<std::vector<std::string>> list(const std::string& prefix) override;
  bool writable() const override { return mode_ == Mode::ReadWrite; }
  Status write(const std::string& key, const QByteArray& bytes) override;
  Status remove(const std::string& key) override;
  std::string describe(const std::string& key) const override;

  const QString& root() const { return root_; }

 private:
  QString pathOf(const std::string& key) const;

  QString root_;
  Mode mode_;
};

}  // namespace skein
