#include "gemm.h"

#include <algorithm>
#include <vector>

#include "fused_cfc_math.h"
#include "gemm_blocked_api.h"
#include "pool.h"

namespace ncps {
namespace {

// Fewer rows than this: packing B would cost as much as the product, so run direct loops.
constexpr int64_t kDirectRows = kGemmDirectRows;

// The instruction set is the one the fused kernels use (simdLevel: what the CPU supports, capped
// by the fusedSimd test hook), so that the tests run every variant of the product on one CPU.
// The AVX2 and AVX-512 variants sum every element in the same order (one fused multiply-add
// per term, the same depth blocks), so they agree exactly; the baseline one rounds each
// product separately.
template <typename T>
void blockedGemm(bool transA, bool transB, int64_t m, int64_t n, int64_t k, double alpha,
                 const T* a, int64_t lda, const T* b, int64_t ldb, bool overwrite, T* c,
                 int64_t ldc) {
#if defined(NCPS_HAVE_AVX2) && (defined(__GNUC__) || defined(__clang__))
  switch (simdLevel()) {
    case SimdLevel::kAvx512:
      avx512::blockedGemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, overwrite, c, ldc);
      return;
    case SimdLevel::kAvx2:
      avx2::blockedGemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, overwrite, c, ldc);
      return;
    default:
      break;
  }
#endif
  generic::blockedGemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, overwrite, c, ldc);
}

/** `C *= beta`; beta 0 writes zeros without reading C (so NaN in C does not survive). */
template <typename T>
void scaleC(int64_t m, int64_t n, double beta, T* c, int64_t ldc) {
  if (beta == 1) return;
  for (int64_t i = 0; i < m; i++) {
    T* row = c + i * ldc;
    if (beta == 0) {
      std::fill(row, row + n, T(0));
    } else {
      for (int64_t j = 0; j < n; j++) row[j] = static_cast<T>(row[j] * beta);
    }
  }
}

/**
 * The few-row product: each row of op(A) times op(B), accumulated in a contiguous row
 * (`sum_p A[i, p] B[p, :]`, a streaming sweep over B's rows) or as dot products with B's
 * rows when B is stored transposed.
 */
template <typename T>
void directGemm(bool transA, bool transB, int64_t m, int64_t n, int64_t k, double alpha,
                const T* a, int64_t lda, const T* b, int64_t ldb, T* c, int64_t ldc) {
  const int64_t asi = transA ? 1 : lda;
  const int64_t asp = transA ? lda : 1;
  thread_local std::vector<T> work;
  if (static_cast<int64_t>(work.size()) < std::max(n, k)) work.resize(std::max(n, k));
  T* acc = work.data();
  for (int64_t i = 0; i < m; i++) {
    T* crow = c + i * ldc;
    if (!transB) {
      std::fill(acc, acc + n, T(0));
      for (int64_t p = 0; p < k; p++) {
        const T x = a[i * asi + p * asp];
        const T* brow = b + p * ldb;
        for (int64_t j = 0; j < n; j++) acc[j] += x * brow[j];
      }
      for (int64_t j = 0; j < n; j++) crow[j] = static_cast<T>(crow[j] + alpha * acc[j]);
    } else {
      // A's row, contiguous, so that each dot product streams two contiguous rows.
      const T* arow = a + i * asi;
      if (asp != 1) {
        for (int64_t p = 0; p < k; p++) acc[p] = a[i * asi + p * asp];
        arow = acc;
      }
      for (int64_t j = 0; j < n; j++) {
        const T* brow = b + j * ldb;
        // Four partial sums break the dependency chain of one long sum.
        T s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int64_t p = 0;
        for (; p + 4 <= k; p += 4) {
          s0 += arow[p] * brow[p];
          s1 += arow[p + 1] * brow[p + 1];
          s2 += arow[p + 2] * brow[p + 2];
          s3 += arow[p + 3] * brow[p + 3];
        }
        for (; p < k; p++) s0 += arow[p] * brow[p];
        crow[j] = static_cast<T>(crow[j] + alpha * ((s0 + s1) + (s2 + s3)));
      }
    }
  }
}

/**
 * `C = alpha op(A) op(B) + beta C` on this thread (k > 0, alpha != 0), by direct loops or by
 * the packed product (the caller decides from the whole product, so that a band of it is
 * summed like the whole). The packed product with beta 0 writes C without zero-filling it
 * first: the same values, one pass over C fewer.
 */
template <typename T>
void accumulate(bool direct, bool transA, bool transB, int64_t m, int64_t n, int64_t k,
                double alpha, const T* a, int64_t lda, const T* b, int64_t ldb, double beta,
                T* c, int64_t ldc) {
  if (m == 0 || n == 0) return;
  if (direct) {
    scaleC(m, n, beta, c, ldc);
    directGemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, c, ldc);
  } else {
    if (beta != 0) scaleC(m, n, beta, c, ldc);
    blockedGemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta == 0, c, ldc);
  }
}

}  // namespace

