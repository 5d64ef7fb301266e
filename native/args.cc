#include "args.h"

#include <cmath>

#include "errors.h"

namespace ncps {
namespace {

constexpr double kMaxSafeInteger = 9007199254740991.0;

const char* typedArrayName(napi_typedarray_type t) {
  switch (t) {
    case napi_int8_array:
      return "Int8Array";
    case napi_uint8_array:
      return "Uint8Array";
    case napi_uint8_clamped_array:
      return "Uint8ClampedArray";
    case napi_int16_array:
      return "Int16Array";
    case napi_uint16_array:
      return "Uint16Array";
    case napi_int32_array:
      return "Int32Array";
    case napi_uint32_array:
      return "Uint32Array";
    case napi_float32_array:
      return "Float32Array";
    case napi_float64_array:
      return "Float64Array";
    default:
      return "a typed array";
  }
}

std::string numberText(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
  if (v == std::floor(v) && std::fabs(v) < 1e15) return std::to_string(static_cast<int64_t>(v));
  return std::to_string(v);
}

}  // namespace

Args::Args(napi_env env, const napi_value* argv, size_t argc, const char* fn)
    : env_(env), argv_(argv), argc_(argc), fn_(fn) {}

napi_value Args::at(size_t i) const {
  napi_value v = nullptr;
  if (i < argc_) return argv_[i];
  napi_get_undefined(env_, &v);
  return v;
}

std::string Args::describe(napi_value v) const {
  napi_valuetype type = napi_undefined;
  if (napi_typeof(env_, v, &type) != napi_ok) return "an unreadable value";
  switch (type) {
    case napi_undefined:
      return "undefined";
    case napi_null:
      return "null";
    case napi_boolean: {
      bool b = false;
      napi_get_value_bool(env_, v, &b);
      return b ? "true" : "false";
    }
    case napi_number: {
      double d = 0;
      napi_get_value_double(env_, v, &d);
      return numberText(d);
    }
    case napi_string:
      return "a string";
    case napi_bigint:
      return "a bigint";
    case napi_function:
      return "a function";
    case napi_object: {
      bool is = false;
      if (napi_is_typedarray(env_, v, &is) == napi_ok && is) {
        napi_typedarray_type t;
        size_t length = 0;
        napi_get_typedarray_info(env_, v, &t, &length, nullptr, nullptr, nullptr);
        return typedArrayName(t);
      }
      if (napi_is_array(env_, v, &is) == napi_ok && is) return "an Array";
      return "an object";
    }
    default:
      return "a value of another type";
  }
}

void Args::rangeError(const std::string& message) const {
  throw ArgumentError(true, std::string(fn_) + ": " + message);
}

void Args::typeError(const std::string& message) const {
  throw ArgumentError(false, std::string(fn_) + ": " + message);
}

// Each reader makes one N-API call on the good path; messages are built only on failure.

double Args::number(size_t i, const char* name) const {
  double d = 0;
  if (napi_get_value_double(env_, at(i), &d) != napi_ok) {
    typeError(std::string(name) + " must be a number, got " + describe(at(i)));
  }
  return d;
}

int64_t Args::count(size_t i, const char* name) const {
  double d = 0;
  if (napi_get_value_double(env_, at(i), &d) != napi_ok) {
    typeError(std::string(name) + " must be a non-negative integer, got " + describe(at(i)));
  }
  if (!(d >= 0 && d <= kMaxSafeInteger && d == std::floor(d))) {
    rangeError(std::string(name) + " must be a non-negative integer, got " + numberText(d));
  }
  return static_cast<int64_t>(d);
}

bool Args::flag(size_t i, const char* name) const {
  bool b = false;
  if (napi_get_value_bool(env_, at(i), &b) != napi_ok) {
    typeError(std::string(name) + " must be a boolean, got " + describe(at(i)));
  }
  return b;
}

bool Args::isNull(size_t i) const {
  napi_valuetype type = napi_undefined;
  napi_typeof(env_, at(i), &type);
  return type == napi_null || type == napi_undefined;
}

FloatArg Args::floats(size_t i, const char* name) {
  napi_typedarray_type type = napi_int8_array;
  size_t length = 0;
  void* data = nullptr;
  // One call gives the type, the length and the data pointer (already past the view's
  // offset); it fails, without throwing, when the value is not a typed array.
  const bool typed =
      napi_get_typedarray_info(env_, at(i), &type, &length, &data, nullptr, nullptr) == napi_ok;
  if (!typed || (type != napi_float32_array && type != napi_float64_array)) {
    typeError(std::string(name) + " must be a Float32Array or Float64Array, got " +
              describe(at(i)));
  }
  const Dtype dtype = type == napi_float32_array ? Dtype::kFloat32 : Dtype::kFloat64;
  if (dtype_ == Dtype::kUnset) {
    dtype_ = dtype;
    dtypeFrom_ = name;
  } else if (dtype != dtype_) {
    typeError(std::string(name) + " must have the element type of " + dtypeFrom_ + " (" +
              (dtype_ == Dtype::kFloat32 ? "Float32Array" : "Float64Array") + "), got " +
              describe(at(i)));
  }
  return FloatArg{data, static_cast<int64_t>(length), name};
}

Int32Arg Args::int32s(size_t i, const char* name) const {
  napi_typedarray_type type = napi_int8_array;
  size_t length = 0;
  void* data = nullptr;
  const bool typed =
      napi_get_typedarray_info(env_, at(i), &type, &length, &data, nullptr, nullptr) == napi_ok;
  if (!typed || type != napi_int32_array) {
    typeError(std::string(name) + " must be an Int32Array, got " + describe(at(i)));
  }
  return Int32Arg{static_cast<int32_t*>(data), static_cast<int64_t>(length), name};
}

const double* Args::numbers(size_t i, const char* name, int64_t n) const {
  napi_typedarray_type type = napi_int8_array;
  size_t length = 0;
  void* data = nullptr;
  const bool typed =
      napi_get_typedarray_info(env_, at(i), &type, &length, &data, nullptr, nullptr) == napi_ok;
  if (!typed || type != napi_float64_array) {
    typeError(std::string(name) + " must be a Float64Array, got " + describe(at(i)));
  }
  if (static_cast<int64_t>(length) < n) {
    rangeError(std::string(name) + " must hold " + std::to_string(n) + " numbers, got " +
               std::to_string(length));
  }
  return static_cast<const double*>(data);
}

int64_t Args::countOf(double v, const char* name) const {
  if (!(v >= 0 && v <= kMaxSafeInteger && v == std::floor(v))) {
    rangeError(std::string(name) + " must be a non-negative integer, got " + numberText(v));
  }
  return static_cast<int64_t>(v);
}

void Args::integers(size_t i, const char* name, int64_t n, int64_t* out) const {
  napi_typedarray_type type = napi_int8_array;
  size_t length = 0;
  void* data = nullptr;
  const bool typed =
      napi_get_typedarray_info(env_, at(i), &type, &length, &data, nullptr, nullptr) == napi_ok;
  if (!typed || type != napi_float64_array) {
    typeError(std::string(name) + " must be a Float64Array, got " + describe(at(i)));
  }
  if (static_cast<int64_t>(length) < n) {
    rangeError(std::string(name) + " must hold " + std::to_string(n) + " integers, got " +
               std::to_string(length));
  }
  const double* d = static_cast<const double*>(data);
  for (int64_t k = 0; k < n; k++) {
    const double x = d[k];
    if (!(std::fabs(x) <= kMaxSafeInteger && x == std::floor(x))) {
      rangeError(std::string(name) + " must hold integers, got " + numberText(x) + " at [" +
                 std::to_string(k) + "]");
    }
    out[k] = static_cast<int64_t>(x);
  }
}

void Args::needIndex(const FloatArg& array, double last, const std::string& what) const {
  if (last >= static_cast<double>(array.length)) {
    rangeError(std::string(array.name) + " has " + std::to_string(array.length) +
               " elements, needs " + numberText(last + 1) + " (" + what + ")");
  }
}

void Args::needIndex(const Int32Arg& array, double last, const std::string& what) const {
  if (last >= static_cast<double>(array.length)) {
    rangeError(std::string(array.name) + " has " + std::to_string(array.length) +
               " elements, needs " + numberText(last + 1) + " (" + what + ")");
  }
}

// Extents are computed in double: every term is a non-negative integer, so sums stay exact
// below 2^53, and beyond that they stay far above any array length. No int64 overflow.

void Args::needMatrix(const FloatArg& array, int64_t offset, int64_t rows, int64_t cols,
                      int64_t ld, const char* ldName) const {
  if (rows == 0 || cols == 0) return;
  if (rows > 1 && ld < cols) {
    rangeError(std::string(ldName) + " must be at least " + std::to_string(cols) +
               " (the row length of " + array.name + "), got " + std::to_string(ld));
  }
  const double last = static_cast<double>(offset) +
                      static_cast<double>(rows - 1) * static_cast<double>(ld) +
                      static_cast<double>(cols - 1);
  needIndex(array, last,
            std::to_string(rows) + "x" + std::to_string(cols) + " from offset " +
                std::to_string(offset) + " with row stride " + std::to_string(ld));
}

void Args::needStrided(const FloatArg& array, int64_t offset, const int64_t* shape,
                       const int64_t* strides, int ndim, const char* stridesName) const {
  for (int d = 0; d < ndim; d++) {
    if (shape[d] == 0) return;  // nothing is touched
  }
  double low = static_cast<double>(offset);
  double high = static_cast<double>(offset);
  for (int d = 0; d < ndim; d++) {
    const double reach = static_cast<double>(shape[d] - 1) * static_cast<double>(strides[d]);
    if (reach < 0) {
      low += reach;
    } else {
      high += reach;
    }
  }
  if (low < 0) {
    rangeError(std::string(stridesName) + " reach index " + numberText(low) + " of " +
               array.name + ", below 0");
  }
  needIndex(array, high, std::string("as addressed by ") + stridesName);
}

double productOf(const int64_t* sizes, int n) {
  double p = 1;
  for (int d = 0; d < n; d++) p *= static_cast<double>(sizes[d]);
  return p;
}

void Args::needShape(const int64_t* shape, int ndim, const char* name) const {
  for (int d = 0; d < ndim; d++) {
    if (shape[d] < 0) {
      rangeError(std::string(name) + " must hold non-negative sizes, got " +
                 std::to_string(shape[d]) + " at [" + std::to_string(d) + "]");
    }
  }
  if (productOf(shape, ndim) > kMaxSafeInteger) {
    rangeError(std::string(name) + " has more than 2^53 elements");
  }
}

}  // namespace ncps
