#pragma once
// A throwaway self-signed TLS certificate for 127.0.0.1, made with the openssl command (Debian
// package openssl), for tests that run a TLS server on loopback.

#include <QString>

namespace skein::test {

struct TestCertificate {
  QString certFile;  // PEM; also usable as the only trusted CA (it is self-signed)
  QString keyFile;   // PEM, unencrypted
};

// Writes cert.pem and key.pem into `dir` (valid for one day, CN and subjectAltName IP 127.0.0.1).
// False with a reason in `error` when openssl is missing or fails.
bool makeTestCertificate(const QString& dir, TestCertificate* out, QString* error);

}  // namespace skein::test
