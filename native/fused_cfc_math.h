// The vectorised element-wise loops of the fused CfC kernels (fused_cfc_simd.h), compiled for
// several instruction sets and chosen at run time: AVX-512, AVX2+FMA or the baseline (SSE2 on
// x86-64; plain vector code elsewhere). Every loop computes in double. The SIMD level is
// shared with the LTC loops (fused_ltc_kernels.h).
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

/** The loops of one instruction set (see fused_cfc_simd.h for each one's formula). */
struct CfcMath {
  /** Its name, for diagnostics: "avx512", "avx2" or "baseline". */
  const char* isa;
  /** post = act(pre) over n values; code = index in BACKBONE_ACTIVATIONS. */
  void (*activate)(int code, int64_t n, const double* pre, double* post);
  /** grad *= act'(pre), given post = act(pre). */
  void (*activateBackward)(int code, int64_t n, const double* pre, const double* post,
                           double* grad);
  /**
   * Gated heads of `rows` rows: in each row of `heads` (stride ldHeads) the raw ff1, ff2,
   * time_a, time_b pre-activations become f1, f2, t_a (kept raw) and g; hNew gets the new
   * state. `ts` holds one elapsed time per row (stride tsStride), or is null for 1.
   */
  void (*gatedHeads)(int64_t rows, int64_t h, double* heads, int64_t ldHeads, const double* ts,
                     int64_t tsStride, double* hNew, int64_t ldNew, bool noGate);
  /** Pure heads: row = [f1 (raw), e]; e = exp(-ts(|w_tau| + |f1|)); h' = -A·e·f1 + A. */
  void (*pureHeads)(int64_t rows, int64_t h, double* heads, int64_t ldHeads, const double* ts,
                    int64_t tsStride, const double* wTau, const double* a, double* hNew,
                    int64_t ldNew);
  /** LSTM gates from z (i, ig, fg, og): writes h', c' and the 5H saved activations. */
  void (*lstmGates)(int64_t rows, int64_t h, const double* z, int64_t ldz, const double* c,
                    int64_t ldc, double* hOut, int64_t ldh, double* cOut, int64_t ldco,
                    double* save, int64_t ldSave);
  /** y = (W ⊙ M)·x + bias with W [out, in] (mask may be null). */
  void (*gemvF64)(int64_t out, int64_t in, const double* w, const double* mask, const double* bias,
                  const double* x, double* y);
  void (*gemvF32)(int64_t out, int64_t in, const float* w, const float* mask, const float* bias,
                  const double* x, double* y);
};

/** The loops of simdLevel(). */
const CfcMath& cfcMath();

/** Overloads picking the gemv of the weights' element type. */
inline void gemv(const CfcMath& m, int64_t out, int64_t in, const double* w, const double* mask,
                 const double* bias, const double* x, double* y) {
  m.gemvF64(out, in, w, mask, bias, x, y);
}
inline void gemv(const CfcMath& m, int64_t out, int64_t in, const float* w, const float* mask,
                 const float* bias, const double* x, double* y) {
  m.gemvF32(out, in, w, mask, bias, x, y);
}

}  // namespace ncps
