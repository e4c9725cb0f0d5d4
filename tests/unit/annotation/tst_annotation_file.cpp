// Annotation zips (NML + volume data zips) and the `nml stats|convert|merge|validate` functions.

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>

#include "core/annotation/AnnotationFile.h"
#include "core/annotation/NmlTools.h"
#include "tests/support/TestEnv.h"

using namespace skein;
using namespace skein::skeleton;
using namespace skein::annotation;

namespace {

const char* kZipFixture = "webknossos/annotationzip__testdata_annotations__l4_sample__explorational__suser__94b271.zip";

std::string fixturePath(const char* relative) { return skein::test::fixture(relative).toStdString(); }

void writeText(const QString& path, const std::string& text) {
  QFile f(path);
  QVERIFY(f.open(QIODevice::WriteOnly));
  f.write(text.data(), static_cast<qint64>(text.size()));
}

}  // namespace

class TestAnnotationFile : public QObject {
  Q_OBJECT
 private slots:
  void readsTheWebKnossosZip() {
    auto file = readAnnotationFile(fixturePath(kZipFixture));
    QVERIFY2(file.ok(), file.ok() ? "" : file.error().message.c_str());
    QCOMPARE(file->nmlName, std::string("l4_sample__explorational__suser__94b271.nml"));
    const Skeleton& s = file->nml.skeleton;
    QCOMPARE(s.nodeCount(), std::size_t(3));
    QCOMPARE(s.edgeCount(), std::size_t(2));
    QCOMPARE(s.trees()[0].props.type, std::string("DEFAULT"));
    QCOMPARE(s.trees()[0].props.name, std::string("explorative_2023-10-11_Sample_User_001"));
    QCOMPARE(s.node(2)->position, (Vec3d{3532, 3704, 1024}));
    QCOMPARE(int(s.node(2)->mag), 2);
    QCOMPARE(s.activeNode, std::optional<NodeId>(3));
    QCOMPARE(s.parameters.wkUrl, std::string("http://localhost:9000"));
    QCOMPARE(s.volumes.size(), std::size_t(1));
    QCOMPARE(s.volumes[0].format, std::string("zarr3"));
    QCOMPARE(s.volumes[0].location, std::string("data_Volume.zip"));
    QCOMPARE(s.volumes[0].largestSegmentId, std::optional<std::uint64_t>(1));
    QCOMPARE(file->volumeData.size(), std::size_t(1));
    QCOMPARE(file->volumeData[0].name, std::string("data_Volume.zip"));
    QCOMPARE(file->volumeData[0].bytes.size(), qsizetype(56292));
    QVERIFY(file->volumeData[0].bytes.startsWith("PK\x03\x04"));
    QVERIFY(file->otherFiles.empty());
    QVERIFY(file->nml.warnings.empty());
  }