template <typename T>
void gemmSerial(bool transA, bool transB, int64_t m, int64_t n, int64_t k, double alpha,
                const T* a, int64_t lda, const T* b, int64_t ldb, double beta, T* c,
                int64_t ldc) {
  if (m == 0 || n == 0 || k == 0 || alpha == 0) {
    scaleC(m, n, beta, c, ldc);
    return;
  }
  accumulate(m < kDirectRows, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

template <typename T>
void gemm(bool transA, bool transB, int64_t m, int64_t n, int64_t k, double alpha, const T* a,
          int64_t lda, const T* b, int64_t ldb, double beta, T* c, int64_t ldc) {
  const double work = static_cast<double>(m) * static_cast<double>(n) * static_cast<double>(k);
  if (work < kParallelWork || alpha == 0) {
    gemmSerial(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    return;
  }
  // Each core owns a band of C (and scales it by beta itself), so every element is summed in
  // the same order as in the serial product: the result does not depend on the split. Bands
  // are whole micro-tiles.
  const bool direct = m < kDirectRows;
  const bool byRows = m >= n;
  const int64_t total = byRows ? m : n;
  const int64_t unit = byRows ? 8 : 16;
  const int64_t first = ((total / 2 + unit - 1) / unit) * unit;
  if (first >= total) {
    gemmSerial(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    return;
  }
  if (byRows) {
    const int64_t asi = transA ? 1 : lda;
    runOnBothCores(
        [&] {
          accumulate(direct, transA, transB, first, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        },
        [&] {
          accumulate(direct, transA, transB, m - first, n, k, alpha, a + first * asi, lda, b,
                     ldb, beta, c + first * ldc, ldc);
        });
  } else {
    const int64_t bsj = transB ? ldb : 1;
    runOnBothCores(
        [&] {
          accumulate(direct, transA, transB, m, first, k, alpha, a, lda, b, ldb, beta, c, ldc);
        },
        [&] {
          accumulate(direct, transA, transB, m, n - first, k, alpha, a, lda, b + first * bsj,
                     ldb, beta, c + first, ldc);
        });
  }
}

template <typename T>
PackedBLayout gemmPackedBLayout() {
#if defined(NCPS_HAVE_AVX2) && (defined(__GNUC__) || defined(__clang__))
  switch (simdLevel()) {
    case SimdLevel::kAvx512:
      return avx512::packedBLayout(T());
    case SimdLevel::kAvx2:
      return avx2::packedBLayout(T());
    default:
      break;
  }
#endif
  return generic::packedBLayout(T());
}

template <typename T>
void gemmPackedB(bool transA, int64_t m, int64_t n, int64_t k, const T* a, int64_t lda,
                 const T* packedB, double beta, T* c, int64_t ldc) {
  if (m == 0 || n == 0) return;
  if (k == 0) {
    scaleC(m, n, beta, c, ldc);
    return;
  }
  if (beta != 0) scaleC(m, n, beta, c, ldc);
  const bool overwrite = beta == 0;
#if defined(NCPS_HAVE_AVX2) && (defined(__GNUC__) || defined(__clang__))
  switch (simdLevel()) {
    case SimdLevel::kAvx512:
      avx512::blockedGemmPackedB(transA, m, n, k, 1.0, a, lda, packedB, overwrite, c, ldc);
      return;
    case SimdLevel::kAvx2:
      avx2::blockedGemmPackedB(transA, m, n, k, 1.0, a, lda, packedB, overwrite, c, ldc);
      return;
    default:
      break;
  }
#endif
  generic::blockedGemmPackedB(transA, m, n, k, 1.0, a, lda, packedB, overwrite, c, ldc);
}

template PackedBLayout gemmPackedBLayout<double>();
template PackedBLayout gemmPackedBLayout<float>();
template void gemmPackedB<double>(bool, int64_t, int64_t, int64_t, const double*, int64_t,
                                  const double*, double, double*, int64_t);
template void gemmPackedB<float>(bool, int64_t, int64_t, int64_t, const float*, int64_t,
                                 const float*, double, float*, int64_t);
template void gemm<double>(bool, bool, int64_t, int64_t, int64_t, double, const double*, int64_t,
                           const double*, int64_t, double, double*, int64_t);
template void gemm<float>(bool, bool, int64_t, int64_t, int64_t, double, const float*, int64_t,
                          const float*, int64_t, double, float*, int64_t);
template void gemmSerial<double>(bool, bool, int64_t, int64_t, int64_t, double, const double*,
                                 int64_t, const double*, int64_t, double, double*, int64_t);
template void gemmSerial<float>(bool, bool, int64_t, int64_t, int64_t, double, const float*,
                                int64_t, const float*, int64_t, double, float*, int64_t);

}  // namespace ncps
