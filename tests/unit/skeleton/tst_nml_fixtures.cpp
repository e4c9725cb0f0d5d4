// NML reading and writing against real files (webknossos-libs fixtures, a server-written NML
// from a recorded HTTP tape) and KNOSSOS-flavour files written from the spec.

#include <QtTest>

#include <cmath>

#include "NmlTestUtil.h"

using namespace skein;
using namespace skein::skeleton;
using skein::test::parseOrFail;
using skein::test::readFixture;
using skein::test::roundTripDifference;

class TestNmlFixtures : public QObject {
  Q_OBJECT
 private slots:
  void webKnossosSkeletonFixture() {
    std::string text = readFixture("webknossos/nml__testdata_nmls__test_a.nml");
    QVERIFY(!text.empty());
    NmlDocument doc = parseOrFail(text);
    const Skeleton& s = doc.skeleton;
    QCOMPARE(doc.flavor, NmlFlavor::WebKnossos);
    QVERIFY(!doc.coordinatesShifted);
    QCOMPARE(s.trees().size(), std::size_t(3));
    QCOMPARE(s.nodeCount(), std::size_t(3));
    QCOMPARE(s.edgeCount(), std::size_t(0));
    QCOMPARE(s.trees()[0].id, 3);  // file order is kept
    QCOMPARE(s.trees()[2].id, 1);
    const Tree* t3 = s.tree(3);
    QVERIFY(t3);
    QCOMPARE(t3->props.name, std::string("003"));
    QCOMPARE(t3->props.groupId, 2);
    QVERIFY(t3->props.color.has_value());
    QCOMPARE(t3->props.color->r, 0.8509804010391235);
    QCOMPARE(s.tree(1)->props.groupId, kNoGroup);
    QCOMPARE(s.groups.size(), std::size_t(2));
    QCOMPARE(s.groups[0].name, std::string("Group 1"));
    QCOMPARE(s.groups[1].id, 2);
    QCOMPARE(s.groups[1].parent, 1);
    QCOMPARE(s.activeNode, std::optional<NodeId>(3));
    QCOMPARE(s.activeTree, std::optional<TreeId>(3));
    const Node* n = s.node(3);
    QVERIFY(n);
    QCOMPARE(n->position, (Vec3d{199480, 199906, 3593}));
    QCOMPARE(n->radius, 1.0f);
    QCOMPARE(int(n->mag), 1);
    QCOMPARE(int(n->bitDepth), 8);
    QVERIFY(n->interpolation);
    QCOMPARE(n->time, std::int64_t(1644425546725));
    const AnnotationParameters& p = s.parameters;
    QCOMPARE(p.datasetName, std::string("ds_name"));
    QCOMPARE(p.organization, std::string("orga"));
    QCOMPARE(p.voxelSize, std::optional<Vec3d>(Vec3d{4, 4, 35}));
    QCOMPARE(p.voxelUnit, std::string("micrometer"));
    QCOMPARE(p.timeMs, std::int64_t(1644425515615));
    QCOMPARE(p.editPosition, (Vec3d{199480, 199906, 3593}));
    QCOMPARE(p.zoomLevel, 2.0);
    QVERIFY(s.checkInvariants().ok());
    QCOMPARE(QString::fromStdString(roundTripDifference(s)), QString());
  }

  void volumeReferenceFixture() {
    NmlDocument doc = parseOrFail(readFixture("webknossos/nml__testdata_annotations__nml_with_volumes.nml"));
    const Skeleton& s = doc.skeleton;
    QCOMPARE(s.meta.size(), std::size_t(5));
    QCOMPARE(s.meta[0].name, std::string("writer"));
    QCOMPARE(s.meta[0].content, std::string("NmlWriter.scala"));
    QCOMPARE(s.trees().size(), std::size_t(0));
    QCOMPARE(s.volumes.size(), std::size_t(1));
    const VolumeLayerRef& v = s.volumes[0];
    QCOMPARE(v.name, std::string("segmentation"));
    QCOMPARE(v.fallbackLayer, std::string("segmentation"));
    QCOMPARE(v.largestSegmentId, std::optional<std::uint64_t>(2504698));
    QVERIFY(v.location.empty());
    QCOMPARE(v.children.size(), std::size_t(1));
    QCOMPARE(v.children[0].name, std::string("segments"));
    QCOMPARE(v.children[0].children.size(), std::size_t(1));
    const XmlElement& segment = v.children[0].children[0];
    QCOMPARE(segment.name, std::string("segment"));
    QCOMPARE(segment.attributes[1].name, std::string("name"));
    QCOMPARE(segment.attributes[1].value, std::string("test_segment"));
    QCOMPARE(s.parameters.voxelSize->x, 11.239999771118164);
    QCOMPARE(QString::fromStdString(roundTripDifference(s)), QString());
  }

