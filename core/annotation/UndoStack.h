#pragma once
// A small undo framework for core (QUndoStack lives in QtGui, which core must not use).
//
// A Command knows how to redo and undo itself. The stack records commands, groups several into
// one step with beginMacro/endMacro (one user gesture = one undo step), remembers a clean
// (saved) position, and counts revisions so observers can poll for changes or register a
// callback.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace skein::annotation {

class Command {
 public:
  virtual ~Command() = default;
  virtual void redo() = 0;
  virtual void undo() = 0;
  virtual std::string text() const = 0;
};

class UndoStack {
 public:
  // `limit` = maximum number of undo steps kept (0 = unlimited); the oldest are dropped first.
  explicit UndoStack(std::size_t limit = 0);
  ~UndoStack();
  UndoStack(const UndoStack&) = delete;
  UndoStack& operator=(const UndoStack&) = delete;

  // Runs command->redo() and records it. Redo steps beyond the current position are discarded.
  void push(std::unique_ptr<Command> command);
  // Records a command whose effect has already been applied (redo() is not called now).
  void pushApplied(std::unique_ptr<Command> command);

  // Everything pushed between beginMacro and the matching endMacro becomes one step. Macros
  // nest; an empty macro leaves no step.
  void beginMacro(std::string text);
  void endMacro();
  bool inMacro() const { return !openMacros_.empty(); }

  bool canUndo() const { return !inMacro() && index_ > 0; }
  bool canRedo() const { return !inMacro() && index_ < commands_.size(); }
  void undo();
  void redo();
  std::string undoText() const;
  std::string redoText() const;

  std::size_t count() const { return commands_.size(); }
  std::size_t index() const { return index_; }  // number of steps that are applied

  void setClean();
  bool isClean() const { return !inMacro() && cleanIndex_ == static_cast<std::int64_t>(index_); }
  void clear();  // forgets all steps (the model is unchanged); the current state becomes clean

  // Incremented whenever the model changed through this stack (push, undo, redo).
  std::uint64_t revision() const { return revision_; }
  void setChangedCallback(std::function<void()> callback) { changed_ = std::move(callback); }

 private:
  class Macro;
  void record(std::unique_ptr<Command> command);
  void changed();

  std::vector<std::unique_ptr<Command>> commands_;
  std::vector<std::unique_ptr<Macro>> openMacros_;
  std::size_t index_ = 0;
  std::int64_t cleanIndex_ = 0;  // -1: the clean state can no longer be reached
  std::size_t limit_;
  std::uint64_t revision_ = 0;
  std::function<void()> changed_;
};

}  // namespace skein::annotation
