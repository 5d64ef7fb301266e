#include "broadcast.h"

#include <cstring>

#include "strided.h"

namespace ncps {
namespace {

// Float sums, differences, products and quotients computed in float equal the js kernels'
// (float64, then rounded): double has more than twice float's precision, so rounding twice
// gives the correctly rounded result. Computing in T lets these loops use full-width SIMD.
template <typename T>
void binaryRow(BinaryOp op, int64_t n, const T* a, int64_t as, const T* b, int64_t bs, T* y) {
  switch (op) {
    case BinaryOp::kAdd:
      if (as == 1 && bs == 1) {
        for (int64_t i = 0; i < n; i++) y[i] = a[i] + b[i];
      } else {
        for (int64_t i = 0; i < n; i++) y[i] = a[i * as] + b[i * bs];
      }
      return;
    case BinaryOp::kSub:
      if (as == 1 && bs == 1) {
        for (int64_t i = 0; i < n; i++) y[i] = a[i] - b[i];
      } else {
        for (int64_t i = 0; i < n; i++) y[i] = a[i * as] - b[i * bs];
      }
      return;
    case BinaryOp::kMul:
      if (as == 1 && bs == 1) {
        for (int64_t i = 0; i < n; i++) y[i] = a[i] * b[i];
      } else {
        for (int64_t i = 0; i < n; i++) y[i] = a[i * as] * b[i * bs];
      }
      return;
    case BinaryOp::kDiv:
      if (as == 1 && bs == 1) {
        for (int64_t i = 0; i < n; i++) y[i] = a[i] / b[i];
      } else {
        for (int64_t i = 0; i < n; i++) y[i] = a[i * as] / b[i * bs];
      }
      return;
    case BinaryOp::kMinimum:
      for (int64_t i = 0; i < n; i++) y[i] = static_cast<T>(minimumOf(a[i * as], b[i * bs]));
      return;
    case BinaryOp::kMaximum:
      for (int64_t i = 0; i < n; i++) y[i] = static_cast<T>(maximumOf(a[i * as], b[i * bs]));
      return;
    case BinaryOp::kCount:
      return;
  }
}

}  // namespace

template <typename T>
void binary(BinaryOp op, int ndim, const int64_t* shape, const T* a, const int64_t* aStrides,
            const T* b, const int64_t* bStrides, T* y) {
  int64_t yStrides[kMaxDims];
  contiguousStrides(ndim, shape, yStrides);
  const int64_t* strides[] = {aStrides, bStrides, yStrides};
  StridedRows it(ndim, shape, 3, strides, nullptr);
  const int64_t as = it.innerStride(0);
  const int64_t bs = it.innerStride(1);
  for (int64_t r = 0; r < it.rows(); r++) {
    binaryRow(op, it.inner(), a + it.offset(0), as, b + it.offset(1), bs, y + it.offset(2));
    it.next();
  }
}

template <typename T>
void sumBroadcast(int ndim, const int64_t* shape, const T* x, T* y, const int64_t* yStrides) {
  int64_t xStrides[kMaxDims];
  contiguousStrides(ndim, shape, xStrides);
  const int64_t* strides[] = {xStrides, yStrides};
  StridedRows it(ndim, shape, 2, strides, nullptr);
  const int64_t ys = it.innerStride(1);
  const int64_t n = it.inner();
  if (ys == 0) {
    // A reduced last axis: sum each row in a float64 register, in order, like the js kernel,
    // then add the sum to its y. Rows go in groups whose sums run side by side (one chain of
    // dependent additions would wait on each one's latency); the sums do not read y, and
    // each is added to its y in row order, so the results are the same as row by row.
    constexpr int kGroup = 8;
    for (int64_t r = 0; r < it.rows();) {
      const T* xr[kGroup];
      T* yr[kGroup];
      int count = 0;
      for (; count < kGroup && r < it.rows(); count++, r++) {
        xr[count] = x + it.offset(0);
        yr[count] = y + it.offset(1);
        it.next();
      }
      double s[kGroup] = {};
      if (count == kGroup) {
        for (int64_t i = 0; i < n; i++) {
          for (int j = 0; j < kGroup; j++) s[j] += xr[j][i];
        }
      } else {
        for (int j = 0; j < count; j++) {
          for (int64_t i = 0; i < n; i++) s[j] += xr[j][i];
        }
      }
      for (int j = 0; j < count; j++) *yr[j] = static_cast<T>(*yr[j] + s[j]);
    }
    return;
  }
  for (int64_t r = 0; r < it.rows(); r++) {
    const T* xr = x + it.offset(0);
    T* yr = y + it.offset(1);
    for (int64_t i = 0; i < n; i++) yr[i * ys] += xr[i];
    it.next();
  }
}

template <typename T>
void stridedCopy(int ndim, const int64_t* shape, const T* x, int64_t xOffset,
                 const int64_t* xStrides, T* y, int64_t yOffset, const int64_t* yStrides) {
  const int64_t* strides[] = {xStrides, yStrides};
  const int64_t bases[] = {xOffset, yOffset};
  StridedRows it(ndim, shape, 2, strides, bases);
  const int64_t xs = it.innerStride(0);
  const int64_t ys = it.innerStride(1);
  const int64_t n = it.inner();
  for (int64_t r = 0; r < it.rows(); r++) {
    const T* xr = x + it.offset(0);
    T* yr = y + it.offset(1);
    if (xs == 1 && ys == 1) {
      std::memmove(yr, xr, static_cast<size_t>(n) * sizeof(T));
    } else {
      for (int64_t i = 0; i < n; i++) yr[i * ys] = xr[i * xs];
    }
    it.next();
  }
}

#define NCPS_INSTANTIATE(T)                                                                 \
  template void binary<T>(BinaryOp, int, const int64_t*, const T*, const int64_t*, const T*, \
                          const int64_t*, T*);                                              \
  template void sumBroadcast<T>(int, const int64_t*, const T*, T*, const int64_t*);         \
  template void stridedCopy<T>(int, const int64_t*, const T*, int64_t, const int64_t*, T*,  \
                               int64_t, const int64_t*);
NCPS_INSTANTIATE(float)
NCPS_INSTANTIATE(double)
#undef NCPS_INSTANTIATE

}  // namespace ncps
