#pragma once
// Callback conventions of the client module: every asynchronous call takes a Callback<T> that runs
// exactly once, later, on the thread that owns the client, with a Result<T>. awaitResult() runs a
// local event loop until the callback has run, for command-line tools and tests.

#include <QEventLoop>

#include <functional>
#include <optional>
#include <utility>

#include "core/base/Result.h"

namespace skein::client {

template <typename T>
using Callback = std::function<void(Result<T>)>;
using StatusCallback = std::function<void(Status)>;

// A Callback<In> that hands errors on and turns a value into a Result<T> with `convert`.
template <typename T, typename In, typename Convert>
Callback<In> mapResult(Convert convert, Callback<T> done) {
  return [convert = std::move(convert), done = std::move(done)](Result<In> r) {
    if (!r.ok()) return done(r.error());
    done(convert(r.value()));
  };
}

// Blocks (with a local event loop) until `start` has delivered its result.
template <typename T, typename Start>
Result<T> awaitResult(Start&& start) {
  std::optional<Result<T>> out;
  QEventLoop loop;
  start(Callback<T>([&](Result<T> r) {
    out.emplace(std::move(r));
    loop.quit();
  }));
  if (!out) loop.exec();
  return std::move(*out);
}

template <typename Start>
Status awaitStatus(Start&& start) {
  std::optional<Status> out;
  QEventLoop loop;
  start(StatusCallback([&](Status s) {
    out.emplace(std::move(s));
    loop.quit();
  }));
  if (!out) loop.exec();
  return std::move(*out);
}

}  // namespace skein::client
