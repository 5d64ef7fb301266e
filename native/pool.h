// The second core: one persistent worker thread, shared by every caller in the process.
#pragma once

#include <functional>

namespace ncps {

/**
 * Runs `first` on the calling thread and `second` on the worker, and returns when both are
 * done. When the worker is already busy (another JavaScript thread, or a call made from
 * inside a task) both run here, one after the other, so callers never wait on each other and
 * tasks never deadlock. An exception from either task reaches the caller once both ended.
 */
void runOnBothCores(const std::function<void()>& first, const std::function<void()>& second);

/** Below this many multiply-adds a split costs more (waking the worker) than it saves. */
constexpr double kParallelWork = 2e5;

}  // namespace ncps
