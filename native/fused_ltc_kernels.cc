// Compiles fused_ltc_simd.h once per instruction set (as fused_cfc_math.cc does for the CfC
// loops) and picks one per call.
#include "fused_ltc_kernels.h"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

#include "fused_cfc_math.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define NCPS_FUSED_X86 1
#endif

namespace ncps {

namespace ltc_baseline {
#if defined(__GNUC__) || defined(__clang__)
#define NCPS_VEC_LANES 2
#else
#define NCPS_VEC_LANES 1
#endif
#include "fused_ltc_simd.h"
#undef NCPS_VEC_INLINE
#undef NCPS_VEC_LANES
}  // namespace ltc_baseline

#if defined(NCPS_FUSED_X86)
#if defined(__clang__)
#pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)
#else
#pragma GCC push_options
#pragma GCC target("avx2,fma")
#endif
namespace ltc_avx2 {
#define NCPS_VEC_LANES 4
#define NCPS_VEC_FMA 1
#include "fused_ltc_simd.h"
#undef NCPS_VEC_INLINE
#undef NCPS_VEC_FMA
#undef NCPS_VEC_LANES
}  // namespace ltc_avx2
#if defined(__clang__)
#pragma clang attribute pop
#pragma clang attribute push(__attribute__((target("avx512f,avx512dq,avx2,fma"))), \
                             apply_to = function)
#else
#pragma GCC pop_options
#pragma GCC push_options
#pragma GCC target("avx512f,avx512dq,avx2,fma")
#endif
namespace ltc_avx512 {
#define NCPS_VEC_LANES 8
#define NCPS_VEC_FMA 1
#include "fused_ltc_simd.h"
#undef NCPS_VEC_INLINE
#undef NCPS_VEC_FMA
#undef NCPS_VEC_LANES
}  // namespace ltc_avx512
#if defined(__clang__)
#pragma clang attribute pop
#else
#pragma GCC pop_options
#endif
#endif

namespace {

#define NCPS_LTC_MATH(ns, name) \
  LtcMath { name, ns::kLanes, ns::synapseSums, ns::unfold, ns::synapseBackward }

const LtcMath kBaseline = NCPS_LTC_MATH(ltc_baseline, "baseline");
#if defined(NCPS_FUSED_X86)
const LtcMath kAvx2 = NCPS_LTC_MATH(ltc_avx2, "avx2");
const LtcMath kAvx512 = NCPS_LTC_MATH(ltc_avx512, "avx512");
#endif

}  // namespace

const LtcMath& ltcMath(int64_t batch) {
#if defined(NCPS_FUSED_X86)
  const SimdLevel level = simdLevel();
  if (level == SimdLevel::kAvx512 && (batch > 4 || batch == 1)) return kAvx512;
  if (level >= SimdLevel::kAvx2 && (batch > 2 || batch == 1)) return kAvx2;
#else
  (void)batch;
#endif
  return kBaseline;
}

}  // namespace ncps
