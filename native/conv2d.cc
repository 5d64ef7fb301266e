#include "conv2d.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <memory>
#include <type_traits>
#include <utility>
#include <vector>

#include "gemm.h"
#include "pool.h"

// The phase splits below shuffle vectors with __builtin_shufflevector (GCC 12+, clang).
#if defined(__GNUC__) && defined(__has_builtin)
#if __has_builtin(__builtin_shufflevector)
#define NCPS_CONV_SHUFFLE 1
#endif
#endif

namespace ncps {
namespace {

// The column matrix of one image is
// col[(c * KH + kh) * KW + kw, oh * OW + ow] = x[c, oh * sh - ph + kh, ow * sw - pw + kw]
// (zero outside the image), so that y[b] = W[OC, C*KH*KW] . col[C*KH*KW, OH*OW].

/**
 * The output columns `[lo, hi)` whose input column `ow * sw - pw + kw` lies inside the image
 * (the others read the zero padding), so that the loops below need no test per element.
 */
void validColumns(const Conv2dGeometry& g, int64_t kw, int64_t* lo, int64_t* hi) {
  const int64_t first = g.padW - kw;  // ow * sw >= first
  const int64_t last = g.inWidth - 1 + g.padW - kw;  // ow * sw <= last
  *lo = first <= 0 ? 0 : (first + g.strideW - 1) / g.strideW;
  *hi = last < 0 ? 0 : std::min(g.outWidth, last / g.strideW + 1);
  if (*hi < *lo) *hi = *lo;
}

/** `col[ow] = line[ow * stride]` for ow in [lo, hi); common strides as constants (vectorised). */
template <typename T>
void gatherStrided(const T* line, int64_t stride, int64_t lo, int64_t hi, T* col) {
  switch (stride) {
    case 1:
      for (int64_t ow = lo; ow < hi; ow++) col[ow] = line[ow];  // short rows: no library call
      return;
    case 2:
      for (int64_t ow = lo; ow < hi; ow++) col[ow] = line[ow * 2];
      return;
    case 4:
      for (int64_t ow = lo; ow < hi; ow++) col[ow] = line[ow * 4];
      return;
    default:
      for (int64_t ow = lo; ow < hi; ow++) col[ow] = line[ow * stride];
  }
}

template <typename T, int kSlot = 0>
T* columnBuffer(int64_t n);

int64_t columnRows(const Conv2dGeometry& g) {
  return g.inChannels * g.kernelHeight * g.kernelWidth;
}

bool unpadded(const Conv2dGeometry& g) { return g.padH == 0 && g.padW == 0; }

/**
 * The first `done` entries of each phase of one row, `phases[q * width + t] = line[t * s + q]`
 * for t < done, by shuffles of four-float vectors: with stride 4, four vectors (16 pixels) are
 * a 4 x 4 block to transpose; with stride 2, two vectors split into even and odd pixels. 0 for
 * the other cases (then everything is left to the plain loop).
 */
template <typename T, int64_t kStride>
int64_t splitPhasesVector(const T* line, int64_t W, int64_t width, T* phases) {
#if defined(NCPS_CONV_SHUFFLE)
  if constexpr (std::is_same_v<T, float> && (kStride == 2 || kStride == 4)) {
    typedef float V __attribute__((vector_size(16)));
    int64_t t = 0;
    for (; (t + 4) * kStride <= W; t += 4) {
      V v[kStride];
      for (int i = 0; i < kStride; i++) std::memcpy(&v[i], line + t * kStride + 4 * i, sizeof(V));
      if (kStride == 2) {
        const V even = __builtin_shufflevector(v[0], v[1], 0, 2, 4, 6);
        const V odd = __builtin_shufflevector(v[0], v[1], 1, 3, 5, 7);
        std::memcpy(phases + t, &even, sizeof(V));
        std::memcpy(phases + width + t, &odd, sizeof(V));
      } else {
        // v[i] = pixels 4i .. 4i + 3 of the group; transposed, v[q] = pixels q, 4 + q, ...
        const V a = __builtin_shufflevector(v[0], v[1], 0, 4, 1, 5);
        const V b = __builtin_shufflevector(v[0], v[1], 2, 6, 3, 7);
        const V c = __builtin_shufflevector(v[2], v[3], 0, 4, 1, 5);
        const V d = __builtin_shufflevector(v[2], v[3], 2, 6, 3, 7);
        const V out[4] = {__builtin_shufflevector(a, c, 0, 1, 4, 5),
                          __builtin_shufflevector(a, c, 2, 3, 6, 7),
                          __builtin_shufflevector(b, d, 0, 1, 4, 5),
                          __builtin_shufflevector(b, d, 2, 3, 6, 7)};
        for (int q = 0; q < 4; q++) std::memcpy(phases + q * width + t, &out[q], sizeof(V));
      }
    }
    return t;
  }
#endif
  (void)line;
  (void)W;
  (void)width;
  (void)phases;
  return 0;
}

/**
 * The inverse of splitPhasesVector: `line[t * s + q] = phases[q * width + t]` for the first
 * `done` entries of each phase (returned; 0 where left to the plain loop).
 */
template <typename T, int64_t kStride>
int64_t mergePhasesVector(const T* phases, int64_t W, int64_t width, T* line) {
#if defined(NCPS_CONV_SHUFFLE)
  if constexpr (std::is_same_v<T, float> && (kStride == 2 || kStride == 4)) {
    typedef float V __attribute__((vector_size(16)));
    int64_t t = 0;
    for (; (t + 4) * kStride <= W; t += 4) {
      V v[kStride];
      for (int q = 0; q < kStride; q++) std::memcpy(&v[q], phases + q * width + t, sizeof(V));
      if (kStride == 2) {
        const V low = __builtin_shufflevector(v[0], v[1], 0, 4, 1, 5);
        const V high = __builtin_shufflevector(v[0], v[1], 2, 6, 3, 7);
        std::memcpy(line + t * 2, &low, sizeof(V));
        std::memcpy(line + t * 2 + 4, &high, sizeof(V));
      } else {
        // The same 4 x 4 transpose as in splitPhasesVector (it is its own inverse).
        const V a = __builtin_shufflevector(v[0], v[1], 0, 4, 1, 5);
        const V b = __builtin_shufflevector(v[0], v[1], 2, 6, 3, 7);
        const V c = __builtin_shufflevector(v[2], v[3], 0, 4, 1, 5);
        const V d = __builtin_shufflevector(v[2], v[3], 2, 6, 3, 7);
        const V out[4] = {__builtin_shufflevector(a, c, 0, 1, 4, 5),
                          __builtin_shufflevector(a, c, 2, 3, 6, 7),
                          __builtin_shufflevector(b, d, 0, 1, 4, 5),
                          __builtin_shufflevector(b, d, 2, 3, 6, 7)};
        for (int i = 0; i < 4; i++) std::memcpy(line + t * 4 + 4 * i, &out[i], sizeof(V));
      }
    }
    return t;
  }
#endif
  (void)phases;
  (void)W;
  (void)width;
  (void)line;
  return 0;
}

/** `image[r, t * s + q] = phases[(r, q), t]` (the inverse of splitPhases). */
template <typename T, int64_t kStride>
void mergePhases(const T* phases, int64_t rows, int64_t W, int64_t stride, int64_t width,
                 T* image) {
  const int64_t s = kStride > 0 ? kStride : stride;
  for (int64_t r = 0; r < rows; r++) {
    T* out = image + r * W;
    const T* from = phases + r * s * width;
    const int64_t done = mergePhasesVector<T, kStride>(from, W, width, out);
    for (int64_t q = 0; q < s; q++, from += width) {
      for (int64_t t = done; q + t * s < W; t++) out[q + t * s] = from[t];
    }
  }
}

/** `phases[(r, q), t] = image[r, t * s + q]` (see columnPhases); common strides as constants. */
template <typename T, int64_t kStride>
void splitPhases(const T* image, int64_t rows, int64_t W, int64_t stride, int64_t width,
                 T* phases) {
  const int64_t s = kStride > 0 ? kStride : stride;
  for (int64_t r = 0; r < rows; r++) {
    const T* line = image + r * W;
    T* out = phases + r * s * width;
    const int64_t done = splitPhasesVector<T, kStride>(line, W, width, out);
    for (int64_t q = 0; q < s; q++, out += width) {
      for (int64_t t = done; q + t * s < W; t++) out[t] = line[q + t * s];
    }
  }
}

/**
 * For convolutions without padding: a stride of s along the width splits each image row
 * into its s column phases (`phases[(c, ih, q), t] = image[c, ih, t * s + q]`, one pass over
 * the small image), after which every run of OW column-matrix entries is a contiguous copy,
 * where the plain im2col would gather every s-th pixel of the much larger column matrix.
 * Returns the image itself for stride 1. Pixel (c, ih, ow * s + kw) is then entry
 * `ow + kw / s` of row `(c * H + ih) * s + kw % s`, rows `*phaseWidth` long. With `images`
 * > 1, the phases of that many consecutive images, one after the other.
 */
template <typename T>
const T* columnPhases(const Conv2dGeometry& g, const T* image, int64_t* phaseWidth,
                     int64_t images = 1) {
  const int64_t W = g.inWidth, sw = g.strideW;
  *phaseWidth = W;
  if (sw == 1) return image;
  const int64_t width = (W + sw - 1) / sw;
  *phaseWidth = width;
  // Consecutive images' rows follow one another (so do their phases).
  const int64_t rows = images * g.inChannels * g.inHeight;
  T* phases = columnBuffer<T, 2>(rows * sw * width);
  switch (sw) {
    case 2:
      splitPhases<T, 2>(image, rows, W, sw, width, phases);
      break;
    case 4:
      splitPhases<T, 4>(image, rows, W, sw, width, phases);
      break;
    default:
      splitPhases<T, 0>(image, rows, W, sw, width, phases);
  }
  return phases;
}

/** im2col for convolutions without padding, by contiguous copies (see columnPhases). */
template <typename T>
void im2colInside(const Conv2dGeometry& g, const T* image, T* col) {
  const int64_t H = g.inHeight, OH = g.outHeight, OW = g.outWidth, sw = g.strideW;
  int64_t phaseWidth;
  const T* source = columnPhases(g, image, &phaseWidth);
  const int64_t rowStride = sw * phaseWidth;  // from one image row to the next in `source`
  for (int64_t c = 0; c < g.inChannels; c++) {
    const T* plane = source + c * H * rowStride;
    for (int64_t kh = 0; kh < g.kernelHeight; kh++) {
      for (int64_t kw = 0; kw < g.kernelWidth; kw++) {
        const T* line = plane + kh * rowStride + (kw % sw) * phaseWidth + kw / sw;
        for (int64_t oh = 0; oh < OH; oh++, col += OW, line += g.strideH * rowStride) {
          for (int64_t ow = 0; ow < OW; ow++) col[ow] = line[ow];
        }
      }
    }
  }
}

int64_t paddedColumns(const PackedBLayout& layout, int64_t n) {
  return (n + layout.nr - 1) / layout.nr * layout.nr;
}

/** A contiguous run of one packed row: `len` entries from `source + rowBase[p] + from`. */
struct Run {
  int64_t from, to, len;
};

/** `out[i * nr, +L) = source[base[i], +L)` for `rows` rows: copies of a length known here. */
template <typename T, int L>
void copyRows(T* out, int64_t nr, const T* source, const int64_t* base, int64_t rows) {
  for (int64_t i = 0; i < rows; i++) std::memcpy(out + i * nr, source + base[i], sizeof(T) * L);
}

template <typename T>
using CopyRows = void (*)(T*, int64_t, const T*, const int64_t*, int64_t);

// Runs up to this long copy with a fixed length (runs end at panel boundaries, and panels
// are at most 32 wide).
constexpr int kLongestRun = 32;

template <typename T, size_t... L>
constexpr std::array<CopyRows<T>, sizeof...(L)> copyRowsTable(std::index_sequence<L...>) {
  return {&copyRows<T, static_cast<int>(L)>...};
}

/**
 * A column matrix `[k, n]` whose element (p, j) is `source[rowBase[p] + offset(j)]`, where
 * `offset` is contiguous along runs of j, as the product's packed B (see PackedBLayout). Each
 * depth block's panels are written one after the other (row by row through all panels, the
 * writes would be a dozen streams 32 KiB apart, all in the same cache sets), and in a panel
 * run by run (`runs[panel]`, its columns as runs), each a column of copies of one length
 * (fixed-size copies instead of short loops) from neighbouring source rows.
 */
template <typename T>
void packRuns(const T* source, const std::vector<int64_t>& rowBase,
              const std::vector<std::vector<Run>>& runs, const PackedBLayout& layout, int64_t n,
              T* packed) {
  static constexpr std::array<CopyRows<T>, kLongestRun + 1> copies =
      copyRowsTable<T>(std::make_index_sequence<kLongestRun + 1>());
  const int64_t k = static_cast<int64_t>(rowBase.size()), nr = layout.nr;
  const int64_t panels = static_cast<int64_t>(runs.size());
  const int64_t nPadded = panels * nr;
  for (int64_t pc = 0; pc < k; pc += layout.kc) {
    const int64_t kc = std::min(layout.kc, k - pc);
    for (int64_t panel = 0; panel < panels; panel++) {
      T* out = packed + pc * nPadded + panel * kc * nr;
      for (const Run& r : runs[panel]) {
        if (r.len <= kLongestRun) {
          copies[r.len](out + r.to, nr, source + r.from, rowBase.data() + pc, kc);
          continue;
        }
        for (int64_t p = 0; p < kc; p++) {
          const T* from = source + rowBase[pc + p] + r.from;
          std::copy(from, from + r.len, out + p * nr + r.to);
        }
      }
      const int64_t valid = std::min(nr, n - panel * nr);
      if (valid < nr) {
        for (int64_t p = 0; p < kc; p++) std::fill(out + p * nr + valid, out + (p + 1) * nr, T(0));
      }
    }
  }
}

/**
 * Splits runs of a column matrix (`columnRuns`: `len` columns from column `to`, read at
 * `from`) at the panel boundaries of `layout`, as each panel's list of runs (`to` within it).
 */
std::vector<std::vector<Run>> panelRuns(const PackedBLayout& layout, int64_t n,
                                        const std::vector<Run>& columnRuns) {
  const int64_t nr = layout.nr;
  std::vector<std::vector<Run>> runs(static_cast<size_t>((n + nr - 1) / nr));
  for (const Run& run : columnRuns) {
    // run.to is the first column j; split where it crosses into the next panel.
    for (int64_t done = 0; done < run.len;) {
      const int64_t j = run.to + done;
      const int64_t len = std::min(run.len - done, nr - j % nr);
      runs[static_cast<size_t>(j / nr)].push_back({run.from + done, j % nr, len});
      done += len;
    }
  }
  return runs;
}

/**
 * The packed column matrix of convolutions without padding (im2colInside's values) of
 * `images` consecutive images side by side: row p = (c, kh, kw) starts in the column phases
 * (columnPhases) at rowBase[p], and each output row oh of each image is a run of OW columns.
 */
struct PackedColumns {
  std::vector<int64_t> rowBase;
  std::vector<std::vector<Run>> runs;

