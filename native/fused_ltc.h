// The fused LTC recurrence in C++: the twin of src/backend/js/ltcForward.ts / ltcBackward.ts /
// ltcStepper.ts (ncps LTCCell: semi-implicit Euler unfolds, mixed memory, input and output
// mappings), with the same saved values and formulas, the synapse loops vectorised over the
// batch, and the batch split across both cores. Everything is computed in the compute type T:
// double for float64 models, float for float32 ones (whose vectors hold twice the lanes; the
// mixed-memory LSTM, shared with the CfC kernels, stays in double either way).
//
// Buffers of the time loop are "batch-inner": value [unit, b] lives at unit·Bp + b, where Bp
// is the batch padded to whole SIMD vectors. Padding lanes replay sample 0, so they stay
// finite whenever the real samples are, and their gradients are exactly zero.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "fused_cfc.h"

namespace ncps {

/** The unmasked synapses of one [source, destination] matrix, grouped by destination. */
template <typename T>
struct SynapseCsr {
  int64_t count = 0;
  /** Synapses into neuron j are [first[j], first[j + 1]), in increasing source order. */
  std::vector<int64_t> first;
  std::vector<int32_t> src;
  /** Position src·H + dst in the full matrix. */
  std::vector<int64_t> flat;
  std::vector<T> sigma;
  std::vector<T> mu;
  /** f(w)·mask: the maximal conductance. */
  std::vector<T> weight;
  std::vector<T> erev;
  /** d weight / d raw w: mask·f'(w) (double: it only scales the summed gradients). */
  std::vector<double> weightSlope;
};

/** An input/output mapping: x·w + b, x·w, or identity. */
enum class LtcMapping : int { kAffine = 0, kLinear = 1, kNone = 2 };

/** A validated LTC cell with its constrained parameters in the compute type (js: LtcPlan). */
template <typename T>
struct LtcModel {
  int64_t inputSize = 0;
  int64_t units = 0;
  int64_t motorSize = 0;
  int64_t unfolds = 0;
  T epsilon = 0;
  bool implicit = false;
  LtcMapping inputMapping = LtcMapping::kAffine;
  LtcMapping outputMapping = LtcMapping::kAffine;
  /** f(gleak), vleak, f(gleak)·vleak, f(cm), [H] each. */
  std::vector<T> gleak;
  std::vector<T> vleak;
  std::vector<T> gleakVleak;
  std::vector<T> cm;
  /** d f(p) / d p for gleak and cm (1 without implicit constraints). */
  std::vector<double> gleakSlope;
  std::vector<double> cmSlope;
  /** [C] input_w (ones without mapping), input_b (zeros unless affine); [M] likewise. */
  std::vector<T> inputW;
  std::vector<T> inputB;
  std::vector<T> outputW;
  std::vector<T> outputB;
  SynapseCsr<T> recurrent;
  SynapseCsr<T> sensory;
  /** hiddenSize > 0 with mixed memory (double weights whatever T). */
  LstmWeights lstm;
  bool mixed() const { return lstm.hiddenSize > 0; }
};

/** The caller's LTC parameter arrays (element type T), ncps-torch names and layouts. */
template <typename T>
struct LtcRefs {
  const T* gleak = nullptr;
  const T* vleak = nullptr;
  const T* cm = nullptr;
  /** [H, H] each, [source, destination]. */
  const T* sigma = nullptr;
  const T* mu = nullptr;
  const T* w = nullptr;
  const T* erev = nullptr;
  const T* sparsityMask = nullptr;
  /** [C, H] each. */
  const T* sensorySigma = nullptr;
  const T* sensoryMu = nullptr;
  const T* sensoryW = nullptr;
  const T* sensoryErev = nullptr;
  const T* sensorySparsityMask = nullptr;
  /** Null where the mapping has no such parameter. */
  const T* inputW = nullptr;
  const T* inputB = nullptr;
  const T* outputW = nullptr;
  const T* outputB = nullptr;
  /** Mixed memory only. */
  const T* lstmInputWeight = nullptr;
  const T* lstmInputBias = nullptr;
  const T* lstmRecurrentWeight = nullptr;
};

/**
 * Fills the parameters of `model` (whose sizes, constraints and mappings are set) from `refs`
 * (of the same element type): softplus where the constraints are implicit (computed in double,
 * then rounded), masked synapses left out (js: createLtcPlan).
 */
template <typename T>
void loadLtcWeights(LtcModel<T>& model, const LtcRefs<T>& refs);

/** The inputs of a sequence call (batch-first), owned by the caller. */
template <typename T>
struct LtcInputs {
  int64_t batch = 0;
  int64_t steps = 0;
  /** [B, T, C]. */
  const T* x = nullptr;
  /** [B, T], or null for 1.0. */
  const T* timespans = nullptr;
  /** [B, H], or null for zeros (c0 with mixed memory only). */
  const T* h0 = nullptr;
  const T* c0 = nullptr;
};

template <typename T>
struct LtcMath;

/** The saved values of one share of the batch ([b0, b0 + nb), padded to bp lanes). */
template <typename T>
struct LtcShareTrace {
  int64_t b0 = 0;
  int64_t nb = 0;
  int64_t bp = 0;
  /** The synapse loops chosen for this share (bp suits their vectors; backward reuses them). */
  const LtcMath<T>* math = nullptr;
  /** v_0..v_U of every kept step, [slots][U + 1][H][bp]. */
  T* states = nullptr;
  /** Denominators of every unfold, [T][U][H][bp] (only when saving). */
  T* dens = nullptr;
  /** Raw inputs [slots][C][bp] and elapsed times [slots][bp] (1.0 without timespans). */
  T* raw = nullptr;
  T* elapsed = nullptr;
  /** Mixed memory (batch-first rows, double for the LSTM): x [slots][nb][C], h [slots][nb][H],
   *  c [slots + 1][nb][H], gates [slots][nb][5H]. */
  double* lstmX = nullptr;
  double* lstmH = nullptr;
  double* lstmC = nullptr;
  double* lstmGates = nullptr;
};

template <typename T>
struct LtcTrace {
  int64_t slots = 0;
  std::vector<LtcShareTrace<T>> shares;
  std::unique_ptr<T[]> storage;
  /** The mixed-memory rows. */
  std::unique_ptr<double[]> lstmStorage;
  int64_t bytes = 0;
};

/**
 * Allocates a trace for `slots` steps of `in`'s batch, split in `shares` (1 or 2) parts, with
 * room for the denominators when `save`.
 */
template <typename T>
LtcTrace<T> createLtcTrace(const LtcModel<T>& model, const LtcInputs<T>& in, int64_t slots,
                           bool save, int64_t shares);

/** How many shares a call over `in` should use (2 when both cores pay off). */
template <typename T>
int64_t ltcShares(const LtcModel<T>& model, const LtcInputs<T>& in);

/**
 * Runs the sequence: readout [B, T, M], hFinal [B, H] and cFinal [B, H] (mixed memory). Keeps
 * every step in `trace` when its slots equal the steps.
 */
template <typename T>
void ltcForward(const LtcModel<T>& model, const LtcInputs<T>& in, LtcTrace<T>& trace, T* readout,
                T* hFinal, T* cFinal);

/** Gradients of the constrained parameters and the mappings, summed in double. */
struct LtcGrads {
  /** d / d raw parameter, [H] each (softplus slopes applied). */
  std::vector<double> gleak;
  std::vector<double> vleak;
  std::vector<double> cm;
  /** Full matrices [H, H] and [C, H] (zeros where masked): sigma, mu, w (raw), erev. */
  std::vector<double> sigma, mu, w, erev;
  std::vector<double> sensorySigma, sensoryMu, sensoryW, sensoryErev;
  std::vector<double> inputW, inputB, outputW, outputB;
  std::vector<double> lstmInputWeight, lstmInputBias, lstmRecurrentWeight;
};

/** Incoming gradients (null = zero). */
template <typename T>
struct LtcGradInputs {
  const T* dReadout = nullptr;
  const T* dhFinal = nullptr;
  const T* dcFinal = nullptr;
};

/** Gradients of the inputs, double; dTimespans is empty without timespans. */
struct LtcInputGrads {
  std::vector<double> dx;
  std::vector<double> dTimespans;
  std::vector<double> dh0;
  std::vector<double> dc0;
};

/** BPTT through the steps and unfolds of a forward call over the same model and inputs. */
template <typename T>
void ltcBackward(const LtcModel<T>& model, const LtcInputs<T>& in, const LtcTrace<T>& trace,
                 const LtcGradInputs<T>& gradIn, LtcInputGrads& inputGrads, LtcGrads& grads);

/** Scratch of one LTC step (defined in fused_ltc.cc). */
template <typename T>
struct LtcStepScratch;

/** A streaming LTC over a fixed batch, with its own copy of the parameters. */
template <typename T>
class LtcStepper {
 public:
  LtcStepper(LtcModel<T> model, int64_t batch);
  ~LtcStepper();
  /**
   * One step: x [B, C], elapsed [B] (or null for 1.0), hIn / cIn [B, H] -> hOut, cOut [B, H]
   * and readout [B, M]. hIn may be hOut and cIn may be cOut.
   */
  void step(const T* x, const T* elapsed, const T* hIn, T* hOut, T* readout, const T* cIn,
            T* cOut);
  const LtcModel<T>& model() const { return model_; }
  int64_t batch() const { return batch_; }

 private:
  LtcModel<T> model_;
  int64_t batch_;
  LtcTrace<T> trace_;
  std::unique_ptr<LtcStepScratch<T>> work_;
};

}  // namespace ncps
