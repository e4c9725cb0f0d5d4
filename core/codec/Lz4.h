#pragma once
// The three LZ4 framings our formats use (none of them is the LZ4 frame format):
//  - raw block (WKW): no header; the decoded size is known from the context;
//  - numcodecs (Zarr "lz4"): uint32 LE decoded size + raw block;
//  - lz4-java LZ4BlockOutputStream (N5 "lz4"): "LZ4Block" blocks, ended by an empty block.

#include "core/base/Bytes.h"
#include "core/base/Result.h"

namespace skein::codec {

Result<QByteArray> lz4BlockDecode(ByteView in, qsizetype decodedSize);
// level <= 0: LZ4_compress_default; level > 0: LZ4_compress_HC at that level (WKW LZ4HC uses 9).
Result<QByteArray> lz4BlockEncode(ByteView in, int hcLevel = 0);

Result<QByteArray> lz4NumcodecsDecode(ByteView in, qsizetype maxSize = qsizetype(1) << 31);
Result<QByteArray> lz4NumcodecsEncode(ByteView in);

// Each block's 28-bit-masked XXH32 checksum (seed 0x9747b28c) is verified. Concatenated streams
// are accepted, and so is a stream that stops after a complete block without the empty end block.
Result<QByteArray> lz4JavaDecode(ByteView in, qsizetype maxSize = qsizetype(1) << 32);
// Writes what lz4-java's LZ4BlockOutputStream(out, blockSize) writes (fast compressor, raw blocks
// when LZ4 does not shrink them, correct checksums, empty end block). blockSize: 64 .. 32 MiB.
Result<QByteArray> lz4JavaEncode(ByteView in, int blockSize = 65536);

}  // namespace skein::codec
