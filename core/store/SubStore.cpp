// subStore(): a view of another store with every key prefixed.
#include "core/store/Store.h"

namespace skein {
namespace {

class SubStore final : public Store {
 public:
  SubStore(StorePtr base, std::string prefix) : base_(std::move(base)), prefix_(std::move(prefix)) {}

  Result<std::optional<QByteArray>> read(const std::string& key, std::optional<ByteRange> range,
                                         const CancelToken& cancel) override {
    return base_->read(full(key), range, cancel);
  }
  Result<bool> readInto(const std::string& key, QByteArray& buffer, const CancelToken& cancel) override {
    return base_->readInto(full(key), buffer, cancel);
  }
  Result<std::optional<std::int64_t>> size(const std::string& key, const CancelToken& cancel) override {
    return base_->size(full(key), cancel);
  }
  Result<std::vector<std::string>> list(const std::string& prefix) override { return base_->list(full(prefix)); }
  bool writable() const override { return base_->writable(); }
  Status write(const std::string& key, const QByteArray& bytes) override { return base_->write(full(key), bytes); }
  Status remove(const std::string& key) override { return base_->remove(full(key)); }
  std::string describe(const std::string& key) const override { return base_->describe(full(key)); }

 private:
  std::string full(const std::string& key) const { return joinKey(prefix_, key); }

  StorePtr base_;
  std::string prefix_;
};

}  // namespace

StorePtr subStore(StorePtr base, const std::string& prefix) {
  const std::string normalised = joinKey(prefix, "");
  if (normalised.empty()) return base;
  return std::make_shared<SubStore>(std::move(base), normalised);
}

}  // namespace skein
