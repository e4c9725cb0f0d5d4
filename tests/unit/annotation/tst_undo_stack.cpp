// The core undo framework: steps, macros (one gesture = one step), clean state, limits.

#include <QtTest>

#include "core/annotation/UndoStack.h"

using namespace skein::annotation;

namespace {

// Appends/removes a character of a shared string.
class AppendCommand : public Command {
 public:
  AppendCommand(std::string& target, char c) : target_(target), c_(c) {}
  void redo() override { target_.push_back(c_); }
  void undo() override { target_.pop_back(); }
  std::string text() const override { return std::string("append ") + c_; }

 private:
  std::string& target_;
  char c_;
};

}  // namespace

class TestUndoStack : public QObject {
  Q_OBJECT
 private slots:
  void pushUndoRedo() {
    std::string s;
    UndoStack stack;
    int notifications = 0;
    stack.setChangedCallback([&] { ++notifications; });
    QVERIFY(!stack.canUndo());
    stack.push(std::make_unique<AppendCommand>(s, 'a'));
    stack.push(std::make_unique<AppendCommand>(s, 'b'));
    QCOMPARE(s, std::string("ab"));
    QCOMPARE(stack.undoText(), std::string("append b"));
    stack.undo();
    QCOMPARE(s, std::string("a"));
    QCOMPARE(stack.redoText(), std::string("append b"));
    stack.redo();
    QCOMPARE(s, std::string("ab"));
    stack.undo();
    stack.push(std::make_unique<AppendCommand>(s, 'c'));  // discards the redo step
    QVERIFY(!stack.canRedo());
    QCOMPARE(s, std::string("ac"));
    QCOMPARE(stack.count(), std::size_t(2));
    QCOMPARE(notifications, 6);
    QCOMPARE(stack.revision(), std::uint64_t(6));
  }

  void macroIsOneStep() {
    std::string s;
    UndoStack stack;
    stack.beginMacro("type word");
    stack.push(std::make_unique<AppendCommand>(s, 'x'));
    stack.beginMacro("nested");
    stack.push(std::make_unique<AppendCommand>(s, 'y'));
    stack.endMacro();
    QVERIFY(!stack.canUndo());  // not while a gesture is open
    stack.push(std::make_unique<AppendCommand>(s, 'z'));
    stack.endMacro();
    QCOMPARE(stack.count(), std::size_t(1));
    QCOMPARE(stack.undoText(), std::string("type word"));
    stack.undo();
    QCOMPARE(s, std::string());
    stack.redo();
    QCOMPARE(s, std::string("xyz"));
    stack.beginMacro("nothing");
    stack.endMacro();
    QCOMPARE(stack.count(), std::size_t(1));  // an empty gesture leaves no step
  }

  void cleanState() {
    std::string s;
    UndoStack stack;
    QVERIFY(stack.isClean());
    stack.push(std::make_unique<AppendCommand>(s, 'a'));
    QVERIFY(!stack.isClean());
    stack.setClean();
    QVERIFY(stack.isClean());
    stack.push(std::make_unique<AppendCommand>(s, 'b'));
    QVERIFY(!stack.isClean());
    stack.undo();
    QVERIFY(stack.isClean());
    stack.undo();
    QVERIFY(!stack.isClean());
    stack.redo();
    QVERIFY(stack.isClean());
    // Saved at "ab", then undo and a different edit: the saved state is unreachable.
    stack.redo();
    stack.setClean();
    stack.undo();
    stack.push(std::make_unique<AppendCommand>(s, 'c'));
    stack.undo();
    QVERIFY(!stack.isClean());
    stack.clear();
    QVERIFY(stack.isClean());
  }

  void limitDropsOldestSteps() {
    std::string s;
    UndoStack stack(3);
    stack.setClean();
    for (char c : std::string("abcde")) stack.push(std::make_unique<AppendCommand>(s, c));
    QCOMPARE(stack.count(), std::size_t(3));
    while (stack.canUndo()) stack.undo();
    QCOMPARE(s, std::string("ab"));
    QVERIFY(!stack.isClean());  // the clean state fell off the stack
  }
};

QTEST_GUILESS_MAIN(TestUndoStack)
#include "tst_undo_stack.moc"
