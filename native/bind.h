// Shared plumbing of the exported functions (plain N-API, node_api.h): each export is a body
// that reads its arguments through Args and runs a kernel; argument errors become JavaScript
// TypeError / RangeError objects, and no C++ exception ever crosses into JavaScript.
#pragma once

#include <node_api.h>

#include <cstddef>

#include "args.h"

namespace ncps {

/** One exported function: its JavaScript name and its body. */
struct Export {
  const char* name;
  void (*body)(Args& args);
};

/** A group of exports. */
struct ExportList {
  const Export* items;
  size_t count;
};

/** Calls `run(T{})` with T = double or float, the element type of the call's arrays. */
template <typename Run>
void withType(const Args& args, const Run& run) {
  if (args.dtype() == Dtype::kFloat64) {
    run(double{});
  } else {
    run(float{});
  }
}

/** The exports of each group of kernels. */
ExportList linearExports();
ExportList elementwiseExports();
ExportList shapedExports();

}  // namespace ncps
