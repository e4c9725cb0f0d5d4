#include "ui/DatasetInfoPanel.h"

#include <QHeaderView>
#include <QStringList>

#include <set>

#include "ui/ViewerSession.h"

namespace skein::ui {

namespace {

QString qs(const std::string& s) { return QString::fromStdString(s); }

QString boxText(const Box3i& b) {
  return QStringLiteral("%1, %2, %3 + %4 × %5 × %6")
      .arg(b.min.x).arg(b.min.y).arg(b.min.z).arg(b.size.x).arg(b.size.y).arg(b.size.z);
}

QString vecText(const Vec3i& v) { return QStringLiteral("%1 × %2 × %3").arg(v.x).arg(v.y).arg(v.z); }

QString numberText(double v) { return QString::number(v, 'g', 6); }

QTreeWidgetItem* addRow(QTreeWidgetItem* parent, const QString& key, const QString& value) {
  auto* item = new QTreeWidgetItem(parent, {key, value});
  item->setToolTip(1, value);
  return item;
}

}  // namespace

DatasetInfoPanel::DatasetInfoPanel(ViewerSession* session, QWidget* parent) : QTreeWidget(parent), session_(session) {
  setObjectName(QStringLiteral("datasetInfoPanel"));
  setColumnCount(2);
  setHeaderLabels({tr("Property"), tr("Value")});
  header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
  setSelectionMode(QAbstractItemView::SingleSelection);
  connect(session_, &ViewerSession::datasetChanged, this, &DatasetInfoPanel::rebuild);
  rebuild();
}

QString DatasetInfoPanel::value(const QString& property) const {
  for (int i = 0; i < topLevelItemCount(); ++i)
    if (topLevelItem(i)->text(0) == property) return topLevelItem(i)->text(1);
  return {};
}

void DatasetInfoPanel::rebuild() {
  clear();
  const Dataset* ds = session_->dataset();
  if (!ds) {
    addTopLevelItem(new QTreeWidgetItem({tr("Dataset"), tr("none open")}));
    return;
  }
  auto top = [this](const QString& key, const QString& value) {
    auto* item = new QTreeWidgetItem({key, value});
    item->setToolTip(1, value);
    addTopLevelItem(item);
    return item;
  };
  top(tr("Name"), qs(ds->name));
  top(tr("Source"), qs(ds->location));
  std::set<std::string> formats;
  for (const auto& l : ds->layers)
    if (!l.dataFormat.empty()) formats.insert(l.dataFormat);
  QStringList formatNames;
  for (const auto& f : formats) formatNames << qs(f);
  top(tr("Format"), QStringLiteral("%1 (%2)").arg(qs(ds->sourceKind), formatNames.join(QStringLiteral(", "))));
  const Vec3d& f = ds->voxelSize.factor;
  top(tr("Voxel size"), QStringLiteral("%1 × %2 × %3 %4")
                            .arg(numberText(f.x), numberText(f.y), numberText(f.z), qs(ds->voxelSize.unit)));
  if (!ds->layers.empty()) {
    Box3i all = ds->layers.front().boundingBox;
    for (const auto& l : ds->layers) {
      const Vec3i lo{std::min(all.min.x, l.boundingBox.min.x), std::min(all.min.y, l.boundingBox.min.y),
                     std::min(all.min.z, l.boundingBox.min.z)};
      const Vec3i hi{std::max(all.max().x, l.boundingBox.max().x), std::max(all.max().y, l.boundingBox.max().y),
                     std::max(all.max().z, l.boundingBox.max().z)};
      all = {lo, hi - lo};
    }
    top(tr("Bounding box"), boxText(all));
  }
  auto* layers = top(tr("Layers"), QString::number(ds->layers.size()));
  for (const auto& l : ds->layers) {
    auto* layer = addRow(layers, qs(l.name), QString::fromLatin1(layerCategoryName(l.category)));
    const auto dt = dataTypeName(l.dtype);
    addRow(layer, tr("Element type"),
           QString::fromLatin1(dt.data(), static_cast<qsizetype>(dt.size())) +
               (l.channels > 1 ? tr(" × %1 channels").arg(l.channels) : QString()));
    addRow(layer, tr("Bounding box"), boxText(l.boundingBox));
    addRow(layer, tr("Format"), qs(l.dataFormat));
    if (l.largestSegmentId) addRow(layer, tr("Largest segment id"), QString::number(*l.largestSegmentId));
    QStringList magNames;
    for (const auto& m : l.mags) magNames << qs(magToString(m.factor));
    auto* mags = addRow(layer, tr("Mags"), magNames.join(QStringLiteral(", ")));
    const int ui = session_->layerIndex(l.name);
    for (std::size_t i = 0; i < l.mags.size(); ++i) {
      QString detail = qs(l.mags[i].path);
      if (ui >= 0 && i < session_->layers()[static_cast<std::size_t>(ui)].mags.size()) {
        const auto& g = session_->layers()[static_cast<std::size_t>(ui)].mags[i];
        detail = tr("%1 voxels, chunks %2 — %3").arg(vecText(g.shape), vecText(g.brickSize), detail);
      }
      addRow(mags, qs(magToString(l.mags[i].factor)), detail);
    }
  }
  expandItem(layers);
}

}  // namespace skein::ui