  void zipRoundTripKeepsVolumeBytes() {
    auto file = readAnnotationFile(fixturePath(kZipFixture));
    QVERIFY(file.ok());
    file->otherFiles.push_back({"notes/readme.txt", "kept verbatim"});
    QTemporaryDir dir;
    std::string out = (dir.path() + "/copy.zip").toStdString();
    QVERIFY(writeAnnotationFile(out, *file).ok());
    auto again = readAnnotationFile(out);
    QVERIFY2(again.ok(), again.ok() ? "" : again.error().message.c_str());
    QCOMPARE(QString::fromStdString(describeDifference(file->nml.skeleton, again->nml.skeleton)), QString());
    QCOMPARE(again->nmlName, file->nmlName);
    QCOMPARE(again->volumeData, file->volumeData);
    QCOMPARE(again->otherFiles, file->otherFiles);
    // No temporary files are left next to the target.
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{"copy.zip"});
    // A plain .nml cannot hold the volume data.
    Status asNml = writeAnnotationFile((dir.path() + "/copy.nml").toStdString(), *file);
    QVERIFY(!asNml.ok());
    QVERIFY(QString::fromStdString(asNml.error().message).contains("volume data"));
  }

  void badZips() {
    AnnotationFile file;
    file.nmlName = "notes.txt";
    auto noNml = annotationZipBytes(file);
    QVERIFY(noNml.ok());
    auto read = readAnnotationZip(*noNml, "x.zip");
    QVERIFY(!read.ok());
    QVERIFY(QString::fromStdString(read.error().message).contains("contains no .nml"));
    file.nmlName = "a.nml";
    file.otherFiles.push_back({"b.nml", "<things/>"});
    read = readAnnotationZip(*annotationZipBytes(file), "x.zip");
    QVERIFY(!read.ok());
    QVERIFY(QString::fromStdString(read.error().message).contains("expected exactly one .nml"));
    QByteArray junk("PK\x03\x04");
    junk += " this is not really a zip";
    read = readAnnotationZip(junk, "junk.zip");
    QVERIFY(!read.ok());
    QVERIFY(QString::fromStdString(read.error().message).startsWith("junk.zip"));
    // A broken NML inside a zip names the entry, line and column.
    file.nmlName = "notes.txt";
    file.otherFiles = {{"broken.nml", "<things>\n<thing id=\"x\"/></things>"}};
    auto broken = readAnnotationZip(*annotationZipBytes(file), "y.zip");
    QVERIFY(!broken.ok());
    QVERIFY2(QString::fromStdString(broken.error().message).startsWith("y.zip/broken.nml:2:1: <thing> attribute id"),
             broken.error().message.c_str());
  }

  void statsOfFiles() {
    auto stats = nmlStats(fixturePath(kZipFixture));
    QVERIFY(stats.ok());
    const nlohmann::json& j = *stats;
    QCOMPARE(j["trees"].get<int>(), 1);
    QCOMPARE(j["nodes"].get<int>(), 3);
    QCOMPARE(j["edges"].get<int>(), 2);
    QCOMPARE(j["volumes"].get<int>(), 1);
    QCOMPARE(j["boundingBox"]["min"][0].get<double>(), 3365.0);
    QCOMPARE(j["boundingBox"]["max"][1].get<double>(), 3704.0);
    QCOMPARE(j["flavor"].get<std::string>(), std::string("webknossos"));
    auto testA = nmlStats(fixturePath("webknossos/nml__testdata_nmls__test_a.nml"));
    QVERIFY(testA.ok());
    QCOMPARE((*testA)["groups"].get<int>(), 2);
    QVERIFY(!nmlStats("/nonexistent.nml").ok());
  }

  void convertNormalises() {
    QTemporaryDir dir;
    std::string zip = (dir.path() + "/test_a.zip").toStdString();
    QVERIFY(convertAnnotation(fixturePath("webknossos/nml__testdata_nmls__test_a.nml"), zip).ok());
    auto fromZip = readAnnotationFile(zip);
    QVERIFY(fromZip.ok());
    QCOMPARE(fromZip->nmlName, std::string("test_a.nml"));
    auto original = readAnnotationFile(fixturePath("webknossos/nml__testdata_nmls__test_a.nml"));
    QCOMPARE(QString::fromStdString(describeDifference(original->nml.skeleton, fromZip->nml.skeleton)), QString());
    std::string nml = (dir.path() + "/back.nml").toStdString();
    QVERIFY(convertAnnotation(zip, nml).ok());
    QVERIFY(!convertAnnotation(fixturePath(kZipFixture), nml).ok());  // volume data needs a zip

    // A KNOSSOS file converted to webKnossos: 0-based coordinates, still readable as the same model.
    QString knossos = dir.path() + "/k.nml";
    writeText(knossos, R"(<things><parameters><experiment name="e"/><createdin version="4"/></parameters>
      <thing id="1" comment="x"><nodes><node id="1" x="1" y="2" z="3"/></nodes></thing></things>)");
    std::string converted = (dir.path() + "/k_wk.nml").toStdString();
    QVERIFY(convertAnnotation(knossos.toStdString(), converted).ok());
    auto reread = readAnnotationFile(converted);
    QVERIFY(reread.ok());
    QCOMPARE(reread->nml.skeleton.node(1)->position, (Vec3d{0, 1, 2}));
    QCOMPARE(reread->nml.skeleton.tree(1)->props.name, std::string("x"));
  }

  void mergeFiles() {
    std::string a = fixturePath("webknossos/nml__testdata_nmls__test_a.nml");
    auto merged = mergeAnnotationFiles({a, a, fixturePath(kZipFixture)}, true);
    QVERIFY2(merged.ok(), merged.ok() ? "" : merged.error().message.c_str());
    const Skeleton& s = merged->nml.skeleton;
    QCOMPARE(s.nodeCount(), std::size_t(9));
    QCOMPARE(s.trees().size(), std::size_t(7));
    QCOMPARE(s.groups.size(), std::size_t(2 + 2 + 3));  // one wrapper per file plus the files' groups
    QVERIFY(s.checkInvariants().ok());
    QCOMPARE(s.activeNode, std::optional<NodeId>(3));
    QCOMPARE(s.parameters.datasetName, std::string("ds_name"));
    QVERIFY(!merged->nml.warnings.empty());  // the zip's volume layer is not merged
    QVERIFY(!mergeAnnotationFiles({}, false).ok());
  }

  void validateReportsPositionsAndWarnings() {
    QTemporaryDir dir;
    QString bad = dir.path() + "/bad.nml";
    writeText(bad, "<things>\n<thing id=\"1\">\n<nodes><node id=\"1\" x=\"a\" y=\"0\" z=\"0\"/></nodes></thing></things>");
    ValidationReport report = validateAnnotation(bad.toStdString());
    QVERIFY(!report.status.ok());
    QVERIFY2(QString::fromStdString(report.status.error().message).startsWith(bad + ":3:8: <node> attribute x"),
             report.status.error().message.c_str());
    QString split = dir.path() + "/split.nml";
    writeText(split, R"(<things><thing id="1"><nodes><node id="1" x="0" y="0" z="0"/><node id="2" x="1" y="0" z="0"/>
      <node id="3" x="5" y="0" z="0"/></nodes><edges><edge source="1" target="2"/></edges></thing></things>)");
    report = validateAnnotation(split.toStdString());
    QVERIFY(report.status.ok());
    QCOMPARE(report.warnings.size(), std::size_t(1));
    QVERIFY(QString::fromStdString(report.warnings[0]).contains("tree 1 is not connected (2 pieces)"));
    QVERIFY(validateAnnotation(fixturePath(kZipFixture)).status.ok());
  }
};

QTEST_GUILESS_MAIN(TestAnnotationFile)
#include "tst_annotation_file.moc"