  PackedColumns(const Conv2dGeometry& g, const PackedBLayout& layout, int64_t images) {
    const int64_t sw = g.strideW;
    const int64_t phaseWidth = sw == 1 ? g.inWidth : (g.inWidth + sw - 1) / sw;
    const int64_t rowStride = sw * phaseWidth;
    const int64_t imageStride = g.inChannels * g.inHeight * rowStride;
    const int64_t ohw = g.outHeight * g.outWidth;
    for (int64_t c = 0; c < g.inChannels; c++) {
      for (int64_t kh = 0; kh < g.kernelHeight; kh++) {
        for (int64_t kw = 0; kw < g.kernelWidth; kw++) {
          rowBase.push_back((c * g.inHeight + kh) * rowStride + (kw % sw) * phaseWidth + kw / sw);
        }
      }
    }
    std::vector<Run> columnRuns;
    for (int64_t i = 0; i < images; i++) {
      for (int64_t oh = 0; oh < g.outHeight; oh++) {
        columnRuns.push_back(
            {i * imageStride + oh * g.strideH * rowStride, i * ohw + oh * g.outWidth, g.outWidth});
      }
    }
    runs = panelRuns(layout, images * ohw, columnRuns);
  }
};

/**
 * The packed transposed column matrix (im2colTransposed's values) without padding: row p is
 * output pixel p, starting at its receptive field's corner in the image; each (c, kh) is a run
 * of KW columns.
 */
struct PackedFields {
  std::vector<int64_t> rowBase;
  std::vector<std::vector<Run>> runs;

