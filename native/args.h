// Reading and checking the JavaScript arguments of one kernel call. Every check that keeps
// memory safe lives here: a kernel only runs once each array is known to hold every element
// it will touch. Failures throw ArgumentError with a message naming the function, the
// argument, what was expected and what was received.
#pragma once

#include <node_api.h>

#include <cstddef>
#include <cstdint>
#include <string>

namespace ncps {

/** The element type shared by the float arrays of one call. */
enum class Dtype { kUnset, kFloat32, kFloat64 };

/** A float typed array argument. */
struct FloatArg {
  void* data;
  int64_t length;
  const char* name;
  /** The data as `T*` (T must match the call's dtype). */
  template <typename T>
  T* as() const {
    return static_cast<T*>(data);
  }
};

/** An Int32Array argument. */
struct Int32Arg {
  int32_t* data;
  int64_t length;
  const char* name;
};

class Args {
 public:
  /** The `argc` arguments `argv` of a call to the exported function `fn`. */
  Args(napi_env env, const napi_value* argv, size_t argc, const char* fn);

  /** Any finite or infinite number. */
  double number(size_t i, const char* name) const;
  /** A non-negative safe integer (a size, an offset or a row stride). */
  int64_t count(size_t i, const char* name) const;
  /** A boolean. */
  bool flag(size_t i, const char* name) const;
  /** True when argument `i` is null or undefined. */
  bool isNull(size_t i) const;
  /** A Float32Array or Float64Array; every float array of a call has the same type. */
  FloatArg floats(size_t i, const char* name);
  /** An Int32Array. */
  Int32Arg int32s(size_t i, const char* name) const;
  /** Reads `n` safe integers from a Float64Array into `out` (shapes, strides, geometries). */
  void integers(size_t i, const char* name, int64_t n, int64_t* out) const;
  /** The first `n` numbers of a Float64Array (packed scalar parameters). */
  const double* numbers(size_t i, const char* name, int64_t n) const;
  /** `v`, checked to be a non-negative safe integer (a packed size, offset or stride). */
  int64_t countOf(double v, const char* name) const;

  /** The element type of the float arrays read so far. */
  Dtype dtype() const { return dtype_; }

  /** Throws RangeError unless `array` holds index `last` (`last < 0`: nothing is touched). */
  void needIndex(const FloatArg& array, double last, const std::string& what) const;
  void needIndex(const Int32Arg& array, double last, const std::string& what) const;
  /**
   * Checks `array` holds every element of a `rows x cols` matrix at `offset` with row stride
   * `ld` (at least `cols` when there are two or more rows).
   */
  void needMatrix(const FloatArg& array, int64_t offset, int64_t rows, int64_t cols, int64_t ld,
                  const char* ldName) const;
  /**
   * Checks `array` holds every element `offset + idx . strides` over `shape` (strides may
   * be negative or zero).
   */
  void needStrided(const FloatArg& array, int64_t offset, const int64_t* shape,
                   const int64_t* strides, int ndim, const char* stridesName) const;

  /** Checks a shape: non-negative sizes, fewer than 2^53 elements in all. */
  void needShape(const int64_t* shape, int ndim, const char* name) const;

  /** Throws a RangeError whose message starts with the function name. */
  [[noreturn]] void rangeError(const std::string& message) const;
  /** Throws a TypeError whose message starts with the function name. */
  [[noreturn]] void typeError(const std::string& message) const;

 private:
  napi_value at(size_t i) const;
  /** How a received value reads in a message: `undefined`, `-1`, `an Array`, `Int32Array`... */
  std::string describe(napi_value v) const;

  napi_env env_;
  const napi_value* argv_;
  size_t argc_;
  const char* fn_;
  Dtype dtype_ = Dtype::kUnset;
  const char* dtypeFrom_ = nullptr;
};

/** The product of `n` sizes, in double (exact below 2^53, never overflowing). */
double productOf(const int64_t* sizes, int n);

}  // namespace ncps
