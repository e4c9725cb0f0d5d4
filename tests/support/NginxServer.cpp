#include "tests/support/NginxServer.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>

#include <utility>

#include <signal.h>
#include <sys/prctl.h>

#include "tests/support/TestEnv.h"

namespace skein::test {
namespace {

quint16 freeLoopbackPort() {
  QTcpServer probe;
  if (!probe.listen(QHostAddress(QHostAddress::LocalHost), 0)) return 0;
  return probe.serverPort();
}

QString configText(const QString& tmp, const QString& root, quint16 port, const NginxOptions& options) {
  const bool tls = !options.certFile.isEmpty();
  const QString listen = QStringLiteral("    listen 127.0.0.1:%1%2;\n").arg(port).arg(tls ? " ssl" : "");
  const QString tlsConfig = tls ? QStringLiteral(
                                      "    ssl_certificate %1;\n"
                                      "    ssl_certificate_key %2;\n"
                                      "    ssl_session_cache shared:skein:1m;\n")
                                      .arg(options.certFile, options.keyFile)
                                : QString();
  return QStringLiteral(
             "daemon off;\n"
             "master_process off;\n"
             "worker_processes 1;\n"
             "error_log %1/error.log %2;\n"
             "pid %1/nginx.pid;\n"
             "events { worker_connections 256; }\n"
             "http {\n"
             "  log_format skein '$request_method $uri range=\"$http_range\" status=$status bytes=$body_bytes_sent "
             "reused=$ssl_session_reused conn=$connection';\n"
             "  access_log %1/access.log skein;\n"
             "  client_body_temp_path %1/body;\n"
             "  proxy_temp_path %1/proxy;\n"
             "  fastcgi_temp_path %1/fastcgi;\n"
             "  uwsgi_temp_path %1/uwsgi;\n"
             "  scgi_temp_path %1/scgi;\n"
             "  default_type application/octet-stream;\n"
             "  server {\n")
             .arg(tmp, tls ? "info" : "error") +
         listen + tlsConfig + QStringLiteral("    root %1;\n").arg(root) + options.extraServerConfig +
         QStringLiteral(
             "\n"
             "    location / { autoindex off; }\n"
             "  }\n"
             "}\n");
}

}  // namespace

NginxServer::NginxServer(const QString& root, NginxOptions options)
    : root_(QDir(root).absolutePath()), options_(std::move(options)) {}

NginxServer::~NginxServer() {
  if (process_.state() != QProcess::NotRunning) {
    process_.terminate();
    if (!process_.waitForFinished(3000)) {
      process_.kill();
      process_.waitForFinished(3000);
    }
  }
}

QString NginxServer::nginxPath() { return findProgram(QStringLiteral("nginx")); }

QString NginxServer::baseUrl() const {
  return QStringLiteral("%1://127.0.0.1:%2").arg(options_.certFile.isEmpty() ? "http" : "https").arg(port_);
}

bool NginxServer::start(QString* error) {
  const QString nginx = nginxPath();
  if (nginx.isEmpty()) {
    *error = QStringLiteral("nginx is not installed (Debian package nginx-light)");
    return false;
  }
  if (!dir_.isValid()) {
    *error = QStringLiteral("cannot create a temporary folder for nginx");
    return false;
  }
  const QString tmp = dir_.path();
  for (int attempt = 0; attempt < 3; ++attempt) {  // the free port may be taken in between
    port_ = freeLoopbackPort();
    QFile conf(tmp + "/nginx.conf");
    if (port_ == 0 || !conf.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
      *error = QStringLiteral("cannot prepare the nginx configuration");
      return false;
    }
    conf.write(configText(tmp, root_, port_, options_).toUtf8());
    conf.close();
    process_.setProcessChannelMode(QProcess::MergedChannels);
    // nginx also stops when the test process dies without stopping it (a crash, an abort, kill -9).
    process_.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGTERM); });
    process_.start(nginx, {"-p", tmp, "-e", tmp + "/error.log", "-c", tmp + "/nginx.conf"});
    if (!process_.waitForStarted(5000)) {
      *error = QStringLiteral("cannot start %1: %2").arg(nginx, process_.errorString());
      return false;
    }
    const QDeadlineTimer deadline(10000);
    while (!deadline.hasExpired() && process_.state() == QProcess::Running) {
      QTcpSocket probe;
      probe.connectToHost(QHostAddress(QHostAddress::LocalHost), port_);
      if (probe.waitForConnected(200)) return true;
      QThread::msleep(20);
    }
    QFile log(tmp + "/error.log");
    log.open(QIODevice::ReadOnly);
    *error = QStringLiteral("nginx did not start: %1 %2")
                 .arg(QString::fromLocal8Bit(process_.readAll()), QString::fromLocal8Bit(log.readAll()));
    if (process_.state() != QProcess::NotRunning) {
      process_.kill();
      process_.waitForFinished(3000);
    }
  }
  return false;
}

QStringList NginxServer::errorLog() const {
  QFile log(dir_.path() + "/error.log");
  if (!log.open(QIODevice::ReadOnly)) return {};
  return QString::fromUtf8(log.readAll()).split('\n', Qt::SkipEmptyParts);
}

QStringList NginxServer::accessLog() const {
  QFile log(dir_.path() + "/access.log");
  if (!log.open(QIODevice::ReadOnly)) return {};
  return QString::fromUtf8(log.readAll()).split('\n', Qt::SkipEmptyParts);
}

}  // namespace skein::test
