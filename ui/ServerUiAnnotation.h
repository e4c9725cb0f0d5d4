#pragma once
// A server annotation in the skeleton tools: its download (NML or zip, without volume data)
// read into an AnnotationFile, and the SkeletonRemote that Save uses — the tracingstore's save
// protocol (§8.2) through an UpdateQueue, with the changes since the last save as update actions.

#include <QByteArray>
#include <QPointer>
#include <QString>

#include <memory>
#include <optional>
#include <string>

#include "core/annotation/AnnotationFile.h"
#include "core/client/ApiTypes.h"
#include "ui/SkeletonSession.h"

namespace skein::client {
class UpdateQueue;
class WkClient;
}  // namespace skein::client

namespace skein::ui {

// The downloaded bytes as an annotation file (a zip is recognised by its content).
Result<annotation::AnnotationFile> readDownloadedAnnotation(const QByteArray& data, const std::string& fileName);

// Where the view goes for an opened annotation: the link's position if it has one, else the
// active node, else the annotation's edit position (nullopt: leave the view as it is).
std::optional<Vec3d> annotationViewPosition(const std::optional<Vec3d>& linkPosition, const skeleton::Skeleton& s);

class ServerAnnotationRemote : public SkeletonRemote {
 public:
  // `saved` is the annotation as downloaded: the base of the first save. `authorId` is the user's id.
  ServerAnnotationRemote(client::WkClient* client, client::AnnotationInfo info, skeleton::Skeleton saved,
                         std::string authorId);
  ~ServerAnnotationRemote() override;

  QString displayName() const override;
  bool readOnly() const override;
  void save(const skeleton::Skeleton& current, std::function<void(Status)> done) override;

  const client::AnnotationInfo& info() const { return info_; }
  client::UpdateQueue* queue() const { return queue_.get(); }  // nullptr before the first save

 private:
  std::string skeletonTracingId() const;
  void push(const skeleton::Skeleton& current, std::function<void(Status)> done);

  QPointer<client::WkClient> client_;
  client::AnnotationInfo info_;
  skeleton::Skeleton saved_;
  std::string authorId_;
  std::unique_ptr<client::UpdateQueue> queue_;
};

}  // namespace skein::ui
