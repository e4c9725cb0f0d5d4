#pragma once
// Zarr element types and fill values: NumPy typestrs (v2, "<u2"), v3 data_type names ("uint16"),
// and fill_value JSON in both directions. Decoded fill values are one native little-endian element.

#include <string>

#include <nlohmann/json.hpp>

#include "core/base/Bytes.h"
#include "core/base/DataType.h"
#include "core/base/Result.h"

namespace skein::zarr {

struct StoredType {
  DataType type = DataType::UInt8;
  bool bigEndian = false;  // stored byte order (irrelevant for 1-byte types)
};

// NumPy typestr such as "<u2", ">f4", "|b1". Complex, string, datetime and structured dtypes are
// Unsupported errors naming the dtype.
Result<StoredType> parseZarr2Dtype(const nlohmann::json& dtype);
// "<u2" for UInt16 etc.; 1-byte types use "|".
std::string zarr2DtypeString(DataType type);

// v3 data_type: a name ("int16") or {"name": "int16"}. Unknown or unsupported types
// (complex64, r16, string…) are Unsupported errors naming the type.
Result<DataType> parseZarr3DataType(const nlohmann::json& dataType);

// fill_value JSON -> one element. Accepts numbers, true/false, "NaN", "Infinity", "-Infinity",
// "0x…" raw bit patterns (floats), and null (= 0, as zarr-python reads it).
Result<QByteArray> parseFillValue(const nlohmann::json& value, DataType type);

// One element -> fill_value JSON (NaN and infinities as strings, as both Zarr versions spell them).
nlohmann::json fillValueToJson(const QByteArray& element, DataType type);

// A zero element of `type` (the default fill value).
QByteArray zeroElement(DataType type);

}  // namespace skein::zarr