  void serverWrittenNmlFromTape() {
    std::string yaml = readFixture("webknossos/cassette__test_annotation__test_bounding_box_roundtrip.yml");
    std::string text = skein::test::xmlBodyFromCassette(yaml);
    QVERIFY(text.find("<things>") == 0);
    NmlDocument doc = parseOrFail(text);
    const Skeleton& s = doc.skeleton;
    QCOMPARE(s.parameters.datasetId, std::string("59e9cfbdba632ac2ab8b23b5"));
    QCOMPARE(s.parameters.wkUrl, std::string("http://localhost:9000"));
    QCOMPARE(s.parameters.voxelUnit, std::string("nanometer"));
    QCOMPARE(s.userBoundingBoxes.size(), std::size_t(2));
    const UserBoundingBox& b0 = s.userBoundingBoxes[0];
    QCOMPARE(b0.id, 0);
    QCOMPARE(b0.name, std::string("Unnamed Bounding Box"));
    QVERIFY(b0.visible);
    QCOMPARE(b0.color->r, 0.20000000298023224);
    QCOMPARE(b0.box, (Box3i{{1024, 512, 128}, {64, 64, 64}}));
    QCOMPARE(s.userBoundingBoxes[1].name, std::string("task bounding box"));
    QCOMPARE(s.userBoundingBoxes[1].box, (Box3i{{10, 10, 10}, {5, 5, 5}}));
    QCOMPARE(s.trees().size(), std::size_t(1));
    QCOMPARE(s.trees()[0].props.name, std::string("a tree"));
    QCOMPARE(s.trees()[0].props.groupId, 1);
    QCOMPARE(s.comments.size(), std::size_t(1));
    QCOMPARE(s.comments[0].node, 3);
    QCOMPARE(s.comments[0].content, std::string("node 1"));
    QCOMPARE(s.groups.size(), std::size_t(1));
    QCOMPARE(s.groups[0].name, std::string("a group"));
    QCOMPARE(s.node(3)->position, (Vec3d{0, 0, 0}));
    QCOMPARE(QString::fromStdString(roundTripDifference(s)), QString());
  }

