#pragma once
// Positions as people type and paste them: "x,y,z", "x y z", "(x, y, z)", "[x; y; z]".

#include <QString>

#include <optional>

#include "core/base/Vec3.h"

namespace skein::ui {

// Three finite numbers separated by commas, semicolons or white space, optionally wrapped in
// (), [] or {}; nullopt for anything else.
std::optional<Vec3d> parsePosition(const QString& text);
// "1024, 512, 77" (whole voxels without decimals, otherwise one decimal).
QString formatPosition(const Vec3d& position);

}  // namespace skein::ui
