// The caller's CfC parameter arrays by reference, their copy for the sequence kernels, and the
// streaming step (the twin of src/backend/js/cfcStep.ts), which reads the weights
// through the references at every step so that in-place updates are seen, as in js.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "fused_cfc.h"

namespace ncps {

/** One layer's arrays (element type T); heads in the order ff1, ff2, time_a, time_b. */
template <typename T>
struct CfcLayerRefs {
  std::vector<const T*> backboneWeight;
  std::vector<const T*> backboneBias;
  /** ff2, time_a and time_b are null in mode pure. */
  const T* headWeight[4] = {nullptr, nullptr, nullptr, nullptr};
  const T* headBias[4] = {nullptr, nullptr, nullptr, nullptr};
  /** Mode pure only. */
  const T* wTau = nullptr;
  const T* a = nullptr;
  /** Wired layers only. */
  const T* mask = nullptr;
};

template <typename T>
struct CfcRefs {
  std::vector<CfcLayerRefs<T>> layers;
  /** Mixed memory only. */
  const T* lstmInputWeight = nullptr;
  const T* lstmInputBias = nullptr;
  const T* lstmRecurrentWeight = nullptr;
};

/**
 * Fills the weights of `model` (whose sizes are set) with copies of `refs`: backbone layers as
 * they are, the heads stacked [headOutputs, headInput] with ff1/ff2 multiplied by the mask,
 * w_tau, A, the mask and the LSTM.
 */
template <typename T>
void loadCfcWeights(CfcModel<T>& model, const CfcRefs<T>& refs);

/** A streaming CfC over a fixed batch. */
class CfcStepper {
 public:
  virtual ~CfcStepper() = default;
  /**
   * One step: x [B, C] and timespans [B] (or null for 1.0) of the parameters' element type.
   * Updates h (and c) and writes the readout [B, H_last].
   */
  virtual void step(const void* x, const void* timespans) = 0;
};

/**
 * A stepper reading `refs` at every step and computing in T, with `shape` giving the sizes (its
 * weights are not used). h and c ([B, H]) and readout ([B, H_last]) are the caller's buffers
 * of T; they and the arrays behind `refs` must outlive the stepper.
 */
template <typename T>
std::unique_ptr<CfcStepper> createCfcStepper(const CfcModel<T>& shape, const CfcRefs<T>& refs,
                                             int64_t batch, T* h, T* c, T* readout);

}  // namespace ncps
