#include "core/sample/EmVolume.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

namespace skein::sample {

namespace {

constexpr int kSubBlock = 8;         // voxels per side of the unit that shares one candidate list
constexpr int kLattice = 48;         // spacing of the low-frequency intensity lattice (multiple of 8)
constexpr int kMaxOrganelles = 2;
constexpr float kInterior = 150.f;   // mean gray value of cytoplasm
constexpr float kMembrane = 40.f;    // gray value at the centre of a membrane
constexpr float kNoiseSigma = 6.f;

inline std::uint64_t mix64(std::uint64_t z) {
  z += 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

inline std::uint64_t hash4(std::uint64_t seed, std::int64_t x, std::int64_t y, std::int64_t z, std::uint64_t salt) {
  std::uint64_t h = mix64(seed ^ (salt * 0xd6e8feb86659fd93ULL));
  h = mix64(h ^ static_cast<std::uint64_t>(x) * 0x9e3779b97f4a7c15ULL);
  h = mix64(h ^ static_cast<std::uint64_t>(y) * 0xc2b2ae3d27d4eb4fULL);
  return mix64(h ^ static_cast<std::uint64_t>(z) * 0x165667b19e3779f9ULL);
}

// Uniform in [0, 1) from 24 bits of a hash.
inline float unit(std::uint64_t h, int part = 0) {
  return static_cast<float>((h >> (part * 24)) & 0xFFFFFF) / 16777216.f;
}

inline float smooth(float t) { return t * t * (3.f - 2.f * t); }

enum Salt : std::uint64_t { kSeedSalt = 1, kToneSalt = 2, kOrganelleSalt = 3, kLatticeSalt = 4, kNoiseSalt = 5 };

struct Organelle {
  float cx, cy, cz;  // centre
  float ux, uy, uz;  // unit long axis
  float invA2, invB2;
};

}  // namespace

struct EmVolume::Seed {
  float x = 0, y = 0, z = 0;
  std::uint32_t id = 0;
  float tone = 0;
  int organelles = 0;
  std::array<Organelle, kMaxOrganelles> organelle{};
};

EmVolume::EmVolume(const EmVolumeParams& params) : params_(params) {
  if (params_.cellSpacing < kSubBlock) params_.cellSpacing = kSubBlock;
  params_.cellSpacing -= params_.cellSpacing % kSubBlock;  // sub-blocks never straddle grid cells
  const std::int64_t g = params_.cellSpacing;
  grid_ = {std::max<std::int64_t>(1, ceilDiv(params_.size.x, g)), std::max<std::int64_t>(1, ceilDiv(params_.size.y, g)),
           std::max<std::int64_t>(1, ceilDiv(params_.size.z, g))};
}

std::uint32_t EmVolume::largestSegmentId() const { return static_cast<std::uint32_t>(grid_.product()); }

void EmVolume::gridCellOf(const Vec3i& p, Vec3i& cell) const {
  for (int a = 0; a < 3; ++a)
    cell[a] = std::clamp<std::int64_t>(floorDiv(p[a], params_.cellSpacing), 0, grid_[a] - 1);
}

EmVolume::Seed EmVolume::seedAt(const Vec3i& c) const {
  const float g = static_cast<float>(params_.cellSpacing);
  const std::uint64_t h = hash4(params_.seed, c.x, c.y, c.z, kSeedSalt);
  const std::uint64_t h2 = hash4(params_.seed, c.x, c.y, c.z, kToneSalt);
  Seed s;
  // Jitter within the central 80% of the cell keeps the 27-neighbourhood search accurate.
  s.x = (static_cast<float>(c.x) + 0.1f + 0.8f * unit(h, 0)) * g;
  s.y = (static_cast<float>(c.y) + 0.1f + 0.8f * unit(h, 1)) * g;
  s.z = (static_cast<float>(c.z) + 0.1f + 0.8f * unit(h2, 1)) * g;
  s.id = static_cast<std::uint32_t>(1 + c.x + grid_.x * (c.y + grid_.y * c.z));
  s.tone = (unit(h2, 0) - 0.5f) * 24.f;
  const std::uint64_t ho = hash4(params_.seed, c.x, c.y, c.z, kOrganelleSalt);
  const float p = unit(ho, 0);
  s.organelles = p < 0.25f ? 0 : (p < 0.6f ? 1 : 2);
  for (int i = 0; i < s.organelles; ++i) {
    const std::uint64_t hi = hash4(params_.seed, c.x, c.y, c.z, kOrganelleSalt + 16 * (i + 1));
    const std::uint64_t hj = mix64(hi);
    Organelle& o = s.organelle[static_cast<std::size_t>(i)];
    o.cx = s.x + (unit(hi, 0) - 0.5f) * 0.3f * g;
    o.cy = s.y + (unit(hi, 1) - 0.5f) * 0.3f * g;
    o.cz = s.z + (unit(hj, 0) - 0.5f) * 0.3f * g;
    // Random direction: normalise a vector of three centred uniforms (fine for looks).
    float ux = unit(hj, 1) - 0.5f, uy = unit(mix64(hj), 0) - 0.5f, uz = unit(mix64(hj), 1) - 0.5f;
    const float n = std::sqrt(ux * ux + uy * uy + uz * uz) + 1e-6f;
    o.ux = ux / n, o.uy = uy / n, o.uz = uz / n;
    const float a = 0.25f * g + 0.15f * g * unit(mix64(hi), 0);  // half length
    const float b = 0.11f * g + 0.06f * g * unit(mix64(hi), 1);  // half width
    o.invA2 = 1.f / (a * a);
    o.invB2 = 1.f / (b * b);
  }
  return s;
}

namespace {

// Smallest and largest squared distance from a point to an axis-aligned box of voxel centres.
inline void boxDistances(float px, float py, float pz, const Box3i& b, float& minD2, float& maxD2) {
  auto axis = [](float p, std::int64_t lo, std::int64_t hi, float& mn, float& mx) {
    const float l = static_cast<float>(lo), h = static_cast<float>(hi);
    const float d = p < l ? l - p : (p > h ? p - h : 0.f);
    mn = d * d;
    const float far = std::max(std::fabs(p - l), std::fabs(p - h));
    mx = far * far;
  };
  float a0, a1, b0, b1, c0, c1;
  axis(px, b.min.x, b.max().x - 1, a0, a1);
  axis(py, b.min.y, b.max().y - 1, b0, b1);
  axis(pz, b.min.z, b.max().z - 1, c0, c1);
  minD2 = a0 + b0 + c0;
  maxD2 = a1 + b1 + c1;
}

inline float organelleDepth(const Organelle& o, float x, float y, float z) {
  const float dx = x - o.cx, dy = y - o.cy, dz = z - o.cz;
  const float t = dx * o.ux + dy * o.uy + dz * o.uz;
  const float r2 = dx * dx + dy * dy + dz * dz - t * t;
  return t * t * o.invA2 + r2 * o.invB2;  // < 1 inside
}

}  // namespace

// The seeds of a range of grid cells, computed once per fill() call.
struct EmVolume::SeedTable {
  Vec3i first, count;
  std::vector<Seed> seeds;
  const Seed* at(const Vec3i& c) const {
    return &seeds[static_cast<std::size_t>((c.x - first.x) + count.x * ((c.y - first.y) + count.y * (c.z - first.z)))];
  }
};

EmVolume::SeedTable EmVolume::seedTable(const Box3i& box) const {
  Vec3i lo, hi;
  gridCellOf(box.min, lo);
  gridCellOf(box.max() - Vec3i{1, 1, 1}, hi);
  SeedTable t;
  for (int a = 0; a < 3; ++a) {
    t.first[a] = std::max<std::int64_t>(0, lo[a] - 1);
    t.count[a] = std::min<std::int64_t>(grid_[a] - 1, hi[a] + 1) - t.first[a] + 1;
  }
  t.seeds.reserve(static_cast<std::size_t>(t.count.product()));
  for (std::int64_t z = 0; z < t.count.z; ++z)
    for (std::int64_t y = 0; y < t.count.y; ++y)
      for (std::int64_t x = 0; x < t.count.x; ++x) t.seeds.push_back(seedAt(t.first + Vec3i{x, y, z}));
  return t;
}

// Generates one sub-block (inside one seed-grid cell and one lattice cell) into the box buffers.
void EmVolume::fillBlock(const SeedTable& table, const Box3i& sub, const Box3i& box, std::uint8_t* color,
                         std::uint32_t* segmentation) const {
  Vec3i cell;
  gridCellOf(sub.min, cell);
  std::array<const Seed*, 27> cand;
  int n = 0;
  for (std::int64_t dz = -1; dz <= 1; ++dz)
    for (std::int64_t dy = -1; dy <= 1; ++dy)
      for (std::int64_t dx = -1; dx <= 1; ++dx) {
        const Vec3i c{cell.x + dx, cell.y + dy, cell.z + dz};
        if (c.x < 0 || c.y < 0 || c.z < 0 || c.x >= grid_.x || c.y >= grid_.y || c.z >= grid_.z) continue;
        cand[static_cast<std::size_t>(n++)] = table.at(c);
      }
  // Keep only seeds that can be the nearest or second-nearest somewhere in the sub-block.
  std::array<float, 27> minD2{}, maxD2{};
  for (int i = 0; i < n; ++i) boxDistances(cand[i]->x, cand[i]->y, cand[i]->z, sub, minD2[i], maxD2[i]);
  float best = 1e30f, second = 1e30f;
  for (int i = 0; i < n; ++i) {
    if (maxD2[i] < best) second = best, best = maxD2[i];
    else if (maxD2[i] < second) second = maxD2[i];
  }
  const float limit = n >= 2 ? second : best;
  std::array<const Seed*, 27> keep;
  std::array<float, 27> kx, ky, kz;
  int k = 0;
  for (int i = 0; i < n; ++i)
    if (minD2[i] <= limit) {
      keep[static_cast<std::size_t>(k)] = cand[static_cast<std::size_t>(i)];
      kx[k] = cand[i]->x, ky[k] = cand[i]->y, kz[k] = cand[i]->z;
      ++k;
    }
  std::array<float, 27 * 27> invPair{};  // 1 / (2 |s_i - s_j|)
  for (int i = 0; i < k; ++i)
    for (int j = 0; j < k; ++j) {
      const float dx = kx[i] - kx[j], dy = ky[i] - ky[j], dz = kz[i] - kz[j];
      const float d = std::sqrt(dx * dx + dy * dy + dz * dz);
      invPair[static_cast<std::size_t>(i * 27 + j)] = d > 0 ? 0.5f / d : 0.f;
    }

  // Low-frequency lattice corners for trilinear interpolation.
  const Vec3i lc{floorDiv(sub.min.x, kLattice), floorDiv(sub.min.y, kLattice), floorDiv(sub.min.z, kLattice)};
  float corner[2][2][2];
  for (int a = 0; a < 2; ++a)
    for (int b = 0; b < 2; ++b)
      for (int c = 0; c < 2; ++c)
        corner[a][b][c] = unit(hash4(params_.seed, lc.x + c, lc.y + b, lc.z + a, kLatticeSalt)) * 2.f - 1.f;

  const std::int64_t w = box.size.x, h = box.size.y;
  for (std::int64_t z = sub.min.z; z < sub.max().z; ++z) {
    const float fz = smooth(static_cast<float>(z - lc.z * kLattice) / kLattice);
    for (std::int64_t y = sub.min.y; y < sub.max().y; ++y) {
      const float fy = smooth(static_cast<float>(y - lc.y * kLattice) / kLattice);
      const float c0 = corner[0][0][0] + (corner[0][1][0] - corner[0][0][0]) * fy;
      const float c1 = corner[0][0][1] + (corner[0][1][1] - corner[0][0][1]) * fy;
      const float c2 = corner[1][0][0] + (corner[1][1][0] - corner[1][0][0]) * fy;
      const float c3 = corner[1][0][1] + (corner[1][1][1] - corner[1][0][1]) * fy;
      const float e0 = c0 + (c2 - c0) * fz, e1 = c1 + (c3 - c1) * fz;
      const std::int64_t row = ((z - box.min.z) * h + (y - box.min.y)) * w - box.min.x;
      const float pz = static_cast<float>(z), py = static_cast<float>(y);
      const std::uint64_t rowNoise = hash4(params_.seed, 0, y, z, kNoiseSalt);
      for (std::int64_t x = sub.min.x; x < sub.max().x; ++x) {
        const float px = static_cast<float>(x);
        float d1 = 1e30f, d2 = 1e30f;
        int i1 = 0, i2 = 0;
        for (int i = 0; i < k; ++i) {
          const float dx = px - kx[i], dy = py - ky[i], dz = pz - kz[i];
          const float d = dx * dx + dy * dy + dz * dz;
          if (d < d1) d2 = d1, i2 = i1, d1 = d, i1 = i;
          else if (d < d2) d2 = d, i2 = i;
        }
        const Seed& s = *keep[static_cast<std::size_t>(i1)];
        if (segmentation) segmentation[row + x] = s.id;
        if (!color) continue;
        const float fx = smooth(static_cast<float>(x - lc.x * kLattice) / kLattice);
        float v = kInterior + s.tone + 22.f * (e0 + (e1 - e0) * fx);
        for (int o = 0; o < s.organelles; ++o) {
          const float q = organelleDepth(s.organelle[static_cast<std::size_t>(o)], px, py, pz);
          if (q < 1.f) {
            v = v * 0.62f - (q > 0.55f ? 22.f : 0.f);  // dark matrix, darker envelope
            break;
          }
        }
        if (k >= 2) {
          const float dm = (d2 - d1) * invPair[static_cast<std::size_t>(i1 * 27 + i2)];
          const float t = dm * (1.f / kMembraneHalfWidth);
          if (t < 2.2f) {
            // (1 - t²/4.84)³ ≈ exp(-1.4 t²) near the centre, exactly 0 at t = 2.2.
            const float u = 1.f - t * t * (1.f / 4.84f);
            v = v + (kMembrane - v) * (u * u * u);
          }
        }
        const std::uint64_t hn = mix64(rowNoise + static_cast<std::uint64_t>(x) * 0x9e3779b97f4a7c15ULL);
        const float g = static_cast<float>((hn & 0xFF) + ((hn >> 8) & 0xFF) + ((hn >> 16) & 0xFF) +
                                           ((hn >> 24) & 0xFF)) - 510.f;  // sigma ≈ 147.8
        v += g * (kNoiseSigma / 147.8f);
        color[row + x] = static_cast<std::uint8_t>(std::clamp(v + 0.5f, 0.f, 255.f));
      }
    }
  }
}

void EmVolume::fill(const Box3i& box, std::uint8_t* color, std::uint32_t* segmentation) const {
  if (box.empty() || (!color && !segmentation)) return;
  const SeedTable table = seedTable(box);
  const std::int64_t s = kSubBlock;
  for (std::int64_t bz = floorDiv(box.min.z, s); bz * s < box.max().z; ++bz)
    for (std::int64_t by = floorDiv(box.min.y, s); by * s < box.max().y; ++by)
      for (std::int64_t bx = floorDiv(box.min.x, s); bx * s < box.max().x; ++bx) {
        const Box3i sub = Box3i{{bx * s, by * s, bz * s}, {s, s, s}}.intersect(box);
        if (!sub.empty()) fillBlock(table, sub, box, color, segmentation);
      }
}

void EmVolume::fillMag(const Box3i& box, int level, std::uint8_t* color, std::uint32_t* segmentation) const {
  if (level <= 0) return fill(box, color, segmentation);
  if (box.empty()) return;
  const std::int64_t m = std::int64_t{1} << level;
  // One output z-slice at a time keeps the mag-1 scratch at m × (h·m) × (w·m) voxels.
  const Vec3i fine{box.size.x * m, box.size.y * m, m};
  std::vector<std::uint8_t> c0(color ? static_cast<std::size_t>(fine.product()) : 0), c1;
  std::vector<std::uint32_t> s0(segmentation ? static_cast<std::size_t>(fine.product()) : 0), s1;
  const std::int64_t slice = box.size.x * box.size.y;
  for (std::int64_t z = 0; z < box.size.z; ++z) {
    const Box3i src{{box.min.x * m, box.min.y * m, (box.min.z + z) * m}, fine};
    fill(src, color ? c0.data() : nullptr, segmentation ? s0.data() : nullptr);
    Vec3i size = fine;
    for (int l = 0; l < level; ++l) {
      const Vec3i half{size.x / 2, size.y / 2, size.z / 2};
      if (color) {
        c1.resize(static_cast<std::size_t>(half.product()));
        downsampleMean2(c0.data(), size, c1.data());
        std::swap(c0, c1);
      }
      if (segmentation) {
        s1.resize(static_cast<std::size_t>(half.product()));
        downsampleFirst2(s0.data(), size, s1.data());
        std::swap(s0, s1);
      }
      size = half;
    }
    if (color) std::copy_n(c0.data(), slice, color + z * slice);
    if (segmentation) std::copy_n(s0.data(), slice, segmentation + z * slice);
    if (color) c0.resize(static_cast<std::size_t>(fine.product()));
    if (segmentation) s0.resize(static_cast<std::size_t>(fine.product()));
  }
}

VoxelInfo EmVolume::inspect(const Vec3i& p) const {
  Vec3i cell;
  gridCellOf(p, cell);
  VoxelInfo info;
  float d1 = 1e30f, d2 = 1e30f;
  Seed s1, s2;
  for (std::int64_t dz = -1; dz <= 1; ++dz)
    for (std::int64_t dy = -1; dy <= 1; ++dy)
      for (std::int64_t dx = -1; dx <= 1; ++dx) {
        const Vec3i c{cell.x + dx, cell.y + dy, cell.z + dz};
        if (c.x < 0 || c.y < 0 || c.z < 0 || c.x >= grid_.x || c.y >= grid_.y || c.z >= grid_.z) continue;
        const Seed s = seedAt(c);
        const float ex = static_cast<float>(p.x) - s.x, ey = static_cast<float>(p.y) - s.y,
                    ez = static_cast<float>(p.z) - s.z;
        const float d = ex * ex + ey * ey + ez * ez;
        if (d < d1) d2 = d1, s2 = s1, d1 = d, s1 = s;
        else if (d < d2) d2 = d, s2 = s;
      }
  info.cellId = s1.id;
  if (d2 < 1e29f) {
    const float dx = s1.x - s2.x, dy = s1.y - s2.y, dz = s1.z - s2.z;
    info.membraneDistance = (d2 - d1) / (2.f * std::sqrt(dx * dx + dy * dy + dz * dz));
  }
  for (int o = 0; o < s1.organelles; ++o)
    if (organelleDepth(s1.organelle[static_cast<std::size_t>(o)], static_cast<float>(p.x), static_cast<float>(p.y),
                       static_cast<float>(p.z)) < 1.f)
      info.inOrganelle = true;
  return info;
}

void downsampleMean2(const std::uint8_t* in, const Vec3i& inSize, std::uint8_t* out) {
  const std::int64_t w = inSize.x, h = inSize.y;
  const std::int64_t ow = w / 2, oh = h / 2, od = inSize.z / 2;
  for (std::int64_t z = 0; z < od; ++z)
    for (std::int64_t y = 0; y < oh; ++y) {
      const std::uint8_t* r0 = in + ((2 * z) * h + 2 * y) * w;
      const std::uint8_t* r1 = r0 + w;
      const std::uint8_t* r2 = r0 + w * h;
      const std::uint8_t* r3 = r2 + w;
      std::uint8_t* o = out + (z * oh + y) * ow;
      for (std::int64_t x = 0; x < ow; ++x) {
        const std::int64_t i = 2 * x;
        const unsigned sum = unsigned{r0[i]} + r0[i + 1] + r1[i] + r1[i + 1] + r2[i] + r2[i + 1] + r3[i] + r3[i + 1];
        o[x] = static_cast<std::uint8_t>((sum + 4) / 8);
      }
    }
}

void downsampleFirst2(const std::uint32_t* in, const Vec3i& inSize, std::uint32_t* out) {
  const std::int64_t w = inSize.x, h = inSize.y;
  const std::int64_t ow = w / 2, oh = h / 2, od = inSize.z / 2;
  for (std::int64_t z = 0; z < od; ++z)
    for (std::int64_t y = 0; y < oh; ++y) {
      const std::uint32_t* r = in + ((2 * z) * h + 2 * y) * w;
      std::uint32_t* o = out + (z * oh + y) * ow;
      for (std::int64_t x = 0; x < ow; ++x) o[x] = r[2 * x];
    }
}

}  // namespace skein::sample
