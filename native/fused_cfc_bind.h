// The binding layer shared by the fused CfC and LTC exports (fused_cfc_bind.cc,
// fused_ltc_bind.cc, registered by bind_fused.cc): reading and checking arguments, the handles
// returned to JavaScript, and the per-thread registry of saved activations. Plain N-API.
//
// Parameters travel as one JS array of typed arrays in a fixed order, sizes as a Float64Array
// "spec" (see each export). Every float array of a call has the parameters' element type, and
// the kernels compute in that type (float32 models in float, as torch does), reading and
// writing the caller's arrays in place. The
// adapter (src/backend/native/fused.ts) validates every argument with the messages of the js
// kernels first; the checks here keep memory safe whatever the caller.
#pragma once

#include <node_api.h>

#include <atomic>
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "errors.h"

namespace ncps {
namespace fused_bind {
constexpr double kMaxSafeInteger = 9007199254740991.0;

/** A float typed array argument (absent when the value was null or undefined). */
struct FloatBuf {
  void* data = nullptr;
  int64_t length = 0;
  bool present = false;
  template <typename T>
  T* as() const {
    return static_cast<T*>(data);
  }
};

/** Reads the arguments of one call; throws ArgumentError naming `fn` and the argument. */
class Reader {
 public:
  Reader(napi_env env, const char* fn) : env_(env), fn_(fn) {}

  [[noreturn]] void rangeError(const std::string& m) const {
    throw ArgumentError(true, std::string(fn_) + ": " + m);
  }
  [[noreturn]] void typeError(const std::string& m) const {
    throw ArgumentError(false, std::string(fn_) + ": " + m);
  }

  bool isNullish(napi_value v) const {
    napi_valuetype t = napi_undefined;
    napi_typeof(env_, v, &t);
    return t == napi_null || t == napi_undefined;
  }

  /** How a received value reads in a message: "null", "a number", "an Int32Array"... */
  std::string describe(napi_value v) const {
    napi_valuetype t = napi_undefined;
    napi_typeof(env_, v, &t);
    switch (t) {
      case napi_undefined:
        return "undefined";
      case napi_null:
        return "null";
      case napi_number:
        return "a number";
      case napi_boolean:
        return "a boolean";
      case napi_string:
        return "a string";
      case napi_external:
        return "a native handle";
      case napi_object: {
        bool is = false;
        if (napi_is_typedarray(env_, v, &is) == napi_ok && is) {
          napi_typedarray_type type = napi_int8_array;
          size_t length = 0;
          napi_get_typedarray_info(env_, v, &type, &length, nullptr, nullptr, nullptr);
          return type == napi_float32_array   ? "a Float32Array"
                 : type == napi_float64_array ? "a Float64Array"
                 : type == napi_int32_array   ? "an Int32Array"
                                              : "a typed array of another type";
        }
        if (napi_is_array(env_, v, &is) == napi_ok && is) return "an Array";
        return "an object";
      }
      default:
        return "a value of another type";
    }
  }

  /** A Float32Array or Float64Array, of the element type of the first one read. */
  FloatBuf floats(napi_value v, const std::string& name) {
    napi_typedarray_type type = napi_int8_array;
    size_t length = 0;
    void* data = nullptr;
    if (napi_get_typedarray_info(env_, v, &type, &length, &data, nullptr, nullptr) != napi_ok ||
        (type != napi_float32_array && type != napi_float64_array)) {
      typeError(name + " must be a Float32Array or Float64Array, got " + describe(v));
    }
    const int kind = type == napi_float64_array ? 2 : 1;
    if (kind_ == 0) {
      kind_ = kind;
    } else if (kind != kind_) {
      typeError(name + " must be a " + (kind_ == 2 ? "Float64Array" : "Float32Array") +
                " like the parameters, got a " + (kind == 2 ? "Float64Array" : "Float32Array"));
    }
    FloatBuf b;
    b.data = data;
    b.length = static_cast<int64_t>(length);
    b.present = true;
    return b;
  }

  /** floats(), or an absent buffer for null / undefined. */
  FloatBuf floatsOrNull(napi_value v, const std::string& name) {
    return isNullish(v) ? FloatBuf{} : floats(v, name);
  }

