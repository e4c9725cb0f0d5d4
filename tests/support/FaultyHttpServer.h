#pragma once
// A small HTTP/1.1 server for tests of network failure handling. It runs in its own thread, binds
// a loopback address only, serves byte ranges from an in-memory map and can be told to misbehave:
// answer a status N times, drop connections mid-response, delay, or redirect. It counts requests
// and the largest number handled at the same time. Every response closes its connection.

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QMap>
#include <QString>

#include <memory>

class QThread;

namespace skein::test {

class FaultyHttpServer {
 public:
  struct Request {
    QByteArray method;
    QByteArray target;                  // path and query as sent
    QMap<QByteArray, QByteArray> headers;  // names in lower case
    qint64 receivedMs = 0;                 // when it arrived, in ms since the server started
  };

  // `address` must be a loopback address (127.x.x.x or ::1).
  explicit FaultyHttpServer(const QHostAddress& address = QHostAddress(QHostAddress::LocalHost));
  ~FaultyHttpServer();
  FaultyHttpServer(const FaultyHttpServer&) = delete;
  FaultyHttpServer& operator=(const FaultyHttpServer&) = delete;

  bool isListening() const;
  quint16 port() const;
  QString baseUrl() const;  // "http://127.0.0.1:<port>"

  void setObject(const QString& path, const QByteArray& bytes);  // path like "/data/x"
  void failNext(int count, int status = 503);                   // the next `count` requests answer `status`
  void setStatus(const QString& path, int status);              // `path` always answers `status`
  void dropNext(int count);     // the next `count` responses stop half-way and close the connection
  void setDelayMs(int ms);      // wait before each response
  void setRedirect(const QString& path, const QString& location, int status = 302);
  void setIgnoreRange(bool ignore);  // answer 200 with the whole object to range requests

  int requestCount() const;
  int maxConcurrent() const;  // most requests in progress at one time
  QList<Request> requests() const;
  void resetCounters();

  class Worker;
  struct State;

 private:
  std::shared_ptr<State> state_;
  std::unique_ptr<QThread> thread_;
  Worker* worker_ = nullptr;  // lives in thread_
};

}  // namespace skein::test
