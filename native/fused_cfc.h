// The fused CfC recurrence in C++: the twin of src/backend/js/cfcForward.ts / cfcBackward.ts
// (same model, same saved values, same formulas), with the products done by the blocked gemm
// over whole batches and the batch split across both cores. Everything is templated on the
// compute type T, the parameters' element type: float64 models compute in double (as the js
// kernels do), float32 models in float, with twice the SIMD lanes and half the memory traffic
// (the few sums over the whole batch and sequence, bias gradients among them, are kept in
// double, where they cost nothing).
//
// One code path covers both ncps cells: a fully connected CfCCell is one layer with a
// backbone; a WiredCfCCell is several layers without backbone whose ff1/ff2 weights are
// multiplied by a sparsity mask. Layer l reads layer l-1's new state (layer 0 reads x); the
// state is [layer0 | layer1 | ...]; the readout is the last layer's new state.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

namespace ncps {

/**
 * A buffer of T left uninitialised (for large buffers whose every element is written before
 * it is read: zeroing them would cost a pass over memory).
 */
template <typename T>
class UninitBufferOf {
 public:
  UninitBufferOf() = default;
  explicit UninitBufferOf(int64_t n) : data_(n > 0 ? new T[n] : nullptr) {}
  T* data() { return data_.get(); }
  const T* data() const { return data_.get(); }

