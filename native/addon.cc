// The ncps_native addon: the C++ twins of the js kernels (src/backend/js), loaded and adapted
// to the Kernels interface by src/backend/native. Written against plain N-API (node_api.h):
// one call costs a single N-API read per argument, which matters for small kernels.
#include <node_api.h>

#include <exception>
#include <new>
#include <string>

#include "bind.h"
#include "errors.h"

namespace ncps {
/** Registers the fused CfC and LTC recurrences (bind_fused.cc), which return values. */
bool addFusedExports(napi_env env, napi_value exports);
}  // namespace ncps

namespace {

// The most arguments any export takes.
constexpr size_t kMaxArgs = 8;

/** The N-API callback of every export: `data` is its Export entry. */
napi_value call(napi_env env, napi_callback_info info) {
  size_t argc = kMaxArgs;
  napi_value argv[kMaxArgs];
  void* data = nullptr;
  if (napi_get_cb_info(env, info, &argc, argv, nullptr, &data) != napi_ok) return nullptr;
  const ncps::Export* entry = static_cast<const ncps::Export*>(data);
  try {
    ncps::Args args(env, argv, argc < kMaxArgs ? argc : kMaxArgs, entry->name);
    entry->body(args);
  } catch (const ncps::ArgumentError& e) {
    if (e.isRange()) {
      napi_throw_range_error(env, nullptr, e.what());
    } else {
      napi_throw_type_error(env, nullptr, e.what());
    }
  } catch (const std::bad_alloc&) {
    napi_throw_error(env, nullptr, (std::string(entry->name) + ": out of memory").c_str());
  } catch (const std::exception& e) {
    napi_throw_error(env, nullptr, (std::string(entry->name) + ": " + e.what()).c_str());
  }
  return nullptr;
}

bool addAll(napi_env env, napi_value exports, ncps::ExportList list) {
  for (size_t i = 0; i < list.count; i++) {
    const ncps::Export& e = list.items[i];
    napi_value fn;
    if (napi_create_function(env, e.name, NAPI_AUTO_LENGTH, call, const_cast<ncps::Export*>(&e),
                             &fn) != napi_ok ||
        napi_set_named_property(env, exports, e.name, fn) != napi_ok) {
      return false;
    }
  }
  return true;
}

}  // namespace

NAPI_MODULE_INIT() {
  if (!addAll(env, exports, ncps::linearExports()) ||
      !addAll(env, exports, ncps::elementwiseExports()) ||
      !addAll(env, exports, ncps::shapedExports()) || !ncps::addFusedExports(env, exports)) {
    return nullptr;
  }
  // Lets the loader reject an addon built from other sources than the adapter expects.
  napi_value version;
  if (napi_create_int32(env, 1, &version) != napi_ok ||
      napi_set_named_property(env, exports, "abiVersion", version) != napi_ok) {
    return nullptr;
  }
  return exports;
}
