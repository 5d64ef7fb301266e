// Compiles fused_cfc_simd.h once per instruction set and picks one at run time. The wider
// sets are enabled per function (GCC/clang target pragmas), so the rest of the addon keeps
// the baseline flags and one binary runs on every x86-64 CPU.
#include "fused_cfc_math.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "erf.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define NCPS_FUSED_X86 1
#endif

namespace ncps {

#if defined(__GNUC__) || defined(__clang__)
namespace cfc_baseline {
#define NCPS_VEC_LANES 2
#include "fused_cfc_simd.h"
#undef NCPS_VEC_INLINE
#undef NCPS_VEC_LANES
}  // namespace cfc_baseline
#else
namespace cfc_baseline {
#define NCPS_VEC_LANES 1
#include "fused_cfc_simd.h"
#undef NCPS_VEC_INLINE
#undef NCPS_VEC_LANES
}  // namespace cfc_baseline
#endif

#if defined(NCPS_FUSED_X86)
#if defined(__clang__)
#pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)
#else
#pragma GCC push_options
#pragma GCC target("avx2,fma")
#endif
namespace cfc_avx2 {
#define NCPS_VEC_LANES 4
#define NCPS_VEC_FMA 1
#include "fused_cfc_simd.h"
#undef NCPS_VEC_INLINE
#undef NCPS_VEC_FMA
#undef NCPS_VEC_LANES
}  // namespace cfc_avx2
#if defined(__clang__)
#pragma clang attribute pop
#pragma clang attribute push(__attribute__((target("avx512f,avx512dq,avx2,fma"))), \
                             apply_to = function)
#else
#pragma GCC pop_options
#pragma GCC push_options
#pragma GCC target("avx512f,avx512dq,avx2,fma")
#endif
namespace cfc_avx512 {
#define NCPS_VEC_LANES 8
#define NCPS_VEC_FMA 1
#include "fused_cfc_simd.h"
#undef NCPS_VEC_INLINE
#undef NCPS_VEC_FMA
#undef NCPS_VEC_LANES
}  // namespace cfc_avx512
#if defined(__clang__)
#pragma clang attribute pop
#else
#pragma GCC pop_options
#endif
#endif

namespace {

#define NCPS_CFC_MATH(ns, name)                                                             \
  CfcMath {                                                                                 \
    name, ns::activate, ns::activateBackward, ns::gatedHeads, ns::pureHeads, ns::lstmGates, \
        ns::gemvF64, ns::gemvF32                                                            \
  }

const CfcMath kBaseline = NCPS_CFC_MATH(cfc_baseline, "baseline");
#if defined(NCPS_FUSED_X86)
const CfcMath kAvx2 = NCPS_CFC_MATH(cfc_avx2, "avx2");
const CfcMath kAvx512 = NCPS_CFC_MATH(cfc_avx512, "avx512");
#endif

SimdLevel detect() {
#if defined(NCPS_FUSED_X86)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq")) {
    return SimdLevel::kAvx512;
  }
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return SimdLevel::kAvx2;
#endif
  return SimdLevel::kBaseline;
}

std::atomic<int> cap{static_cast<int>(SimdLevel::kAvx512)};

}  // namespace

SimdLevel simdLevelSupported() {
  static const SimdLevel supported = detect();
  return supported;
}

SimdLevel simdLevel() {
  return static_cast<SimdLevel>(
      std::min(static_cast<int>(simdLevelSupported()), cap.load(std::memory_order_relaxed)));
}

void setSimdCap(SimdLevel level) { cap.store(static_cast<int>(level), std::memory_order_relaxed); }

const char* simdLevelName(SimdLevel level) {
  switch (level) {
    case SimdLevel::kAvx512:
      return "avx512";
    case SimdLevel::kAvx2:
      return "avx2";
    default:
      return "baseline";
  }
}

const CfcMath& cfcMath() {
#if defined(NCPS_FUSED_X86)
  switch (simdLevel()) {
    case SimdLevel::kAvx512:
      return kAvx512;
    case SimdLevel::kAvx2:
      return kAvx2;
    default:
      break;
  }
#endif
  return kBaseline;
}

}  // namespace ncps
