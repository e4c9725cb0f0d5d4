#include "core/format/ZarrDataType.h"

#include <QtCore/qfloat16.h>

#include <algorithm>
#include <bit>
#include <cctype>
#include <cmath>
#include <cstring>
#include <limits>

namespace skein::zarr {

static_assert(std::endian::native == std::endian::little, "Skein assumes a little-endian host");

namespace {

Error unsupportedDtype(const std::string& name, const std::string& why) {
  return makeError(ErrorCode::Unsupported, "the data type " + name + " (" + why + ") is not supported");
}

template <typename T>
QByteArray elementBytes(T value) {
  QByteArray out(sizeof(T), Qt::Uninitialized);
  std::memcpy(out.data(), &value, sizeof(T));
  return out;
}

template <typename T>
T loadElement(const QByteArray& bytes) {
  T v{};
  if (bytes.size() == sizeof(T)) std::memcpy(&v, bytes.constData(), sizeof(T));
  return v;
}

QByteArray floatElement(double value, DataType type) {
  switch (type) {
    case DataType::Float16: return elementBytes(qfloat16(static_cast<float>(value)));
    case DataType::Float32: return elementBytes(static_cast<float>(value));
    default: return elementBytes(value);
  }
}

// "0x7fc00000": the raw bits of a float fill value, as many hex digits as the element has nibbles.
Result<QByteArray> hexFloatElement(const std::string& text, DataType type) {
  const std::size_t size = dataTypeSize(type);
  const std::string digits = text.substr(2);
  if (digits.size() != size * 2)
    return makeError(ErrorCode::InvalidData, "fill_value \"" + text + "\" must have " + std::to_string(size * 2) +
                                                 " hex digits for " + std::string(dataTypeName(type)));
  std::uint64_t bits = 0;
  for (char c : digits) {
    int nibble = (c >= '0' && c <= '9') ? c - '0'
                 : (c >= 'a' && c <= 'f') ? c - 'a' + 10
                 : (c >= 'A' && c <= 'F') ? c - 'A' + 10
                                          : -1;
    if (nibble < 0) return makeError(ErrorCode::InvalidData, "fill_value \"" + text + "\" is not a hex number");
    bits = (bits << 4) | std::uint64_t(nibble);
  }
  QByteArray out(static_cast<qsizetype>(size), Qt::Uninitialized);
  std::memcpy(out.data(), &bits, size);  // little-endian host: the low bytes come first
  return out;
}

template <typename T>
Result<QByteArray> integerElement(const nlohmann::json& v, DataType type) {
  const std::string name(dataTypeName(type));
  if (v.is_number_unsigned()) {
    auto u = v.get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(std::numeric_limits<T>::max()))
      return makeError(ErrorCode::InvalidData, "fill_value " + v.dump() + " does not fit " + name);
    return elementBytes(static_cast<T>(u));
  }
  if (v.is_number_integer()) {
    auto s = v.get<std::int64_t>();
    if constexpr (std::is_unsigned_v<T>) {
      if (s < 0) return makeError(ErrorCode::InvalidData, "fill_value " + v.dump() + " does not fit " + name);
      if (static_cast<std::uint64_t>(s) > static_cast<std::uint64_t>(std::numeric_limits<T>::max()))
        return makeError(ErrorCode::InvalidData, "fill_value " + v.dump() + " does not fit " + name);
    } else {
      if (s < static_cast<std::int64_t>(std::numeric_limits<T>::min()) ||
          s > static_cast<std::int64_t>(std::numeric_limits<T>::max()))
        return makeError(ErrorCode::InvalidData, "fill_value " + v.dump() + " does not fit " + name);
    }
    return elementBytes(static_cast<T>(s));
  }
  if (v.is_number_float()) {
    double d = v.get<double>();
    // Some writers store 0.0 for integer arrays; accept integral values that fit.
    if (std::isfinite(d) && d == std::floor(d) && d >= static_cast<double>(std::numeric_limits<T>::min()) &&
        d <= static_cast<double>(std::numeric_limits<T>::max()))
      return elementBytes(static_cast<T>(d));
  }
  if (v.is_boolean()) return elementBytes(static_cast<T>(v.get<bool>() ? 1 : 0));
  return makeError(ErrorCode::InvalidData, "fill_value " + v.dump() + " is not a valid " + name);
}

}  // namespace

