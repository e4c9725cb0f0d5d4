#include "ui/ServerUiAnnotation.h"

#include <QDateTime>
#include <QObject>

#include "core/client/UpdateQueue.h"
#include "core/client/WkClient.h"
#include "ui/ServerUiSkeletonUpdates.h"

namespace skein::ui {

using namespace skein::client;

Result<annotation::AnnotationFile> readDownloadedAnnotation(const QByteArray& data, const std::string& fileName) {
  if (data.startsWith("PK")) return annotation::readAnnotationZip(data, fileName);
  skeleton::NmlReadOptions options;
  options.sourceName = fileName;
  annotation::AnnotationFile file;
  SKEIN_ASSIGN_OR_RETURN(file.nml, skeleton::readNml({data.constData(), static_cast<std::size_t>(data.size())}, options));
  file.nmlName = fileName;
  return file;
}

std::optional<Vec3d> annotationViewPosition(const std::optional<Vec3d>& linkPosition, const skeleton::Skeleton& s) {
  if (linkPosition) return linkPosition;
  if (s.activeNode)
    if (const skeleton::Node* n = s.node(*s.activeNode)) return n->position;
  if (s.parameters.editPosition != Vec3d{}) return s.parameters.editPosition;
  return std::nullopt;
}

ServerAnnotationRemote::ServerAnnotationRemote(WkClient* client, AnnotationInfo info, skeleton::Skeleton saved,
                                               std::string authorId)
    : client_(client), info_(std::move(info)), saved_(std::move(saved)), authorId_(std::move(authorId)) {}

ServerAnnotationRemote::~ServerAnnotationRemote() = default;

QString ServerAnnotationRemote::displayName() const {
  const std::string name = info_.name.empty() ? info_.id : info_.name;
  return QObject::tr("server annotation “%1”").arg(QString::fromStdString(name));
}

bool ServerAnnotationRemote::readOnly() const { return !info_.restrictions.allowUpdate; }

std::string ServerAnnotationRemote::skeletonTracingId() const {
  for (const auto& l : info_.layers)
    if (l.typ == "Skeleton") return l.tracingId;
  return {};
}

void ServerAnnotationRemote::save(const skeleton::Skeleton& current, std::function<void(Status)> done) {
  if (readOnly()) return done(makeError(ErrorCode::Auth, "the server annotation is read-only for you"));
  if (!client_) return done(makeError(ErrorCode::Network, "the server connection was closed; log in again to save"));
  if (skeletonTracingId().empty())
    return done(makeError(ErrorCode::Unsupported, "the server annotation has no skeleton layer to save to"));
  if (info_.tracingStore.url.empty())
    return done(makeError(ErrorCode::InvalidData, "the server did not name the annotation's tracingstore"));
  if (queue_) return push(current, std::move(done));
  // The first save continues from the tracingstore's newest version.
  const skeleton::Skeleton snapshot = current;
  client_->newestVersion(info_.tracingStore.url, info_.id, [this, snapshot, done](Result<std::int64_t> version) {
    if (!version.ok()) return done(version.error().withContext("saving " + displayName().toStdString()));
    if (!queue_) {
      QPointer<WkClient> client = client_;
      const std::string store = info_.tracingStore.url, id = info_.id;
      queue_ = std::make_unique<UpdateQueue>(
          [client, store, id](const nlohmann::json& groups, StatusCallback sent) {
            if (!client) return sent(makeError(ErrorCode::Network, "the server connection was closed"));
            client->postUpdateGroups(store, id, groups, sent);
          },
          authorId_, version.value());
    }
    push(snapshot, done);
  });
}

void ServerAnnotationRemote::push(const skeleton::Skeleton& current, std::function<void(Status)> done) {
  auto actions = skeletonUpdateActions(saved_, current, skeletonTracingId(), QDateTime::currentMSecsSinceEpoch());
  if (!actions.empty()) {
    saved_ = current;  // the queue keeps these changes until the server has them
    queue_->push(std::move(actions), "skein");
  }
  UpdateQueue* q = queue_.get();
  if (q->state() == UpdateQueue::State::Conflict)
    return done(makeError(ErrorCode::Http, "someone else changed the annotation on the server since it was opened; "
                                           "save a local copy (Save annotation as…) and open the annotation again"));
  if (q->state() == UpdateQueue::State::Stopped) q->flush();  // a failed save is tried again
  if (q->state() == UpdateQueue::State::Idle && q->pendingCount() == 0) return done(Status::success());
  // One report per save: when the queue is empty again, or when it stops.
  auto connections = std::make_shared<std::vector<QMetaObject::Connection>>();
  auto reported = std::make_shared<bool>(false);
  auto finish = [connections, reported, done](Status s) {
    if (*reported) return;
    *reported = true;
    for (const auto& c : *connections) QObject::disconnect(c);
    done(s);
  };
  connections->push_back(QObject::connect(q, &UpdateQueue::idle, q, [finish] { finish(Status::success()); }));
  connections->push_back(QObject::connect(q, &UpdateQueue::conflict, q, [finish](const QString& m) {
    finish(makeError(ErrorCode::Http, "someone else changed the annotation on the server: " + m.toStdString()));
  }));
  connections->push_back(QObject::connect(q, &UpdateQueue::stopped, q, [finish](const QString& m) {
    finish(makeError(ErrorCode::Network, "the server did not take the changes: " + m.toStdString()));
  }));
}

}  // namespace skein::ui
