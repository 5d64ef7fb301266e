// General matrix product, row-major and BLAS-style (see Kernels.gemm in src/backend/kernels.ts).
#pragma once

#include <cstdint>

#include "gemm_blocked_api.h"

namespace ncps {

/**
 * `C = alpha * op(A) * op(B) + beta * C` with `op(A)` `[m, k]`, `op(B)` `[k, n]`, `C` `[m, n]`;
 * `a`, `b`, `c` point at the first element, `lda`, `ldb`, `ldc` are row strides of the stored
 * matrices. Splits the work over both cores when it is large enough.
 */
template <typename T>
void gemm(bool transA, bool transB, int64_t m, int64_t n, int64_t k, double alpha, const T* a,
          int64_t lda, const T* b, int64_t ldb, double beta, T* c, int64_t ldc);

/** The same product on the calling thread only (for callers that split work themselves). */
template <typename T>
void gemmSerial(bool transA, bool transB, int64_t m, int64_t n, int64_t k, double alpha,
                const T* a, int64_t lda, const T* b, int64_t ldb, double beta, T* c, int64_t ldc);

/** Products of fewer rows than this run as direct loops (no packing), others packed. */
constexpr int64_t kGemmDirectRows = 4;

/** The layout gemmPackedB expects op(B) in, for T on this CPU (see PackedBLayout). */
template <typename T>
PackedBLayout gemmPackedBLayout();

/**
 * `C = op(A) * B + beta * C` on the calling thread, for `m >= kGemmDirectRows`, with B
 * `[k, n]` already packed as gemmPackedBLayout says: the same values as gemmSerial with B
 * stored plainly, for callers that can write B packed directly (the convolutions' column
 * matrices) and so skip a pass over it.
 */
template <typename T>
void gemmPackedB(bool transA, int64_t m, int64_t n, int64_t k, const T* a, int64_t lda,
                 const T* packedB, double beta, T* c, int64_t ldc);

}  // namespace ncps
