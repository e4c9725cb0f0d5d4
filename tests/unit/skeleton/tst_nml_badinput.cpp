// Broken and hostile NML: every case gives one clear error with line and column, never a crash
// and never a partly loaded model.

#include <QtTest>

#include <random>

#include "NmlTestUtil.h"

using namespace skein;
using namespace skein::skeleton;

namespace {

// The error message of a parse that must fail ("" when it unexpectedly succeeds).
QString errorOf(const std::string& text) {
  NmlReadOptions options;
  options.sourceName = "bad.nml";
  auto doc = readNml(text, options);
  if (doc.ok()) return {};
  return QString::fromStdString(doc.error().message);
}

std::string wrapThing(const std::string& inner) {
  return "<things>\n<thing id=\"1\">\n<nodes>\n" + inner + "</nodes>\n</thing>\n</things>\n";
}

}  // namespace

class TestNmlBadInput : public QObject {
  Q_OBJECT
 private slots:
  void malformedXmlNamesLineAndColumn() {
    QString e = errorOf("<things>\n  <thing id=\"1\">\n  </things>\n");
    QVERIFY2(e.startsWith("bad.nml:3:5: malformed XML: mismatched tag"), qPrintable(e));
    QVERIFY(errorOf("").contains("no element found"));
    QVERIFY(errorOf("<things><thing id=\"1\"").contains("malformed XML"));
    QVERIFY(errorOf("<things>\xff\xfe</things>").contains("malformed XML"));
  }

  void wrongRootElement() {
    QString e = errorOf("<annotation/>");
    QVERIFY2(e.contains("expected the root element <things>, found <annotation>"), qPrintable(e));
  }

  void duplicateIds() {
    QString e = errorOf(wrapThing("<node id=\"5\" x=\"1\" y=\"1\" z=\"1\"/>\n<node id=\"5\" x=\"2\" y=\"2\" z=\"2\"/>\n"));
    QVERIFY2(e.startsWith("bad.nml:5:1: duplicate node id 5"), qPrintable(e));
    e = errorOf("<things><thing id=\"1\"/><thing id=\"1\"/></things>");
    QVERIFY2(e.contains("duplicate tree (thing) id 1"), qPrintable(e));
    e = errorOf("<things><groups><group id=\"2\" name=\"a\"><group id=\"2\" name=\"b\"/></group></groups></things>");
    QVERIFY2(e.contains("duplicate group id 2"), qPrintable(e));
  }

  void danglingReferences() {
    QString e = errorOf(
        "<things><thing id=\"1\"><nodes><node id=\"1\" x=\"0\" y=\"0\" z=\"0\"/></nodes>\n"
        "<edges><edge source=\"1\" target=\"9\"/></edges></thing></things>");
    QVERIFY2(e.contains("edge 1-9 of thing 1 refers to missing node 9"), qPrintable(e));
    e = errorOf(
        "<things><thing id=\"1\"><nodes><node id=\"1\" x=\"0\" y=\"0\" z=\"0\"/></nodes></thing>\n"
        "<thing id=\"2\"><nodes><node id=\"2\" x=\"0\" y=\"0\" z=\"0\"/></nodes>"
        "<edges><edge source=\"1\" target=\"2\"/></edges></thing></things>");
    QVERIFY2(e.contains("joins nodes of another thing"), qPrintable(e));
    e = errorOf(wrapThing("<node id=\"1\" x=\"0\" y=\"0\" z=\"0\"/>\n") + "");
    QVERIFY(e.isEmpty());
    e = errorOf("<things><comments>\n<comment node=\"4\" content=\"x\"/></comments></things>");
    QVERIFY2(e.startsWith("bad.nml:2:1: comment refers to missing node 4"), qPrintable(e));
    e = errorOf("<things><branchpoints><branchpoint id=\"4\"/></branchpoints></things>");
    QVERIFY2(e.contains("branchpoint refers to missing node 4"), qPrintable(e));
    e = errorOf("<things><thing id=\"1\" groupId=\"3\"/></things>");
    QVERIFY2(e.contains("thing 1 refers to missing group 3"), qPrintable(e));
  }

  void badEdges() {
    std::string nodes = "<nodes><node id=\"1\" x=\"0\" y=\"0\" z=\"0\"/><node id=\"2\" x=\"1\" y=\"0\" z=\"0\"/></nodes>";
    QString e = errorOf("<things><thing id=\"1\">" + nodes +
                        "<edges><edge source=\"1\" target=\"2\"/><edge source=\"2\" target=\"1\"/></edges></thing></things>");
    QVERIFY2(e.contains("has the edge 1-2 more than once"), qPrintable(e));
    e = errorOf("<things><thing id=\"1\">" + nodes + "<edges><edge source=\"1\" target=\"1\"/></edges></thing></things>");
    QVERIFY2(e.contains("joins a node to itself"), qPrintable(e));
    e = errorOf("<things><thing id=\"1\">" + nodes + "<edges><edge source=\"1\"/></edges></thing></things>");
    QVERIFY2(e.contains("<edge> is missing the required attribute target"), qPrintable(e));
  }

