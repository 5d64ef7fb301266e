#include "fused_cfc_step.h"

#include <algorithm>

#include "fused_cfc_lstm.h"
#include "fused_cfc_math.h"

namespace ncps {
namespace {

template <typename T>
std::vector<T> copyOf(const T* p, int64_t n) {
  return std::vector<T>(p, p + n);
}

template <typename T>
class CfcStepperImpl final : public CfcStepper {
 public:
  CfcStepperImpl(const CfcModel<T>& shape, const CfcRefs<T>& refs, int64_t batch, T* h, T* c,
                 T* readout)
      : m_(shape), w_(refs), batch_(batch), h_(h), c_(c), readout_(readout) {
    const int64_t n = m_.stateSize;
    if (m_.mixed()) {
      z_.resize(batch * 4 * n);
      zr_.resize(4 * n);
      save_.resize(batch * kLstmSavedPerUnit * n);
    }
    for (const CfcLayer<T>& L : m_.layers) {
      Work w;
      w.z0.resize(L.z0Width);
      w.pre.resize(L.depth, std::vector<T>(L.units));
      w.act.resize(L.depth, std::vector<T>(L.units));
      w.heads.resize(batch * L.headSaved);
      w.hNew.resize(batch * L.hiddenSize);
      work_.push_back(std::move(w));
    }
  }

  void step(const void* xIn, const void* tsIn) override {
    const CfcMathOf<T>& math = cfcMath<T>();
    const int64_t nState = m_.stateSize;
    const int64_t nIn = m_.inputSize;
    // x and timespans have the element type of the parameters: read in place.
    const T* x = static_cast<const T*>(xIn);
    const T* ts = static_cast<const T*>(tsIn);
    if (m_.mixed()) {
      const int64_t n4 = 4 * nState;
      for (int64_t b = 0; b < batch_; b++) {
        T* z = z_.data() + b * n4;
        math.gemv(n4, nIn, w_.lstmInputWeight, nullptr, w_.lstmInputBias, x + b * nIn, z);
        math.gemv(n4, nState, w_.lstmRecurrentWeight, nullptr, nullptr, h_ + b * nState,
                  zr_.data());
        for (int64_t j = 0; j < n4; j++) z[j] += zr_[j];
      }
      math.lstmGates(batch_, nState, z_.data(), n4, c_, nState, h_, nState, c_, nState,
                     save_.data(), kLstmSavedPerUnit * nState);
    }
    const size_t nLayers = m_.layers.size();
    for (size_t l = 0; l < nLayers; l++) {
      const CfcLayer<T>& L = m_.layers[l];
      const CfcLayerRefs<T>& r = w_.layers[l];
      Work& w = work_[l];
      const int64_t nH = L.hiddenSize;
      const int64_t inW = L.inputSize;
      const int64_t hs = L.headSaved;
      // The last layer's new state is the readout.
      T* hNew = l + 1 == nLayers ? readout_ : w.hNew.data();
      for (int64_t b = 0; b < batch_; b++) {
        const T* src = l == 0 ? x + b * nIn : prevNew_ + b * inW;
        std::copy(src, src + inW, w.z0.begin());
        const T* hs0 = h_ + b * nState + L.stateOffset;
        std::copy(hs0, hs0 + nH, w.z0.begin() + inW);
        const T* hin = w.z0.data();
        int64_t hinW = L.z0Width;
        for (int64_t i = 0; i < L.depth; i++) {
          math.gemv(L.units, hinW, r.backboneWeight[i], nullptr, r.backboneBias[i], hin,
                    w.pre[i].data());
          math.activate(m_.activation, L.units, w.pre[i].data(), w.act[i].data());
          hin = w.act[i].data();
          hinW = L.units;
        }
        T* heads = w.heads.data() + b * hs;
        const int64_t nHeads = L.headOutputs / nH;
        for (int64_t k = 0; k < nHeads; k++) {
          // time_a / time_b are never masked.
          math.gemv(nH, hinW, r.headWeight[k], k < 2 ? r.mask : nullptr, r.headBias[k], hin,
                    heads + k * nH);
        }
      }
      if (m_.mode == CfcMode::kPure) {
        math.pureHeads(batch_, nH, w.heads.data(), hs, ts, 1, r.wTau, r.a, hNew, nH);
      } else {
        math.gatedHeads(batch_, nH, w.heads.data(), hs, ts, 1, hNew, nH,
                        m_.mode == CfcMode::kNoGate);
      }
      prevNew_ = hNew;
    }
    // The new states become the carried state.
    for (size_t l = 0; l < nLayers; l++) {
      const CfcLayer<T>& L = m_.layers[l];
      const T* src = l + 1 == nLayers ? readout_ : work_[l].hNew.data();
      for (int64_t b = 0; b < batch_; b++) {
        std::copy(src + b * L.hiddenSize, src + (b + 1) * L.hiddenSize,
                  h_ + b * nState + L.stateOffset);
      }
    }
  }

