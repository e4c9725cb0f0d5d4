#include "core/client/UpdateQueue.h"

#include <QDateTime>
#include <QRandomGenerator>
#include <QTimer>

#include <algorithm>

#include "core/client/ApiError.h"
#include "core/client/Logging.h"

namespace skein::client {

using nlohmann::json;

namespace {

std::string randomTransactionId() {
  static constexpr char kAlphabet[] = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  std::string id(20, '0');
  for (char& c : id) c = kAlphabet[QRandomGenerator::system()->bounded(62)];
  return id;
}

}  // namespace

UpdateQueue::UpdateQueue(Sender sender, std::string authorId, std::int64_t newestServerVersion, Options options,
                         QObject* parent)
    : QObject(parent),
      sender_(std::move(sender)),
      authorId_(std::move(authorId)),
      options_(options),
      acknowledgedVersion_(newestServerVersion),
      retryTimer_(new QTimer(this)),
      alive_(std::make_shared<bool>(true)) {
  options_.maxActionsPerGroup = std::max(1, options_.maxActionsPerGroup);
  options_.maxTransactionsPerRequest = std::max(1, options_.maxTransactionsPerRequest);
  retryTimer_->setSingleShot(true);
  connect(retryTimer_, &QTimer::timeout, this, &UpdateQueue::sendNext);
}

UpdateQueue::~UpdateQueue() { *alive_ = false; }

std::string UpdateQueue::push(std::vector<UpdateAction> actions, std::string info) {
  if (actions.empty()) return {};
  SaveTransaction t;
  t.transactionId = randomTransactionId();
  t.actions = std::move(actions);
  t.timestamp = QDateTime::currentMSecsSinceEpoch();
  t.info = std::move(info);
  pending_.push_back(std::move(t));
  const std::string id = pending_.back().transactionId;
  if (state_ == State::Idle) sendNext();
  return id;
}

void UpdateQueue::flush() {
  if (state_ == State::Stopped) {
    state_ = State::Idle;
    retries_ = 0;
  }
  if (state_ == State::WaitingToRetry) {
    retryTimer_->stop();
    state_ = State::Idle;
  }
  if (state_ == State::Idle) sendNext();
}

json UpdateQueue::groupsFor(const std::vector<SaveTransaction>& batch) const {
  json groups = json::array();
  const std::size_t per = static_cast<std::size_t>(options_.maxActionsPerGroup);
  for (const SaveTransaction& t : batch) {
    const std::size_t count = (t.actions.size() + per - 1) / per;
    for (std::size_t g = 0; g < count; ++g) {
      json actions = json::array();
      for (std::size_t i = g * per; i < std::min(t.actions.size(), (g + 1) * per); ++i)
        actions.push_back({{"name", t.actions[i].name}, {"value", t.actions[i].value}});
      json group = {{"version", t.version},
                    {"timestamp", t.timestamp},
                    {"authorId", authorId_},
                    {"actions", std::move(actions)},
                    {"transactionId", t.transactionId},
                    {"transactionGroupCount", count},
                    {"transactionGroupIndex", g}};
      if (g == 0 && !t.info.empty()) group["info"] = t.info;
      groups.push_back(std::move(group));
    }
  }
  return groups;
}

void UpdateQueue::sendNext() {
  if (state_ == State::Conflict || state_ == State::Sending) return;
  if (pending_.empty()) {
    state_ = State::Idle;
    emit idle();
    return;
  }
  if (inFlight_ == 0) {
    // A new batch: number the transactions after the newest acknowledged version. Versions that
    // were assigned before (a batch that failed and is resent) are kept.
    inFlight_ = std::min<std::size_t>(pending_.size(), options_.maxTransactionsPerRequest);
    std::vector<SaveTransaction> batch;
    for (std::size_t i = 0; i < inFlight_; ++i) {
      if (pending_[i].version == 0) pending_[i].version = acknowledgedVersion_ + 1 + static_cast<std::int64_t>(i);
      batch.push_back(pending_[i]);
    }
    inFlightBody_ = groupsFor(batch);
  }
  state_ = State::Sending;
  qCDebug(lcClient) << "saving" << inFlight_ << "transaction(s) from version" << pending_.front().version;
  std::weak_ptr<bool> alive = alive_;
  sender_(inFlightBody_, [this, alive, generation = generation_](Status status) {
    if (alive.expired() || generation != generation_) return;
    onSent(std::move(status));
  });
}

bool UpdateQueue::isTransient(const Error& error) {
  if (error.code == ErrorCode::Network) return true;
  return error.code == ErrorCode::Http && (error.httpStatus == 502 || error.httpStatus == 503 || error.httpStatus == 504 ||
                                           error.httpStatus == 429);
}

void UpdateQueue::onSent(Status status) {
  if (status.ok()) {
    acknowledgedVersion_ = pending_[inFlight_ - 1].version;
    pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(inFlight_));
    inFlight_ = 0;
    inFlightBody_ = nullptr;
    retries_ = 0;
    lastError_.reset();
    state_ = State::Idle;
    emit saved(acknowledgedVersion_);
    sendNext();
    return;
  }
  lastError_ = status.error();
  if (classify(status.error()) == ErrorKind::Conflict) {
    state_ = State::Conflict;
    qCWarning(lcClient) << "save conflict at version" << pending_.front().version;
    emit conflict(QString::fromStdString(status.error().message));
    return;
  }
  const bool mayRetry = options_.maxAutomaticRetries < 0 || retries_ < options_.maxAutomaticRetries;
  if (isTransient(status.error()) && mayRetry) {
    const int delay = static_cast<int>(std::min<double>(options_.maxRetryMs, options_.initialRetryMs * double(1 << std::min(retries_, 20))));
    ++retries_;
    state_ = State::WaitingToRetry;
    qCInfo(lcClient) << "save failed in transit; resending the same transaction(s) in" << delay << "ms";
    emit retrying(retries_, delay);
    retryTimer_->start(delay);
    return;
  }
  state_ = State::Stopped;
  emit stopped(QString::fromStdString(status.error().message));
}

