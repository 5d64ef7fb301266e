// The packed, register-blocked product `C += alpha * op(A) op(B)` (or `C = ...`), compiled once per
// instruction set. A translation unit defines NCPS_GEMM_ISA (its namespace), NCPS_GEMM_VEC_BYTES
// (SIMD width), NCPS_GEMM_MR (rows per micro-tile) and optionally NCPS_GEMM_VECS_PER_ROW (SIMD
// vectors per micro-tile row, default 2), then includes this file.
//
// The layout is the classic one: a KC-deep slice of B is packed into NR-wide column panels
// (kept in L2/L3), an MC-tall block of A into MR-tall row panels (kept in L1/L2), and a micro
// kernel keeps an MR x NR tile of C in registers while it walks the KC depth.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <utility>

#include "gemm_blocked_api.h"

namespace ncps {
namespace NCPS_GEMM_ISA {
// Everything but the two entry points stays in an anonymous namespace: a function with
// external linkage compiled here with -mavx2 could otherwise be picked by the linker for
// callers on CPUs without AVX2.
namespace {

constexpr int64_t kKC = 256;
constexpr int64_t kNC = 2048;
constexpr int kMR = NCPS_GEMM_MR;
constexpr int kVecBytes = NCPS_GEMM_VEC_BYTES;
#if defined(NCPS_GEMM_VECS_PER_ROW)
constexpr int kVecsPerRow = NCPS_GEMM_VECS_PER_ROW;
#else
constexpr int kVecsPerRow = 2;
#endif

template <typename T>
struct Simd {
  static constexpr int kLanes = kVecBytes / static_cast<int>(sizeof(T));
  static constexpr int kNR = kLanes * kVecsPerRow;
#if defined(__GNUC__)
  typedef T Vec __attribute__((vector_size(kVecBytes)));
#endif
};

// MC rows of A per block: a multiple of MR near 96.
constexpr int64_t kMC = (96 / kMR) * kMR;

/** A grow-only, 64-byte aligned buffer owned by one thread. */
template <typename T>
class Scratch {
 public:
  T* get(int64_t n) {
    if (n > size_) {
      data_.reset(static_cast<T*>(::operator new(static_cast<size_t>(n) * sizeof(T),
                                                 std::align_val_t(64))));
      size_ = n;
    }
    return data_.get();
  }

