#include "core/annotation/UndoStack.h"

#include <cassert>

namespace skein::annotation {

class UndoStack::Macro : public Command {
 public:
  explicit Macro(std::string text) : text_(std::move(text)) {}
  void redo() override {
    for (auto& c : children_) c->redo();
  }
  void undo() override {
    for (auto it = children_.rbegin(); it != children_.rend(); ++it) (*it)->undo();
  }
  std::string text() const override { return text_; }
  void add(std::unique_ptr<Command> c) { children_.push_back(std::move(c)); }
  bool empty() const { return children_.empty(); }

 private:
  std::string text_;
  std::vector<std::unique_ptr<Command>> children_;
};

UndoStack::UndoStack(std::size_t limit) : limit_(limit) {}
UndoStack::~UndoStack() = default;

void UndoStack::push(std::unique_ptr<Command> command) {
  command->redo();
  pushApplied(std::move(command));
}

void UndoStack::pushApplied(std::unique_ptr<Command> command) {
  if (inMacro()) {
    openMacros_.back()->add(std::move(command));
    changed();
    return;
  }
  record(std::move(command));
  changed();
}

void UndoStack::record(std::unique_ptr<Command> command) {
  if (index_ < commands_.size()) {
    commands_.erase(commands_.begin() + static_cast<std::ptrdiff_t>(index_), commands_.end());
    if (cleanIndex_ > static_cast<std::int64_t>(index_)) cleanIndex_ = -1;
  }
  commands_.push_back(std::move(command));
  ++index_;
  if (limit_ > 0 && commands_.size() > limit_) {
    commands_.erase(commands_.begin());
    --index_;
    if (cleanIndex_ >= 0) --cleanIndex_;  // 0 -> -1: the clean state was dropped
  }
}

void UndoStack::beginMacro(std::string text) { openMacros_.push_back(std::make_unique<Macro>(std::move(text))); }

void UndoStack::endMacro() {
  assert(inMacro());
  if (!inMacro()) return;
  std::unique_ptr<Macro> macro = std::move(openMacros_.back());
  openMacros_.pop_back();
  if (macro->empty()) return;
  if (inMacro())
    openMacros_.back()->add(std::move(macro));
  else
    record(std::move(macro));
}

void UndoStack::undo() {
  if (!canUndo()) return;
  --index_;
  commands_[index_]->undo();
  changed();
}

void UndoStack::redo() {
  if (!canRedo()) return;
  commands_[index_]->redo();
  ++index_;
  changed();
}

std::string UndoStack::undoText() const { return canUndo() ? commands_[index_ - 1]->text() : std::string(); }
std::string UndoStack::redoText() const { return canRedo() ? commands_[index_]->text() : std::string(); }

void UndoStack::setClean() { cleanIndex_ = static_cast<std::int64_t>(index_); }

void UndoStack::clear() {
  commands_.clear();
  openMacros_.clear();
  index_ = 0;
  cleanIndex_ = 0;
}

void UndoStack::changed() {
  ++revision_;
  if (changed_) changed_();
}

}  // namespace skein::annotation
