// The synthetic EM generator: deterministic, box-independent, EM-like statistics, consistent mags.
#include <QTest>

#include <cmath>
#include <numeric>
#include <set>
#include <vector>

#include "core/sample/EmVolume.h"

using namespace skein;
using namespace skein::sample;

namespace {

struct Volume {
  std::vector<std::uint8_t> color;
  std::vector<std::uint32_t> seg;
};

Volume generate(const EmVolume& v, const Box3i& box) {
  Volume out;
  out.color.resize(static_cast<std::size_t>(box.volume()));
  out.seg.resize(static_cast<std::size_t>(box.volume()));
  v.fill(box, out.color.data(), out.seg.data());
  return out;
}

}  // namespace

class TestEmVolume : public QObject {
  Q_OBJECT

 private slots:
  void sameSeedSameBytes() {
    const Box3i box{{10, 20, 30}, {48, 40, 32}};
    const Volume a = generate(EmVolume({7, {256, 256, 256}, 40}), box);
    const Volume b = generate(EmVolume({7, {256, 256, 256}, 40}), box);
    QVERIFY(a.color == b.color);
    QVERIFY(a.seg == b.seg);
  }

  void differentSeedDifferentBytes() {
    const Box3i box{{0, 0, 0}, {64, 64, 64}};
    const Volume a = generate(EmVolume({1, {256, 256, 256}, 40}), box);
    const Volume b = generate(EmVolume({2, {256, 256, 256}, 40}), box);
    std::size_t differ = 0, segDiffer = 0;
    for (std::size_t i = 0; i < a.color.size(); ++i) {
      differ += a.color[i] != b.color[i];
      segDiffer += a.seg[i] != b.seg[i];
    }
    QVERIFY(differ > a.color.size() / 2);
    QVERIFY(segDiffer > a.seg.size() / 10);
  }

  void anyBoxGivesTheSameVoxels() {
    const EmVolume v({3, {128, 128, 128}, 40});
    const Box3i whole{{0, 0, 0}, {40, 36, 20}};
    const Volume all = generate(v, whole);
    // Odd split, not aligned to the generator's internal blocks.
    const Box3i part{{13, 5, 7}, {17, 21, 9}};
    const Volume p = generate(v, part);
    for (std::int64_t z = 0; z < part.size.z; ++z)
      for (std::int64_t y = 0; y < part.size.y; ++y)
        for (std::int64_t x = 0; x < part.size.x; ++x) {
          const std::size_t i = static_cast<std::size_t>((z * part.size.y + y) * part.size.x + x);
          const std::size_t j = static_cast<std::size_t>(((z + 7) * whole.size.y + (y + 5)) * whole.size.x + (x + 13));
          QCOMPARE(p.color[i], all.color[j]);
          QCOMPARE(p.seg[i], all.seg[j]);
        }
  }

