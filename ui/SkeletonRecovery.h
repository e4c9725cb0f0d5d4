#pragma once
// Recovery files left behind by a session that ended with unsaved changes (a crash, a kill), and
// the question offered at the next start.

#include <QDateTime>
#include <QString>

#include <vector>

class QWidget;

namespace skein::ui {

class SkeletonSession;

struct RecoveryCandidate {
  QString file;          // the recovery .nml / .zip
  QString originalPath;  // the annotation's own file; empty when it was never saved
  QDateTime modified;
};

// Recovery files in `dir`, newest first, except the running process's own.
std::vector<RecoveryCandidate> findRecoveryFiles(const QString& dir);
void discardRecoveryFile(const RecoveryCandidate& candidate);

// Asks whether to restore the newest recovery file of the session's recovery folder. Restore opens
// it as an unsaved annotation; restore or discard remove every candidate, "later" keeps them.
// Returns true when an annotation was restored.
bool offerRecovery(QWidget* parent, SkeletonSession& session);

}  // namespace skein::ui