  /** A Float64Array of doubles regardless of the call's element type (buffers we own). */
  double* doubles(napi_value v, const std::string& name, int64_t n) const {
    napi_typedarray_type type = napi_int8_array;
    size_t length = 0;
    void* data = nullptr;
    if (napi_get_typedarray_info(env_, v, &type, &length, &data, nullptr, nullptr) != napi_ok ||
        type != napi_float64_array) {
      typeError(name + " must be a Float64Array, got " + describe(v));
    }
    if (static_cast<int64_t>(length) != n) {
      rangeError(name + ": expected length " + std::to_string(n) + ", got " +
                 std::to_string(length));
    }
    return static_cast<double*>(data);
  }

  /** The elements of a JS array. */
  std::vector<napi_value> list(napi_value v, const std::string& name) const {
    bool is = false;
    if (napi_is_array(env_, v, &is) != napi_ok || !is) {
      typeError(name + " must be an Array, got " + describe(v));
    }
    uint32_t n = 0;
    napi_get_array_length(env_, v, &n);
    std::vector<napi_value> out(n);
    for (uint32_t i = 0; i < n; i++) napi_get_element(env_, v, i, &out[i]);
    return out;
  }

  /**
   * The numbers of a Float64Array spec, each an integer in [0, 2^31) (so that products of two
   * never overflow; longer products go through product()).
   */
  std::vector<int64_t> spec(napi_value v, int64_t minLength) const {
    napi_typedarray_type type = napi_int8_array;
    size_t length = 0;
    void* data = nullptr;
    if (napi_get_typedarray_info(env_, v, &type, &length, &data, nullptr, nullptr) != napi_ok ||
        type != napi_float64_array) {
      typeError("spec must be a Float64Array, got " + describe(v));
    }
    if (static_cast<int64_t>(length) < minLength) {
      rangeError("spec must hold at least " + std::to_string(minLength) + " numbers, got " +
                 std::to_string(length));
    }
    const double* d = static_cast<const double*>(data);
    std::vector<int64_t> out(length);
    for (size_t i = 0; i < length; i++) {
      if (!(d[i] >= 0 && d[i] < 2147483648.0 && d[i] == std::floor(d[i]))) {
        rangeError("spec[" + std::to_string(i) + "] must be an integer in [0, 2^31), got " +
                   std::to_string(d[i]));
      }
      out[i] = static_cast<int64_t>(d[i]);
    }
    return out;
  }

  double number(napi_value v, const std::string& name) const {
    double d = 0;
    if (napi_get_value_double(env_, v, &d) != napi_ok) {
      typeError(name + " must be a number, got " + describe(v));
    }
    return d;
  }

  bool flag(napi_value v, const std::string& name) const {
    bool b = false;
    if (napi_get_value_bool(env_, v, &b) != napi_ok) {
      typeError(name + " must be a boolean, got " + describe(v));
    }
    return b;
  }

  /**
   * The product of sizes as an int64, or a RangeError when it passes 2^53 (no typed array is
   * that long, and the products below it cannot overflow).
   */
  int64_t product(std::initializer_list<int64_t> sizes) const {
    double p = 1;
    for (const int64_t s : sizes) p *= static_cast<double>(s);
    if (p > kMaxSafeInteger) rangeError("the sizes multiply to more than 2^53 elements");
    int64_t n = 1;
    for (const int64_t s : sizes) n *= s;
    return n;
  }

  /** Throws unless `b` is present with exactly `n` elements. */
  void need(const FloatBuf& b, int64_t n, const std::string& name) const {
    if (!b.present)
      typeError(name + " must be a buffer of length " + std::to_string(n) + ", got null");
    if (b.length != n) {
      rangeError(name + ": expected length " + std::to_string(n) + ", got " +
                 std::to_string(b.length));
    }
  }
  /** need() when present. */
  void needOptional(const FloatBuf& b, int64_t n, const std::string& name) const {
    if (b.present) need(b, n, name);
  }

  bool f64() const { return kind_ == 2; }
  /** Fixes the element type every float array of the call must have. */
  void expectType(bool f64) { kind_ = f64 ? 2 : 1; }
  napi_env env() const { return env_; }

