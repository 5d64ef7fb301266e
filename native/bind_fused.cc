// Registers the fused CfC and LTC exports (bodies in fused_cfc_bind.cc and fused_ltc_bind.cc)
// and two test hooks. Unlike the other kernels they return values (saved activations, steppers),
// so they have their own N-API callback; argument errors still become TypeError / RangeError
// through ArgumentError, and no C++ exception crosses into JavaScript.
#include <node_api.h>

#include <exception>
#include <new>
#include <string>

#include "errors.h"
#include "fused_cfc_bind.h"
#include "fused_cfc_math.h"

namespace ncps {
namespace {

using fused_bind::kMaxSafeInteger;
using fused_bind::Reader;
using fused_bind::TraceRegistry;

// fusedSimd(level?: "baseline" | "avx2" | "avx512") -> the level the fused kernels use. With a
// level, first caps them to it (a test hook: it lets one machine run every code path).
napi_value FusedSimd(napi_env env, napi_value* argv, size_t argc) {
  Reader rd(env, "fusedSimd");
  if (argc > 0 && !rd.isNullish(argv[0])) {
    char name[16] = {};
    size_t length = 0;
    if (napi_get_value_string_utf8(env, argv[0], name, sizeof(name), &length) != napi_ok) {
      rd.typeError("level must be a string, got " + rd.describe(argv[0]));
    }
    const std::string level(name, length);
    if (level == "baseline") {
      setSimdCap(SimdLevel::kBaseline);
    } else if (level == "avx2") {
      setSimdCap(SimdLevel::kAvx2);
    } else if (level == "avx512") {
      setSimdCap(SimdLevel::kAvx512);
    } else {
      rd.rangeError("level must be \"baseline\", \"avx2\" or \"avx512\", got \"" + level + "\"");
    }
  }
  napi_value out = nullptr;
  napi_create_string_utf8(env, simdLevelName(simdLevel()), NAPI_AUTO_LENGTH, &out);
  return out;
}

// fusedTraceCap(bytes?: number) -> the cap on the saved activations a thread keeps for
// backward (see TraceRegistry); with a number, first sets it (a test hook).
napi_value FusedTraceCap(napi_env env, napi_value* argv, size_t argc) {
  Reader rd(env, "fusedTraceCap");
  if (argc > 0 && !rd.isNullish(argv[0])) {
    const double bytes = rd.number(argv[0], "bytes");
    if (!(bytes >= 0 && bytes <= kMaxSafeInteger)) {
      rd.rangeError("bytes must be a non-negative safe integer, got " + std::to_string(bytes));
    }
    TraceRegistry::capBytes().store(static_cast<int64_t>(bytes), std::memory_order_relaxed);
  }
  napi_value out = nullptr;
  napi_create_double(
      env, static_cast<double>(TraceRegistry::capBytes().load(std::memory_order_relaxed)), &out);
  return out;
}

/** One export: its name, the most arguments it reads, and its body. */
struct FusedExport {
  const char* name;
  size_t maxArgs;
  napi_value (*body)(napi_env env, napi_value* argv, size_t argc);
};

// clang-format off
const FusedExport kFusedExports[] = {
    {"cfcForward", 6, fused_bind::CfcForward},
    {"cfcBackward", 7, fused_bind::CfcBackward},
    {"cfcStepCreate", 5, fused_bind::CfcStepCreate},
    {"cfcStep", 3, fused_bind::CfcStep},
    {"ltcForward", 6, fused_bind::LtcForward},
    {"ltcBackward", 6, fused_bind::LtcBackward},
    {"ltcStepCreate", 3, fused_bind::LtcStepCreate},
    {"ltcStep", 8, fused_bind::LtcStep},
    {"fusedSimd", 1, FusedSimd},
    {"fusedTraceCap", 1, FusedTraceCap},
};
// clang-format on

constexpr size_t kMaxFusedArgs = 12;

napi_value callFused(napi_env env, napi_callback_info info) {
  size_t argc = kMaxFusedArgs;
  napi_value argv[kMaxFusedArgs];
  void* data = nullptr;
  if (napi_get_cb_info(env, info, &argc, argv, nullptr, &data) != napi_ok) return nullptr;
  const FusedExport* e = static_cast<const FusedExport*>(data);
  // Missing arguments read as undefined.
  napi_value undefined = nullptr;
  napi_get_undefined(env, &undefined);
  for (size_t i = argc; i < e->maxArgs; i++) argv[i] = undefined;
  try {
    return e->body(env, argv, argc);
  } catch (const ArgumentError& err) {
    if (err.isRange()) {
      napi_throw_range_error(env, nullptr, err.what());
    } else {
      napi_throw_type_error(env, nullptr, err.what());
    }
  } catch (const std::bad_alloc&) {
    napi_throw_error(env, nullptr, (std::string(e->name) + ": out of memory").c_str());
  } catch (const std::exception& err) {
    napi_throw_error(env, nullptr, (std::string(e->name) + ": " + err.what()).c_str());
  }
  return nullptr;
}

}  // namespace

bool addFusedExports(napi_env env, napi_value exports) {
  for (const FusedExport& e : kFusedExports) {
    napi_value fn;
    if (napi_create_function(env, e.name, NAPI_AUTO_LENGTH, callFused, const_cast<FusedExport*>(&e),
                             &fn) != napi_ok ||
        napi_set_named_property(env, exports, e.name, fn) != napi_ok) {
      return false;
    }
  }
  return true;
}

}  // namespace ncps
