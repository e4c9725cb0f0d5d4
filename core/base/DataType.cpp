#include "core/base/DataType.h"

#include <array>
#include <utility>

namespace skein {

namespace {
constexpr std::array<std::pair<DataType, std::string_view>, 12> kNames{{
    {DataType::Bool, "bool"},       {DataType::Int8, "int8"},       {DataType::Int16, "int16"},
    {DataType::Int32, "int32"},     {DataType::Int64, "int64"},     {DataType::UInt8, "uint8"},
    {DataType::UInt16, "uint16"},   {DataType::UInt32, "uint32"},   {DataType::UInt64, "uint64"},
    {DataType::Float16, "float16"}, {DataType::Float32, "float32"}, {DataType::Float64, "float64"},
}};
}  // namespace

std::size_t dataTypeSize(DataType t) {
  switch (t) {
    case DataType::Bool:
    case DataType::Int8:
    case DataType::UInt8: return 1;
    case DataType::Int16:
    case DataType::UInt16:
    case DataType::Float16: return 2;
    case DataType::Int32:
    case DataType::UInt32:
    case DataType::Float32: return 4;
    case DataType::Int64:
    case DataType::UInt64:
    case DataType::Float64: return 8;
  }
  return 1;
}

std::string_view dataTypeName(DataType t) {
  for (const auto& [type, name] : kNames)
    if (type == t) return name;
  return "unknown";
}

std::optional<DataType> dataTypeFromName(std::string_view name) {
  for (const auto& [type, n] : kNames)
    if (n == name) return type;
  return std::nullopt;
}

bool isFloat(DataType t) { return t == DataType::Float16 || t == DataType::Float32 || t == DataType::Float64; }
bool isSignedInt(DataType t) {
  return t == DataType::Int8 || t == DataType::Int16 || t == DataType::Int32 || t == DataType::Int64;
}
bool isUnsignedInt(DataType t) { return !isFloat(t) && !isSignedInt(t); }

}  // namespace skein
