#include "core/codec/CompressedSegmentation.h"

#include <algorithm>
#include <map>
#include <vector>

#include "core/codec/CodecUtil.h"

// Follows neuroglancer's src/sliceview/compressed_segmentation/README.md; the encoder reproduces
// tensorstore's EncodeChannel output byte for byte (sorted lookup tables, tables shared by blocks
// with the same value set, encoded values before each new table).

namespace skein::codec {
namespace {

using detail::describeBytes;
using detail::invalidArgument;
using detail::invalidData;
using detail::loadLe32;
using detail::storeLe32;

constexpr qsizetype kMaxDecodedBytes = qsizetype(1) << 32;
constexpr std::uint32_t kMaxTableOffset = (1u << 24) - 1;  // 24-bit field in the block header

struct Geometry {
  std::int64_t vol[3];
  std::int64_t blk[3];
  std::int64_t grid[3];
  std::int64_t blockVolume;
  std::int64_t volumeElements;
  std::int64_t numBlocks;
};

Result<Geometry> makeGeometry(const Extent3& volume, const Extent3& block, int elementSize, int channels) {
  if (elementSize != 4 && elementSize != 8)
    return invalidArgument("compressed_segmentation supports 4- or 8-byte labels, got " +
                           std::to_string(elementSize) + " bytes");
  if (channels < 1) return invalidArgument("compressed_segmentation needs at least one channel");
  Geometry g{};
  g.blockVolume = 1;
  g.volumeElements = 1;
  g.numBlocks = 1;
  for (int i = 0; i < 3; ++i) {
    if (volume[i] < 0 || volume[i] > (std::int64_t(1) << 31))
      return invalidArgument("compressed_segmentation volume extent " + std::to_string(volume[i]) + " is invalid");
    if (block[i] < 1 || block[i] > (std::int64_t(1) << 16))
      return invalidArgument("compressed_segmentation block extent " + std::to_string(block[i]) + " is invalid");
    g.vol[i] = volume[i];
    g.blk[i] = block[i];
    g.grid[i] = (volume[i] + block[i] - 1) / block[i];
    g.blockVolume *= block[i];
    g.volumeElements *= volume[i];
    g.numBlocks *= g.grid[i];
    if (g.volumeElements > kMaxDecodedBytes || g.blockVolume > (std::int64_t(1) << 32))
      return invalidArgument("compressed_segmentation volume or block is too large");
  }
  if (g.volumeElements * elementSize * channels > kMaxDecodedBytes)
    return invalidArgument("compressed_segmentation volume of " +
                           describeBytes(std::uint64_t(g.volumeElements) * elementSize * channels) +
                           " exceeds the limit of " + describeBytes(kMaxDecodedBytes));
  return g;
}

template <typename Label>
Label loadLabel(const std::uint8_t* p) {
  if constexpr (sizeof(Label) == 4)
    return loadLe32(p);
  else
    return std::uint64_t(loadLe32(p)) | std::uint64_t(loadLe32(p + 4)) << 32;
}

template <typename Label>
void storeLabel(std::uint8_t* p, Label v) {
  storeLe32(p, std::uint32_t(v));
  if constexpr (sizeof(Label) == 8) storeLe32(p + 4, std::uint32_t(v >> 32));
}

bool validEncodedBits(std::uint32_t bits) {
  return bits == 0 || bits == 1 || bits == 2 || bits == 4 || bits == 8 || bits == 16 || bits == 32;
}

// Decodes one channel (`ch` = its bytes, to the end of the chunk) into `out` (x-fastest labels).
template <typename Label>
Status decodeChannelInto(ByteView ch, const Geometry& g, std::uint8_t* out) {
  constexpr std::uint64_t wordsPerLabel = sizeof(Label) / 4;
  const std::uint64_t words = ch.size() / 4;
  const std::uint8_t* w = ch.data();
  if (std::uint64_t(g.numBlocks) * 2 > words)
    return invalidData("compressed_segmentation channel has " + std::to_string(words) + " words but its " +
                       std::to_string(g.numBlocks) + " block headers need " + std::to_string(g.numBlocks * 2));
  for (std::int64_t bz = 0; bz < g.grid[2]; ++bz)
    for (std::int64_t by = 0; by < g.grid[1]; ++by)
      for (std::int64_t bx = 0; bx < g.grid[0]; ++bx) {
        const std::int64_t blockIndex = bx + g.grid[0] * (by + g.grid[1] * bz);
        const std::uint32_t h0 = loadLe32(w + 8 * blockIndex);
        const std::uint64_t valuesOffset = loadLe32(w + 8 * blockIndex + 4);
        const std::uint64_t tableOffset = h0 & 0xFFFFFFu;
        const std::uint32_t bits = h0 >> 24;
        const auto where = [blockIndex] { return "compressed_segmentation block " + std::to_string(blockIndex); };
        if (!validEncodedBits(bits))
          return invalidData(where() + " has invalid encoded bits " + std::to_string(bits));
        const std::uint64_t valueWords = (std::uint64_t(bits) * std::uint64_t(g.blockVolume) + 31) / 32;
        if (valuesOffset + valueWords > words)
          return invalidData(where() + " has encoded values at words " + std::to_string(valuesOffset) + ".." +
                             std::to_string(valuesOffset + valueWords) + ", outside the channel's " +
                             std::to_string(words) + " words");
        const std::uint64_t tableEntries = tableOffset < words ? (words - tableOffset) / wordsPerLabel : 0;
        if (tableEntries == 0)
          return invalidData(where() + " has its lookup table at word " + std::to_string(tableOffset) +
                             ", outside the channel's " + std::to_string(words) + " words");
        const std::uint8_t* values = w + 4 * valuesOffset;
        const std::uint8_t* table = w + 4 * tableOffset;
        const std::uint32_t mask = bits == 32 ? 0xFFFFFFFFu : (1u << bits) - 1;
        const std::int64_t x0 = bx * g.blk[0], y0 = by * g.blk[1], z0 = bz * g.blk[2];
        const std::int64_t ex = std::min(g.blk[0], g.vol[0] - x0);
        const std::int64_t ey = std::min(g.blk[1], g.vol[1] - y0);
        const std::int64_t ez = std::min(g.blk[2], g.vol[2] - z0);
        for (std::int64_t z = 0; z < ez; ++z)
          for (std::int64_t y = 0; y < ey; ++y) {
            std::uint8_t* dst = out + sizeof(Label) * std::size_t(x0 + g.vol[0] * ((y0 + y) + g.vol[1] * (z0 + z)));
            const std::uint64_t rowBit = std::uint64_t(bits) * std::uint64_t(g.blk[0] * (y + g.blk[1] * z));
            for (std::int64_t x = 0; x < ex; ++x) {
              std::uint32_t index = 0;
              if (bits != 0) {
                const std::uint64_t bit = rowBit + std::uint64_t(bits) * std::uint64_t(x);
                index = (loadLe32(values + 4 * (bit / 32)) >> (bit % 32)) & mask;
              }
              if (index >= tableEntries)
                return invalidData(where() + " uses lookup table entry " + std::to_string(index) + " but only " +
                                   std::to_string(tableEntries) + " entries fit in the channel");
              storeLabel<Label>(dst + sizeof(Label) * std::size_t(x),
                                loadLabel<Label>(table + 4 * wordsPerLabel * index));
            }
          }
      }
  return Status::success();
}

// Appends one encoded channel to `words`; offsets inside it are relative to its first word.
template <typename Label>
Status encodeChannelAppend(const std::uint8_t* in, const Geometry& g, std::vector<std::uint32_t>& words) {
  constexpr std::size_t wordsPerLabel = sizeof(Label) / 4;
  const std::size_t base = words.size();
  words.resize(base + 2 * std::size_t(g.numBlocks), 0);
  std::map<std::vector<Label>, std::uint32_t> tableCache;  // sorted value set -> table offset
  std::vector<Label> blockValues;
  std::vector<Label> distinct;
  blockValues.reserve(std::size_t(g.blockVolume));

  for (std::int64_t bz = 0; bz < g.grid[2]; ++bz)
    for (std::int64_t by = 0; by < g.grid[1]; ++by)
      for (std::int64_t bx = 0; bx < g.grid[0]; ++bx) {
        const std::int64_t x0 = bx * g.blk[0], y0 = by * g.blk[1], z0 = bz * g.blk[2];
        const std::int64_t ex = std::min(g.blk[0], g.vol[0] - x0);
        const std::int64_t ey = std::min(g.blk[1], g.vol[1] - y0);
        const std::int64_t ez = std::min(g.blk[2], g.vol[2] - z0);
        blockValues.clear();
        for (std::int64_t z = 0; z < ez; ++z)
          for (std::int64_t y = 0; y < ey; ++y) {
            const std::uint8_t* src = in + sizeof(Label) * std::size_t(x0 + g.vol[0] * ((y0 + y) + g.vol[1] * (z0 + z)));
            for (std::int64_t x = 0; x < ex; ++x) blockValues.push_back(loadLabel<Label>(src + sizeof(Label) * x));
          }
        distinct = blockValues;
        std::sort(distinct.begin(), distinct.end());
        distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());

        std::uint32_t bits = 0;
        if (distinct.size() != 1) {
          bits = 1;
          while ((std::uint64_t(1) << bits) < distinct.size()) bits *= 2;
        }
        const std::size_t valueWords = (std::size_t(bits) * std::size_t(g.blockVolume) + 31) / 32;
        const std::size_t valuesOffset = words.size() - base;
        std::size_t tableOffset;
        const auto cached = tableCache.find(distinct);
        const bool writeTable = cached == tableCache.end();
        tableOffset = writeTable ? valuesOffset + valueWords : cached->second;
        if (tableOffset > kMaxTableOffset || valuesOffset > 0xFFFFFFFFu)
          return invalidArgument("compressed_segmentation channel is too large: a lookup table offset exceeds "
                                 "the 24-bit header field");
        words.resize(words.size() + valueWords + (writeTable ? distinct.size() * wordsPerLabel : 0), 0);

        if (bits != 0) {
          std::uint32_t* values = words.data() + base + valuesOffset;
          std::size_t i = 0;
          Label previous = distinct.front();
          std::uint32_t previousIndex = 0;
          for (std::int64_t z = 0; z < ez; ++z)
            for (std::int64_t y = 0; y < ey; ++y)
              for (std::int64_t x = 0; x < ex; ++x) {
                const Label v = blockValues[i++];
                if (v != previous) {
                  previous = v;
                  previousIndex = std::uint32_t(std::lower_bound(distinct.begin(), distinct.end(), v) - distinct.begin());
                }
                const std::size_t bit = bits * std::size_t(x + g.blk[0] * (y + g.blk[1] * z));
                values[bit / 32] |= previousIndex << (bit % 32);
              }
        }
        if (writeTable) {
          std::uint32_t* table = words.data() + base + tableOffset;
          for (const Label v : distinct) {
            *table++ = std::uint32_t(v);
            if constexpr (wordsPerLabel == 2) *table++ = std::uint32_t(std::uint64_t(v) >> 32);
          }
          tableCache.emplace(distinct, std::uint32_t(tableOffset));
        }
        const std::size_t blockIndex = std::size_t(bx + g.grid[0] * (by + g.grid[1] * bz));
        words[base + 2 * blockIndex] = std::uint32_t(tableOffset) | (bits << 24);
        words[base + 2 * blockIndex + 1] = std::uint32_t(valuesOffset);
      }
  return Status::success();
}

Status encodeChannelAppend(const std::uint8_t* in, const Geometry& g, int elementSize,
                           std::vector<std::uint32_t>& words) {
  return elementSize == 4 ? encodeChannelAppend<std::uint32_t>(in, g, words)
                          : encodeChannelAppend<std::uint64_t>(in, g, words);
}

Status decodeChannelInto(ByteView ch, const Geometry& g, int elementSize, std::uint8_t* out) {
  return elementSize == 4 ? decodeChannelInto<std::uint32_t>(ch, g, out)
                          : decodeChannelInto<std::uint64_t>(ch, g, out);
}

QByteArray wordsToBytes(const std::vector<std::uint32_t>& words) {
  QByteArray out = uninitializedBytes(qsizetype(words.size() * 4));
  std::uint8_t* p = mutableData(out);
  for (const std::uint32_t w : words) {
    storeLe32(p, w);
    p += 4;
  }
  return out;
}

Status checkInputSize(ByteView in, const Geometry& g, int elementSize, int channels) {
  const std::uint64_t expected = std::uint64_t(g.volumeElements) * std::uint64_t(elementSize) * std::uint64_t(channels);
  if (in.size() != expected)
    return invalidArgument("compressed_segmentation encoder got " + describeBytes(in.size()) + ", expected " +
                           describeBytes(expected));
  return Status::success();
}

}  // namespace

