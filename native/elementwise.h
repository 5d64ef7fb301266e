// Element-wise kernels. Each computes in double and rounds once into the element type, exactly
// like the js kernels (whose arithmetic is JavaScript's float64), and keeps their formulas
// operation for operation; only libm's exp/log/tanh may differ from V8's by an ulp.
#pragma once

#include <cstdint>
#include <limits>

namespace ncps {

/** Unary op codes: the index of each name in UNARY_OPS (src/backend/kernels.ts). */
enum class UnaryOp : int {
  kNeg,
  kAbs,
  kExp,
  kLog,
  kSqrt,
  kTanh,
  kSigmoid,
  kRelu,
  kSilu,
  kGelu,
  kSoftplus,
  kLecunTanh,
  kCount
};

/** Binary op codes: the index of each name in BINARY_OPS (src/backend/kernels.ts). */
enum class BinaryOp : int { kAdd, kSub, kMul, kDiv, kMinimum, kMaximum, kCount };

/** `y[i] = f(x[i])`; `y` may be `x`. */
template <typename T>
void unary(UnaryOp op, int64_t n, const T* x, T* y);

/** `gx[i] = gy[i] * f'(x[i])`, given `x` and `y = f(x)`. */
template <typename T>
void unaryBackward(UnaryOp op, int64_t n, const T* x, const T* y, const T* gy, T* gx);

/** `y[i] = x[i] op s`, or `s op x[i]` when `scalarFirst`. */
template <typename T>
void scalarOp(BinaryOp op, int64_t n, const T* x, double s, bool scalarFirst, T* y);

/** `y[i] += alpha * x[i]`. */
template <typename T>
void axpy(int64_t n, double alpha, const T* x, T* y);

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/** torch.minimum of two values: NaN when either is NaN. */
inline double minimumOf(double a, double b) {
  return a < b ? a : b < a ? b : (a != a || b != b) ? kNaN : a;
}

/** torch.maximum of two values: NaN when either is NaN. */
inline double maximumOf(double a, double b) {
  return a > b ? a : b > a ? b : (a != a || b != b) ? kNaN : a;
}

}  // namespace ncps
