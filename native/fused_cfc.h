// The fused CfC recurrence in C++: the twin of src/backend/js/cfcForward.ts / cfcBackward.ts
// (same model, same saved values, same formulas), with the products done by the blocked gemm
// over whole batches and the batch split across both cores. Everything is computed in double;
// float32 callers are converted at the boundary (bind_fused.cc), as the js kernels do.
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
 * A double buffer left uninitialised (for large buffers whose every element is written before
 * it is read: zeroing them would cost a pass over memory).
 */
class UninitBuffer {
 public:
  UninitBuffer() = default;
  explicit UninitBuffer(int64_t n) : data_(n > 0 ? new double[n] : nullptr) {}
  double* data() { return data_.get(); }
  const double* data() const { return data_.get(); }

 private:
  std::unique_ptr<double[]> data_;
};

/** How the heads combine (spec/ncps.md 2.2). */
enum class CfcMode : int { kDefault = 0, kNoGate = 1, kPure = 2 };

/** One layer, with float64 copies of its weights (torch layout [out, in]). */
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
  std::vector<std::vector<double>> backboneWeight;
  std::vector<std::vector<double>> backboneBias;
  /** ff1, ff2, time_a, time_b stacked [headOutputs, headInput], ff1/ff2 already masked. */
  std::vector<double> headWeight;
  std::vector<double> headBias;
  /** Mode pure: w_tau and A, [H] each. */
  std::vector<double> wTau;
  std::vector<double> a;
  /** Whether the layer is wired (ff1/ff2 multiplied by a sparsity mask). */
  bool hasMask = false;
  /** The sparsity mask [H, in + H] once the weights are loaded, or empty. */
  std::vector<double> mask;
};

/** The mixed-memory LSTM: input_map [4H, C] + bias [4H], recurrent_map [4H, H]. */
struct LstmWeights {
  int64_t inputSize = 0;
  int64_t hiddenSize = 0;
  std::vector<double> inputWeight;
  std::vector<double> inputBias;
  std::vector<double> recurrentWeight;
};

/** A whole CfC (validated sizes and float64 weights). */
struct CfcModel {
  CfcMode mode = CfcMode::kDefault;
  /** Backbone activation code (index in BACKBONE_ACTIVATIONS). */
  int activation = 0;
  int64_t inputSize = 0;
  int64_t stateSize = 0;
  int64_t outputSize = 0;
  std::vector<CfcLayer> layers;
  /** Present (hiddenSize > 0) with mixed memory. */
  LstmWeights lstm;
  bool mixed() const { return lstm.hiddenSize > 0; }
};

/** Values kept by a forward call for its backward (rows are time-major: row = t·B + b). */
struct CfcLayerTrace {
  double* z0 = nullptr;
  std::vector<double*> bbPre;
  std::vector<double*> bbAct;
  /** After dropout; the same buffer as bbAct where no dropout applies. */
  std::vector<double*> bbOut;
  double* heads = nullptr;
  double* hNew = nullptr;
};

struct CfcTrace {
  int64_t slots = 0;
  int64_t batch = 0;
  std::vector<CfcLayerTrace> layers;
  /** Mixed memory: h and c entering the LSTM, and its 5H saved activations. */
  double* lstmH = nullptr;
  double* lstmC = nullptr;
  double* lstmSave = nullptr;
  std::unique_ptr<double[]> storage;
  int64_t bytes = 0;
};

/**
 * The inputs of a sequence call as double arrays (batch-first, as in the js kernels), owned by
 * the caller for the duration of the call.
 */
struct CfcInputs {
  int64_t batch = 0;
  int64_t steps = 0;
  /** [B, T, C]. */
  const double* x = nullptr;
  /** [B, T], or null for 1.0. */
  const double* timespans = nullptr;
  /** [B, H] initial states, or null for zeros (c0 with mixed memory only). */
  const double* h0 = nullptr;
  const double* c0 = nullptr;
  /** Per backbone layer of layer 0: its dropout keep mask [B, T, U], or null (none). */
  std::vector<const double*> dropout;
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
CfcTrace createCfcTrace(const CfcModel& model, const CfcInputs& in, int64_t slots);

/**
 * Runs the recurrence over `in`: writes the readout [B, T, H_last] (rounded once to T) and the
 * final states hFinal / cFinal ([B, H], double; cFinal with mixed memory only). Saves every
 * step in `trace` when its slots equal the steps, else reuses its one slot.
 */
template <typename T>
void cfcForward(const CfcModel& model, const CfcInputs& in, CfcTrace& trace, T* readout,
                double* hFinal, double* cFinal);

/** Gradients of every parameter, in float64, shaped like CfcModel's (masks excluded). */
struct CfcLayerGrads {
  std::vector<std::vector<double>> backboneWeight;
  std::vector<std::vector<double>> backboneBias;
  /** Stacked like CfcLayer::headWeight (ff1/ff2 rows masked). */
  std::vector<double> headWeight;
  std::vector<double> headBias;
  std::vector<double> wTau;
  std::vector<double> a;
};

struct CfcGrads {
  std::vector<CfcLayerGrads> layers;
  std::vector<double> lstmInputWeight;
  std::vector<double> lstmInputBias;
  std::vector<double> lstmRecurrentWeight;
};

/** Incoming gradients (null = zero), double, shaped as the outputs. */
struct CfcGradInputs {
  const double* dReadout = nullptr;
  const double* dhFinal = nullptr;
  const double* dcFinal = nullptr;
};

/** Gradients of the inputs, double; dTimespans is empty when the call had no timespans. */
struct CfcInputGrads {
  std::vector<double> dx;
  std::vector<double> dTimespans;
  std::vector<double> dh0;
  std::vector<double> dc0;
};

/** BPTT of a forward call over the same model and inputs, which saved `trace`. */
void cfcBackward(const CfcModel& model, const CfcInputs& in, const CfcTrace& trace,
                 const CfcGradInputs& gradIn, CfcInputGrads& inputGrads, CfcGrads& grads);

/** Multiply-adds of one sample-step (forward), to decide whether splitting pays. */
double cfcStepWork(const CfcModel& model);

}  // namespace ncps
