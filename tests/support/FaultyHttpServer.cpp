#include "tests/support/FaultyHttpServer.h"

#include <QElapsedTimer>
#include <QMetaObject>
#include <QMutex>
#include <QPointer>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>

namespace skein::test {

struct FaultyHttpServer::State {
  mutable QMutex mutex;
  QMap<QString, QByteArray> objects;
  QMap<QString, int> statusFor;
  QMap<QString, QPair<int, QString>> redirects;
  int failCount = 0;
  int failStatus = 503;
  int dropCount = 0;
  int delayMs = 0;
  bool ignoreRange = false;
  int active = 0;
  int maxActive = 0;
  QList<Request> requests;
  QElapsedTimer clock;  // started with the server
  quint16 port = 0;
  QString host;
};

namespace {

QByteArray reasonFor(int status) {
  switch (status) {
    case 200: return "OK";
    case 206: return "Partial Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 307: return "Temporary Redirect";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 416: return "Range Not Satisfiable";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    default: return "Status";
  }
}

struct Reply {
  int status = 200;
  QList<QPair<QByteArray, QByteArray>> headers;
  QByteArray body;
  bool drop = false;
};

QByteArray serialise(const Reply& r, bool headOnly, bool* truncated) {
  QByteArray out = "HTTP/1.1 " + QByteArray::number(r.status) + ' ' + reasonFor(r.status) + "\r\n";
  for (const auto& h : r.headers) out += h.first + ": " + h.second + "\r\n";
  out += "Content-Length: " + QByteArray::number(r.body.size()) + "\r\nConnection: close\r\n\r\n";
  *truncated = false;
  if (headOnly) return out;
  if (r.drop) {
    out += r.body.left(r.body.size() / 2);
    *truncated = true;
  } else {
    out += r.body;
  }
  return out;
}

// Serves "bytes=a-b", "bytes=a-" and "bytes=-n" (one range).
Reply rangeReply(const QByteArray& object, const QByteArray& rangeHeader) {
  static const QRegularExpression re(QStringLiteral(R"(^bytes=(\d*)-(\d*)$)"));
  const auto m = re.match(QString::fromLatin1(rangeHeader.trimmed()));
  const qint64 size = object.size();
  Reply r;
  if (!m.hasMatch() || (m.capturedLength(1) == 0 && m.capturedLength(2) == 0)) {
    r.body = object;
    return r;
  }
  qint64 first = 0, last = size - 1;
  if (m.capturedLength(1) == 0) {
    first = std::max<qint64>(0, size - m.captured(2).toLongLong());
  } else {
    first = m.captured(1).toLongLong();
    if (m.capturedLength(2) > 0) last = std::min(last, m.captured(2).toLongLong());
  }
  if (first >= size || last < first) {
    r.status = 416;
    r.headers.append({"Content-Range", "bytes */" + QByteArray::number(size)});
    return r;
  }
  r.status = 206;
  r.body = object.mid(first, last - first + 1);
  r.headers.append({"Content-Range", "bytes " + QByteArray::number(first) + '-' + QByteArray::number(last) + '/' +
                                         QByteArray::number(size)});
  return r;
}

}  // namespace

class FaultyHttpServer::Worker : public QObject {
 public:
  explicit Worker(std::shared_ptr<State> state) : state_(std::move(state)) {}

  bool listen(const QHostAddress& address) {
    if (!address.isLoopback()) return false;
    server_ = new QTcpServer(this);
    QObject::connect(server_, &QTcpServer::newConnection, this, [this] {
      while (QTcpSocket* socket = server_->nextPendingConnection()) accept(socket);
    });
    if (!server_->listen(address, 0)) return false;
    QMutexLocker lock(&state_->mutex);
    state_->port = server_->serverPort();
    state_->host = address.toString();
    return true;
  }

