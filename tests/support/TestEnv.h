#pragma once
// Where tests find things: the read-only shared fixtures (../shared, read in place, never copied),
// the build tree (skeinctl and other binaries) and the source tree.

#include <QString>

namespace skein::test {

QString sharedDir();                       // absolute path of ../shared
QString fixture(const QString& relative);  // sharedDir() + "/fixtures/" + relative
QString binaryDir();                       // the CMake build directory
QString sourceDir();
QString skeinctlPath();                    // <build>/app/skeinctl/skeinctl
bool inCi();                               // CI=true: a missing tool or display must fail, not skip

// Finds a program on PATH or in /usr/sbin, /usr/bin; empty when absent.
QString findProgram(const QString& name);

}  // namespace skein::test
