#include "ui/PositionText.h"

#include <QRegularExpression>
#include <QStringList>

#include <cmath>

namespace skein::ui {

std::optional<Vec3d> parsePosition(const QString& text) {
  QString t = text.trimmed();
  static const QString kOpen = QStringLiteral("([{"), kClose = QStringLiteral(")]}");
  if (!t.isEmpty() && kOpen.contains(t.front())) {
    if (t.size() < 2 || kOpen.indexOf(t.front()) != kClose.indexOf(t.back())) return std::nullopt;
    t = t.mid(1, t.size() - 2).trimmed();
  }
  static const QRegularExpression kSeparators(QStringLiteral("\\s*[,;]\\s*|\\s+"));
  const QStringList parts = t.split(kSeparators);
  if (parts.size() != 3) return std::nullopt;
  double v[3];
  for (int i = 0; i < 3; ++i) {
    bool ok = false;
    v[i] = parts[i].toDouble(&ok);
    if (!ok || !std::isfinite(v[i])) return std::nullopt;
  }
  return Vec3d{v[0], v[1], v[2]};
}

QString formatPosition(const Vec3d& p) {
  auto one = [](double v) {
    return v == std::floor(v) && std::abs(v) < 1e15 ? QString::number(static_cast<qint64>(v)) : QString::number(v, 'f', 1);
  };
  return QStringLiteral("%1, %2, %3").arg(one(p.x), one(p.y), one(p.z));
}

}  // namespace skein::ui
