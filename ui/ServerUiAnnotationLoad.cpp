// ServerUi: the skeleton of an opened server annotation goes into the window's skeleton tools.
#include <QMainWindow>

#include "core/client/WkClient.h"
#include "ui/AnnotationListDock.h"
#include "ui/ServerErrorText.h"
#include "ui/ServerProgress.h"
#include "ui/ServerUi.h"
#include "ui/ServerUiAnnotation.h"
#include "ui/SkeletonSession.h"
#include "ui/SkeletonUi.h"
#include "ui/ViewerSession.h"

namespace skein::ui {

using namespace skein::client;

namespace {

std::string authorIdOf(const ServerConnection& connection) {
  return connection.user() ? connection.user()->id : std::string();
}

}  // namespace

void ServerUi::loadAnnotationSkeleton(const ServerTarget& target) {
  // The skeleton tools are optional (a window without them only shows the dataset). SkeletonUi is
  // found when needed because it is created after ServerUi.
  if (!window_->findChild<SkeletonUi*>() || !target.client || !target.annotation) return;
  QPointer<WkClient> client = target.client;
  const AnnotationInfo info = *target.annotation;
  const std::optional<Vec3d> linkPosition = target.link.view.position;
  DownloadOptions options;
  options.skipVolumeData = true;
  annotations_->progress()->run<DownloadedFile>(
      tr("Downloading the annotation"),
      [client, id = info.id, options](Callback<DownloadedFile> cb) {
        if (!client) return cb(makeError(ErrorCode::Network, "the server connection was closed"));
        client->downloadAnnotation(id, options, cb);
      },
      [this, client, info, linkPosition](Result<DownloadedFile> file) {
        if (!file.ok()) return showError(describeServerError(file.error(), tr("Downloading the annotation")).toHtml());
        auto read = readDownloadedAnnotation(file->data, file->fileName);
        if (!read.ok())
          return showError(tr("The annotation from the server cannot be read: %1")
                               .arg(QString::fromStdString(read.error().message).toHtmlEscaped()));
        auto* skeletonUi = window_->findChild<SkeletonUi*>();
        if (!skeletonUi || !current_ || !current_->annotation || current_->annotation->id != info.id) return;
        const std::optional<Vec3d> position = annotationViewPosition(linkPosition, read->nml.skeleton);
        auto remote = std::make_shared<ServerAnnotationRemote>(client.data(), info, read->nml.skeleton, authorIdOf(*connection_));
        if (!skeletonUi->openServerAnnotation(std::move(read).value(), std::move(remote))) return;
        if (position) session_->setPosition(*position);
        emit annotationLoaded(QString::fromStdString(info.id));
      });
}

void ServerUi::rebindSkeletonTo(const AnnotationInfo& copy) {
  auto* skeletonUi = window_->findChild<SkeletonUi*>();
  if (!skeletonUi) return;
  SkeletonSession* session = skeletonUi->skeletonSession();
  auto* bound = dynamic_cast<ServerAnnotationRemote*>(session->remote());
  if (!bound || !current_ || !current_->client) return;
  // The copy holds what the original held when it was copied: the skeleton as it is now.
  session->bindRemote(std::make_shared<ServerAnnotationRemote>(current_->client, copy, session->skeleton(),
                                                               authorIdOf(*connection_)));
}

}  // namespace skein::ui