 private:
  std::unique_ptr<T[]> data_;
};

/** The double buffer (the LTC kernels use it). */
using UninitBuffer = UninitBufferOf<double>;

/** How the heads combine (spec/ncps.md 2.2). */
enum class CfcMode : int { kDefault = 0, kNoGate = 1, kPure = 2 };

/** One layer, with copies of its weights in T (torch layout [out, in]). */
template <typename T>
struct CfcLayer {
  int64_t inputSize = 0;
  int64_t hiddenSize = 0;
  /** Offset of the layer's state in the concatenated state. */
  int64_t stateOffset = 0;
  /** in + H. */
  int64_t z0Width = 0;
  /** Backbone width U (0 without backbone) and number of backbone Linear layers. */
  int64_t units = 0;
  int64_t depth = 0;
  /** Width of the heads' input: U, or in + H without backbone. */
  int64_t headInput = 0;
  /** Pre-activations a step computes (4H, or H in mode pure) and values it saves (4H or 2H). */
  int64_t headOutputs = 0;
  int64_t headSaved = 0;
  std::vector<std::vector<T>> backboneWeight;
  std::vector<std::vector<T>> backboneBias;
  /** ff1, ff2, time_a, time_b stacked [headOutputs, headInput], ff1/ff2 already masked. */
  std::vector<T> headWeight;
  std::vector<T> headBias;
  /** Mode pure: w_tau and A, [H] each. */
  std::vector<T> wTau;
  std::vector<T> a;
  /** Whether the layer is wired (ff1/ff2 multiplied by a sparsity mask). */
  bool hasMask = false;
  /** The sparsity mask [H, in + H] once the weights are loaded, or empty. */
  std::vector<T> mask;
};

/** The mixed-memory LSTM: input_map [4H, C] + bias [4H], recurrent_map [4H, H]. */
template <typename T>
struct LstmWeightsOf {
  int64_t inputSize = 0;
  int64_t hiddenSize = 0;
  std::vector<T> inputWeight;
  std::vector<T> inputBias;
  std::vector<T> recurrentWeight;
};

/** The float64 LSTM (the LTC kernels use it). */
using LstmWeights = LstmWeightsOf<double>;

/** A whole CfC (validated sizes and weights in T). */
template <typename T>
struct CfcModel {
  CfcMode mode = CfcMode::kDefault;
  /** Backbone activation code (index in BACKBONE_ACTIVATIONS). */
  int activation = 0;
  int64_t inputSize = 0;
  int64_t stateSize = 0;
  int64_t outputSize = 0;
  std::vector<CfcLayer<T>> layers;
  /** Present (hiddenSize > 0) with mixed memory. */
  LstmWeightsOf<T> lstm;
  bool mixed() const { return lstm.hiddenSize > 0; }
};

/** Values kept by a forward call for its backward (rows are time-major: row = t·B + b). */
template <typename T>
struct CfcLayerTrace {
  T* z0 = nullptr;
  std::vector<T*> bbPre;
  std::vector<T*> bbAct;
  /** After dropout; the same buffer as bbAct where no dropout applies. */
  std::vector<T*> bbOut;
  T* heads = nullptr;
  T* hNew = nullptr;
};

template <typename T>
struct CfcTrace {
  int64_t slots = 0;
  int64_t batch = 0;
  std::vector<CfcLayerTrace<T>> layers;
  /** Mixed memory: h and c entering the LSTM, and its 5H saved activations. */
  T* lstmH = nullptr;
  T* lstmC = nullptr;
  T* lstmSave = nullptr;
  std::unique_ptr<T[]> storage;
  int64_t bytes = 0;
};

/**
 * The inputs of a sequence call (batch-first, as in the js kernels), owned by the caller for
 * the duration of the call.
 */
template <typename T>
struct CfcInputs {
  int64_t batch = 0;
  int64_t steps = 0;
  /** [B, T, C]. */
  const T* x = nullptr;
  /** [B, T], or null for 1.0. */
  const T* timespans = nullptr;
  /** [B, H] initial states, or null for zeros (c0 with mixed memory only). */
  const T* h0 = nullptr;
  const T* c0 = nullptr;
  /** Per backbone layer of layer 0: its dropout keep mask [B, T, U], or null (none). */
  std::vector<const T*> dropout;
  bool hasTimespans() const { return timespans != nullptr; }
  /** True when backbone layer i of layer 0 has a dropout mask. */
  bool dropped(int64_t i) const {
    return i < static_cast<int64_t>(dropout.size()) && dropout[i] != nullptr;
  }
};

/**
 * Allocates a trace for `slots` steps of the batch of `in` (uninitialised memory); backbone
 * layers of layer 0 with a dropout mask get their own post-dropout buffer. Throws
 * std::length_error when it would pass 2^53 bytes.
 */
template <typename T>
CfcTrace<T> createCfcTrace(const CfcModel<T>& model, const CfcInputs<T>& in, int64_t slots);

/**
 * Runs the recurrence over `in`: writes the readout [B, T, H_last] and the final states
 * hFinal / cFinal ([B, H]; cFinal with mixed memory only). Saves every step in `trace` when
 * its slots equal the steps, else reuses its one slot.
 */
template <typename T>
void cfcForward(const CfcModel<T>& model, const CfcInputs<T>& in, CfcTrace<T>& trace, T* readout,
                T* hFinal, T* cFinal);

/** Gradients of every parameter, shaped like CfcModel's (masks excluded). */
template <typename T>
struct CfcLayerGrads {
  std::vector<std::vector<T>> backboneWeight;
  std::vector<std::vector<T>> backboneBias;
  /** Stacked like CfcLayer::headWeight (ff1/ff2 rows masked). */
  std::vector<T> headWeight;
  std::vector<T> headBias;
  std::vector<T> wTau;
  std::vector<T> a;
};

template <typename T>
struct CfcGrads {
  std::vector<CfcLayerGrads<T>> layers;
  std::vector<T> lstmInputWeight;
  std::vector<T> lstmInputBias;
  std::vector<T> lstmRecurrentWeight;
};

/** Incoming gradients (null = zero), shaped as the outputs. */
template <typename T>
struct CfcGradInputs {
  const T* dReadout = nullptr;
  const T* dhFinal = nullptr;
  const T* dcFinal = nullptr;
};

/** Gradients of the inputs; dTimespans is empty when the call had no timespans. */
template <typename T>
struct CfcInputGrads {
  std::vector<T> dx;
  std::vector<T> dTimespans;
  std::vector<T> dh0;
  std::vector<T> dc0;
};

/** BPTT of a forward call over the same model and inputs, which saved `trace`. */
template <typename T>
void cfcBackward(const CfcModel<T>& model, const CfcInputs<T>& in, const CfcTrace<T>& trace,
                 const CfcGradInputs<T>& gradIn, CfcInputGrads<T>& inputGrads, CfcGrads<T>& grads);

/** Multiply-adds of one sample-step (forward), to decide whether splitting pays. */
template <typename T>
double cfcStepWork(const CfcModel<T>& model);

}  // namespace ncps
