// General matrix product, row-major and BLAS-style (see Kernels.gemm in src/backend/kernels.ts).
#pragma once

#include <cstdint>

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

}  // namespace ncps
