#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

#include "core/store/StoreOpener.h"

using namespace skein;

namespace {
ParsedLocation parsed(const std::string& s) {
  auto r = parseLocation(s);
  if (!r.ok()) qWarning() << QString::fromStdString(r.error().message);
  return r.ok() ? *r : ParsedLocation{};
}
}  // namespace

class TestLocation : public QObject {
  Q_OBJECT
 private slots:
  void bucketsMapToPublicHttps() {
    auto s3 = parsed("s3://my-bucket/path/to/data.zarr/");
    QCOMPARE(s3.kind, ParsedLocation::Kind::Http);
    QCOMPARE(s3.path, std::string("https://my-bucket.s3.amazonaws.com/path/to/data.zarr"));
    QCOMPARE(parsed("s3://my-bucket").path, std::string("https://my-bucket.s3.amazonaws.com"));
    QCOMPARE(parsed("s3://my.dotted.bucket/k").path, std::string("https://s3.amazonaws.com/my.dotted.bucket/k"));
    auto gs = parsed("gs://neuroglancer-public-data/flyem_fib-25/image");
    QCOMPARE(gs.kind, ParsedLocation::Kind::Http);
    QCOMPARE(gs.path, std::string("https://storage.googleapis.com/neuroglancer-public-data/flyem_fib-25/image"));
    QCOMPARE(parsed("gs://bkt/with space/x").path, std::string("https://storage.googleapis.com/bkt/with%20space/x"));
    QVERIFY(!parseLocation("s3://").ok());
    QVERIFY(!parseLocation("s3://Bad_Bucket!/x").ok());
  }

  void httpUrlsLoseTrailingSlashesAndFragments() {
    QCOMPARE(parsed("https://example.org/data/").path, std::string("https://example.org/data"));
    QCOMPARE(parsed("HTTP://example.org:8080/a//").path, std::string("http://example.org:8080/a"));
    QCOMPARE(parsed("https://example.org/d?token=abc#frag").path, std::string("https://example.org/d?token=abc"));
    QCOMPARE(parsed("https://example.org").path, std::string("https://example.org"));
    QVERIFY(!parseLocation("https:///nohost").ok());
  }

  void localPathsAndFileUrls() {
    QTemporaryDir dir;
    const std::string abs = QDir(dir.path()).absolutePath().toStdString();
    QCOMPARE(parsed(abs + "/").path, abs);
    QCOMPARE(parsed(abs + "/").kind, ParsedLocation::Kind::File);
    QCOMPARE(parsed("file://" + abs + "/sub/").path, abs + "/sub");
    QCOMPARE(parsed("file://localhost" + abs).path, abs);
    QCOMPARE(parsed("file:///tmp/a%20b").path, std::string("/tmp/a b"));
    QVERIFY(!parseLocation("file://otherhost/x").ok());
    QCOMPARE(parsed("relative/dir/").path, QDir::current().absoluteFilePath("relative/dir").toStdString());
    QCOMPARE(parsed("./a/../b").path, QDir::current().absoluteFilePath("b").toStdString());
    QCOMPARE(parsed("~/x").path, (QDir::homePath() + "/x").toStdString());
    QCOMPARE(parsed("/").path, std::string("/"));
    QCOMPARE(parsed("weird:name").kind, ParsedLocation::Kind::File);  // no "://": a path
  }

  void zipLocations() {
    auto z = parsed("/data/annotation.ZIP");
    QCOMPARE(z.kind, ParsedLocation::Kind::Zip);
    QCOMPARE(z.path, std::string("/data/annotation.ZIP"));
    QVERIFY(z.subPath.empty());
  }

  void unsupportedSchemesAndEmptyInput() {
    auto ftp = parseLocation("ftp://host/x");
    QVERIFY(!ftp.ok());
    QCOMPARE(ftp.error().code, ErrorCode::Unsupported);
    auto empty = parseLocation("   ");
    QVERIFY(!empty.ok());
    QCOMPARE(empty.error().code, ErrorCode::InvalidArgument);
  }

  void openerOpensLocalFolders() {
    QTemporaryDir dir;
    QFile f(dir.filePath("k"));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("v");
    f.close();
    StoreOpener opener;
    auto store = opener.open("file://" + dir.path().toStdString());
    QVERIFY(store.ok());
    QCOMPARE(**(*store)->read("k"), QByteArray("v"));
    QVERIFY(!(*store)->writable());
    auto missing = opener.open(dir.path().toStdString() + "/missing");
    QVERIFY(!missing.ok());
    QCOMPARE(missing.error().code, ErrorCode::NotFound);
    QVERIFY(QString::fromStdString(missing.error().message).contains("missing"));
  }
};

QTEST_GUILESS_MAIN(TestLocation)
#include "tst_location.moc"
