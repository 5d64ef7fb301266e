// The vectorised element-wise loops of the fused CfC kernels (fused_cfc_simd.h), compiled for
// several instruction sets and chosen at run time: AVX-512, AVX2+FMA or the baseline (SSE2 on
// x86-64; plain vector code elsewhere), each for double and float (a loop computes in its
// element type). The SIMD level is shared with the LTC loops (fused_ltc_kernels.h).
#pragma once

#include <cstdint>

namespace ncps {

/** The instruction sets the fused kernels are compiled for, narrowest first. */
enum class SimdLevel : int { kBaseline = 0, kAvx2 = 1, kAvx512 = 2 };

/** The widest level this CPU runs. */
SimdLevel simdLevelSupported();

/** The level the fused kernels use: the supported one, or lower after setSimdCap. */
SimdLevel simdLevel();

/**
 * Caps the level the fused kernels use (tests run every code path this way); the cap applies
 * to calls that start afterwards, in every thread.
 */
void setSimdCap(SimdLevel cap);

/** "baseline", "avx2" or "avx512". */
const char* simdLevelName(SimdLevel level);

/**
 * The loops of one instruction set for element type T (see fused_cfc_simd.h for each one's
 * formula), computing in T: the float64 kernels use CfcMathOf<double>, the float32 ones
 * CfcMathOf<float>.
 */
template <typename T>
struct CfcMathOf {
  /** Its name, for diagnostics: "avx512", "avx2" or "baseline". */
  const char* isa;
  /** post = act(pre) over n values; code = index in BACKBONE_ACTIVATIONS. */
  void (*activate)(int code, int64_t n, const T* pre, T* post);
  /** grad *= act'(pre), given post = act(pre). */
  void (*activateBackward)(int code, int64_t n, const T* pre, const T* post, T* grad);
  /**
   * Gated heads of `rows` rows: in each row of `heads` (stride ldHeads) the raw ff1, ff2,
   * time_a, time_b pre-activations become f1, f2, t_a (kept raw) and g; hNew gets the new
   * state. `ts` holds one elapsed time per row (stride tsStride), or is null for 1.
   */
  void (*gatedHeads)(int64_t rows, int64_t h, T* heads, int64_t ldHeads, const T* ts,
                     int64_t tsStride, T* hNew, int64_t ldNew, bool noGate);
  /**
   * Backward of one gated row: d = ∂L/∂h', f = the saved [f1, f2, t_a, g]; writes the four
   * pre-activation gradients into dh and returns the row's timespan gradient. Sums in vector
   * lanes (the float64 kernels keep their scalar loop and its order).
   */
  T (*gatedHeadsBackward)(int64_t h, const T* f, const T* d, T ts, bool noGate, T* dh);
  /** Pure heads: row = [f1 (raw), e]; e = exp(-ts(|w_tau| + |f1|)); h' = -A·e·f1 + A. */
  void (*pureHeads)(int64_t rows, int64_t h, T* heads, int64_t ldHeads, const T* ts,
                    int64_t tsStride, const T* wTau, const T* a, T* hNew, int64_t ldNew);
  /** LSTM gates from z (i, ig, fg, og): writes h', c' and the 5H saved activations. */
  void (*lstmGates)(int64_t rows, int64_t h, const T* z, int64_t ldz, const T* c, int64_t ldc,
                    T* hOut, int64_t ldh, T* cOut, int64_t ldco, T* save, int64_t ldSave);
  /** y = (W ⊙ M)·x + bias with W [out, in] (mask and bias may be null). */
  void (*gemv)(int64_t out, int64_t in, const T* w, const T* mask, const T* bias, const T* x,
               T* y);
};

/** The float64 loops. */
using CfcMath = CfcMathOf<double>;

/** The loops of simdLevel() for element type T (double unless told). */
template <typename T = double>
const CfcMathOf<T>& cfcMath();
template <>
const CfcMathOf<double>& cfcMath<double>();
template <>
const CfcMathOf<float>& cfcMath<float>();

}  // namespace ncps
