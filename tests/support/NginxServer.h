#pragma once
// Runs Debian's nginx as a child process serving a folder on 127.0.0.1, with a generated config in
// a temporary folder (so it runs without root and touches nothing outside it). The access log
// records the Range header and status of every request so tests can assert range reads. With a
// certificate it serves https instead, with a TLS session cache (so resumption can be asserted).

#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <memory>

namespace skein::test {

struct NginxOptions {
  QString certFile;  // PEM certificate and key: serve https (both or neither)
  QString keyFile;
  QString extraServerConfig;  // directives added to the server block, e.g. "location = /x { return 302 …; }"
};

class NginxServer {
 public:
  explicit NginxServer(const QString& root, NginxOptions options = {});
  ~NginxServer();
  NginxServer(const NginxServer&) = delete;
  NginxServer& operator=(const NginxServer&) = delete;

  // Starts nginx and waits until it accepts connections; false with a reason on failure
  // (including nginx not being installed).
  bool start(QString* error);

  quint16 port() const { return port_; }
  QString baseUrl() const;  // "http://127.0.0.1:<port>", or https with a certificate
  // One line per request: "<method> <uri> range=\"<Range header or ->\" status=<code> bytes=<sent>
  // reused=<r when the TLS session was resumed, . when not, empty over http> conn=<connection serial>".
  QStringList accessLog() const;
  // nginx's error log; with a certificate at level info, so failed TLS handshakes are listed.
  QStringList errorLog() const;

  static QString nginxPath();  // empty when nginx is not installed

 private:
  QString root_;
  NginxOptions options_;
  QTemporaryDir dir_;
  QProcess process_;
  quint16 port_ = 0;
};

}  // namespace skein::test