 private:
  napi_env env_;
  const char* fn_;
  /** 0 unset, 1 float32, 2 float64. */
  int kind_ = 0;
};

/** Handles passed back to JavaScript (as externals), told apart by `kind`. */
struct Handle {
  enum Kind { kCfcSaved, kCfcStep, kLtcSaved, kLtcStep };
  explicit Handle(Kind k) : kind(k) {}
  virtual ~Handle() = default;
  /** Called by the finalizer before the handle is deleted. */
  virtual void finalize(napi_env /*env*/) {}
  const Kind kind;
  /** References keeping alive the JS arrays this handle points into. */
  std::vector<napi_ref> refs;
};

/**
 * A forward call's saved activations (its "trace"), held by a handle until its backward has
 * run, the handle is collected, or newer traces of the same thread need the memory; a
 * backward whose trace was dropped recomputes it from the parameters and inputs it is given
 * (the adapter passes those of the forward call). Finalizers only run once the event loop
 * turns, so without this a synchronous training loop would keep every step's trace.
 */
struct TraceHolder : Handle {
  using Handle::Handle;
  /** Frees the trace. */
  virtual void dropTrace() = 0;
  void finalize(napi_env env) override;
  /** Bytes of the trace while it is registered. */
  int64_t bytes = 0;
  TraceHolder* older = nullptr;
  TraceHolder* newer = nullptr;
  bool listed = false;
};

/** The live traces of one JavaScript thread, oldest first. */
class TraceRegistry {
 public:
  /** Past this many bytes of traces (512 MiB unless a test sets it), the oldest are dropped. */
  static std::atomic<int64_t>& capBytes() {
    static std::atomic<int64_t> cap{int64_t(512) << 20};
    return cap;
  }

  /** The registry of the calling thread (never destroyed: finalizers may run late). */
  static TraceRegistry& current() {
    thread_local TraceRegistry* registry = new TraceRegistry();
    return *registry;
  }

  /** Registers the trace of `h` (of `bytes`), dropping older ones beyond the cap. */
  void add(napi_env env, TraceHolder* h, int64_t bytes) {
    h->bytes = bytes;
    h->older = newest_;
    h->newer = nullptr;
    if (newest_ != nullptr) newest_->newer = h;
    newest_ = h;
    if (oldest_ == nullptr) oldest_ = h;
    h->listed = true;
    total_ += bytes;
    adjust(env, bytes);
    while (total_ > capBytes().load(std::memory_order_relaxed) && oldest_ != h) {
      release(env, oldest_);
    }
  }

  /** Drops the trace of `h` and forgets it (nothing when it has none). */
  void release(napi_env env, TraceHolder* h) {
    if (!h->listed) return;
    if (h->older != nullptr) h->older->newer = h->newer;
    if (h->newer != nullptr) h->newer->older = h->older;
    if (oldest_ == h) oldest_ = h->newer;
    if (newest_ == h) newest_ = h->older;
    h->listed = false;
    total_ -= h->bytes;
    adjust(env, -h->bytes);
    h->bytes = 0;
    h->dropTrace();
  }

