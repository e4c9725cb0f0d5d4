#pragma once
// Keeping the process's resident memory near the brick caches' byte budgets.

namespace skein {

// Decoded bricks are large (32 KiB to a few MiB), short-lived buffers, allocated and freed on many
// worker threads. glibc's malloc raises its mmap threshold dynamically after such frees and from
// then on keeps freed bricks in per-thread arenas, so the resident memory drifts well above the
// RAM budget (measured: +230 MiB over a 512 + 512 MiB budget in the viewer's memory sweep). A fixed
// 32 KiB threshold gives every brick-sized buffer its own mapping, returned to the OS when freed,
// and at most two arenas keep the worker threads' small buffers together. Process-wide and
// idempotent; call at start-up, before the worker threads exist. No effect without glibc.
void returnLargeBuffersToTheOs();

}  // namespace skein
