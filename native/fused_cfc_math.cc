// Compiles fused_cfc_simd.h once per instruction set and picks one at run time. The wider
// sets are enabled per function (GCC/clang target pragmas), so the rest of the addon keeps
// the baseline flags and one binary runs on every x86-64 CPU.
#include "fused_cfc_math.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <type_traits>

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

#define NCPS_CFC_MATH(T, ns, name)                                                      \
  CfcMathOf<T> {                                                                            \
    name, ns::activate<T>, ns::activateBackward<T>, ns::gatedHeads<T>,                      \
        ns::gatedHeadsBackward<T>, ns::pureHeads<T>, ns::lstmGates<T>, ns::gemv<T>          \
  }

const CfcMathOf<double> kBaseline = NCPS_CFC_MATH(double, cfc_baseline, "baseline");
const CfcMathOf<float> kBaselineF = NCPS_CFC_MATH(float, cfc_baseline, "baseline");
#if defined(NCPS_FUSED_X86)
const CfcMathOf<double> kAvx2 = NCPS_CFC_MATH(double, cfc_avx2, "avx2");
const CfcMathOf<float> kAvx2F = NCPS_CFC_MATH(float, cfc_avx2, "avx2");
const CfcMathOf<double> kAvx512 = NCPS_CFC_MATH(double, cfc_avx512, "avx512");
const CfcMathOf<float> kAvx512F = NCPS_CFC_MATH(float, cfc_avx512, "avx512");
#endif

/** The table of `level` among the three of one element type. */
template <typename T>
const CfcMathOf<T>& pick(const CfcMathOf<T>& baseline, const CfcMathOf<T>& avx2,
                         const CfcMathOf<T>& avx512) {
  switch (simdLevel()) {
    case SimdLevel::kAvx512:
      return avx512;
    case SimdLevel::kAvx2:
      return avx2;
    default:
      return baseline;
  }
}

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

template <>
const CfcMathOf<double>& cfcMath<double>() {
#if defined(NCPS_FUSED_X86)
  return pick(kBaseline, kAvx2, kAvx512);
#else
  return kBaseline;
#endif
}

template <>
const CfcMathOf<float>& cfcMath<float>() {
#if defined(NCPS_FUSED_X86)
  return pick(kBaselineF, kAvx2F, kAvx512F);
#else
  return kBaselineF;
#endif
}

}  // namespace ncps
