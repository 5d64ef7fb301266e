// Entry points of the packed product, one namespace per instruction set it is compiled for.
#pragma once

#include <cstdint>

namespace ncps {

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
  }

NCPS_DECLARE_BLOCKED_GEMM(generic)
#if defined(NCPS_HAVE_AVX2)
NCPS_DECLARE_BLOCKED_GEMM(avx2)
NCPS_DECLARE_BLOCKED_GEMM(avx512)
#endif

#undef NCPS_DECLARE_BLOCKED_GEMM

}  // namespace ncps