 private:
  void accept(QTcpSocket* socket) {
    socket->setParent(this);
    auto buffer = std::make_shared<QByteArray>();
    auto handled = std::make_shared<bool>(false);
    QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket, buffer, handled] {
      *buffer += socket->readAll();
      if (*handled || !buffer->contains("\r\n\r\n")) return;
      *handled = true;
      handle(socket, buffer->left(buffer->indexOf("\r\n\r\n")));
    });
    QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
  }

  void handle(QTcpSocket* socket, const QByteArray& head) {
    const QList<QByteArray> lines = head.split('\n');
    const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
    Request req;
    req.method = requestLine.value(0);
    req.target = requestLine.value(1);
    for (int i = 1; i < lines.size(); ++i) {
      const int colon = lines[i].indexOf(':');
      if (colon > 0) req.headers.insert(lines[i].left(colon).trimmed().toLower(), lines[i].mid(colon + 1).trimmed());
    }
    Reply reply;
    int delay = 0;
    {
      QMutexLocker lock(&state_->mutex);
      req.receivedMs = state_->clock.elapsed();
      state_->requests.append(req);
      state_->maxActive = std::max(state_->maxActive, ++state_->active);
      delay = state_->delayMs;
      reply = decide(req);
    }
    const bool headOnly = req.method == "HEAD";
    QPointer<QTcpSocket> guard(socket);
    QTimer::singleShot(delay, this, [this, guard, reply, headOnly] {
      {
        QMutexLocker lock(&state_->mutex);
        --state_->active;
      }
      if (!guard) return;
      bool truncated = false;
      guard->write(serialise(reply, headOnly, &truncated));
      guard->flush();
      if (truncated)
        guard->abort();  // connection reset mid-body
      else
        guard->disconnectFromHost();
    });
  }

  // Called with the state locked.
  Reply decide(const Request& req) {
    State& s = *state_;
    const QString path = QString::fromLatin1(req.target.left(req.target.indexOf('?') < 0 ? req.target.size()
                                                                                         : req.target.indexOf('?')));
    Reply r;
    if (s.failCount > 0) {
      --s.failCount;
      r.status = s.failStatus;
      r.body = "failure on purpose";
      return r;
    }
    if (s.statusFor.contains(path)) {
      r.status = s.statusFor.value(path);
      r.body = "status on purpose";
      return r;
    }
    if (s.redirects.contains(path)) {
      r.status = s.redirects.value(path).first;
      r.headers.append({"Location", s.redirects.value(path).second.toUtf8()});
      return r;
    }
    if (!s.objects.contains(path)) {
      r.status = 404;
      r.body = "not found";
      return r;
    }
    const QByteArray& object = s.objects[path];
    if (req.headers.contains("range") && !s.ignoreRange) {
      r = rangeReply(object, req.headers.value("range"));
    } else {
      r.body = object;
    }
    if (s.dropCount > 0 && !r.body.isEmpty()) {
      --s.dropCount;
      r.drop = true;
    }
    return r;
  }

  std::shared_ptr<State> state_;
  QTcpServer* server_ = nullptr;
};

FaultyHttpServer::FaultyHttpServer(const QHostAddress& address)
    : state_(std::make_shared<State>()), thread_(std::make_unique<QThread>()) {
  state_->clock.start();
  thread_->setObjectName(QStringLiteral("faulty-http-server"));
  thread_->start();
  worker_ = new Worker(state_);
  worker_->moveToThread(thread_.get());
  bool ok = false;
  QMetaObject::invokeMethod(
      worker_, [this, address, &ok] { ok = worker_->listen(address); }, Qt::BlockingQueuedConnection);
  if (!ok) qWarning("FaultyHttpServer: cannot listen on %s", qPrintable(address.toString()));
}

FaultyHttpServer::~FaultyHttpServer() {
  QMetaObject::invokeMethod(
      worker_, [this] { delete worker_; }, Qt::BlockingQueuedConnection);
  thread_->quit();
  thread_->wait();
}

bool FaultyHttpServer::isListening() const { return port() != 0; }

quint16 FaultyHttpServer::port() const {
  QMutexLocker lock(&state_->mutex);
  return state_->port;
}

QString FaultyHttpServer::baseUrl() const {
  QMutexLocker lock(&state_->mutex);
  return QStringLiteral("http://%1:%2").arg(state_->host).arg(state_->port);
}

void FaultyHttpServer::setObject(const QString& path, const QByteArray& bytes) {
  QMutexLocker lock(&state_->mutex);
  state_->objects.insert(path, bytes);
}

void FaultyHttpServer::failNext(int count, int status) {
  QMutexLocker lock(&state_->mutex);
  state_->failCount = count;
  state_->failStatus = status;
}

void FaultyHttpServer::setStatus(const QString& path, int status) {
  QMutexLocker lock(&state_->mutex);
  state_->statusFor.insert(path, status);
}

void FaultyHttpServer::dropNext(int count) {
  QMutexLocker lock(&state_->mutex);
  state_->dropCount = count;
}

void FaultyHttpServer::setDelayMs(int ms) {
  QMutexLocker lock(&state_->mutex);
  state_->delayMs = ms;
}

void FaultyHttpServer::setRedirect(const QString& path, const QString& location, int status) {
  QMutexLocker lock(&state_->mutex);
  state_->redirects.insert(path, {status, location});
}

void FaultyHttpServer::setIgnoreRange(bool ignore) {
  QMutexLocker lock(&state_->mutex);
  state_->ignoreRange = ignore;
}

int FaultyHttpServer::requestCount() const {
  QMutexLocker lock(&state_->mutex);
  return static_cast<int>(state_->requests.size());
}

int FaultyHttpServer::maxConcurrent() const {
  QMutexLocker lock(&state_->mutex);
  return state_->maxActive;
}

QList<FaultyHttpServer::Request> FaultyHttpServer::requests() const {
  QMutexLocker lock(&state_->mutex);
  return state_->requests;
}

void FaultyHttpServer::resetCounters() {
  QMutexLocker lock(&state_->mutex);
  state_->requests.clear();
  state_->maxActive = state_->active;
}

}  // namespace skein::test