 private:
  static void adjust(napi_env env, int64_t bytes) {
    int64_t ignored = 0;
    napi_adjust_external_memory(env, bytes, &ignored);
  }
  TraceHolder* oldest_ = nullptr;
  TraceHolder* newest_ = nullptr;
  int64_t total_ = 0;
};

inline void TraceHolder::finalize(napi_env env) { TraceRegistry::current().release(env, this); }

/** The finalizer of every handle: releases its trace and references, then deletes it. */
inline void finalizeHandle(napi_env env, void* data, void* /*hint*/) {
  Handle* h = static_cast<Handle*>(data);
  h->finalize(env);
  for (napi_ref r : h->refs) napi_delete_reference(env, r);
  delete h;
}

/** Wraps `h` in an external the GC owns; the handle is freed with it. */
template <typename H>
napi_value wrapHandle(napi_env env, std::unique_ptr<H>& h) {
  napi_value out = nullptr;
  if (napi_create_external(env, h.get(), finalizeHandle, nullptr, &out) != napi_ok) {
    throw std::runtime_error("cannot create a handle");
  }
  h.release();
  return out;
}

/** The handle behind an external made by wrapHandle, checked to be of `kind`. */
template <typename H>
H* unwrapHandle(const Reader& rd, napi_value v, Handle::Kind kind, const char* what) {
  void* data = nullptr;
  napi_valuetype t = napi_undefined;
  napi_typeof(rd.env(), v, &t);
  if (t != napi_external || napi_get_value_external(rd.env(), v, &data) != napi_ok ||
      data == nullptr || static_cast<Handle*>(data)->kind != kind) {
    rd.typeError(std::string(what) + " must be a handle returned by this addon");
  }
  return static_cast<H*>(static_cast<Handle*>(data));
}

/** Keeps `v` alive as long as the handle `h` (its finalizer deletes the reference). */
inline void keep(napi_env env, Handle& h, napi_value v) {
  napi_ref r = nullptr;
  if (napi_create_reference(env, v, 1, &r) != napi_ok) {
    throw std::runtime_error("cannot reference an array");
  }
  h.refs.push_back(r);
}

template <typename T>
std::vector<double> toDoubles(const FloatBuf& b) {
  if (!b.present) return {};
  const T* p = b.as<T>();
  return std::vector<double>(p, p + b.length);
}

/** `src` rounded into the caller's buffer. */
template <typename T>
void fromDoubles(const double* src, int64_t n, const FloatBuf& dst) {
  T* d = dst.as<T>();
  for (int64_t i = 0; i < n; i++) d[i] = static_cast<T>(src[i]);
}

/**
 * A double view of a caller's output buffer: the buffer itself when it is a Float64Array,
 * else scratch that `flush` rounds into it.
 */
template <typename T>
class OutBuf {
 public:
  OutBuf(const FloatBuf& b, int64_t n) : b_(b), n_(n) {
    if (!b.present) return;
    if (std::is_same<T, double>::value) {
      p_ = static_cast<double*>(b.data);
    } else {
      scratch_.resize(n);
      p_ = scratch_.data();
    }
  }
  double* get() { return p_; }
  void flush() {
    if (b_.present && !std::is_same<T, double>::value) fromDoubles<T>(p_, n_, b_);
  }

 private:
  FloatBuf b_;
  int64_t n_;
  double* p_ = nullptr;
  std::vector<double> scratch_;
};

/** A double view of a caller's input buffer (copied when float32), or null when absent. */
template <typename T>
class InBuf {
 public:
  InBuf() = default;
  explicit InBuf(const FloatBuf& b) {
    if (!b.present) return;
    if (std::is_same<T, double>::value) {
      direct_ = static_cast<const double*>(b.data);
    } else {
      copy_ = toDoubles<T>(b);
    }
  }
  const double* get() const {
    if (direct_ != nullptr) return direct_;
    return copy_.empty() ? nullptr : copy_.data();
  }

 private:
  const double* direct_ = nullptr;
  std::vector<double> copy_;
};

/** Model sizes are capped so that products of three never overflow int64. */
constexpr int64_t kMaxModelSize = int64_t(1) << 26;

/** The float arrays of a JS array, each checked by Reader::floats. */
inline std::vector<FloatBuf> readFloatList(Reader& rd, napi_value v, const char* name) {
  std::vector<FloatBuf> out;
  const std::vector<napi_value> items = rd.list(v, name);
  for (size_t i = 0; i < items.size(); i++) {
    out.push_back(rd.floats(items[i], std::string(name) + "[" + std::to_string(i) + "]"));
  }
  return out;
}

/** Rounds a double vector into the next gradient buffer of the list. */
template <typename T>
void writeGrad(Reader& rd, const std::vector<FloatBuf>& out, size_t& i, const double* src,
               int64_t n, const std::string& name) {
  if (i >= out.size()) rd.rangeError("grads: too few arrays (missing " + name + ")");
  rd.need(out[i], n, "grads " + name);
  fromDoubles<T>(src, n, out[i]);
  i++;
}

// The bodies of the exports (arguments documented with each one).
napi_value CfcForward(napi_env env, napi_value* argv, size_t argc);
napi_value CfcBackward(napi_env env, napi_value* argv, size_t argc);
napi_value CfcStepCreate(napi_env env, napi_value* argv, size_t argc);
napi_value CfcStep(napi_env env, napi_value* argv, size_t argc);
napi_value LtcForward(napi_env env, napi_value* argv, size_t argc);
napi_value LtcBackward(napi_env env, napi_value* argv, size_t argc);
napi_value LtcStepCreate(napi_env env, napi_value* argv, size_t argc);
napi_value LtcStep(napi_env env, napi_value* argv, size_t argc);

}  // namespace fused_bind
}  // namespace ncps
