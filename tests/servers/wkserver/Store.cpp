#include "tests/servers/wkserver/Store.h"

#include <QDateTime>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

#include <atomic>
#include <cstdio>

namespace wk {

Store::Store(const QString& path) : connection_(QUuid::createUuid().toString()) {
  QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection_);
  db.setDatabaseName(path);
  if (!db.open()) {
    std::fprintf(stderr, "wkserver: cannot open %s: %s\n", qPrintable(path), qPrintable(db.lastError().text()));
    return;
  }
  QSqlQuery q(db);
  ok_ = q.exec(QStringLiteral("CREATE TABLE IF NOT EXISTS docs (collection TEXT NOT NULL, id TEXT NOT NULL, "
                              "seq INTEGER, body TEXT NOT NULL, PRIMARY KEY (collection, id))"));
}

Store::~Store() {
  { QSqlDatabase::database(connection_).close(); }
  QSqlDatabase::removeDatabase(connection_);
}

std::vector<json> Store::all(const std::string& collection) const {
  std::vector<json> out;
  QSqlQuery q(QSqlDatabase::database(connection_));
  q.prepare(QStringLiteral("SELECT body FROM docs WHERE collection = ? ORDER BY seq"));
  q.addBindValue(QString::fromStdString(collection));
  q.exec();
  while (q.next()) out.push_back(json::parse(q.value(0).toString().toStdString()));
  return out;
}

std::optional<json> Store::get(const std::string& collection, const std::string& id) const {
  QSqlQuery q(QSqlDatabase::database(connection_));
  q.prepare(QStringLiteral("SELECT body FROM docs WHERE collection = ? AND id = ?"));
  q.addBindValue(QString::fromStdString(collection));
  q.addBindValue(QString::fromStdString(id));
  q.exec();
  if (!q.next()) return std::nullopt;
  return json::parse(q.value(0).toString().toStdString());
}

void Store::put(const std::string& collection, const std::string& id, const json& doc) {
  static std::atomic<long long> seq{0};
  QSqlQuery q(QSqlDatabase::database(connection_));
  // Keep the insertion order of existing documents on update.
  q.prepare(QStringLiteral("INSERT INTO docs (collection, id, seq, body) VALUES (?, ?, ?, ?) "
                           "ON CONFLICT(collection, id) DO UPDATE SET body = excluded.body"));
  q.addBindValue(QString::fromStdString(collection));
  q.addBindValue(QString::fromStdString(id));
  q.addBindValue(++seq);
  q.addBindValue(QString::fromStdString(doc.dump()));
  if (!q.exec()) std::fprintf(stderr, "wkserver: store failed: %s\n", qPrintable(q.lastError().text()));
}

void Store::remove(const std::string& collection, const std::string& id) {
  QSqlQuery q(QSqlDatabase::database(connection_));
  q.prepare(QStringLiteral("DELETE FROM docs WHERE collection = ? AND id = ?"));
  q.addBindValue(QString::fromStdString(collection));
  q.addBindValue(QString::fromStdString(id));
  q.exec();
}

std::string newObjectId() {
  static std::atomic<unsigned> counter{QRandomGenerator::global()->bounded(1u << 20)};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%08llx%08x%08x", static_cast<unsigned long long>(QDateTime::currentSecsSinceEpoch()) & 0xffffffffULL,
                QRandomGenerator::global()->generate(), ++counter);
  return std::string(buf, 24);
}

std::string randomToken(int bytes) {
  QByteArray raw(bytes, Qt::Uninitialized);
  for (char& c : raw) c = static_cast<char>(QRandomGenerator::system()->bounded(256));
  return raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals).toStdString();
}

}  // namespace wk
