// Reductions along the middle axis of `[outer, r, inner]` arrays (see Kernels.reduceMax and
// the softmax family); same formulas and summation order as src/backend/js.
#pragma once

#include <cstdint>

namespace ncps {

/** `y[o, i] = max_j x[o, j, i]`, `argmax` the first index reaching it; a NaN wins. */
template <typename T>
void reduceMax(int64_t outer, int64_t r, int64_t inner, const T* x, T* y, int32_t* argmax);

/** Softmax over the middle axis. */
template <typename T>
void softmax(int64_t outer, int64_t r, int64_t inner, const T* x, T* y);

/** `gx = y * (gy - sum(gy * y))` over the middle axis. */
template <typename T>
void softmaxBackward(int64_t outer, int64_t r, int64_t inner, const T* y, const T* gy, T* gx);

/** Log-softmax over the middle axis. */
template <typename T>
void logSoftmax(int64_t outer, int64_t r, int64_t inner, const T* x, T* y);

/** `gx = gy - exp(y) * sum(gy)` over the middle axis. */
template <typename T>
void logSoftmaxBackward(int64_t outer, int64_t r, int64_t inner, const T* y, const T* gy,
                        T* gx);

}  // namespace ncps