  PackedFields(const Conv2dGeometry& g, const PackedBLayout& layout) {
    for (int64_t oh = 0; oh < g.outHeight; oh++) {
      for (int64_t ow = 0; ow < g.outWidth; ow++) {
        rowBase.push_back(oh * g.strideH * g.inWidth + ow * g.strideW);
      }
    }
    std::vector<Run> columnRuns;
    const int64_t KW = g.kernelWidth;
    for (int64_t c = 0; c < g.inChannels; c++) {
      for (int64_t kh = 0; kh < g.kernelHeight; kh++) {
        columnRuns.push_back({(c * g.inHeight + kh) * g.inWidth, (c * g.kernelHeight + kh) * KW,
                              KW});
      }
    }
    runs = panelRuns(layout, columnRows(g), columnRuns);
  }
};

template <typename T>
void im2col(const Conv2dGeometry& g, const T* image, T* col) {
  if (unpadded(g)) return im2colInside(g, image, col);
  const int64_t H = g.inHeight, W = g.inWidth, OH = g.outHeight, OW = g.outWidth;
  const int64_t sw = g.strideW;
  for (int64_t c = 0; c < g.inChannels; c++) {
    const T* plane = image + c * H * W;
    for (int64_t kh = 0; kh < g.kernelHeight; kh++) {
      for (int64_t kw = 0; kw < g.kernelWidth; kw++) {
        int64_t lo, hi;
        validColumns(g, kw, &lo, &hi);
        for (int64_t oh = 0; oh < OH; oh++, col += OW) {
          const int64_t ih = oh * g.strideH - g.padH + kh;
          if (ih < 0 || ih >= H) {
            std::fill(col, col + OW, T(0));
            continue;
          }
          const T* line = plane + ih * W - g.padW + kw;  // line[ow * sw] for ow in [lo, hi)
          std::fill(col, col + lo, T(0));
          gatherStrided(line, sw, lo, hi, col);
          std::fill(col + hi, col + OW, T(0));
        }
      }
    }
  }
}

/**
 * im2colTransposed for convolutions without padding: every receptive field lies inside the
 * image, so each run of KW pixels is a plain copy, of a length known at compile time for the
 * common kernel widths (a few vector moves instead of a loop).
 */
template <typename T, int64_t kFixedKW>
void im2colTransposedInside(const Conv2dGeometry& g, const T* image, T* colT) {
  const int64_t H = g.inHeight, W = g.inWidth, KH = g.kernelHeight;
  const int64_t KW = kFixedKW > 0 ? kFixedKW : g.kernelWidth;
  const int64_t rowLength = g.inChannels * KH * KW;
  for (int64_t oh = 0; oh < g.outHeight; oh++) {
    for (int64_t ow = 0; ow < g.outWidth; ow++, colT += rowLength) {
      const T* corner = image + oh * g.strideH * W + ow * g.strideW;
      T* out = colT;
      for (int64_t c = 0; c < g.inChannels; c++) {
        const T* line = corner + c * H * W;
        for (int64_t kh = 0; kh < KH; kh++, out += KW, line += W) {
          if (kFixedKW > 0) {
            std::memcpy(out, line, sizeof(T) * kFixedKW);
          } else {
            for (int64_t kw = 0; kw < KW; kw++) out[kw] = line[kw];
          }
        }
      }
    }
  }
}

/**
 * The transposed column matrix, `colT[oh * OW + ow, (c * KH + kh) * KW + kw]`: each row is one
 * output pixel's receptive field, runs of KW input pixels. As the right operand of the weight
 * gradient it packs with plain row copies (the column matrix would need a transposing gather).
 */
template <typename T>
void im2colTransposed(const Conv2dGeometry& g, const T* image, T* colT) {
  if (unpadded(g)) {
    switch (g.kernelWidth) {
      case 3:
        return im2colTransposedInside<T, 3>(g, image, colT);
      case 4:
        return im2colTransposedInside<T, 4>(g, image, colT);
      case 5:
        return im2colTransposedInside<T, 5>(g, image, colT);
      case 8:
        return im2colTransposedInside<T, 8>(g, image, colT);
      default:
        return im2colTransposedInside<T, 0>(g, image, colT);
    }
  }
  const int64_t H = g.inHeight, W = g.inWidth, KH = g.kernelHeight, KW = g.kernelWidth;
  const int64_t rowLength = g.inChannels * KH * KW;
  for (int64_t oh = 0; oh < g.outHeight; oh++) {
    for (int64_t ow = 0; ow < g.outWidth; ow++, colT += rowLength) {
      const int64_t iw0 = ow * g.strideW - g.padW;
      // The kernel columns inside the image: kw in [lo, hi).
      const int64_t lo = std::max<int64_t>(0, -iw0);
      const int64_t hi = std::max(lo, std::min(KW, W - iw0));
      T* out = colT;
      for (int64_t c = 0; c < g.inChannels; c++) {
        const T* plane = image + c * H * W;
        for (int64_t kh = 0; kh < KH; kh++, out += KW) {
          const int64_t ih = oh * g.strideH - g.padH + kh;
          if (ih < 0 || ih >= H) {
            std::fill(out, out + KW, T(0));
            continue;
          }
          // Short runs (KW elements): plain loops, cheaper than library calls.
          const T* line = plane + ih * W + iw0;
          for (int64_t kw = 0; kw < lo; kw++) out[kw] = T(0);
          for (int64_t kw = lo; kw < hi; kw++) out[kw] = line[kw];
          for (int64_t kw = hi; kw < KW; kw++) out[kw] = T(0);
        }
      }
    }
  }
}

/**
 * The adjoint of im2col: adds every column entry back onto its pixel of `image`; the column
 * matrix's rows are `ld` apart (OH * OW for one image's matrix).
 */
template <typename T>
void col2imAdd(const Conv2dGeometry& g, const T* col, int64_t ld, T* image) {
  const int64_t H = g.inHeight, W = g.inWidth, OH = g.outHeight, OW = g.outWidth;
  const int64_t sw = g.strideW;
  for (int64_t c = 0; c < g.inChannels; c++) {
    T* plane = image + c * H * W;
    for (int64_t kh = 0; kh < g.kernelHeight; kh++) {
      for (int64_t kw = 0; kw < g.kernelWidth; kw++) {
        int64_t lo, hi;
        validColumns(g, kw, &lo, &hi);
        for (int64_t oh = 0; oh < OH; oh++) {
          const int64_t ih = oh * g.strideH - g.padH + kh;
          if (ih < 0 || ih >= H) continue;
          T* line = plane + ih * W - g.padW + kw;
          const T* in = col + oh * OW;
          for (int64_t ow = lo; ow < hi; ow++) line[ow * sw] += in[ow];
        }
        col += ld;
      }
    }
  }
}

/**
 * `line[oh * step, +L) += in[oh * L, +L)` for oh < rows: one kernel position's column entries
 * added onto their pixels, rows of a length known here (short rows: no loop per row).
 */
template <typename T, int L>
void addRows(T* __restrict line, int64_t step, const T* __restrict in, int64_t rows) {
  for (int64_t oh = 0; oh < rows; oh++, line += step, in += L) {
    for (int t = 0; t < L; t++) line[t] += in[t];
  }
}

template <typename T>
using AddRows = void (*)(T*, int64_t, const T*, int64_t);

// Output rows longer than this take the plain loop.
constexpr int kLongestAddRow = 32;

template <typename T, size_t... L>
constexpr std::array<AddRows<T>, sizeof...(L)> addRowsTable(std::index_sequence<L...>) {
  return {&addRows<T, static_cast<int>(L)>...};
}

/**
 * col2imAdd onto a zero image without padding. With a stride s > 1 along the width, the sums
 * build up in the image's column phases (see columnPhases), where each run of OW column
 * entries lands on contiguous pixels, and the phases are then interleaved into `image`; with
 * stride 1 they build up in `image` itself, which the caller zero-filled. Every pixel starts
 * from zero and takes the same additions in the same order as in col2imAdd, so the values
 * are the same.
 */
template <typename T>
void col2imInside(const Conv2dGeometry& g, const T* col, int64_t ld, T* image) {
  static constexpr std::array<AddRows<T>, kLongestAddRow + 1> adds =
      addRowsTable<T>(std::make_index_sequence<kLongestAddRow + 1>());
  const int64_t H = g.inHeight, W = g.inWidth, OH = g.outHeight, OW = g.outWidth;
  const int64_t sw = g.strideW;
  const int64_t phaseWidth = (W + sw - 1) / sw;
  const int64_t rowStride = sw * phaseWidth;
  const int64_t rows = g.inChannels * H;
  T* phases = image;
  if (sw > 1) {
    phases = columnBuffer<T, 2>(rows * rowStride);
    std::fill(phases, phases + rows * rowStride, T(0));
  }
  const int64_t step = g.strideH * rowStride;
  for (int64_t c = 0; c < g.inChannels; c++) {
    T* plane = phases + c * H * rowStride;
    for (int64_t kh = 0; kh < g.kernelHeight; kh++) {
      for (int64_t kw = 0; kw < g.kernelWidth; kw++, col += ld) {
        T* line = plane + kh * rowStride + (kw % sw) * phaseWidth + kw / sw;
        if (OW <= kLongestAddRow) {
          adds[OW](line, step, col, OH);
        } else {
          for (int64_t oh = 0; oh < OH; oh++, line += step) {
            const T* in = col + oh * OW;
            for (int64_t ow = 0; ow < OW; ow++) line[ow] += in[ow];
          }
        }
      }
    }
  }
  switch (sw) {
    case 1:
      return;
    case 2:
      return mergePhases<T, 2>(phases, rows, W, sw, phaseWidth, image);
    case 4:
      return mergePhases<T, 4>(phases, rows, W, sw, phaseWidth, image);
    default:
      return mergePhases<T, 0>(phases, rows, W, sw, phaseWidth, image);
  }
}

/**
 * This thread's column buffer of at least `n` elements, kept between calls: a fresh one per
 * call would be zero-filled (and, being large, freshly mapped) only to be overwritten.
 */
template <typename T, int kSlot>
T* columnBuffer(int64_t n) {
  thread_local std::vector<T> buffer;
  if (static_cast<int64_t>(buffer.size()) < n) buffer.resize(static_cast<size_t>(n));
  return buffer.data();
}

// Columns (output pixels of one or more images) per product where small images are
// multiplied a few at a time (the forward product and the input gradient's).
constexpr int64_t kColumnsPerProduct = 256;

/**
 * Runs `perImages(begin, end, secondCore)` over the batch: split in two halves over both
 * cores when the work is large and there are at least two images; otherwise all on this
 * thread, where the product itself may use the second core.
 */
template <typename Body>
void forImages(const Conv2dGeometry& g, const Body& perImages) {
  const double work = static_cast<double>(g.batch) * static_cast<double>(g.outChannels) *
                      static_cast<double>(g.outHeight * g.outWidth) *
                      static_cast<double>(columnRows(g));
  const int64_t half = g.batch / 2;
  if (work < kParallelWork || half == 0) {
    perImages(int64_t{0}, g.batch, false);
    return;
  }
  runOnBothCores([&] { perImages(int64_t{0}, half, true); },
                 [&] { perImages(half, g.batch, true); });
}

/** gemm, or its single-core form inside a task that already shares the cores. */
template <typename T>
void product(bool serial, bool transA, bool transB, int64_t m, int64_t n, int64_t k,
             const T* a, int64_t lda, const T* b, int64_t ldb, double beta, T* c, int64_t ldc) {
  if (serial) {
    gemmSerial(transA, transB, m, n, k, 1.0, a, lda, b, ldb, beta, c, ldc);
  } else {
    gemm(transA, transB, m, n, k, 1.0, a, lda, b, ldb, beta, c, ldc);
  }
}

}  // namespace

template <typename T>
void conv2d(const Conv2dGeometry& g, const T* x, const T* weight, const T* bias, T* y) {
  const int64_t ckk = columnRows(g);
  const int64_t ohw = g.outHeight * g.outWidth;
  const int64_t imageSize = g.inChannels * g.inHeight * g.inWidth;
  const int64_t OC = g.outChannels;
  forImages(g, [&](int64_t begin, int64_t end, bool serial) {
    // On one core of two, without padding: the column matrix straight in the packed layout,
    // of a few images side by side when they are small (as in conv2dBackwardInput).
    if (serial && unpadded(g) && OC >= kGemmDirectRows) {
      const PackedBLayout layout = gemmPackedBLayout<T>();
      const int64_t perProduct = std::min(std::max<int64_t>(1, kColumnsPerProduct / ohw),
                                          end - begin);
      T* col = columnBuffer<T>(ckk * paddedColumns(layout, perProduct * ohw));
      T* side = perProduct > 1 ? columnBuffer<T, 1>(OC * perProduct * ohw) : nullptr;
      std::unique_ptr<PackedColumns> columns;
      int64_t columnsFor = 0;  // the image count `columns` describes
      for (int64_t b0 = begin; b0 < end; b0 += perProduct) {
        const int64_t count = std::min(perProduct, end - b0);
        const int64_t n = count * ohw;
        if (columnsFor != count) {
          columns = std::make_unique<PackedColumns>(g, layout, count);
          columnsFor = count;
        }
        int64_t phaseWidth;
        const T* source = columnPhases(g, x + b0 * imageSize, &phaseWidth, count);
        packRuns(source, columns->rowBase, columns->runs, layout, n, col);
        // One image: straight into y; more: into `side` `[OC, n]`, then out to their images.
        T* out = count == 1 ? y + b0 * OC * ohw : side;
        double beta = 0;
        if (bias != nullptr) {
          for (int64_t oc = 0; oc < OC; oc++) std::fill(out + oc * n, out + (oc + 1) * n, bias[oc]);
          beta = 1;
        }
        gemmPackedB(false, OC, n, ckk, weight, ckk, col, beta, out, n);
        if (count > 1) {
          for (int64_t i = 0; i < count; i++) {
            for (int64_t oc = 0; oc < OC; oc++) {
              const T* from = side + oc * n + i * ohw;
              std::copy(from, from + ohw, y + ((b0 + i) * OC + oc) * ohw);
            }
          }
        }
      }
      return;
    }
    T* col = columnBuffer<T>(ckk * ohw);
    for (int64_t b = begin; b < end; b++) {
      im2col(g, x + b * imageSize, col);
      T* yb = y + b * OC * ohw;
      double beta = 0;
      if (bias != nullptr) {
        for (int64_t oc = 0; oc < OC; oc++) std::fill(yb + oc * ohw, yb + (oc + 1) * ohw, bias[oc]);
        beta = 1;
      }
      product(serial, false, false, OC, ohw, ckk, weight, ckk, col, ohw, beta, yb, ohw);
    }
  });
}

template <typename T>
void conv2dBackwardInput(const Conv2dGeometry& g, const T* gy, const T* weight, T* gx) {
  const int64_t ckk = columnRows(g);
  const int64_t ohw = g.outHeight * g.outWidth;
  const int64_t imageSize = g.inChannels * g.inHeight * g.inWidth;
  // A few images per product: their output gradients side by side as one `[OC, n * OH*OW]`
  // matrix, so that the weight is packed once for all of them and the product's last column
  // panel, padded to the micro-tile width, is a small part of the work (7x7 outputs alone
  // pad 49 columns to 64). Each column is summed as in a product per image.
  const int64_t OC = g.outChannels;
  const int64_t perProduct = std::max<int64_t>(1, kColumnsPerProduct / ohw);
  forImages(g, [&](int64_t begin, int64_t end, bool serial) {
    T* col = columnBuffer<T>(ckk * std::min(perProduct, end - begin) * ohw);
    T* side = perProduct > 1 ? columnBuffer<T, 1>(OC * perProduct * ohw) : nullptr;
    // Strided without padding: through the column phases, which write every pixel.
    const bool phased = unpadded(g) && g.strideW > 1;
    if (!phased) std::fill(gx + begin * imageSize, gx + end * imageSize, T(0));
    for (int64_t b0 = begin; b0 < end; b0 += perProduct) {
      const int64_t count = std::min(perProduct, end - b0);
      const int64_t n = count * ohw;
      const T* rhs = gy + b0 * OC * ohw;
      if (count > 1) {
        for (int64_t oc = 0; oc < OC; oc++) {
          for (int64_t i = 0; i < count; i++) {
            const T* from = gy + ((b0 + i) * OC + oc) * ohw;
            std::copy(from, from + ohw, side + oc * n + i * ohw);
          }
        }
        rhs = side;
      }
      product(serial, true, false, ckk, n, OC, weight, ckk, rhs, n, 0.0, col, n);
      for (int64_t i = 0; i < count; i++) {
        if (unpadded(g)) {
          col2imInside(g, col + i * ohw, n, gx + (b0 + i) * imageSize);
        } else {
          col2imAdd(g, col + i * ohw, n, gx + (b0 + i) * imageSize);
        }
      }
    }
  });
}

template <typename T>
void conv2dBackwardWeight(const Conv2dGeometry& g, const T* x, const T* gy, T* gw) {
  const int64_t ckk = columnRows(g);
  const int64_t ohw = g.outHeight * g.outWidth;
  const int64_t imageSize = g.inChannels * g.inHeight * g.inWidth;
  const int64_t wSize = g.outChannels * ckk;
  std::fill(gw, gw + wSize, T(0));
  // The second half of the batch sums into its own buffer, added to gw at the end.
  std::vector<T> second;
  forImages(g, [&](int64_t begin, int64_t end, bool serial) {
    T* target = gw;
    if (begin > 0) {
      second.assign(static_cast<size_t>(wSize), T(0));
      target = second.data();
    }
    const bool packed = serial && unpadded(g) && g.outChannels >= kGemmDirectRows;
    const PackedBLayout layout = gemmPackedBLayout<T>();
    T* colT = columnBuffer<T>(ohw * (packed ? paddedColumns(layout, ckk) : ckk));
    std::unique_ptr<PackedFields> fields;
    if (packed) fields = std::make_unique<PackedFields>(g, layout);
    for (int64_t b = begin; b < end; b++) {
      const T* gyb = gy + b * g.outChannels * ohw;
      if (packed) {
        packRuns(x + b * imageSize, fields->rowBase, fields->runs, layout, ckk, colT);
        gemmPackedB(false, g.outChannels, ckk, ohw, gyb, ohw, colT, 1.0, target, ckk);
      } else {
        im2colTransposed(g, x + b * imageSize, colT);
        product(serial, false, false, g.outChannels, ckk, ohw, gyb, ohw, colT, ckk, 1.0, target,
                ckk);
      }
    }
  });
  for (size_t i = 0; i < second.size(); i++) gw[i] += second[i];
}

#define NCPS_INSTANTIATE(T)                                                                   \
  template void conv2d<T>(const Conv2dGeometry&, const T*, const T*, const T*, T*);           \
  template void conv2dBackwardInput<T>(const Conv2dGeometry&, const T*, const T*, T*);        \
  template void conv2dBackwardWeight<T>(const Conv2dGeometry&, const T*, const T*, T*);
NCPS_INSTANTIATE(float)
NCPS_INSTANTIATE(double)
#undef NCPS_INSTANTIATE

}  // namespace ncps