  void absurdNumbers() {
    struct Case {
      const char* node;
      const char* expected;
    } cases[] = {
        {R"(<node id="1" x="nan" y="0" z="0"/>)", "<node> attribute x must be a finite number"},
        {R"(<node id="1" x="0" y="inf" z="0"/>)", "<node> attribute y must be a finite number"},
        {R"(<node id="1" x="0" y="0" z="1e300"/>)", "<node> attribute z must be a finite number of magnitude"},
        {R"(<node id="-3" x="0" y="0" z="0"/>)", "<node> attribute id must be an integer in [0, 2147483647], got \"-3\""},
        {R"(<node id="99999999999" x="0" y="0" z="0"/>)", "attribute id must be an integer"},
        {R"(<node id="1.5" x="0" y="0" z="0"/>)", "attribute id must be an integer"},
        {R"(<node id="abc" x="0" y="0" z="0"/>)", "attribute id must be an integer"},
        {R"(<node id="1" x="0" y="0" z="0" radius="1e40"/>)", "attribute radius must be a finite number"},
        {R"(<node id="1" x="0" y="0" z="0" inMag="100000"/>)", "attribute inMag must be an integer"},
        {R"(<node id="1" x="0" y="0" z="0" interpolation="maybe"/>)", "attribute interpolation must be true or false"},
        {R"(<node id="1" x="0" y="0"/>)", "<node> is missing the required attribute z"},
        {R"(<node x="0" y="0" z="0"/>)", "<node> is missing the required attribute id"},
    };
    for (const Case& c : cases) {
      QString e = errorOf(wrapThing(std::string(c.node) + "\n"));
      QVERIFY2(e.startsWith("bad.nml:4:"), qPrintable(e));
      QVERIFY2(e.contains(c.expected), qPrintable(e + " -- expected: " + c.expected));
    }
    QVERIFY(errorOf("<things><thing id=\"-1\"/></things>").contains("<thing> attribute id must be an integer"));
    QVERIFY(errorOf("<things><parameters><time ms=\"1e40\"/></parameters></things>").contains("<time> attribute ms"));
    QVERIFY(errorOf("<things><parameters><userBoundingBox id=\"1\" topLeftX=\"0\"/></parameters></things>")
                .contains("<userBoundingBox> is missing the required attribute topLeftY"));
    QVERIFY(errorOf("<things><volume id=\"0\" largestSegmentId=\"-1\"/></things>").contains("largestSegmentId"));
  }

  void billionLaughsIsRefused() {
    const std::string text = R"(<?xml version="1.0"?>
<!DOCTYPE things [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<things><meta name="x" content="&lol9;"/></things>)";
    QString e = errorOf(text);
    QVERIFY2(e.startsWith("bad.nml:2:"), qPrintable(e));
    QVERIFY2(e.contains("document type declarations"), qPrintable(e));
  }

  void externalEntitiesAreNeverFetched() {
    // (No raw string here: moc mistakes the "//" of the URL for a comment.)
    const std::string text =
        "<?xml version=\"1.0\"?>\n"
        "<!DOCTYPE things [ <!ENTITY xxe SYSTEM \"file:///etc/passwd\"> ]>\n"
        "<things><meta name=\"x\" content=\"&xxe;\"/></things>";
    QString e = errorOf(text);
    QVERIFY2(e.contains("document type declarations"), qPrintable(e));
    QVERIFY(!e.contains("root:"));
    // An entity reference without a declaration is a plain error.
    e = errorOf("<things><meta name=\"x\" content=\"&xxe;\"/></things>");
    QVERIFY2(e.contains("undefined entity"), qPrintable(e));
    // Parameter entities in an external DTD subset are not loaded either.
    e = errorOf("<!DOCTYPE things SYSTEM \"http://127.0.0.1:1/evil.dtd\"><things/>");
    QVERIFY2(e.contains("document type declarations"), qPrintable(e));
  }

  void failedLoadLeavesNothingBehind() {
    // readNml parses into a fresh model and only returns it when the whole file is valid, so a
    // caller's current annotation is only replaced on success.
    auto good = readNml(wrapThing("<node id=\"1\" x=\"0\" y=\"0\" z=\"0\"/>\n"));
    QVERIFY(good.ok());
    Skeleton current = good->skeleton;
    auto bad = readNml(wrapThing("<node id=\"2\" x=\"0\" y=\"0\" z=\"0\"/>\n<node id=\"2\" x=\"0\" y=\"0\" z=\"0\"/>\n"));
    QVERIFY(!bad.ok());
    QCOMPARE(QString::fromStdString(describeDifference(current, good->skeleton)), QString());
  }

  void missingFileIsAnIoError() {
    auto doc = readNmlFile("/nonexistent/dir/file.nml");
    QVERIFY(!doc.ok());
    QCOMPARE(doc.error().code, ErrorCode::Io);
    QVERIFY(QString::fromStdString(doc.error().message).contains("/nonexistent/dir/file.nml"));
  }

  void randomCorruptionNeverCrashes() {
    std::string original = skein::test::readFixture("webknossos/nml__testdata_nmls__test_a.nml");
    QVERIFY(!original.empty());
    std::mt19937 rng(1234);
    int failures = 0;
    for (int round = 0; round < 3000; ++round) {
      std::string text = original;
      int edits = 1 + int(rng() % 4);
      for (int i = 0; i < edits; ++i) {
        std::size_t at = rng() % text.size();
        switch (rng() % 4) {
          case 0: text[at] = char(rng() % 256); break;
          case 1: text.erase(at, 1 + rng() % 20); break;
          case 2: text.insert(at, std::string(1 + rng() % 5, "<>\"&=/x9-."[rng() % 10])); break;
          default: text.resize(at); break;
        }
        if (text.empty()) text = "<";
      }
      auto doc = readNml(text);
      if (!doc.ok()) {
        ++failures;
        QVERIFY(!doc.error().message.empty());
      } else {
        QVERIFY(doc->skeleton.checkInvariants().ok());
      }
    }
    QVERIFY(failures > 1000);  // most corruptions are detected
  }
};

QTEST_GUILESS_MAIN(TestNmlBadInput)
#include "tst_nml_badinput.moc"