Result<StoredType> parseZarr2Dtype(const nlohmann::json& dtype) {
  if (dtype.is_array()) return unsupportedDtype(dtype.dump(), "structured");
  if (!dtype.is_string()) return makeError(ErrorCode::InvalidData, "dtype must be a string, found " + dtype.dump());
  const std::string s = dtype.get<std::string>();
  const std::string quoted = "\"" + s + "\"";
  if (s.size() < 2 || std::string("<>|=").find(s[0]) == std::string::npos)
    return makeError(ErrorCode::InvalidData, "dtype " + quoted + " is not a NumPy typestr such as \"<u2\"");
  const char kind = s[1];
  switch (kind) {
    case 'c': return unsupportedDtype(quoted, "complex");
    case 'S': case 'a': return unsupportedDtype(quoted, "byte string");
    case 'U': return unsupportedDtype(quoted, "unicode string");
    case 'O': return unsupportedDtype(quoted, "object");
    case 'V': return unsupportedDtype(quoted, "raw void");
    case 'M': case 'm': return unsupportedDtype(quoted, "datetime");
    case 'b': case 'i': case 'u': case 'f': break;
    default: return unsupportedDtype(quoted, "unknown kind");
  }
  const std::string sizeText = s.substr(2);
  if (sizeText.empty() || sizeText.size() > 2 ||
      !std::all_of(sizeText.begin(), sizeText.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return makeError(ErrorCode::InvalidData, "dtype " + quoted + " is not a NumPy typestr such as \"<u2\"");
  const int size = std::stoi(sizeText);
  StoredType out;
  out.bigEndian = s[0] == '>';
  auto pick = [&](std::initializer_list<std::pair<int, DataType>> table, const char* family) -> Result<StoredType> {
    for (const auto& [bytes, type] : table)
      if (bytes == size) {
        out.type = type;
        return out;
      }
    return unsupportedDtype(quoted, std::string(family) + " of " + std::to_string(size) + " bytes");
  };
  switch (kind) {
    case 'b': return pick({{1, DataType::Bool}}, "bool");
    case 'i': return pick({{1, DataType::Int8}, {2, DataType::Int16}, {4, DataType::Int32}, {8, DataType::Int64}}, "integer");
    case 'u':
      return pick({{1, DataType::UInt8}, {2, DataType::UInt16}, {4, DataType::UInt32}, {8, DataType::UInt64}},
                  "unsigned integer");
    default: return pick({{2, DataType::Float16}, {4, DataType::Float32}, {8, DataType::Float64}}, "float");
  }
}

std::string zarr2DtypeString(DataType type) {
  switch (type) {
    case DataType::Bool: return "|b1";
    case DataType::Int8: return "|i1";
    case DataType::UInt8: return "|u1";
    case DataType::Int16: return "<i2";
    case DataType::Int32: return "<i4";
    case DataType::Int64: return "<i8";
    case DataType::UInt16: return "<u2";
    case DataType::UInt32: return "<u4";
    case DataType::UInt64: return "<u8";
    case DataType::Float16: return "<f2";
    case DataType::Float32: return "<f4";
    case DataType::Float64: return "<f8";
  }
  return "|u1";
}

Result<DataType> parseZarr3DataType(const nlohmann::json& dataType) {
  const nlohmann::json* nameJson = &dataType;
  if (dataType.is_object()) {
    auto it = dataType.find("name");
    if (it == dataType.end()) return makeError(ErrorCode::InvalidData, "data_type object has no \"name\"");
    nameJson = &*it;
  }
  if (!nameJson->is_string())
    return makeError(ErrorCode::InvalidData, "data_type must be a name such as \"uint8\", found " + dataType.dump());
  const std::string name = nameJson->get<std::string>();
  // dataTypeFromName also knows other spellings; Zarr v3 allows only its canonical names.
  auto type = dataTypeFromName(name);
  if (type && dataTypeName(*type) == name) return *type;
  const std::string quoted = "\"" + name + "\"";
  if (name.rfind("complex", 0) == 0) return unsupportedDtype(quoted, "complex");
  if (name.size() > 1 && name[0] == 'r' && std::isdigit(static_cast<unsigned char>(name[1])))
    return unsupportedDtype(quoted, "raw bits");
  if (name == "string" || name == "bytes") return unsupportedDtype(quoted, "variable length");
  return unsupportedDtype(quoted, "unknown");
}

Result<QByteArray> parseFillValue(const nlohmann::json& v, DataType type) {
  if (v.is_null()) return zeroElement(type);
  switch (type) {
    case DataType::Bool:
      if (v.is_boolean()) return elementBytes<std::uint8_t>(v.get<bool>() ? 1 : 0);
      if (v.is_number_integer() && (v.get<std::int64_t>() == 0 || v.get<std::int64_t>() == 1))
        return elementBytes<std::uint8_t>(static_cast<std::uint8_t>(v.get<std::int64_t>()));
      return makeError(ErrorCode::InvalidData, "fill_value " + v.dump() + " is not a valid bool");
    case DataType::Int8: return integerElement<std::int8_t>(v, type);
    case DataType::Int16: return integerElement<std::int16_t>(v, type);
    case DataType::Int32: return integerElement<std::int32_t>(v, type);
    case DataType::Int64: return integerElement<std::int64_t>(v, type);
    case DataType::UInt8: return integerElement<std::uint8_t>(v, type);
    case DataType::UInt16: return integerElement<std::uint16_t>(v, type);
    case DataType::UInt32: return integerElement<std::uint32_t>(v, type);
    case DataType::UInt64: return integerElement<std::uint64_t>(v, type);
    case DataType::Float16:
    case DataType::Float32:
    case DataType::Float64:
      if (v.is_number()) return floatElement(v.get<double>(), type);
      if (v.is_string()) {
        const std::string s = v.get<std::string>();
        if (s == "NaN") return floatElement(std::numeric_limits<double>::quiet_NaN(), type);
        if (s == "Infinity") return floatElement(std::numeric_limits<double>::infinity(), type);
        if (s == "-Infinity") return floatElement(-std::numeric_limits<double>::infinity(), type);
        if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) return hexFloatElement(s, type);
      }
      return makeError(ErrorCode::InvalidData,
                       "fill_value " + v.dump() + " is not a valid " + std::string(dataTypeName(type)));
  }
  return zeroElement(type);
}

nlohmann::json fillValueToJson(const QByteArray& e, DataType type) {
  auto floatJson = [](double d) -> nlohmann::json {
    if (std::isnan(d)) return "NaN";
    if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
    return d;
  };
  switch (type) {
    case DataType::Bool: return loadElement<std::uint8_t>(e) != 0;
    case DataType::Int8: return loadElement<std::int8_t>(e);
    case DataType::Int16: return loadElement<std::int16_t>(e);
    case DataType::Int32: return loadElement<std::int32_t>(e);
    case DataType::Int64: return loadElement<std::int64_t>(e);
    case DataType::UInt8: return loadElement<std::uint8_t>(e);
    case DataType::UInt16: return loadElement<std::uint16_t>(e);
    case DataType::UInt32: return loadElement<std::uint32_t>(e);
    case DataType::UInt64: return loadElement<std::uint64_t>(e);
    case DataType::Float16: return floatJson(static_cast<float>(loadElement<qfloat16>(e)));
    case DataType::Float32: return floatJson(loadElement<float>(e));
    case DataType::Float64: return floatJson(loadElement<double>(e));
  }
  return 0;
}

QByteArray zeroElement(DataType type) { return QByteArray(static_cast<qsizetype>(dataTypeSize(type)), '\0'); }

}  // namespace skein::zarr
