// Broadcast and strided kernels over shapes (see Kernels.binary, sumBroadcast, stridedCopy);
// `ndim` is at most kMaxDims (strided.h).
#pragma once

#include <cstdint>

#include "elementwise.h"

namespace ncps {

/** `y[idx] = a[idx . aStrides] op b[idx . bStrides]`, `y` contiguous with `shape`. */
template <typename T>
void binary(BinaryOp op, int ndim, const int64_t* shape, const T* a, const int64_t* aStrides,
            const T* b, const int64_t* bStrides, T* y);

/** `y[idx . yStrides] += x[idx]` for a contiguous `x` of `shape`. */
template <typename T>
void sumBroadcast(int ndim, const int64_t* shape, const T* x, T* y, const int64_t* yStrides);

/** `y[yOffset + idx . yStrides] = x[xOffset + idx . xStrides]` over `shape`. */
template <typename T>
void stridedCopy(int ndim, const int64_t* shape, const T* x, int64_t xOffset,
                 const int64_t* xStrides, T* y, int64_t yOffset, const int64_t* yStrides);

}  // namespace ncps
