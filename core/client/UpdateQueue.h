#pragma once
// The save side of the webKnossos update protocol (specs/webknossos-api.md §8.2):
//  - each push() is one transaction: a random transactionId, its actions split into groups of at
//    most maxActionsPerGroup that all carry the same version (transactionGroupIndex 0…N−1);
//  - versions continue from the newest acknowledged version (+1 per transaction);
//  - a request that fails in transit (dropped connection, timeout, 502/503/504) is sent again
//    byte for byte, same transactionIds and versions, so a request the server did apply is
//    ignored the second time;
//  - a 409 puts the queue into Conflict and stops it: nothing is overwritten, the caller decides
//    (takePending() to reload, or rebase() to replay on top of the server's version);
//  - nothing leaves the queue before the server acknowledged it; toJson()/restore() let a
//    journal keep it across restarts.
// The queue does not talk HTTP itself: a Sender posts a JSON array of groups (WkClient::postUpdateGroups).

#include <QObject>
#include <QString>

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/base/Result.h"
#include "core/client/Callbacks.h"

class QTimer;

namespace skein::client {

struct UpdateAction {
  std::string name;      // "createNode", "updateBucket", …
  nlohmann::json value;  // without server-added fields (actionTimestamp, actionAuthorId)
};

struct SaveTransaction {
  std::string transactionId;
  std::vector<UpdateAction> actions;
  std::int64_t timestamp = 0;  // ms since epoch, when pushed
  std::string info;
  std::int64_t version = 0;    // 0 until first sent; then fixed for every resend
};

class UpdateQueue : public QObject {
  Q_OBJECT
 public:
  using Sender = std::function<void(const nlohmann::json& groups, StatusCallback done)>;

  struct Options {
    int maxActionsPerGroup = 1000;
    int maxTransactionsPerRequest = 16;
    int initialRetryMs = 500;
    int maxRetryMs = 30000;
    int maxAutomaticRetries = -1;  // -1: keep retrying transient failures; else stop after that many
  };

  enum class State { Idle, Sending, WaitingToRetry, Conflict, Stopped };

  UpdateQueue(Sender sender, std::string authorId, std::int64_t newestServerVersion, Options options,
              QObject* parent = nullptr);
  UpdateQueue(Sender sender, std::string authorId, std::int64_t newestServerVersion, QObject* parent = nullptr)
      : UpdateQueue(std::move(sender), std::move(authorId), newestServerVersion, Options(), parent) {}
  ~UpdateQueue() override;

  // Queues one transaction and starts sending unless the queue is in Conflict or Stopped.
  // Returns its transactionId. An empty action list is ignored (returns "").
  std::string push(std::vector<UpdateAction> actions, std::string info = {});

  // Starts (or resumes after Stopped) sending; does nothing in Conflict.
  void flush();

  State state() const { return state_; }
  std::int64_t acknowledgedVersion() const { return acknowledgedVersion_; }
  std::size_t pendingCount() const { return pending_.size(); }
  const std::deque<SaveTransaction>& pending() const { return pending_; }
  const std::optional<Error>& lastError() const { return lastError_; }

  // After a Conflict: hands the unsent changes to the caller and empties the queue (reload path).
  std::vector<SaveTransaction> takePending(std::int64_t newestServerVersion);
  // After a Conflict: keeps the changes and numbers them after `newestServerVersion` (an explicit
  // user decision to replay them on top of the other changes).
  void rebase(std::int64_t newestServerVersion);

  // The update groups of one batch as they are sent (exposed for tests and tools).
  nlohmann::json groupsFor(const std::vector<SaveTransaction>& batch) const;

  nlohmann::json toJson() const;
  // Restores a toJson() snapshot into an empty, idle queue (does not start sending).
  Status restore(const nlohmann::json& snapshot);

 signals:
  void saved(qint64 version);           // acknowledged up to this version
  void conflict(const QString& message);
  void stopped(const QString& message);  // a failure that is not transient; pending changes are kept
  void retrying(int attempt, int delayMs);
  void idle();                           // everything acknowledged

 private:
  void sendNext();
  void onSent(Status status);
  static bool isTransient(const Error& error);

  Sender sender_;
  std::string authorId_;
  Options options_;
  std::int64_t acknowledgedVersion_ = 0;
  std::deque<SaveTransaction> pending_;
  std::size_t inFlight_ = 0;   // the first inFlight_ pending transactions are being sent
  nlohmann::json inFlightBody_;  // resent unchanged on transient failures
  int retries_ = 0;
  State state_ = State::Idle;
  std::optional<Error> lastError_;
  QTimer* retryTimer_ = nullptr;
  std::shared_ptr<bool> alive_;
  int generation_ = 0;  // answers to requests from before takePending()/rebase() are ignored
};

}  // namespace skein::client
