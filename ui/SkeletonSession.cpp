#include "ui/SkeletonSession.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QPointer>
#include <QStandardPaths>
#include <QTimer>

#include "core/skeleton/AtomicFile.h"

namespace skein::ui {

namespace {
Error ioError(const QString& what) { return makeError(ErrorCode::Io, what.toStdString()); }
}  // namespace

SkeletonSession::SkeletonSession(QObject* parent) : QObject(parent) {
  editor_ = std::make_unique<annotation::SkeletonEditor>(file_.nml.skeleton, stack_);
  stack_.setChangedCallback([this] { onStackChanged(); });
  recoveryDir_ = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/recovery");
  autosave_ = new QTimer(this);
  autosave_->setInterval(kDefaultAutosaveMs);
  connect(autosave_, &QTimer::timeout, this, [this] {
    if (isDirty() && !stack_.inMacro()) (void)writeRecoveryFile();
  });
  autosave_->start();
}

SkeletonSession::~SkeletonSession() {
  stack_.setChangedCallback({});
}

void SkeletonSession::onStackChanged() {
  emit skeletonChanged();
  emit undoStateChanged();
  updateDirty();
}

void SkeletonSession::endGesture() {
  editor_->endGesture();
  emit undoStateChanged();
  updateDirty();
}

void SkeletonSession::updateDirty() {
  const bool dirty = isDirty();
  if (dirty == lastDirty_) return;
  lastDirty_ = dirty;
  if (!dirty) removeRecoveryFile();
  emit dirtyChanged(dirty);
}

void SkeletonSession::replaceFile(annotation::AnnotationFile file, const QString& path, bool dirty) {
  file_ = std::move(file);  // same Skeleton object: the editor's reference stays valid
  stack_.clear();
  forcedDirty_ = dirty;
  if (path != path_) {
    path_ = path;
    emit filePathChanged(path_);
  }
  emit skeletonChanged();
  updateDirty();
}

void SkeletonSession::setRemote(std::shared_ptr<SkeletonRemote> remote) {
  if (remote == remote_) return;
  remote_ = std::move(remote);
  emit remoteChanged();
}

Status SkeletonSession::open(const QString& path) {
  auto read = annotation::readAnnotationFile(path.toStdString());
  if (!read.ok()) return read.error();
  setRemote(nullptr);
  replaceFile(std::move(read.value()), path, false);
  return {};
}

void SkeletonSession::openRemote(annotation::AnnotationFile file, std::shared_ptr<SkeletonRemote> remote) {
  setRemote(std::move(remote));
  replaceFile(std::move(file), QString(), false);
}

void SkeletonSession::saveToRemote(std::function<void(Status)> done) {
  if (!remote_) return done(makeError(ErrorCode::InvalidArgument, "the annotation is not bound to a server"));
  if (remote_->readOnly())
    return done(makeError(ErrorCode::Auth, "the server annotation is read-only for you; copy it to your account to edit it"));
  // The annotation stays unsaved (closing asks, the recovery file stays) until the server has the
  // changes: only then does the sent state become the clean one — unless it was edited meanwhile.
  const std::uint64_t sentRevision = stack_.revision();
  QPointer<SkeletonSession> self(this);
  std::shared_ptr<SkeletonRemote> remote = remote_;
  remote->save(file_.nml.skeleton, [self, remote, done, sentRevision](Status s) {
    if (self && self->remote_ == remote) {
      if (!s.ok()) {
        self->forcedDirty_ = true;
      } else if (self->stack_.revision() == sentRevision) {
        self->stack_.setClean();
        self->forcedDirty_ = false;
        emit self->undoStateChanged();
      }
      self->updateDirty();
    }
    done(s);
  });
}

void SkeletonSession::newAnnotation() {
  setRemote(nullptr);
  replaceFile({}, QString(), false);
}

Status SkeletonSession::save() {
  if (path_.isEmpty()) return makeError(ErrorCode::InvalidArgument, "the annotation has no file yet; use Save As");
  return saveAs(path_);
}

Status SkeletonSession::saveAs(const QString& path) {
  if (file_.nmlName.empty() || path != path_) file_.nmlName = QFileInfo(path).completeBaseName().toStdString() + ".nml";
  const Status written = annotation::writeAnnotationFile(path.toStdString(), file_);
  if (!written.ok()) return written;
  setRemote(nullptr);  // from now on the annotation is this file
  stack_.setClean();
  forcedDirty_ = false;
  emit undoStateChanged();
  if (path != path_) {
    path_ = path;
    emit filePathChanged(path_);
  }
  updateDirty();
  return {};
}

Result<annotation::ImportResult> SkeletonSession::importFile(const QString& path) {
  auto read = annotation::readAnnotationFile(path.toStdString());
  if (!read.ok()) return read.error();
  annotation::ImportOptions options;
  options.createGroup = true;
  options.groupName = QFileInfo(path).completeBaseName().toStdString();
  return editor_->importSkeleton(read->nml.skeleton, options);
}

void SkeletonSession::setAutosaveInterval(int ms) { autosave_->setInterval(std::max(ms, 10)); }
int SkeletonSession::autosaveInterval() const { return autosave_->interval(); }

void SkeletonSession::setRecoveryDirectory(const QString& dir) { recoveryDir_ = dir; }

QString SkeletonSession::recoveryFilePath() const {
  const QString suffix = file_.volumeData.empty() ? QStringLiteral("nml") : QStringLiteral("zip");
  return QStringLiteral("%1/skein-recovery-%2.%3").arg(recoveryDir_).arg(QCoreApplication::applicationPid()).arg(suffix);
}

Status SkeletonSession::writeRecoveryFile() {
  if (!QDir().mkpath(recoveryDir_)) return ioError(QStringLiteral("cannot create the recovery folder %1").arg(recoveryDir_));
  const QString target = recoveryFilePath();
  SKEIN_TRY(annotation::writeAnnotationFile(target.toStdString(), file_));
  const QString source = QFileInfo(target).path() + QLatin1Char('/') + QFileInfo(target).completeBaseName() +
                         QStringLiteral(".source");
  SKEIN_TRY(skeleton::writeFileAtomically(source.toStdString(), path_.toStdString()));
  if (!lastRecoveryFile_.isEmpty() && lastRecoveryFile_ != target) QFile::remove(lastRecoveryFile_);
  lastRecoveryFile_ = target;
  emit recoveryWritten(target);
  return {};
}

void SkeletonSession::removeRecoveryFile() {
  if (lastRecoveryFile_.isEmpty()) return;
  const QFileInfo info(lastRecoveryFile_);
  QFile::remove(lastRecoveryFile_);
  QFile::remove(info.path() + QLatin1Char('/') + info.completeBaseName() + QStringLiteral(".source"));
  lastRecoveryFile_.clear();
}

Status SkeletonSession::restoreRecovery(const QString& recoveryFile, const QString& originalPath) {
  auto read = annotation::readAnnotationFile(recoveryFile.toStdString());
  if (!read.ok()) return read.error();
  setRemote(nullptr);
  replaceFile(std::move(read.value()), originalPath, true);
  return {};
}

}  // namespace skein::ui
