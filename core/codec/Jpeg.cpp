#include "core/codec/Jpeg.h"

#include <csetjmp>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <jpeglib.h>

#include "core/codec/CodecUtil.h"

// libjpeg reports errors through error_exit, which must not return: we longjmp back to the
// setjmp in the *Impl functions below. Those functions therefore keep only trivially destructible
// locals (anything with a destructor lives in the caller, whose frame is never jumped over), and
// libjpeg warnings (e.g. "premature end of data") are treated as errors too.

namespace skein::codec {
namespace {

struct ErrorManager {
  jpeg_error_mgr pub;
  std::jmp_buf jump;
  char message[JMSG_LENGTH_MAX];
};

[[noreturn]] void onError(j_common_ptr cinfo) {
  auto* err = reinterpret_cast<ErrorManager*>(cinfo->err);
  (*cinfo->err->format_message)(cinfo, err->message);
  std::longjmp(err->jump, 1);
}

void onMessage(j_common_ptr cinfo, int level) {
  if (level < 0) onError(cinfo);  // a warning means corrupt or truncated data
}

void installErrorManager(ErrorManager& err) {
  jpeg_std_error(&err.pub);
  err.pub.error_exit = onError;
  err.pub.emit_message = onMessage;
  err.message[0] = '\0';
}

struct Decompressor {
  jpeg_decompress_struct cinfo{};
  ErrorManager err{};
  bool created = false;
  ~Decompressor() {
    if (created) jpeg_destroy_decompress(&cinfo);
  }
};

struct Compressor {
  jpeg_compress_struct cinfo{};
  ErrorManager err{};
  bool created = false;
  unsigned char* buffer = nullptr;  // malloc'ed by jpeg_mem_dest
  unsigned long size = 0;
  ~Compressor() {
    if (created) jpeg_destroy_compress(&cinfo);
    std::free(buffer);
  }
};

enum class DecodeOutcome { Ok, LibjpegError, TooLarge, UnsupportedColor };

DecodeOutcome decodeImpl(Decompressor* d, ByteView in, qint64 maxPixels, JpegImage* image) {
  if (setjmp(d->err.jump)) return DecodeOutcome::LibjpegError;
  jpeg_create_decompress(&d->cinfo);
  d->created = true;
  jpeg_mem_src(&d->cinfo, in.data(), static_cast<unsigned long>(in.size()));
  jpeg_read_header(&d->cinfo, TRUE);
  image->width = int(d->cinfo.image_width);
  image->height = int(d->cinfo.image_height);
  if (qint64(d->cinfo.image_width) * qint64(d->cinfo.image_height) > maxPixels) return DecodeOutcome::TooLarge;
  if (d->cinfo.num_components == 1) {
    d->cinfo.out_color_space = JCS_GRAYSCALE;
    image->channels = 1;
  } else if (d->cinfo.num_components == 3) {
    d->cinfo.out_color_space = JCS_RGB;
    image->channels = 3;
  } else {
    image->channels = d->cinfo.num_components;
    return DecodeOutcome::UnsupportedColor;
  }
  jpeg_start_decompress(&d->cinfo);
  const std::size_t stride = std::size_t(d->cinfo.output_width) * std::size_t(d->cinfo.output_components);
  image->pixels.resize(qsizetype(stride * d->cinfo.output_height));
  unsigned char* base = reinterpret_cast<unsigned char*>(image->pixels.data());
  while (d->cinfo.output_scanline < d->cinfo.output_height) {
    JSAMPROW row = base + std::size_t(d->cinfo.output_scanline) * stride;
    jpeg_read_scanlines(&d->cinfo, &row, 1);
  }
  jpeg_finish_decompress(&d->cinfo);
  return DecodeOutcome::Ok;
}

bool encodeImpl(Compressor* c, const JpegImage& image, int quality) {
  if (setjmp(c->err.jump)) return false;
  jpeg_create_compress(&c->cinfo);
  c->created = true;
  jpeg_mem_dest(&c->cinfo, &c->buffer, &c->size);
  c->cinfo.image_width = JDIMENSION(image.width);
  c->cinfo.image_height = JDIMENSION(image.height);
  c->cinfo.input_components = image.channels;
  c->cinfo.in_color_space = image.channels == 1 ? JCS_GRAYSCALE : JCS_RGB;
  jpeg_set_defaults(&c->cinfo);
  jpeg_set_quality(&c->cinfo, quality, TRUE);
  jpeg_start_compress(&c->cinfo, TRUE);
  const std::size_t stride = std::size_t(image.width) * std::size_t(image.channels);
  const unsigned char* base = reinterpret_cast<const unsigned char*>(image.pixels.constData());
  while (c->cinfo.next_scanline < c->cinfo.image_height) {
    JSAMPROW row = const_cast<unsigned char*>(base + std::size_t(c->cinfo.next_scanline) * stride);
    jpeg_write_scanlines(&c->cinfo, &row, 1);
  }
  jpeg_finish_compress(&c->cinfo);
  return true;
}

}  // namespace

Result<JpegImage> jpegDecode(ByteView in, qint64 maxPixels) {
  if (in.size() < 4 || in[0] != 0xFF || in[1] != 0xD8)
    return detail::invalidData("data is not a JPEG image (no SOI marker at the start)");
  if (in.size() > std::size_t(0xFFFFFFFFu))
    return detail::invalidData("JPEG data of " + detail::describeBytes(in.size()) + " is too large");
  Decompressor d;
  installErrorManager(d.err);
  d.cinfo.err = &d.err.pub;
  JpegImage image;
  switch (decodeImpl(&d, in, maxPixels, &image)) {
    case DecodeOutcome::Ok:
      return image;
    case DecodeOutcome::LibjpegError:
      return detail::invalidData(std::string("corrupt JPEG data: ") + d.err.message);
    case DecodeOutcome::TooLarge:
      return detail::invalidData("JPEG image of " + std::to_string(image.width) + "x" + std::to_string(image.height) +
                                 " pixels exceeds the limit of " + std::to_string(maxPixels) + " pixels");
    case DecodeOutcome::UnsupportedColor:
      break;
  }
  return makeError(ErrorCode::Unsupported, "JPEG image has " + std::to_string(image.channels) +
                                               " color components; only grayscale and RGB are supported");
}

Result<QByteArray> jpegEncode(const JpegImage& image, int quality) {
  if (image.channels != 1 && image.channels != 3)
    return detail::invalidArgument("JPEG encoding needs 1 or 3 channels, got " + std::to_string(image.channels));
  if (image.width <= 0 || image.height <= 0 || image.width > JPEG_MAX_DIMENSION ||
      image.height > JPEG_MAX_DIMENSION)
    return detail::invalidArgument("JPEG dimensions must be 1.." + std::to_string(JPEG_MAX_DIMENSION) + ", got " +
                                   std::to_string(image.width) + "x" + std::to_string(image.height));
  const qint64 expected = qint64(image.width) * image.height * image.channels;
  if (image.pixels.size() != expected)
    return detail::invalidArgument("JPEG image of " + std::to_string(image.width) + "x" +
                                   std::to_string(image.height) + "x" + std::to_string(image.channels) + " needs " +
                                   std::to_string(expected) + " bytes of pixels, got " +
                                   std::to_string(image.pixels.size()));
  if (quality < 1 || quality > 100)
    return detail::invalidArgument("JPEG quality must be 1..100, got " + std::to_string(quality));
  Compressor c;
  installErrorManager(c.err);
  c.cinfo.err = &c.err.pub;
  if (!encodeImpl(&c, image, quality))
    return makeError(ErrorCode::Internal, std::string("JPEG encoding failed: ") + c.err.message);
  return QByteArray(reinterpret_cast<const char*>(c.buffer), qsizetype(c.size));
}

}  // namespace skein::codec
