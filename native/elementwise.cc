#include "elementwise.h"

#include <cmath>

#include "erf.h"
#include "pool.h"

namespace ncps {
namespace {

// The constants of src/backend/js/elementwise.ts.
constexpr double kLecunScale = 1.7159;
constexpr double kLecunSlope = 0.666;  // ncps uses 0.666, not 2/3
constexpr double kSqrt1_2 = 0.70710678118654757;  // Math.SQRT1_2
const double kGeluPdf = (2 / std::sqrt(3.141592653589793)) * kSqrt1_2 * 0.5;
constexpr double kSoftplusThreshold = 20;

/** Runs `body(begin, end)` over [0, n), on both cores when the elements are costly enough. */
template <typename Body>
void forRange(int64_t n, double costPerElement, const Body& body) {
  const int64_t half = n / 2;
  if (static_cast<double>(n) * costPerElement < kParallelWork * 4 || half == 0) {
    body(int64_t{0}, n);
    return;
  }
  runOnBothCores([&] { body(int64_t{0}, half); }, [&] { body(half, n); });
}

/** Rough cost of one element in multiply-adds, for the parallel threshold. */
double costOf(UnaryOp op) {
  switch (op) {
    case UnaryOp::kNeg:
    case UnaryOp::kAbs:
    case UnaryOp::kRelu:
    case UnaryOp::kSqrt:
      return 1;
    default:
      return 20;
  }
}

template <typename T>
void unaryRange(UnaryOp op, int64_t begin, int64_t end, const T* x, T* y) {
  switch (op) {
    case UnaryOp::kNeg:
      for (int64_t i = begin; i < end; i++) y[i] = static_cast<T>(-static_cast<double>(x[i]));
      return;
    case UnaryOp::kAbs:
      for (int64_t i = begin; i < end; i++) y[i] = static_cast<T>(std::fabs(double(x[i])));
      return;
    case UnaryOp::kExp:
      for (int64_t i = begin; i < end; i++) y[i] = static_cast<T>(std::exp(double(x[i])));
      return;
    case UnaryOp::kLog:
      for (int64_t i = begin; i < end; i++) y[i] = static_cast<T>(std::log(double(x[i])));
      return;
    case UnaryOp::kSqrt:
      for (int64_t i = begin; i < end; i++) y[i] = static_cast<T>(std::sqrt(double(x[i])));
      return;
    case UnaryOp::kTanh:
      for (int64_t i = begin; i < end; i++) y[i] = static_cast<T>(std::tanh(double(x[i])));
      return;
    case UnaryOp::kSigmoid:
      for (int64_t i = begin; i < end; i++) {
        y[i] = static_cast<T>(1 / (1 + std::exp(-double(x[i]))));
      }
      return;
    case UnaryOp::kRelu:
      // NaN propagates, as in torch (NaN <= 0 is false). A select in T, not a branch: the
      // loop vectorises, and random signs cost no mispredictions.
      for (int64_t i = begin; i < end; i++) {
        const T v = x[i];
        y[i] = v <= T(0) ? T(0) : v;
      }
      return;
    case UnaryOp::kSilu:
      for (int64_t i = begin; i < end; i++) {
        const double v = x[i];
        y[i] = static_cast<T>(v / (1 + std::exp(-v)));
      }
      return;
    case UnaryOp::kGelu:
      for (int64_t i = begin; i < end; i++) {
        const double v = x[i];
        y[i] = static_cast<T>(v * 0.5 * (1 + erf(v * kSqrt1_2)));
      }
      return;
    case UnaryOp::kSoftplus:
      for (int64_t i = begin; i < end; i++) {
        const double v = x[i];
        y[i] = static_cast<T>(v > kSoftplusThreshold ? v : std::log1p(std::exp(v)));
      }
      return;
    case UnaryOp::kLecunTanh:
      for (int64_t i = begin; i < end; i++) {
        y[i] = static_cast<T>(kLecunScale * std::tanh(kLecunSlope * double(x[i])));
      }
      return;
    case UnaryOp::kCount:
      return;
  }
}

template <typename T>
void unaryBackwardRange(UnaryOp op, int64_t begin, int64_t end, const T* x, const T* y,
                        const T* gy, T* gx) {
  switch (op) {
    case UnaryOp::kNeg:
      for (int64_t i = begin; i < end; i++) gx[i] = static_cast<T>(-double(gy[i]));
      return;
    case UnaryOp::kAbs:
      for (int64_t i = begin; i < end; i++) {
        const double v = x[i];
        gx[i] = static_cast<T>(v > 0 ? double(gy[i]) : v < 0 ? -double(gy[i]) : 0);
      }
      return;
    case UnaryOp::kExp:
      for (int64_t i = begin; i < end; i++) gx[i] = static_cast<T>(double(gy[i]) * y[i]);
      return;
    case UnaryOp::kLog:
      for (int64_t i = begin; i < end; i++) gx[i] = static_cast<T>(double(gy[i]) / x[i]);
      return;
    case UnaryOp::kSqrt:
      for (int64_t i = begin; i < end; i++) {
        gx[i] = static_cast<T>(double(gy[i]) / (2 * double(y[i])));
      }
      return;
    case UnaryOp::kTanh:
      for (int64_t i = begin; i < end; i++) {
        const double t = y[i];
        gx[i] = static_cast<T>(double(gy[i]) * (1 - t * t));
      }
      return;
    case UnaryOp::kSigmoid:
      for (int64_t i = begin; i < end; i++) {
        const double s = y[i];
        gx[i] = static_cast<T>(double(gy[i]) * (1 - s) * s);
      }
      return;
    case UnaryOp::kRelu:
      // torch's threshold_backward: zero where the output is <= 0. Both loads unconditional,
      // so that the select vectorises.
      for (int64_t i = begin; i < end; i++) {
        const T g = gy[i];
        gx[i] = y[i] <= T(0) ? T(0) : g;
      }
      return;
    case UnaryOp::kSilu:
      for (int64_t i = begin; i < end; i++) {
        const double v = x[i];
        const double s = 1 / (1 + std::exp(-v));
        gx[i] = static_cast<T>(double(gy[i]) * s * (1 + v * (1 - s)));
      }
      return;
    case UnaryOp::kGelu:
      for (int64_t i = begin; i < end; i++) {
        const double v = x[i];
        const double cdf = 0.5 * (1 + erf(v * kSqrt1_2));
        const double pdf = std::exp(-0.5 * v * v) * kGeluPdf;
        gx[i] = static_cast<T>(double(gy[i]) * (cdf + v * pdf));
      }
      return;
    case UnaryOp::kSoftplus:
      for (int64_t i = begin; i < end; i++) {
        const double v = x[i];
        if (v > kSoftplusThreshold) {
          gx[i] = gy[i];
        } else {
          const double z = std::exp(v);
          gx[i] = static_cast<T>((double(gy[i]) * z) / (z + 1));
        }
      }
      return;
    case UnaryOp::kLecunTanh:
      // The chain rule of torch's composition 1.7159 * tanh(0.666 * x), factor by factor.
      for (int64_t i = begin; i < end; i++) {
        const double t = std::tanh(kLecunSlope * double(x[i]));
        gx[i] = static_cast<T>(double(gy[i]) * kLecunScale * (1 - t * t) * kLecunSlope);
      }
      return;
    case UnaryOp::kCount:
      return;
  }
}

}  // namespace

template <typename T>
void unary(UnaryOp op, int64_t n, const T* x, T* y) {
  forRange(n, costOf(op), [&](int64_t begin, int64_t end) { unaryRange(op, begin, end, x, y); });
}

template <typename T>
void unaryBackward(UnaryOp op, int64_t n, const T* x, const T* y, const T* gy, T* gx) {
  forRange(n, costOf(op), [&](int64_t begin, int64_t end) {
    unaryBackwardRange(op, begin, end, x, y, gy, gx);
  });
}

template <typename T>
void scalarOp(BinaryOp op, int64_t n, const T* x, double s, bool scalarFirst, T* y) {
  switch (op) {
    case BinaryOp::kAdd:
      for (int64_t i = 0; i < n; i++) y[i] = static_cast<T>(x[i] + s);
      return;
    case BinaryOp::kMul:
      for (int64_t i = 0; i < n; i++) y[i] = static_cast<T>(x[i] * s);
      return;
    case BinaryOp::kSub:
      if (scalarFirst) {
        for (int64_t i = 0; i < n; i++) y[i] = static_cast<T>(s - x[i]);
      } else {
        for (int64_t i = 0; i < n; i++) y[i] = static_cast<T>(x[i] - s);
      }
      return;
    case BinaryOp::kDiv:
      if (scalarFirst) {
        for (int64_t i = 0; i < n; i++) y[i] = static_cast<T>(s / x[i]);
      } else {
        for (int64_t i = 0; i < n; i++) y[i] = static_cast<T>(x[i] / s);
      }
      return;
    case BinaryOp::kMinimum:
      for (int64_t i = 0; i < n; i++) y[i] = static_cast<T>(minimumOf(x[i], s));
      return;
    case BinaryOp::kMaximum:
      for (int64_t i = 0; i < n; i++) y[i] = static_cast<T>(maximumOf(x[i], s));
      return;
    case BinaryOp::kCount:
      return;
  }
}

template <typename T>
void axpy(int64_t n, double alpha, const T* x, T* y) {
  if (alpha == 1) {
    for (int64_t i = 0; i < n; i++) y[i] = static_cast<T>(y[i] + double(x[i]));
  } else {
    for (int64_t i = 0; i < n; i++) y[i] = static_cast<T>(y[i] + alpha * x[i]);
  }
}

#define NCPS_INSTANTIATE(T)                                                              \
  template void unary<T>(UnaryOp, int64_t, const T*, T*);                                \
  template void unaryBackward<T>(UnaryOp, int64_t, const T*, const T*, const T*, T*);    \
  template void scalarOp<T>(BinaryOp, int64_t, const T*, double, bool, T*);              \
  template void axpy<T>(int64_t, double, const T*, T*);
NCPS_INSTANTIATE(float)
NCPS_INSTANTIATE(double)
#undef NCPS_INSTANTIATE

}  // namespace ncps