  void looksLikeEm() {
    const EmVolume v({1, {128, 128, 128}, 40});
    const Box3i box{{0, 0, 0}, {128, 128, 128}};
    const Volume vol = generate(v, box);

    const std::set<std::uint32_t> ids(vol.seg.begin(), vol.seg.end());
    qInfo("distinct segment ids in 128^3: %zu (largest id %u)", ids.size(), v.largestSegmentId());
    QVERIFY(ids.size() >= 20);
    QVERIFY(*ids.rbegin() <= v.largestSegmentId());
    QVERIFY(!ids.count(0));

    // Membrane fraction and intensities, sampled on a 2-voxel lattice.
    std::size_t membrane = 0, organelle = 0, samples = 0;
    double membraneSum = 0, interiorSum = 0, organelleSum = 0;
    std::size_t interior = 0;
    for (std::int64_t z = 0; z < 128; z += 2)
      for (std::int64_t y = 0; y < 128; y += 2)
        for (std::int64_t x = 0; x < 128; x += 2) {
          const VoxelInfo info = v.inspect({x, y, z});
          const std::size_t i = static_cast<std::size_t>((z * 128 + y) * 128 + x);
          QCOMPARE(info.cellId, vol.seg[i]);  // membrane voxels belong to the nearest cell
          ++samples;
          if (info.membraneDistance < EmVolume::kMembraneHalfWidth) {
            ++membrane;
            membraneSum += vol.color[i];
          } else if (info.inOrganelle) {
            ++organelle;
            organelleSum += vol.color[i];
          } else if (info.membraneDistance > 4) {
            ++interior;
            interiorSum += vol.color[i];
          }
        }
    const double membraneFraction = double(membrane) / double(samples);
    qInfo("membrane fraction %.3f, organelle fraction %.3f", membraneFraction, double(organelle) / double(samples));
    QVERIFY(membraneFraction >= 0.05 && membraneFraction <= 0.25);
    QVERIFY(organelle > 0);
    const double membraneMean = membraneSum / double(membrane), interiorMean = interiorSum / double(interior),
                 organelleMean = organelleSum / double(organelle);
    qInfo("mean gray: membrane %.1f, organelle %.1f, cytoplasm %.1f", membraneMean, organelleMean, interiorMean);
    QVERIFY(membraneMean < interiorMean - 50);
    QVERIFY(organelleMean < interiorMean - 25);
    QVERIFY(membraneMean < organelleMean);

    // Not a constant image: a wide histogram with noise and smooth variation.
    std::vector<std::size_t> hist(256, 0);
    for (std::uint8_t c : vol.color) ++hist[c];
    const auto used = std::count_if(hist.begin(), hist.end(), [](std::size_t n) { return n > 0; });
    const double mean = std::accumulate(vol.color.begin(), vol.color.end(), 0.0) / double(vol.color.size());
    double var = 0;
    for (std::uint8_t c : vol.color) var += (c - mean) * (c - mean);
    const double sd = std::sqrt(var / double(vol.color.size()));
    qInfo("color: %ld distinct values, mean %.1f, sd %.1f", long(used), mean, sd);
    QVERIFY(used >= 100);
    QVERIFY(sd > 15);
    QVERIFY(mean > 90 && mean < 180);
  }

  void magsAreConsistent() {
    const EmVolume v({5, {128, 128, 128}, 40});
    const Volume fine = generate(v, {{32, 64, 16}, {32, 32, 32}});
    std::vector<std::uint8_t> c2(16 * 16 * 16);
    std::vector<std::uint32_t> s2(16 * 16 * 16);
    v.fillMag({{16, 32, 8}, {16, 16, 16}}, 1, c2.data(), s2.data());
    for (int z = 0; z < 16; ++z)
      for (int y = 0; y < 16; ++y)
        for (int x = 0; x < 16; ++x) {
          unsigned sum = 0;
          for (int dz = 0; dz < 2; ++dz)
            for (int dy = 0; dy < 2; ++dy)
              for (int dx = 0; dx < 2; ++dx) sum += fine.color[((2 * z + dz) * 32 + (2 * y + dy)) * 32 + 2 * x + dx];
          const std::size_t i = static_cast<std::size_t>((z * 16 + y) * 16 + x);
          QCOMPARE(unsigned(c2[i]), (sum + 4) / 8);  // rounded mean of the 2×2×2 block
          QCOMPARE(s2[i], fine.seg[((2 * z) * 32 + 2 * y) * 32 + 2 * x]);  // first voxel
        }
    // Mag 4 is close to the mean of the 4×4×4 block (two rounding steps).
    std::vector<std::uint8_t> c4(8 * 8 * 8);
    v.fillMag({{8, 16, 4}, {8, 8, 8}}, 2, c4.data(), nullptr);
    for (int z = 0; z < 8; ++z)
      for (int y = 0; y < 8; ++y)
        for (int x = 0; x < 8; ++x) {
          double sum = 0;
          for (int dz = 0; dz < 4; ++dz)
            for (int dy = 0; dy < 4; ++dy)
              for (int dx = 0; dx < 4; ++dx) sum += fine.color[((4 * z + dz) * 32 + (4 * y + dy)) * 32 + 4 * x + dx];
          QVERIFY(std::fabs(c4[static_cast<std::size_t>((z * 8 + y) * 8 + x)] - sum / 64.0) <= 1.0);
        }
  }

  void downsamplers() {
    const std::uint8_t in[8] = {0, 1, 2, 3, 4, 5, 6, 7};
    std::uint8_t out = 0;
    downsampleMean2(in, {2, 2, 2}, &out);
    QCOMPARE(int(out), 4);  // 28 / 8 = 3.5 rounds up
    const std::uint32_t ids[8] = {9, 1, 1, 1, 1, 1, 1, 1};
    std::uint32_t id = 0;
    downsampleFirst2(ids, {2, 2, 2}, &id);
    QCOMPARE(id, 9u);
  }
};

QTEST_GUILESS_MAIN(TestEmVolume)
#include "tst_emvolume.moc"
