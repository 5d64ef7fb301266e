// Compiles fused_ltc_simd.h once per instruction set (as fused_cfc_math.cc does for the CfC
// loops), in double and float, and picks one per call.
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

#define NCPS_LTC_MATH(ns, name, T) \
  LtcMath<T> { name, ns::Simd<T>::kN, ns::synapseSums<T>, ns::unfold<T>, ns::synapseBackward<T> }

/** The loops of one instruction set in both compute types. */
struct LtcSets {
  LtcMath<double> f64;
  LtcMath<float> f32;
};

#define NCPS_LTC_SETS(ns, name) \
  LtcSets { NCPS_LTC_MATH(ns, name, double), NCPS_LTC_MATH(ns, name, float) }

const LtcSets kBaseline = NCPS_LTC_SETS(ltc_baseline, "baseline");
#if defined(NCPS_FUSED_X86)
const LtcSets kAvx2 = NCPS_LTC_SETS(ltc_avx2, "avx2");
const LtcSets kAvx512 = NCPS_LTC_SETS(ltc_avx512, "avx512");
#endif

template <typename T>
const LtcMath<T>& of(const LtcSets& s);
template <>
const LtcMath<double>& of<double>(const LtcSets& s) {
  return s.f64;
}
template <>
const LtcMath<float>& of<float>(const LtcSets& s) {
  return s.f32;
}

}  // namespace

template <typename T>
const LtcMath<T>& ltcMath(int64_t batch) {
#if defined(NCPS_FUSED_X86)
  // A wider set only once the batch fills more than one vector of the narrower one.
  const SimdLevel level = simdLevel();
  if (level == SimdLevel::kAvx512 && (batch > of<T>(kAvx2).lanes || batch == 1)) {
    return of<T>(kAvx512);
  }
  if (level >= SimdLevel::kAvx2 && (batch > of<T>(kBaseline).lanes || batch == 1)) {
    return of<T>(kAvx2);
  }
#else
  (void)batch;
#endif
  return of<T>(kBaseline);
}

template const LtcMath<double>& ltcMath<double>(int64_t);
template const LtcMath<float>& ltcMath<float>(int64_t);

}  // namespace ncps