  void unknownAttributesAndElementsSurviveARoundTrip() {
    const std::string text = R"(<things>
  <meta name="writer" content="x &amp; y"/>
  <parameters>
    <experiment name="ds" futureAttr="1"/>
    <time ms="5" checksum="abc"/>
    <additionalAxes><additionalAxis name="t" index="0" start="0" end="10"/></additionalAxes>
  </parameters>
  <thing id="7" name="n" color.r="0.5" color.g="0.25" color.b="1.0" color.a="1.0" customProp="hello">
    <nodes>
      <node id="1" x="1.5" y="2" z="3" radius="2.5" additionalCoordinate-t="4"/>
      <node id="2" x="4" y="5" z="6"/>
    </nodes>
    <edges><edge source="1" target="2" weight="0.7"/></edges>
    <metadata>
      <metadataEntry key="s" stringValue="text"/>
      <metadataEntry key="n" numberValue="42.5"/>
      <metadataEntry key="b" boolValue="true"/>
      <metadataEntry key="l" stringListValue-0="a" stringListValue-1="b"/>
    </metadata>
    <futureChild x="1">some text</futureChild>
  </thing>
  <comments><comment node="2" content="line1&#xa;line2 &lt;tag&gt;" author="me"/></comments>
  <branchpoints><branchpoint id="1" time="9" why="fork"/></branchpoints>
  <groups/>
  <futureTopLevel><inner a="b"/></futureTopLevel>
</things>)";
    NmlDocument doc = parseOrFail(text);
    const Skeleton& s = doc.skeleton;
    QCOMPARE(s.meta[0].content, std::string("x & y"));
    QCOMPARE(s.parameters.extraAttributes.size(), std::size_t(2));
    QCOMPARE(s.parameters.extraAttributes[0].first, std::string("experiment"));
    QCOMPARE(s.parameters.extraAttributes[1].second[0].value, std::string("abc"));
    QCOMPARE(s.parameters.extraElements.size(), std::size_t(1));
    const Tree& t = s.trees()[0];
    QCOMPARE(t.props.extraAttributes[0].name, std::string("customProp"));
    QCOMPARE(t.props.metadata.size(), std::size_t(4));
    QCOMPARE(std::get<double>(t.props.metadata[1].value), 42.5);
    QCOMPARE(std::get<bool>(t.props.metadata[2].value), true);
    QCOMPARE(std::get<std::vector<std::string>>(t.props.metadata[3].value).size(), std::size_t(2));
    QCOMPARE(t.props.extraElements.size(), std::size_t(1));
    QCOMPARE(t.props.extraElements[0].text, std::string("some text"));
    QCOMPARE(s.node(1)->position.x, 1.5);  // fractional coordinates are kept
    QCOMPARE(s.node(1)->radius, 2.5f);
    QVERIFY(s.nodeExtraAttributes(1));
    QCOMPARE(s.nodeExtraAttributes(1)->at(0).name, std::string("additionalCoordinate-t"));
    QVERIFY(s.edgeExtraAttributes(Edge{1, 2}));
    QCOMPARE(s.comments[0].content, std::string("line1\nline2 <tag>"));
    QCOMPARE(s.comments[0].extraAttributes[0].value, std::string("me"));
    QCOMPARE(s.branchPoints[0].time, std::int64_t(9));
    QCOMPARE(s.extraElements.size(), std::size_t(1));
    QCOMPARE(s.extraElements[0].children[0].name, std::string("inner"));
    QCOMPARE(QString::fromStdString(roundTripDifference(s)), QString());
    // Writing all node attributes gives the same model too.
    NmlWriteOptions verbose;
    verbose.writeDefaultNodeAttributes = true;
    QCOMPARE(QString::fromStdString(roundTripDifference(s, verbose)), QString());
  }

  void knossosFileIsShiftedToZeroBased() {
    // As KNOSSOS writes it (skeletonizer.cpp): 1-based, name in thing@comment, default colour -1.
    const std::string text = R"(<?xml version="1.0" encoding="UTF-8"?>
<things>
 <parameters>
  <experiment name="2012-09-28_ex145_07x2"/>
  <lastsavedin version="5.1"/>
  <createdin version="4.1.2"/>
  <guiMode mode="none"/>
  <dataset path="" overlay="0"/>
  <MovementArea min.x="0" min.y="0" min.z="0" size.x="5000" size.y="5000" size.z="3000" max.x="5000" max.y="5000" max.z="3000"/>
  <scale x="10" y="10" z="25"/>
  <RadiusLocking enableCommentLocking="0" lockingRadius="100" lockToNodesWithComment="seed"/>
  <time ms="123456" checksum="f00d"/>
  <activeNode id="2"/>
  <segmentation backgroundId="0"/>
  <editPosition x="101" y="201" z="301"/>
  <skeletonVPState E0="1" E1="0" translateX="0" translateY="0"/>
  <vpSettingsZoom XYPlane="1" XZPlane="1" YZPlane="1" SkelVP="0"/>
  <idleTime ms="5"/>
 </parameters>
 <thing id="1" visible="1" color.r="-1." color.g="-1." color.b="-1." color.a="1." comment="axon">
  <nodes>
   <node id="1" radius="1.5" x="11" y="21" z="31" inVp="0" inMag="1" time="100"/>
   <node id="2" radius="1.5" x="12" y="22" z="32" inVp="1" inMag="1" time="200"/>
  </nodes>
  <edges>
   <edge source="1" target="2"/>
  </edges>
 </thing>
 <thing id="2" visible="0" colorr="0.5" colorg="0.5" colorb="0.5" colora="1" comment="dendrite">
  <nodes>
   <node id="3" radius="1" x="1" y="1" z="1" inVp="2" inMag="2" time="300"/>
  </nodes>
  <edges/>
 </thing>
 <comments>
  <comment node="1" content="soma"/>
 </comments>
 <branchpoints>
  <branchpoint id="1"/>
 </branchpoints>
</things>
)";
    NmlDocument doc = parseOrFail(text);
    const Skeleton& s = doc.skeleton;
    QCOMPARE(doc.flavor, NmlFlavor::Knossos);
    QVERIFY(doc.coordinatesShifted);
    QCOMPARE(s.node(1)->position, (Vec3d{10, 20, 30}));
    QCOMPARE(s.node(3)->position, (Vec3d{0, 0, 0}));
    QCOMPARE(s.parameters.editPosition, (Vec3d{100, 200, 300}));
    QCOMPARE(s.tree(1)->props.name, std::string("axon"));
    QVERIFY(!s.tree(1)->props.color.has_value());  // -1 = the default colour
    QVERIFY(s.tree(1)->props.visible);
    QCOMPARE(s.tree(2)->props.name, std::string("dendrite"));
    QVERIFY(!s.tree(2)->props.visible);
    QCOMPARE(s.tree(2)->props.color->g, 0.5);  // old colour spelling
    QCOMPARE(s.comments[0].content, std::string("soma"));
    QCOMPARE(s.branchPoints.size(), std::size_t(1));
    QCOMPARE(s.activeNode, std::optional<NodeId>(2));
    QCOMPARE(s.parameters.timeMs, std::int64_t(123456));
    // KNOSSOS parameter elements are kept verbatim.
    QVERIFY(s.parameters.extraElements.size() >= 9);
    QCOMPARE(s.parameters.extraElements[0].name, std::string("lastsavedin"));

    // Written back as KNOSSOS: 1-based again; read back: the same model.
    NmlWriteOptions knossos;
    knossos.flavor = NmlFlavor::Knossos;
    std::string written = writeNml(s, knossos);
    QVERIFY(written.find("x=\"11\" y=\"21\" z=\"31\"") != std::string::npos);
    QVERIFY(written.find("comment=\"axon\"") != std::string::npos);
    QVERIFY(written.find("color.r=\"-1.\"") != std::string::npos);
    QVERIFY(written.find("comments") < written.find("branchpoints"));
    QCOMPARE(QString::fromStdString(roundTripDifference(s, knossos)), QString());
    // Written as webKnossos: 0-based, and still the same model.
    QCOMPARE(QString::fromStdString(roundTripDifference(s)), QString());
  }

  void knossosZeroBasedFlagMeansNoShift() {
    const std::string text = R"(<things><parameters><experiment name="e"/><nodes_0_based/>
      <editPosition x="5" y="5" z="5"/></parameters>
      <thing id="1" comment="t"><nodes><node id="1" x="0" y="1" z="2"/></nodes><edges/></thing></things>)";
    NmlDocument doc = parseOrFail(text);
    QCOMPARE(doc.flavor, NmlFlavor::Knossos);
    QVERIFY(!doc.coordinatesShifted);
    QCOMPARE(doc.skeleton.node(1)->position, (Vec3d{0, 1, 2}));
    QCOMPARE(doc.skeleton.parameters.editPosition, (Vec3d{5, 5, 5}));
    QCOMPARE(doc.skeleton.tree(1)->props.name, std::string("t"));
  }

  void knossosOutputOfAWebKnossosTree() {
    // name and a (then unknown) comment attribute: KNOSSOS output must not repeat "comment".
    NmlDocument doc = parseOrFail(R"(<things><thing id="1" name="a" comment="b"><nodes>
      <node id="1" x="0" y="0" z="0" rotX="10"/></nodes></thing></things>)");
    NmlWriteOptions knossos;
    knossos.flavor = NmlFlavor::Knossos;
    auto again = readNml(writeNml(doc.skeleton, knossos));
    QVERIFY2(again.ok(), again.ok() ? "" : again.error().message.c_str());
    QCOMPARE(again->flavor, NmlFlavor::Knossos);
    QCOMPARE(again->skeleton.tree(1)->props.name, std::string("a"));
    QCOMPARE(again->skeleton.node(1)->position, (Vec3d{0, 0, 0}));
    QCOMPARE(again->skeleton.node(1)->rotation[0], 0.0f);  // KNOSSOS has no node rotation
  }

  void flavorCanBeForced() {
    const std::string text = R"(<things><thing id="1"><nodes><node id="1" x="10" y="10" z="10"/></nodes></thing></things>)";
    NmlReadOptions knossos;
    knossos.flavor = NmlFlavor::Knossos;
    QCOMPARE(parseOrFail(text, knossos).skeleton.node(1)->position, (Vec3d{9, 9, 9}));
    QCOMPARE(parseOrFail(text).skeleton.node(1)->position, (Vec3d{10, 10, 10}));
  }

  void readersAcceptAnyElementOrder() {
    // Comments, branch points and groups before the trees; edges before nodes.
    const std::string text = R"(<things>
      <comments><comment node="2" content="c"/></comments>
      <branchpoints><branchpoint id="1"/></branchpoints>
      <groups><group id="4" name="g"/></groups>
      <thing id="1" groupId="4"><edges><edge source="1" target="2"/></edges>
        <nodes><node id="1" x="0" y="0" z="0"/><node id="2" x="1" y="0" z="0"/></nodes></thing>
      <parameters><activeNode id="2"/></parameters>
    </things>)";
    NmlDocument doc = parseOrFail(text);
    QCOMPARE(doc.skeleton.edgeCount(), std::size_t(1));
    QCOMPARE(doc.skeleton.activeNode, std::optional<NodeId>(2));
    QCOMPARE(doc.skeleton.tree(1)->props.groupId, 4);
    QVERIFY(doc.skeleton.checkInvariants().ok());
  }

  void largeFilesParseTheSameInParallel() {
    Skeleton s;
    s.suspendSpatialIndex();
    s.groups.push_back({1, "g", kNoGroup, true, {}});
    NodeId next = 1;
    for (TreeId t = 1; t <= 400; ++t) {
      TreeProperties props;
      props.name = "tree " + std::to_string(t);
      props.groupId = t % 2 ? 1 : kNoGroup;
      QVERIFY(s.addTree(t, props).ok());
      std::vector<Edge> edges;
      for (int i = 0; i < 250; ++i, ++next) {
        Node n;
        n.id = next;
        n.treeId = t;
        n.position = {double(t * 10 + i), double(i % 17), double(i % 5) + 0.5};
        n.time = 1000 + next;
        QVERIFY(s.addNode(n).ok());
        if (i > 0) edges.push_back({next - 1, next});
        if (i % 40 == 0) s.comments.push_back({next, "comment " + std::to_string(next), {}});
      }
      s.adoptTreeEdges(t, std::move(edges));
    }
    s.branchPoints.push_back({5, 77, {}});
    s.rebuildSpatialIndex();
    std::string text = writeNml(s);
    QVERIFY(text.size() > (8u << 20));  // above the parallel threshold
    NmlReadOptions sequential;
    sequential.allowParallel = false;
    NmlDocument a = parseOrFail(text);
    NmlDocument b = parseOrFail(text, sequential);
    QCOMPARE(QString::fromStdString(describeDifference(a.skeleton, b.skeleton)), QString());
    QCOMPARE(QString::fromStdString(describeDifference(a.skeleton, s)), QString());
    // A split point inside an XML comment must be detected (and fall back to one thread).
    std::size_t middle = text.find("<thing", text.size() / 2);
    std::string tricky = text.substr(0, middle) + "<!-- " + text.substr(middle, 40) + " -->\n  " + text.substr(middle);
    NmlDocument c = parseOrFail(tricky);
    QCOMPARE(QString::fromStdString(describeDifference(c.skeleton, s)), QString());
  }
};

QTEST_GUILESS_MAIN(TestNmlFixtures)
#include "tst_nml_fixtures.moc"
