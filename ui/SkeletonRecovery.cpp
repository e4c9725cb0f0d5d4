#include "ui/SkeletonRecovery.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMessageBox>
#include <QPushButton>

#include <algorithm>

#include "ui/SkeletonSession.h"

namespace skein::ui {

namespace {
QString sourceFileOf(const QString& recoveryFile) {
  const QFileInfo info(recoveryFile);
  return info.path() + QLatin1Char('/') + info.completeBaseName() + QStringLiteral(".source");
}
}  // namespace

std::vector<RecoveryCandidate> findRecoveryFiles(const QString& dir) {
  std::vector<RecoveryCandidate> out;
  const QString own = QStringLiteral("skein-recovery-%1.").arg(QCoreApplication::applicationPid());
  const QFileInfoList files =
      QDir(dir).entryInfoList({QStringLiteral("skein-recovery-*.nml"), QStringLiteral("skein-recovery-*.zip")},
                              QDir::Files);
  for (const QFileInfo& info : files) {
    if (info.fileName().startsWith(own)) continue;
    RecoveryCandidate c{info.absoluteFilePath(), {}, info.lastModified()};
    QFile source(sourceFileOf(c.file));
    if (source.open(QIODevice::ReadOnly)) c.originalPath = QString::fromUtf8(source.readAll()).trimmed();
    out.push_back(c);
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.modified > b.modified; });
  return out;
}

void discardRecoveryFile(const RecoveryCandidate& candidate) {
  QFile::remove(candidate.file);
  QFile::remove(sourceFileOf(candidate.file));
}

bool offerRecovery(QWidget* parent, SkeletonSession& session) {
  const std::vector<RecoveryCandidate> found = findRecoveryFiles(session.recoveryDirectory());
  if (found.empty()) return false;
  const RecoveryCandidate& newest = found.front();
  QMessageBox box(QMessageBox::Question, QObject::tr("Recover annotation"),
                  QObject::tr("Skein found unsaved annotation changes from %1 (%2). Restore them?")
                      .arg(newest.modified.toString(Qt::ISODate),
                           newest.originalPath.isEmpty() ? QObject::tr("never saved") : newest.originalPath),
                  QMessageBox::NoButton, parent);
  box.setObjectName(QStringLiteral("recoveryQuestion"));
  QPushButton* restore = box.addButton(QObject::tr("Restore"), QMessageBox::AcceptRole);
  QPushButton* discard = box.addButton(QObject::tr("Discard"), QMessageBox::DestructiveRole);
  box.addButton(QObject::tr("Later"), QMessageBox::RejectRole);
  box.setDefaultButton(restore);
  box.exec();
  bool restored = false;
  if (box.clickedButton() == restore) {
    restored = session.restoreRecovery(newest.file, newest.originalPath).ok();
    if (!restored) return false;  // keep the files: nothing was lost
  } else if (box.clickedButton() != discard) {
    return false;
  }
  for (const auto& c : found) discardRecoveryFile(c);
  return restored;
}

}  // namespace skein::ui
