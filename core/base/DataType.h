#pragma once
// Element types of chunked arrays. Values in decoded buffers are always native little-endian.

#include <cstddef>
#include <optional>
#include <string_view>

namespace skein {

enum class DataType {
  Bool,
  Int8, Int16, Int32, Int64,
  UInt8, UInt16, UInt32, UInt64,
  Float16, Float32, Float64,
};

std::size_t dataTypeSize(DataType t);
// Canonical lower-case names as Zarr v3 spells them: "bool", "int8" … "uint64", "float16" … "float64".
std::string_view dataTypeName(DataType t);
// Parses a canonical name (also accepts webKnossos/N5 spellings such as "uint8", "float32").
std::optional<DataType> dataTypeFromName(std::string_view name);
bool isFloat(DataType t);
bool isSignedInt(DataType t);
bool isUnsignedInt(DataType t);  // Bool counts as unsigned

}  // namespace skein
