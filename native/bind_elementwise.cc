// Exports unary, unaryBackward, scalarOp and axpy.
#include <initializer_list>

#include "bind.h"
#include "elementwise.h"

namespace ncps {
namespace {

UnaryOp unaryOp(const Args& args, size_t i) {
  const int64_t op = args.count(i, "op");
  if (op >= static_cast<int64_t>(UnaryOp::kCount)) {
    args.rangeError("op must be the index of a UnaryOp (0 to " +
                    std::to_string(static_cast<int>(UnaryOp::kCount) - 1) + "), got " +
                    std::to_string(op));
  }
  return static_cast<UnaryOp>(op);
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

// unary(op, n, x, y)
void Unary(Args& args) {
  const UnaryOp op = unaryOp(args, 0);
  const int64_t n = args.count(1, "n");
  const FloatArg x = args.floats(2, "x");
  const FloatArg y = args.floats(3, "y");
  args.needIndex(x, static_cast<double>(n) - 1, "n");
  args.needIndex(y, static_cast<double>(n) - 1, "n");
  withType(args, [&](auto zero) {
    using T = decltype(zero);
    unary<T>(op, n, x.as<T>(), y.as<T>());
  });
}

// unaryBackward(op, n, x, y, gy, gx)
void UnaryBackward(Args& args) {
  const UnaryOp op = unaryOp(args, 0);
  const int64_t n = args.count(1, "n");
  const FloatArg x = args.floats(2, "x");
  const FloatArg y = args.floats(3, "y");
  const FloatArg gy = args.floats(4, "gy");
  const FloatArg gx = args.floats(5, "gx");
  for (const FloatArg* a : {&x, &y, &gy, &gx}) args.needIndex(*a, static_cast<double>(n) - 1, "n");
  withType(args, [&](auto zero) {
    using T = decltype(zero);
    unaryBackward<T>(op, n, x.as<T>(), y.as<T>(), gy.as<T>(), gx.as<T>());
  });
}

// scalarOp(op, n, x, s, scalarFirst, y)
void ScalarOp(Args& args) {
  const BinaryOp op = binaryOp(args, 0);
  const int64_t n = args.count(1, "n");
  const FloatArg x = args.floats(2, "x");
  const double s = args.number(3, "s");
  const bool scalarFirst = args.flag(4, "scalarFirst");
  const FloatArg y = args.floats(5, "y");
  args.needIndex(x, static_cast<double>(n) - 1, "n");
  args.needIndex(y, static_cast<double>(n) - 1, "n");
  withType(args, [&](auto zero) {
    using T = decltype(zero);
    scalarOp<T>(op, n, x.as<T>(), s, scalarFirst, y.as<T>());
  });
}

// axpy(n, alpha, x, y)
void Axpy(Args& args) {
  const int64_t n = args.count(0, "n");
  const double alpha = args.number(1, "alpha");
  const FloatArg x = args.floats(2, "x");
  const FloatArg y = args.floats(3, "y");
  args.needIndex(x, static_cast<double>(n) - 1, "n");
  args.needIndex(y, static_cast<double>(n) - 1, "n");
  withType(args, [&](auto zero) {
    using T = decltype(zero);
    axpy<T>(n, alpha, x.as<T>(), y.as<T>());
  });
}

const Export kExports[] = {
    {"unary", Unary},
    {"unaryBackward", UnaryBackward},
    {"scalarOp", ScalarOp},
    {"axpy", Axpy},
};

}  // namespace

ExportList elementwiseExports() { return {kExports, sizeof(kExports) / sizeof(kExports[0])}; }

}  // namespace ncps
