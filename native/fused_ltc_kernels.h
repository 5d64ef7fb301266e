// The synapse loops of the fused LTC kernels (fused_ltc_simd.h), vectorised over the batch
// and compiled for several instruction sets, in double (float64 models) and float (float32
// models, twice the lanes); a call picks the narrowest set whose vectors cover its batch (so
// two samples do not pay for 8-wide vectors), up to the widest the CPU has. Buffers are
// batch-inner with `bp` lanes per unit: a multiple of `lanes`, or 1 for a single sample, whose
// loops are vectorised over the synapses instead.
#pragma once

#include <cstdint>

#include "fused_ltc.h"

namespace ncps {

/** What one semi-implicit Euler step reads besides the states. */
template <typename T>
struct LtcUnfoldArgs {
  const SynapseCsr<T>* recurrent = nullptr;
  int64_t units = 0;
  int64_t bp = 0;
  /** f(gleak) and f(gleak)·vleak, [H]. */
  const T* gleak = nullptr;
  const T* gleakVleak = nullptr;
  T epsilon = 0;
  /** f(cm)/Δt, and the sensory Σ A·erev and Σ A of the step, [H][bp] each. */
  const T* cmt = nullptr;
  const T* sensoryNum = nullptr;
  const T* sensoryDen = nullptr;
};

template <typename T>
struct LtcMath {
  /** "avx512", "avx2" or "baseline". */
  const char* isa;
  /** Values per vector: bp must be a multiple of it. */
  int64_t lanes;
  /**
   * num[j] = Σ A·erev and den[j] = Σ A over the synapses into j, A = weight·σ(sigma·(pre[src] −
   * mu)), summed in source order (pre [sources][bp], num / den [H][bp], overwritten).
   */
  void (*synapseSums)(const SynapseCsr<T>& csr, int64_t units, int64_t bp, const T* pre, T* num,
                      T* den);
  /**
   * v' = (cm_t·v + gleak·vleak + (Σ A·erev + sensory)) / (cm_t + gleak + (Σ A + sensory) + ε)
   * from v [H][bp]; writes v' and, when not null, the denominators.
   */
  void (*unfold)(const LtcUnfoldArgs<T>& a, const T* v, T* vNext, T* dens);
  /**
   * Backward of synapseSums: adds ∂L/∂pre into dPre and the synapse parameter gradients
   * (d/d sigma, mu, weight = f(w)·mask, erev) into per-synapse accumulators of `lanes` partial
   * sums each (synapse k at k·lanes; the caller adds the lanes up at the end).
   */
  void (*synapseBackward)(const SynapseCsr<T>& csr, int64_t units, int64_t bp, const T* pre,
                          const T* dNum, const T* dDen, T* dPre, T* gSigma, T* gMu, T* gWeight,
                          T* gErev);
};

/**
 * The set for `batch` samples: the narrowest covering it, up to the CPU's widest; a single
 * sample gets the widest, whose loops then run over the synapses (bp = 1).
 */
template <typename T>
const LtcMath<T>& ltcMath(int64_t batch);

/** `batch` rounded up to whole vectors of `m` (1 stays 1: see ltcMath). */
template <typename T>
inline int64_t paddedBatch(const LtcMath<T>& m, int64_t batch) {
  if (batch == 1) return 1;
  return (batch + m.lanes - 1) / m.lanes * m.lanes;
}

}  // namespace ncps