 private:
  struct Work {
    std::vector<T> z0;
    std::vector<std::vector<T>> pre;
    std::vector<std::vector<T>> act;
    std::vector<T> heads;
    std::vector<T> hNew;
  };
  const CfcModel<T> m_;
  const CfcRefs<T> w_;
  const int64_t batch_;
  T* const h_;
  T* const c_;
  T* const readout_;
  std::vector<T> z_;
  std::vector<T> zr_;
  std::vector<T> save_;
  std::vector<Work> work_;
  const T* prevNew_ = nullptr;
};

}  // namespace

template <typename T>
void loadCfcWeights(CfcModel<T>& model, const CfcRefs<T>& refs) {
  for (size_t l = 0; l < model.layers.size(); l++) {
    CfcLayer<T>& L = model.layers[l];
    const CfcLayerRefs<T>& r = refs.layers[l];
    L.backboneWeight.clear();
    L.backboneBias.clear();
    int64_t in = L.z0Width;
    for (int64_t i = 0; i < L.depth; i++) {
      L.backboneWeight.push_back(copyOf(r.backboneWeight[i], L.units * in));
      L.backboneBias.push_back(copyOf(r.backboneBias[i], L.units));
      in = L.units;
    }
    const int64_t nH = L.hiddenSize;
    const int64_t d = L.headInput;
    L.headWeight.assign(L.headOutputs * d, T(0));
    L.headBias.assign(L.headOutputs, T(0));
    for (int64_t k = 0; k * nH < L.headOutputs; k++) {
      const T* mask = k < 2 ? r.mask : nullptr;  // time_a / time_b are never masked
      for (int64_t j = 0; j < nH; j++) {
        T* row = L.headWeight.data() + (k * nH + j) * d;
        const T* src = r.headWeight[k] + j * d;
        for (int64_t q = 0; q < d; q++) {
          row[q] = mask == nullptr ? src[q] : src[q] * mask[j * d + q];
        }
        L.headBias[k * nH + j] = r.headBias[k][j];
      }
    }
    L.wTau = r.wTau == nullptr ? std::vector<T>() : copyOf(r.wTau, nH);
    L.a = r.a == nullptr ? std::vector<T>() : copyOf(r.a, nH);
    L.mask = r.mask == nullptr ? std::vector<T>() : copyOf(r.mask, nH * L.z0Width);
  }
  if (model.mixed()) {
    const int64_t n = model.lstm.hiddenSize;
    const int64_t c = model.lstm.inputSize;
    model.lstm.inputWeight = copyOf(refs.lstmInputWeight, 4 * n * c);
    model.lstm.inputBias = copyOf(refs.lstmInputBias, 4 * n);
    model.lstm.recurrentWeight = copyOf(refs.lstmRecurrentWeight, 4 * n * n);
  }
}

template <typename T>
std::unique_ptr<CfcStepper> createCfcStepper(const CfcModel<T>& shape, const CfcRefs<T>& refs,
                                             int64_t batch, T* h, T* c, T* readout) {
  return std::make_unique<CfcStepperImpl<T>>(shape, refs, batch, h, c, readout);
}

template void loadCfcWeights<double>(CfcModel<double>&, const CfcRefs<double>&);
template void loadCfcWeights<float>(CfcModel<float>&, const CfcRefs<float>&);
template std::unique_ptr<CfcStepper> createCfcStepper<double>(const CfcModel<double>&,
                                                              const CfcRefs<double>&, int64_t,
                                                              double*, double*, double*);
template std::unique_ptr<CfcStepper> createCfcStepper<float>(const CfcModel<float>&,
                                                             const CfcRefs<float>&, int64_t,
                                                             float*, float*, float*);

}  // namespace ncps
