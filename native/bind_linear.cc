// Exports gemm and the three convolution kernels.
#include "bind.h"
#include "conv2d.h"
#include "gemm.h"

namespace ncps {
namespace {

// gemm(params, a, b, c) with params = [transA, transB, m, n, k, alpha, aOffset, lda, bOffset,
// ldb, beta, cOffset, ldc] (flags as 0/1): one typed array instead of 13 arguments halves
// the cost of a call, which dominates small products.
void Gemm(Args& args) {
  const double* p = args.numbers(0, "params", 13);
  const bool transA = p[0] != 0;
  const bool transB = p[1] != 0;
  const int64_t m = args.countOf(p[2], "m");
  const int64_t n = args.countOf(p[3], "n");
  const int64_t k = args.countOf(p[4], "k");
  const double alpha = p[5];
  const int64_t aOffset = args.countOf(p[6], "aOffset");
  const int64_t lda = args.countOf(p[7], "lda");
  const int64_t bOffset = args.countOf(p[8], "bOffset");
  const int64_t ldb = args.countOf(p[9], "ldb");
  const double beta = p[10];
  const int64_t cOffset = args.countOf(p[11], "cOffset");
  const int64_t ldc = args.countOf(p[12], "ldc");
  const FloatArg a = args.floats(1, "a");
  const FloatArg b = args.floats(2, "b");
  const FloatArg c = args.floats(3, "c");
  args.needMatrix(a, aOffset, transA ? k : m, transA ? m : k, lda, "lda");
  args.needMatrix(b, bOffset, transB ? n : k, transB ? k : n, ldb, "ldb");
  args.needMatrix(c, cOffset, m, n, ldc, "ldc");
  withType(args, [&](auto zero) {
    using T = decltype(zero);
    gemm<T>(transA, transB, m, n, k, alpha, a.as<T>() + aOffset, lda, b.as<T>() + bOffset, ldb,
            beta, c.as<T>() + cOffset, ldc);
  });
}

constexpr int kGeometryFields = 13;

/** Reads and checks a geometry packed by the adapter in Conv2dGeometry's field order. */
Conv2dGeometry geometry(const Args& args, size_t i) {
  int64_t v[kGeometryFields];
  args.integers(i, "geometry", kGeometryFields, v);
  const char* names[kGeometryFields] = {"batch",   "inChannels", "inHeight",     "inWidth",
                                        "outChannels", "kernelHeight", "kernelWidth", "strideH",
                                        "strideW", "padH",       "padW",         "outHeight",
                                        "outWidth"};
  for (int f = 0; f < kGeometryFields; f++) {
    if (v[f] < 0) {
      args.rangeError(std::string("g.") + names[f] + " must be non-negative, got " +
                      std::to_string(v[f]));
    }
  }
  const Conv2dGeometry g{v[0], v[1], v[2],  v[3],  v[4],  v[5], v[6],
                         v[7], v[8], v[9], v[10], v[11], v[12]};
  if (g.strideH < 1 || g.strideW < 1) {
    args.rangeError("g.strideH and g.strideW must be at least 1, got " +
                    std::to_string(g.strideH) + " and " + std::to_string(g.strideW));
  }
  const int64_t oh = g.inHeight + 2 * g.padH - g.kernelHeight;
  const int64_t ow = g.inWidth + 2 * g.padW - g.kernelWidth;
  const int64_t expectH = oh < 0 ? 0 : oh / g.strideH + 1;
  const int64_t expectW = ow < 0 ? 0 : ow / g.strideW + 1;
  if (g.outHeight != expectH || g.outWidth != expectW) {
    args.rangeError("g.outHeight x g.outWidth must be " + std::to_string(expectH) + "x" +
                    std::to_string(expectW) + " for this input, kernel, stride and padding, got " +
                    std::to_string(g.outHeight) + "x" + std::to_string(g.outWidth));
  }
  return g;
}

double inputSize(const Conv2dGeometry& g) {
  return static_cast<double>(g.batch) * g.inChannels * g.inHeight * g.inWidth;
}
double weightSize(const Conv2dGeometry& g) {
  return static_cast<double>(g.outChannels) * g.inChannels * g.kernelHeight * g.kernelWidth;
}
double outputSize(const Conv2dGeometry& g) {
  return static_cast<double>(g.batch) * g.outChannels * g.outHeight * g.outWidth;
}

// conv2d(geometry, x, weight, bias | null, y)
void Conv2d(Args& args) {
  const Conv2dGeometry g = geometry(args, 0);
  const FloatArg x = args.floats(1, "x");
  const FloatArg weight = args.floats(2, "weight");
  const bool hasBias = !args.isNull(3);
  const FloatArg bias = hasBias ? args.floats(3, "bias") : FloatArg{nullptr, 0, "bias"};
  const FloatArg y = args.floats(4, "y");
  args.needIndex(x, inputSize(g) - 1, "batch x inChannels x inHeight x inWidth");
  args.needIndex(weight, weightSize(g) - 1, "outChannels x inChannels x kernel");
  if (hasBias) args.needIndex(bias, static_cast<double>(g.outChannels) - 1, "outChannels");
  args.needIndex(y, outputSize(g) - 1, "batch x outChannels x outHeight x outWidth");
  withType(args, [&](auto zero) {
    using T = decltype(zero);
    conv2d<T>(g, x.as<T>(), weight.as<T>(), hasBias ? bias.as<T>() : nullptr, y.as<T>());
  });
}

// conv2dBackwardInput(geometry, gy, weight, gx)
void Conv2dBackwardInput(Args& args) {
  const Conv2dGeometry g = geometry(args, 0);
  const FloatArg gy = args.floats(1, "gy");
  const FloatArg weight = args.floats(2, "weight");
  const FloatArg gx = args.floats(3, "gx");
  args.needIndex(gy, outputSize(g) - 1, "batch x outChannels x outHeight x outWidth");
  args.needIndex(weight, weightSize(g) - 1, "outChannels x inChannels x kernel");
  args.needIndex(gx, inputSize(g) - 1, "batch x inChannels x inHeight x inWidth");
  withType(args, [&](auto zero) {
    using T = decltype(zero);
    conv2dBackwardInput<T>(g, gy.as<T>(), weight.as<T>(), gx.as<T>());
  });
}

// conv2dBackwardWeight(geometry, x, gy, gw)
void Conv2dBackwardWeight(Args& args) {
  const Conv2dGeometry g = geometry(args, 0);
  const FloatArg x = args.floats(1, "x");
  const FloatArg gy = args.floats(2, "gy");
  const FloatArg gw = args.floats(3, "gw");
  args.needIndex(x, inputSize(g) - 1, "batch x inChannels x inHeight x inWidth");
  args.needIndex(gy, outputSize(g) - 1, "batch x outChannels x outHeight x outWidth");
  args.needIndex(gw, weightSize(g) - 1, "outChannels x inChannels x kernel");
  withType(args, [&](auto zero) {
    using T = decltype(zero);
    conv2dBackwardWeight<T>(g, x.as<T>(), gy.as<T>(), gw.as<T>());
  });
}

const Export kExports[] = {
    {"gemm", Gemm},
    {"conv2d", Conv2d},
    {"conv2dBackwardInput", Conv2dBackwardInput},
    {"conv2dBackwardWeight", Conv2dBackwardWeight},
};

}  // namespace

ExportList linearExports() { return {kExports, sizeof(kExports) / sizeof(kExports[0])}; }

}  // namespace ncps