std::vector<SaveTransaction> UpdateQueue::takePending(std::int64_t newestServerVersion) {
  ++generation_;
  std::vector<SaveTransaction> out(pending_.begin(), pending_.end());
  for (auto& t : out) t.version = 0;
  pending_.clear();
  inFlight_ = 0;
  inFlightBody_ = nullptr;
  retryTimer_->stop();
  acknowledgedVersion_ = newestServerVersion;
  state_ = State::Idle;
  lastError_.reset();
  return out;
}

void UpdateQueue::rebase(std::int64_t newestServerVersion) {
  ++generation_;
  retryTimer_->stop();
  for (auto& t : pending_) t.version = 0;
  inFlight_ = 0;
  inFlightBody_ = nullptr;
  acknowledgedVersion_ = newestServerVersion;
  retries_ = 0;
  lastError_.reset();
  state_ = State::Idle;
  sendNext();
}

json UpdateQueue::toJson() const {
  json pending = json::array();
  for (const auto& t : pending_) {
    json actions = json::array();
    for (const auto& a : t.actions) actions.push_back({{"name", a.name}, {"value", a.value}});
    pending.push_back({{"transactionId", t.transactionId}, {"timestamp", t.timestamp}, {"info", t.info},
                       {"version", t.version}, {"actions", std::move(actions)}});
  }
  return {{"acknowledgedVersion", acknowledgedVersion_}, {"authorId", authorId_}, {"pending", std::move(pending)}};
}

Status UpdateQueue::restore(const json& snapshot) {
  if (!pending_.empty() || state_ != State::Idle)
    return makeError(ErrorCode::InvalidArgument, "save queue: restore needs an empty, idle queue");
  std::deque<SaveTransaction> restored;
  try {
    for (const json& t : snapshot.at("pending")) {
      SaveTransaction s;
      s.transactionId = t.at("transactionId").get<std::string>();
      s.timestamp = t.at("timestamp").get<std::int64_t>();
      s.info = t.value("info", std::string());
      s.version = t.value("version", std::int64_t(0));
      for (const json& a : t.at("actions")) s.actions.push_back({a.at("name").get<std::string>(), a.at("value")});
      restored.push_back(std::move(s));
    }
    acknowledgedVersion_ = snapshot.at("acknowledgedVersion").get<std::int64_t>();
  } catch (const json::exception& e) {
    return makeError(ErrorCode::InvalidData, std::string("save queue snapshot: ") + e.what());
  }
  pending_ = std::move(restored);
  return Status::success();
}

}  // namespace skein::client
