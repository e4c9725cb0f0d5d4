#include "core/annotation/SkeletonEditor.h"

#include <chrono>

#include "core/annotation/SkeletonChange.h"
#include "core/annotation/SkeletonOps.h"

namespace skein::annotation {

namespace {

// One recorded operation: redo replays its primitive changes, undo reverts them in reverse.
class SkeletonCommand : public Command {
 public:
  SkeletonCommand(sk::Skeleton& skeleton, std::string text, std::vector<SkeletonChange> changes)
      : skeleton_(skeleton), text_(std::move(text)), changes_(std::move(changes)) {}
  void redo() override {
    for (const SkeletonChange& c : changes_) (void)applyChange(skeleton_, c, true);
  }
  void undo() override {
    for (auto it = changes_.rbegin(); it != changes_.rend(); ++it) (void)applyChange(skeleton_, *it, false);
  }
  std::string text() const override { return text_; }

 private:
  sk::Skeleton& skeleton_;
  std::string text_;
  std::vector<SkeletonChange> changes_;
};

std::int64_t systemMilliseconds() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

template <typename T>
bool failed(const Result<T>& r) {
  return !r.ok();
}
bool failed(const Status& s) { return !s.ok(); }

}  // namespace

SkeletonEditor::SkeletonEditor(sk::Skeleton& skeleton, UndoStack& stack, Clock clock)
    : skeleton_(skeleton), stack_(stack), clock_(clock ? std::move(clock) : Clock(systemMilliseconds)) {}

template <typename Op>
auto SkeletonEditor::run(std::string text, Op&& op) -> decltype(op(std::declval<ChangeRecorder&>())) {
  ChangeRecorder recorder(skeleton_);
  auto result = op(recorder);
  if (failed(result)) {
    recorder.rollback();
    return result;
  }
  if (!recorder.empty())
    stack_.pushApplied(std::make_unique<SkeletonCommand>(skeleton_, std::move(text), recorder.take()));
  return result;
}

Result<sk::NodeId> SkeletonEditor::createNode(const Vec3d& position, const NewNodeAttributes& attributes) {
  return run("Create node", [&](ChangeRecorder& r) { return ops::createNode(r, position, attributes, clock_()); });
}

Status SkeletonEditor::moveNode(sk::NodeId id, const Vec3d& position) {
  return run("Move node", [&](ChangeRecorder& r) { return ops::moveNode(r, id, position); });
}

Status SkeletonEditor::setRadius(sk::NodeId id, float radius) {
  return run("Set node radius", [&](ChangeRecorder& r) { return ops::setRadius(r, id, radius); });
}

Status SkeletonEditor::deleteNode(sk::NodeId id) {
  return run("Delete node", [&](ChangeRecorder& r) { return ops::deleteNode(r, id); });
}

Status SkeletonEditor::setActiveNode(std::optional<sk::NodeId> id) {
  return run("Select node", [&](ChangeRecorder& r) { return ops::setActiveNode(r, id); });
}

Status SkeletonEditor::createEdge(sk::NodeId a, sk::NodeId b) {
  return run("Create edge", [&](ChangeRecorder& r) { return ops::createEdge(r, a, b); });
}

Status SkeletonEditor::deleteEdge(sk::NodeId a, sk::NodeId b) {
  return run("Delete edge", [&](ChangeRecorder& r) { return ops::deleteEdge(r, a, b); });
}

Status SkeletonEditor::mergeTrees(sk::NodeId a, sk::NodeId b) {
  return run("Merge trees", [&](ChangeRecorder& r) { return ops::mergeTrees(r, a, b); });
}

Result<sk::TreeId> SkeletonEditor::createTree(sk::TreeProperties properties) {
  return run("Create tree", [&](ChangeRecorder& r) { return ops::createTree(r, std::move(properties)); });
}

Status SkeletonEditor::deleteTree(sk::TreeId id) {
  return run("Delete tree", [&](ChangeRecorder& r) { return ops::deleteTree(r, id); });
}

Status SkeletonEditor::renameTree(sk::TreeId id, std::string name) {
  const sk::Tree* t = skeleton_.tree(id);
  if (!t) return makeError(ErrorCode::NotFound, "tree " + std::to_string(id) + " does not exist");
  sk::TreeProperties props = t->props;
  props.name = std::move(name);
  return run("Rename tree", [&](ChangeRecorder& r) { return ops::setTreeProperties(r, id, std::move(props)); });
}

Status SkeletonEditor::setTreeColor(sk::TreeId id, std::optional<sk::Rgba> color) {
  const sk::Tree* t = skeleton_.tree(id);
  if (!t) return makeError(ErrorCode::NotFound, "tree " + std::to_string(id) + " does not exist");
  sk::TreeProperties props = t->props;
  props.color = color;
  return run("Change tree colour", [&](ChangeRecorder& r) { return ops::setTreeProperties(r, id, std::move(props)); });
}

Status SkeletonEditor::setTreeProperties(sk::TreeId id, sk::TreeProperties properties) {
  return run("Change tree", [&](ChangeRecorder& r) { return ops::setTreeProperties(r, id, std::move(properties)); });
}

Status SkeletonEditor::moveTreesToGroup(const std::vector<sk::TreeId>& trees, sk::GroupId group) {
  return run("Move trees to group", [&](ChangeRecorder& r) { return ops::moveTreesToGroup(r, trees, group); });
}

Result<sk::GroupId> SkeletonEditor::createGroup(std::string name, sk::GroupId parent) {
  return run("Create group", [&](ChangeRecorder& r) { return ops::createGroup(r, std::move(name), parent); });
}

Status SkeletonEditor::renameGroup(sk::GroupId id, std::string name) {
  return run("Rename group", [&](ChangeRecorder& r) { return ops::renameGroup(r, id, std::move(name)); });
}

Status SkeletonEditor::deleteGroup(sk::GroupId id) {
  return run("Delete group", [&](ChangeRecorder& r) { return ops::deleteGroup(r, id); });
}

Status SkeletonEditor::setComment(sk::NodeId node, std::string text) {
  return run("Set comment", [&](ChangeRecorder& r) { return ops::setComment(r, node, std::move(text)); });
}

Status SkeletonEditor::clearComment(sk::NodeId node) {
  return run("Clear comment", [&](ChangeRecorder& r) { return ops::clearComment(r, node); });
}

Status SkeletonEditor::pushBranchPoint(sk::NodeId node) {
  return run("Push branch point", [&](ChangeRecorder& r) { return ops::pushBranchPoint(r, node, clock_()); });
}

Result<sk::NodeId> SkeletonEditor::popBranchPoint() {
  return run("Pop branch point", [&](ChangeRecorder& r) { return ops::popBranchPoint(r); });
}

Result<ImportResult> SkeletonEditor::importSkeleton(const sk::Skeleton& other, const ImportOptions& options) {
  return run("Import skeleton", [&](ChangeRecorder& r) { return ops::importSkeleton(r, other, options); });
}

}  // namespace skein::annotation
