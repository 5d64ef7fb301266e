// Entry points of the packed product, one namespace per instruction set it is compiled for.
#pragma once

#include <cstdint>

namespace ncps {

/**
 * How blockedGemmPackedB expects op(B) `[k, n]`: depth blocks of `kc` rows (the last one
 * shorter), each a row of `ceil(n / nr)` panels `nr` columns wide; element (p, j) of depth
 * block `pc = p - p % kc` (its depth `kcb = min(kc, k - pc)`) sits at
 * `pc * nPadded + (j / nr) * kcb * nr + (p - pc) * nr + j % nr` with
 * `nPadded = ceil(n / nr) * nr`. Columns past n are read and their results dropped.
 */
struct PackedBLayout {
  int64_t nr;
  int64_t kc;
};

#define NCPS_DECLARE_BLOCKED_GEMM(ISA)                                                       \
  namespace ISA {                                                                            \
  /**                                                                                        \
   * `C += alpha * op(A) op(B)` (beta already applied by the caller), or with `overwrite`    \
   * `C = alpha * op(A) op(B)` without reading C (the same values as zero-filling C first).   \
   */                                                                                        \
  void blockedGemm(bool transA, bool transB, int64_t m, int64_t n, int64_t k, double alpha,  \
                   const double* a, int64_t lda, const double* b, int64_t ldb,               \
                   bool overwrite, double* c, int64_t ldc);                                  \
  void blockedGemm(bool transA, bool transB, int64_t m, int64_t n, int64_t k, double alpha,  \
                   const float* a, int64_t lda, const float* b, int64_t ldb, bool overwrite, \
                   float* c, int64_t ldc);                                                   \
  /** The same with op(B) already packed (B is not transposed; see PackedBLayout). */       \
  void blockedGemmPackedB(bool transA, int64_t m, int64_t n, int64_t k, double alpha,        \
                          const double* a, int64_t lda, const double* packedB,               \
                          bool overwrite, double* c, int64_t ldc);                           \
  void blockedGemmPackedB(bool transA, int64_t m, int64_t n, int64_t k, double alpha,        \
                          const float* a, int64_t lda, const float* packedB, bool overwrite, \
                          float* c, int64_t ldc);                                            \
  /** The packed layout blockedGemmPackedB expects (the argument picks the element type). */ \
  PackedBLayout packedBLayout(double);                                                       \
  PackedBLayout packedBLayout(float);                                                        \
  }

NCPS_DECLARE_BLOCKED_GEMM(generic)
#if defined(NCPS_HAVE_AVX2)
NCPS_DECLARE_BLOCKED_GEMM(avx2)
NCPS_DECLARE_BLOCKED_GEMM(avx512)
#endif

#undef NCPS_DECLARE_BLOCKED_GEMM

}  // namespace ncps