Result<QByteArray> compressedSegmentationDecodeChannel(ByteView in, const Extent3& volume, const Extent3& block,
                                                       int elementSize) {
  SKEIN_ASSIGN_OR_RETURN(const Geometry g, makeGeometry(volume, block, elementSize, 1));
  QByteArray out = uninitializedBytes(qsizetype(g.volumeElements * elementSize));
  SKEIN_TRY(decodeChannelInto(in, g, elementSize, mutableData(out)));
  return out;
}

Result<QByteArray> compressedSegmentationEncodeChannel(ByteView in, const Extent3& volume, const Extent3& block,
                                                       int elementSize) {
  SKEIN_ASSIGN_OR_RETURN(const Geometry g, makeGeometry(volume, block, elementSize, 1));
  SKEIN_TRY(checkInputSize(in, g, elementSize, 1));
  std::vector<std::uint32_t> words;
  SKEIN_TRY(encodeChannelAppend(in.data(), g, elementSize, words));
  return wordsToBytes(words);
}

Result<QByteArray> compressedSegmentationDecode(ByteView in, const Extent3& volume, int channels,
                                                const Extent3& block, int elementSize) {
  SKEIN_ASSIGN_OR_RETURN(const Geometry g, makeGeometry(volume, block, elementSize, channels));
  if (in.size() < std::size_t(channels) * 4)
    return invalidData("compressed_segmentation chunk has " + std::to_string(in.size()) + " bytes, too few for " +
                       std::to_string(channels) + " channel offsets");
  const qsizetype channelBytes = qsizetype(g.volumeElements * elementSize);
  QByteArray out = uninitializedBytes(channelBytes * channels);
  for (int c = 0; c < channels; ++c) {
    const std::uint64_t offset = std::uint64_t(loadLe32(in.data() + 4 * c)) * 4;
    if (offset < std::uint64_t(channels) * 4 || offset > in.size())
      return invalidData("compressed_segmentation channel " + std::to_string(c) + " starts at byte " +
                         std::to_string(offset) + ", outside the " + std::to_string(in.size()) + "-byte chunk");
    Status s = decodeChannelInto(in.subspan(offset), g, elementSize, mutableData(out) + channelBytes * c);
    if (!s.ok()) return s.error().withContext("channel " + std::to_string(c));
  }
  return out;
}

Result<QByteArray> compressedSegmentationEncode(ByteView in, const Extent3& volume, int channels,
                                                const Extent3& block, int elementSize) {
  SKEIN_ASSIGN_OR_RETURN(const Geometry g, makeGeometry(volume, block, elementSize, channels));
  SKEIN_TRY(checkInputSize(in, g, elementSize, channels));
  std::vector<std::uint32_t> words(std::size_t(channels), 0);
  const std::size_t channelBytes = std::size_t(g.volumeElements) * std::size_t(elementSize);
  for (int c = 0; c < channels; ++c) {
    if (words.size() > 0xFFFFFFFFu) return invalidArgument("compressed_segmentation chunk is too large");
    words[std::size_t(c)] = std::uint32_t(words.size());
    SKEIN_TRY(encodeChannelAppend(in.data() + channelBytes * std::size_t(c), g, elementSize, words));
  }
  return wordsToBytes(words);
}

}  // namespace skein::codec