 private:
  struct Free {
    void operator()(T* p) const { ::operator delete(p, std::align_val_t(64)); }
  };
  std::unique_ptr<T, Free> data_;
  int64_t size_ = 0;
};

/**
 * Packs the `mc x kc` block of op(A) whose element (i, p) is `a[i * si + p * sp]` into
 * MR-tall panels, element (r, p) of a panel at `p * MR + r`; missing rows are zero.
 */
template <typename T>
void packA(int64_t mc, int64_t kc, const T* a, int64_t si, int64_t sp, T* out) {
  for (int64_t i0 = 0; i0 < mc; i0 += kMR) {
    const int64_t rows = std::min<int64_t>(kMR, mc - i0);
    if (rows == kMR && sp == 1) {
      const T* src[kMR];
      for (int r = 0; r < kMR; r++) src[r] = a + (i0 + r) * si;
      for (int64_t p = 0; p < kc; p++) {
        for (int r = 0; r < kMR; r++) out[r] = src[r][p];
        out += kMR;
      }
    } else if (si == 1) {
      // op(A) stored transposed: the panel's rows at one depth are contiguous.
      for (int64_t p = 0; p < kc; p++) {
        const T* src = a + i0 + p * sp;
        for (int64_t r = 0; r < rows; r++) out[r] = src[r];
        for (int64_t r = rows; r < kMR; r++) out[r] = T(0);
        out += kMR;
      }
    } else {
      for (int64_t p = 0; p < kc; p++) {
        for (int r = 0; r < kMR; r++) out[r] = r < rows ? a[(i0 + r) * si + p * sp] : T(0);
        out += kMR;
      }
    }
  }
}

// The in-register transposes below need __builtin_shufflevector (GCC 12+, clang).
#if defined(__GNUC__) && defined(__has_builtin)
#if __has_builtin(__builtin_shufflevector)
#define NCPS_GEMM_TRANSPOSE 1
#endif
#endif

#if defined(NCPS_GEMM_TRANSPOSE)
/**
 * Lane j of the two-source selection of transpose stage D (see transposeBlock): lane j of
 * row i (`kLow`) or of row i + D (`!kLow`), for rows i with `i & D == 0`; lanes L.. are the
 * second source's.
 */
template <int L, int D, bool kLow>
constexpr int stageLane(int j) {
  if (kLow) return (j & D) != 0 ? L + j - D : j;
  return (j & D) != 0 ? L + j : j + D;
}

template <typename V, int L, int D, bool kLow, int... J>
inline V stageShuffle(V a, V b, std::integer_sequence<int, J...>) {
  return __builtin_shufflevector(a, b, stageLane<L, D, kLow>(J)...);
}

/**
 * Transposes the L x L block held in `rows` (L = lanes of V) in log2(L) stages: stage D swaps
 * the upper-right D-block of each row i (`i & D == 0`) with the lower-left D-block of row i + D;
 * each swap is one two-source shuffle (vpermt2ps on AVX-512).
 */
template <typename V, int L, int D = L / 2>
inline void transposeBlock(V* rows) {
  if constexpr (D >= 1) {
    for (int i = 0; i < L; i++) {
      if ((i & D) != 0) continue;
      const V a = rows[i];
      const V b = rows[i + D];
      rows[i] = stageShuffle<V, L, D, true>(a, b, std::make_integer_sequence<int, L>());
      rows[i + D] = stageShuffle<V, L, D, false>(a, b, std::make_integer_sequence<int, L>());
    }
    transposeBlock<V, L, D / 2>(rows);
  }
}

/**
 * Packs a full panel of op(B) stored transposed (column c of the panel is the contiguous row
 * `src[c]`, e.g. Linear's weight in x W^T): L x L blocks transposed in registers instead of
 * one scalar load and store per element. Exact copies, so the product does not change.
 */
template <typename T>
void packTransposedPanel(int64_t kc, const T* const* src, T* out) {
  // The panel reads NR rows at once, too many streams for the hardware prefetcher when B is
  // not in cache (Linear's weight, a few MiB): ask for each row's data four lines ahead
  // (a prefetch past the end of the array is harmless).
  constexpr int64_t kPrefetchAhead = 256 / sizeof(T);
  constexpr int kNR = Simd<T>::kNR;
  constexpr int L = Simd<T>::kLanes;
  typedef typename Simd<T>::Vec V;
  int64_t p = 0;
  for (; p + L <= kc; p += L) {
    for (int v = 0; v < kVecsPerRow; v++) {
      V rows[L];
      for (int i = 0; i < L; i++) {
        std::memcpy(&rows[i], src[v * L + i] + p, sizeof(V));
        __builtin_prefetch(src[v * L + i] + p + kPrefetchAhead);
      }
      transposeBlock<V, L>(rows);
      for (int i = 0; i < L; i++) std::memcpy(out + (p + i) * kNR + v * L, &rows[i], sizeof(V));
    }
  }
  for (; p < kc; p++) {
    for (int c = 0; c < kNR; c++) out[p * kNR + c] = src[c][p];
  }
}
#endif

/**
 * Packs the `kc x nc` block of op(B) whose element (p, j) is `b[p * sp + j * sj]` into
 * NR-wide panels, element (p, c) of a panel at `p * NR + c`; missing columns are zero.
 */
template <typename T>
void packB(int64_t kc, int64_t nc, const T* b, int64_t sp, int64_t sj, T* out) {
  constexpr int kNR = Simd<T>::kNR;
  for (int64_t j0 = 0; j0 < nc; j0 += kNR) {
    const int64_t cols = std::min<int64_t>(kNR, nc - j0);
    if (cols == kNR && sj == 1) {
      for (int64_t p = 0; p < kc; p++) {
        std::memcpy(out, b + p * sp + j0, sizeof(T) * kNR);
        out += kNR;
      }
    } else if (sj == 1) {
      // The last, narrower panel: copy what is there, zeros after.
      for (int64_t p = 0; p < kc; p++) {
        const T* src = b + p * sp + j0;
        for (int64_t c = 0; c < cols; c++) out[c] = src[c];
        for (int64_t c = cols; c < kNR; c++) out[c] = T(0);
        out += kNR;
      }
    } else if (cols == kNR) {
      const T* src[kNR];
      for (int c = 0; c < kNR; c++) src[c] = b + (j0 + c) * sj;
#if defined(NCPS_GEMM_TRANSPOSE)
      if (sp == 1) {
        packTransposedPanel<T>(kc, src, out);
        out += kc * kNR;
        continue;
      }
#endif
      for (int64_t p = 0; p < kc; p++) {
        for (int c = 0; c < kNR; c++) out[c] = src[c][p * sp];
        out += kNR;
      }
    } else {
      for (int64_t p = 0; p < kc; p++) {
        for (int c = 0; c < kNR; c++) out[c] = c < cols ? b[p * sp + (j0 + c) * sj] : T(0);
        out += kNR;
      }
    }
  }
}

/**
 * `C[rows, cols] += alpha * tile`, rounding once into C's element type. With `overwrite` C is
 * not read: the sum starts from zero, exactly as if C had been zero-filled first.
 */
template <typename T>
inline void addTile(const T* tile, int64_t rows, int64_t cols, double alpha, bool overwrite,
                    T* c, int64_t ldc) {
  constexpr int kNR = Simd<T>::kNR;
  for (int64_t r = 0; r < rows; r++) {
    T* crow = c + r * ldc;
    const T* trow = tile + r * kNR;
    // `T(0) + x` rather than `x`: a zero-filled C turns a -0 sum into +0, so must this.
    if (overwrite && alpha == 1) {
      for (int64_t j = 0; j < cols; j++) crow[j] = static_cast<T>(T(0) + trow[j]);
    } else if (overwrite) {
      for (int64_t j = 0; j < cols; j++) {
        crow[j] = static_cast<T>(0.0 + alpha * static_cast<double>(trow[j]));
      }
    } else if (alpha == 1) {
      for (int64_t j = 0; j < cols; j++) crow[j] = static_cast<T>(crow[j] + trow[j]);
    } else {
      for (int64_t j = 0; j < cols; j++) {
        crow[j] = static_cast<T>(crow[j] + alpha * static_cast<double>(trow[j]));
      }
    }
  }
}

/** Where microKernel puts its tile: a row-major buffer, or straight into a full tile of C. */
enum class TileStore { kBuffer, kOverwrite, kAdd };

/**
 * The MR x NR tile `sum_p Ap[:, p] Bp[p, :]` over `kc`: written row-major into `out` (rows
 * `ldo` apart) with kBuffer; with kOverwrite `out = 0 + tile`, with kAdd `out += tile`, the
 * values of addTile with alpha 1, without the trip through a buffer.
 */
template <typename T, TileStore kStore = TileStore::kBuffer>
inline void microKernel(int64_t kc, const T* ap, const T* bp, T* out, int64_t ldo) {
  constexpr int kNR = Simd<T>::kNR;
#if defined(__GNUC__)
  typedef typename Simd<T>::Vec V;
  constexpr int kLanes = Simd<T>::kLanes;
  V acc[kMR][kVecsPerRow];
  for (int r = 0; r < kMR; r++) {
    for (int v = 0; v < kVecsPerRow; v++) acc[r][v] = V{};
  }
  for (int64_t p = 0; p < kc; p++) {
    V bv[kVecsPerRow];
    for (int v = 0; v < kVecsPerRow; v++) std::memcpy(&bv[v], bp + v * kLanes, sizeof(V));
    for (int r = 0; r < kMR; r++) {
      const T x = ap[r];
      for (int v = 0; v < kVecsPerRow; v++) acc[r][v] += x * bv[v];
    }
    ap += kMR;
    bp += kNR;
  }
  for (int r = 0; r < kMR; r++) {
    for (int v = 0; v < kVecsPerRow; v++) {
      T* at = out + r * ldo + v * kLanes;
      V value = acc[r][v];
      if (kStore == TileStore::kOverwrite) {
        value = V{} + value;  // as addTile: a zero-filled C turns a -0 sum into +0
      } else if (kStore == TileStore::kAdd) {
        V old;
        std::memcpy(&old, at, sizeof(V));
        value = old + value;
      }
      std::memcpy(at, &value, sizeof(V));
    }
  }
#else
  static_assert(kStore == TileStore::kBuffer, "direct tile stores need vector extensions");
  T* tile = out;
  (void)ldo;
  T acc[kMR][kNR] = {};
  for (int64_t p = 0; p < kc; p++) {
    for (int r = 0; r < kMR; r++) {
      const T x = ap[r];
      for (int j = 0; j < kNR; j++) acc[r][j] += x * bp[j];
    }
    ap += kMR;
    bp += kNR;
  }
  std::memcpy(tile, acc, sizeof(acc));
#endif
}

/**
 * The packed product. With `prepackedB` null, op(B) is packed here block by block; otherwise
 * `prepackedB` already holds all of op(B) in the layout of PackedBLayout (gemm_blocked_api.h)
 * and `b`, `ldb`, `transB` are unused.
 */
template <typename T>
void blocked(bool transA, bool transB, int64_t m, int64_t n, int64_t k, double alpha,
             const T* a, int64_t lda, const T* b, int64_t ldb, const T* prepackedB,
             bool overwrite, T* c, int64_t ldc) {
  constexpr int kNR = Simd<T>::kNR;
  thread_local Scratch<T> packedA;
  thread_local Scratch<T> packedB;
  // op(A)(i, p) = a[i * asi + p * asp]; op(B)(p, j) = b[p * bsp + j * bsj].
  const int64_t asi = transA ? 1 : lda;
  const int64_t asp = transA ? lda : 1;
  const int64_t bsp = transB ? 1 : ldb;
  const int64_t bsj = transB ? ldb : 1;
  const int64_t ncMax = std::min(kNC, n);
  const int64_t kcMax = std::min(kKC, k);
  const int64_t nPadded = ((n + kNR - 1) / kNR) * kNR;
  T* bp = prepackedB != nullptr ? nullptr : packedB.get(((ncMax + kNR - 1) / kNR) * kNR * kcMax);
  T* ap = packedA.get(((std::min(kMC, m) + kMR - 1) / kMR) * kMR * kcMax);
  alignas(64) T tile[kMR * kNR];

  for (int64_t jc = 0; jc < n; jc += kNC) {
    const int64_t nc = std::min(kNC, n - jc);
    for (int64_t pc = 0; pc < k; pc += kKC) {
      const int64_t kc = std::min(kKC, k - pc);
      const bool first = overwrite && pc == 0;
      const T* panels = bp;
      if (prepackedB != nullptr) {
        panels = prepackedB + pc * nPadded + jc * kc;
      } else {
        packB(kc, nc, b + pc * bsp + jc * bsj, bsp, bsj, bp);
      }
      for (int64_t ic = 0; ic < m; ic += kMC) {
        const int64_t mc = std::min(kMC, m - ic);
        packA(mc, kc, a + ic * asi + pc * asp, asi, asp, ap);
        for (int64_t jr = 0; jr < nc; jr += kNR) {
          const int64_t cols = std::min<int64_t>(kNR, nc - jr);
          for (int64_t ir = 0; ir < mc; ir += kMR) {
            const int64_t rows = std::min<int64_t>(kMR, mc - ir);
            T* ct = c + (ic + ir) * ldc + jc + jr;
#if defined(__GNUC__)
            if (rows == kMR && cols == kNR && alpha == 1) {
              if (first) {
                microKernel<T, TileStore::kOverwrite>(kc, ap + ir * kc, panels + jr * kc, ct, ldc);
              } else {
                microKernel<T, TileStore::kAdd>(kc, ap + ir * kc, panels + jr * kc, ct, ldc);
              }
              continue;
            }
#endif
            microKernel<T>(kc, ap + ir * kc, panels + jr * kc, tile, kNR);
            addTile<T>(tile, rows, cols, alpha, first, ct, ldc);
          }
        }
      }
    }
  }
}

}  // namespace

void blockedGemm(bool transA, bool transB, int64_t m, int64_t n, int64_t k, double alpha,
                 const double* a, int64_t lda, const double* b, int64_t ldb, bool overwrite,
                 double* c, int64_t ldc) {
  blocked<double>(transA, transB, m, n, k, alpha, a, lda, b, ldb, nullptr, overwrite, c, ldc);
}

void blockedGemm(bool transA, bool transB, int64_t m, int64_t n, int64_t k, double alpha,
                 const float* a, int64_t lda, const float* b, int64_t ldb, bool overwrite, float* c,
                 int64_t ldc) {
  blocked<float>(transA, transB, m, n, k, alpha, a, lda, b, ldb, nullptr, overwrite, c, ldc);
}

void blockedGemmPackedB(bool transA, int64_t m, int64_t n, int64_t k, double alpha,
                        const double* a, int64_t lda, const double* packedB, bool overwrite,
                        double* c, int64_t ldc) {
  blocked<double>(transA, false, m, n, k, alpha, a, lda, nullptr, 0, packedB, overwrite, c, ldc);
}

void blockedGemmPackedB(bool transA, int64_t m, int64_t n, int64_t k, double alpha,
                        const float* a, int64_t lda, const float* packedB, bool overwrite,
                        float* c, int64_t ldc) {
  blocked<float>(transA, false, m, n, k, alpha, a, lda, nullptr, 0, packedB, overwrite, c, ldc);
}

PackedBLayout packedBLayout(double) { return {Simd<double>::kNR, kKC}; }
PackedBLayout packedBLayout(float) { return {Simd<float>::kNR, kKC}; }

}  // namespace NCPS_GEMM_ISA
}  // namespace ncps
