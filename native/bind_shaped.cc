// Exports the kernels over shapes: binary, sumBroadcast, stridedCopy, reduceMax and the
// softmax family. Shapes and strides arrive packed into one Float64Array (`dims`).
#include <initializer_list>

#include "bind.h"
#include "broadcast.h"
#include "reduce.h"
#include "strided.h"

namespace ncps {
namespace {

/** `ndim` and the `groups x ndim` integers of `dims` (shape first, then stride lists). */
struct Dims {
  int ndim = 0;
  int64_t values[3 * kMaxDims];
  const int64_t* group(int g) const { return values + g * ndim; }
};

void readDims(const Args& args, size_t ndimAt, int groups, Dims& d) {
  const int64_t ndim = args.count(ndimAt, "ndim");
  if (ndim > kMaxDims) {
    args.rangeError("ndim must be at most " + std::to_string(kMaxDims) + ", got " +
                    std::to_string(ndim));
  }
  d.ndim = static_cast<int>(ndim);
  args.integers(ndimAt + 1, "dims", groups * ndim, d.values);
  args.needShape(d.group(0), d.ndim, "shape");
}

BinaryOp binaryOp(const Args& args, size_t i) {
  const int64_t op = args.count(i, "op");
  if (op >= static_cast<int64_t>(BinaryOp::kCount)) {
    args.rangeError("op must be the index of a BinaryOp (0 to " +
                    std::to_string(static_cast<int>(BinaryOp::kCount) - 1) + "), got " +
                    std::to_string(op));
  }
  return static_cast<BinaryOp>(op);
}

// binary(op, ndim, dims = [shape, aStrides, bStrides], a, b, y)
void Binary(Args& args) {
  const BinaryOp op = binaryOp(args, 0);
  Dims d;
  readDims(args, 1, 3, d);
  const FloatArg a = args.floats(3, "a");
  const FloatArg b = args.floats(4, "b");
  const FloatArg y = args.floats(5, "y");
  args.needStrided(a, 0, d.group(0), d.group(1), d.ndim, "aStrides");
  args.needStrided(b, 0, d.group(0), d.group(2), d.ndim, "bStrides");
  args.needIndex(y, productOf(d.group(0), d.ndim) - 1, "the elements of shape");
  withType(args, [&](auto zero) {
    using T = decltype(zero);
    binary<T>(op, d.ndim, d.group(0), a.as<T>(), d.group(1), b.as<T>(), d.group(2), y.as<T>());
  });
}

// sumBroadcast(ndim, dims = [shape, yStrides], x, y)
void SumBroadcast(Args& args) {
  Dims d;
  readDims(args, 0, 2, d);
  const FloatArg x = args.floats(2, "x");
  const FloatArg y = args.floats(3, "y");
  args.needIndex(x, productOf(d.group(0), d.ndim) - 1, "the elements of shape");
  args.needStrided(y, 0, d.group(0), d.group(1), d.ndim, "yStrides");
  withType(args, [&](auto zero) {
    using T = decltype(zero);
    sumBroadcast<T>(d.ndim, d.group(0), x.as<T>(), y.as<T>(), d.group(1));
  });
}

// stridedCopy(ndim, dims = [shape, xStrides, yStrides], x, xOffset, y, yOffset)
void StridedCopy(Args& args) {
  Dims d;
  readDims(args, 0, 3, d);
  const FloatArg x = args.floats(2, "x");
  const int64_t xOffset = args.count(3, "xOffset");
  const FloatArg y = args.floats(4, "y");
  const int64_t yOffset = args.count(5, "yOffset");
  args.needStrided(x, xOffset, d.group(0), d.group(1), d.ndim, "xStrides");
  args.needStrided(y, yOffset, d.group(0), d.group(2), d.ndim, "yStrides");
  withType(args, [&](auto zero) {
    using T = decltype(zero);
    stridedCopy<T>(d.ndim, d.group(0), x.as<T>(), xOffset, d.group(1), y.as<T>(), yOffset,
                   d.group(2));
  });
}

/** outer, r, inner of a middle-axis kernel; r must be positive when there are lines. */
struct Lines {
  int64_t outer, r, inner;
  double size() const { return static_cast<double>(outer) * r * inner; }
  double lines() const { return static_cast<double>(outer) * inner; }
};

Lines readLines(const Args& args) {
  const Lines l{args.count(0, "outer"), args.count(1, "r"), args.count(2, "inner")};
  if (l.r == 0 && l.lines() > 0) args.rangeError("r must be at least 1, got 0");
  return l;
}

// reduceMax(outer, r, inner, x, y, argmax)
void ReduceMax(Args& args) {
  const Lines l = readLines(args);
  const FloatArg x = args.floats(3, "x");
  const FloatArg y = args.floats(4, "y");
  const Int32Arg argmax = args.int32s(5, "argmax");
  args.needIndex(x, l.size() - 1, "outer x r x inner");
  args.needIndex(y, l.lines() - 1, "outer x inner");
  args.needIndex(argmax, l.lines() - 1, "outer x inner");
  withType(args, [&](auto zero) {
    using T = decltype(zero);
    reduceMax<T>(l.outer, l.r, l.inner, x.as<T>(), y.as<T>(), argmax.data);
  });
}

/** A softmax-family kernel `(outer, r, inner, in, out)`. */
template <void (*KernelD)(int64_t, int64_t, int64_t, const double*, double*),
          void (*KernelF)(int64_t, int64_t, int64_t, const float*, float*)>
void lineMap(Args& args) {
  const Lines l = readLines(args);
  const FloatArg x = args.floats(3, "x");
  const FloatArg y = args.floats(4, "y");
  args.needIndex(x, l.size() - 1, "outer x r x inner");
  args.needIndex(y, l.size() - 1, "outer x r x inner");
  if (args.dtype() == Dtype::kFloat64) {
    KernelD(l.outer, l.r, l.inner, x.as<double>(), y.as<double>());
  } else {
    KernelF(l.outer, l.r, l.inner, x.as<float>(), y.as<float>());
  }
}

/** A softmax-family gradient `(outer, r, inner, y, gy, gx)`. */
template <void (*KernelD)(int64_t, int64_t, int64_t, const double*, const double*, double*),
          void (*KernelF)(int64_t, int64_t, int64_t, const float*, const float*, float*)>
void lineGrad(Args& args) {
  const Lines l = readLines(args);
  const FloatArg y = args.floats(3, "y");
  const FloatArg gy = args.floats(4, "gy");
  const FloatArg gx = args.floats(5, "gx");
  for (const FloatArg* a : {&y, &gy, &gx}) args.needIndex(*a, l.size() - 1, "outer x r x inner");
  if (args.dtype() == Dtype::kFloat64) {
    KernelD(l.outer, l.r, l.inner, y.as<double>(), gy.as<double>(), gx.as<double>());
  } else {
    KernelF(l.outer, l.r, l.inner, y.as<float>(), gy.as<float>(), gx.as<float>());
  }
}

const Export kExports[] = {
    {"binary", Binary},
    {"sumBroadcast", SumBroadcast},
    {"stridedCopy", StridedCopy},
    {"reduceMax", ReduceMax},
    {"softmax", lineMap<softmax<double>, softmax<float>>},
    {"softmaxBackward", lineGrad<softmaxBackward<double>, softmaxBackward<float>>},
    {"logSoftmax", lineMap<logSoftmax<double>, logSoftmax<float>>},
    {"logSoftmaxBackward", lineGrad<logSoftmaxBackward<double>, logSoftmaxBackward<float>>},
};

}  // namespace

ExportList shapedExports() { return {kExports, sizeof(kExports) / sizeof(kExports[0])}; }

}  // namespace ncps
