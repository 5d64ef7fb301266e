#include "fused_cfc.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <stdexcept>
#include <type_traits>

#include "fused_cfc_lstm.h"
#include "fused_cfc_math.h"
#include "gemm.h"
#include "pool.h"

namespace ncps {
namespace {

/** Each of `rows` rows of c (stride ldc) = bias (n values). */
template <typename T>
void fillRows(int64_t rows, int64_t n, const T* bias, T* c, int64_t ldc) {
  for (int64_t r = 0; r < rows; r++) std::copy(bias, bias + n, c + r * ldc);
}

/** c[rows, n] += a[rows, k]·wᵀ with w [n, k] row-major (torch's Linear layout). */
template <typename T>
void addLinear(int64_t rows, int64_t n, int64_t k, const T* a, int64_t lda, const T* w, T* c,
               int64_t ldc) {
  gemmSerial<T>(false, true, rows, n, k, 1.0, a, lda, w, k, 1.0, c, ldc);
}

/**
 * Column sums of a [rows, n] block (stride n), in row order, accumulated in double (float32
 * callers sum up to B·T values per column, which float would round on every add).
 */
template <typename T>
void columnSums(int64_t rows, int64_t n, const T* a, T* out) {
  std::vector<double> acc(n, 0.0);
  for (int64_t r = 0; r < rows; r++) {
    const T* row = a + r * n;
    for (int64_t j = 0; j < n; j++) acc[j] += row[j];
  }
  for (int64_t j = 0; j < n; j++) out[j] = static_cast<T>(acc[j]);
}

/**
 * Runs `body(b0, b1)` over the batch, split in two halves on both cores when the work is
 * large enough to pay for waking the second core. Samples are independent in the time loops,
 * so each half is exactly what a call with that half of the batch would compute.
 */
void splitBatch(int64_t batch, double work, const std::function<void(int64_t, int64_t)>& body) {
  if (batch < 2 || work < kParallelWork) {
    body(0, batch);
    return;
  }
  const int64_t half = (batch + 1) / 2;
  runOnBothCores([&] { body(0, half); }, [&] { body(half, batch); });
}

template <typename T>
T sign(T w) {
  return w > 0 ? T(1) : w < 0 ? T(-1) : w;
}

/** The forward time loop for samples [b0, b1). */
template <typename T>
void forwardRange(const CfcModel<T>& m, const CfcInputs<T>& in, CfcTrace<T>& tr, T* h, T* c,
                  T* readout, int64_t b0, int64_t b1) {
  const CfcMathOf<T>& math = cfcMath<T>();
  const int64_t batch = in.batch;
  const int64_t steps = in.steps;
  const int64_t nb = b1 - b0;
  const int64_t nState = m.stateSize;
  const int64_t nIn = m.inputSize;
  const int64_t nOut = m.outputSize;
  const int64_t xStride = steps * nIn;
  const bool pure = m.mode == CfcMode::kPure;
  const bool noGate = m.mode == CfcMode::kNoGate;
  std::vector<T> z(m.mixed() ? nb * 4 * nState : 0);
  for (int64_t t = 0; t < steps; t++) {
    const int64_t slot = tr.slots == steps ? t : 0;
    const int64_t row0 = slot * batch + b0;
    const T* xt = in.x + (b0 * steps + t) * nIn;
    const T* ts = in.hasTimespans() ? in.timespans + b0 * steps + t : nullptr;
    if (m.mixed()) {
      T* lh = tr.lstmH + row0 * nState;
      T* lc = tr.lstmC + row0 * nState;
      std::copy(h + b0 * nState, h + b1 * nState, lh);
      std::copy(c + b0 * nState, c + b1 * nState, lc);
      lstmForwardRows(m.lstm, nb, xt, xStride, lh, nState, lc, nState, z.data(), h + b0 * nState,
                      nState, c + b0 * nState, nState,
                      tr.lstmSave + row0 * kLstmSavedPerUnit * nState);
    }
    for (size_t l = 0; l < m.layers.size(); l++) {
      const CfcLayer<T>& L = m.layers[l];
      CfcLayerTrace<T>& lt = tr.layers[l];
      const int64_t nH = L.hiddenSize;
      const int64_t inW = L.inputSize;
      const int64_t zW = L.z0Width;
      T* z0 = lt.z0 + row0 * zW;
      for (int64_t b = 0; b < nb; b++) {
        const T* src = l == 0 ? xt + b * xStride : tr.layers[l - 1].hNew + (row0 + b) * inW;
        std::copy(src, src + inW, z0 + b * zW);
        const T* hs = h + (b0 + b) * nState + L.stateOffset;
        std::copy(hs, hs + nH, z0 + b * zW + inW);
      }
      const T* hin = z0;
      int64_t hinW = zW;
      const int64_t nU = L.units;
      for (int64_t i = 0; i < L.depth; i++) {
        T* pre = lt.bbPre[i] + row0 * nU;
        fillRows(nb, nU, L.backboneBias[i].data(), pre, nU);
        addLinear(nb, nU, hinW, hin, hinW, L.backboneWeight[i].data(), pre, nU);
        T* act = lt.bbAct[i] + row0 * nU;
        math.activate(m.activation, nb * nU, pre, act);
        T* out = lt.bbOut[i] + row0 * nU;
        if (out != act) {
          const T* keep = in.dropout[i];
          for (int64_t b = 0; b < nb; b++) {
            const T* k = keep + ((b0 + b) * steps + t) * nU;
            for (int64_t u = 0; u < nU; u++) out[b * nU + u] = act[b * nU + u] * k[u];
          }
        }
        hin = out;
        hinW = nU;
      }
      const int64_t hs = L.headSaved;
      T* heads = lt.heads + row0 * hs;
      fillRows(nb, L.headOutputs, L.headBias.data(), heads, hs);
      addLinear(nb, L.headOutputs, hinW, hin, hinW, L.headWeight.data(), heads, hs);
      T* hNew = lt.hNew + row0 * nH;
      if (pure) {
        math.pureHeads(nb, nH, heads, hs, ts, steps, L.wTau.data(), L.a.data(), hNew, nH);
      } else {
        math.gatedHeads(nb, nH, heads, hs, ts, steps, hNew, nH, noGate);
      }
    }
    // The new states become the state of the next step.
    for (const CfcLayer<T>& L : m.layers) {
      const CfcLayerTrace<T>& lt = tr.layers[&L - m.layers.data()];
      const int64_t nH = L.hiddenSize;
      for (int64_t b = 0; b < nb; b++) {
        const T* src = lt.hNew + (row0 + b) * nH;
        std::copy(src, src + nH, h + (b0 + b) * nState + L.stateOffset);
      }
    }
    const T* last = tr.layers.back().hNew + row0 * nOut;
    for (int64_t b = 0; b < nb; b++) {
      T* out = readout + ((b0 + b) * steps + t) * nOut;
      std::copy(last + b * nOut, last + (b + 1) * nOut, out);
    }
  }
}

/** Buffers shared by the two halves of a backward call (rows are time-major). */
template <typename T>
struct BackwardShared {
  /** Per layer: [rows, headOutputs] head pre-activation gradients of every step. */
  std::vector<UninitBufferOf<T>> dHeads;
  /** Per layer and backbone layer: [rows, U]. */
  std::vector<std::vector<UninitBufferOf<T>>> dBbPre;
  /** [rows, 4H]: the LSTM's dz of every step (mixed memory). */
  UninitBufferOf<T> lstmDz;
  /** [B, H]: the carried state gradients. */
  std::vector<T> dCarry;
  std::vector<T> dcCarry;
};

/**
 * Per-half accumulators of the parameters whose gradients are summed inside the loop (over
 * every sample and step: in double, like the column sums).
 */
struct PureAccumulators {
  std::vector<std::vector<double>> wTau;
  std::vector<std::vector<double>> a;
};

template <typename T>
void backwardRange(const CfcModel<T>& m, const CfcInputs<T>& in, const CfcTrace<T>& tr,
                   const CfcGradInputs<T>& gIn, BackwardShared<T>& sh, CfcInputGrads<T>& ig,
                   PureAccumulators& acc, int64_t b0, int64_t b1) {
  const CfcMathOf<T>& math = cfcMath<T>();
  const int64_t batch = in.batch;
  const int64_t steps = in.steps;
  const int64_t nb = b1 - b0;
  const int64_t nState = m.stateSize;
  const int64_t nIn = m.inputSize;
  const int64_t nOut = m.outputSize;
  const int64_t xStride = steps * nIn;
  const bool pure = m.mode == CfcMode::kPure;
  const bool noGate = m.mode == CfcMode::kNoGate;
  const int64_t nLayers = static_cast<int64_t>(m.layers.size());
  int64_t maxH = 0;
  int64_t maxW = 0;
  for (const CfcLayer<T>& L : m.layers) {
    maxH = std::max(maxH, L.hiddenSize);
    maxW = std::max({maxW, L.z0Width, L.units, L.headInput});
  }
  std::vector<T> dNew(nb * maxH);
  std::vector<T> dAbove(nb * maxH);
  std::vector<T> bufA(nb * maxW);
  std::vector<T> bufB(nb * maxW);
  T* dts = in.hasTimespans() ? ig.dTimespans.data() : nullptr;
  for (int64_t t = steps - 1; t >= 0; t--) {
    const int64_t row0 = t * batch + b0;
    for (int64_t l = nLayers - 1; l >= 0; l--) {
      const CfcLayer<T>& L = m.layers[l];
      const CfcLayerTrace<T>& lt = tr.layers[l];
      const int64_t nH = L.hiddenSize;
      const int64_t hs = L.headSaved;
      const int64_t hO = L.headOutputs;
      // ∂L/∂h'_l = carried + (readout or what the next layer handed down)
      for (int64_t b = 0; b < nb; b++) {
        const T* carry = sh.dCarry.data() + (b0 + b) * nState + L.stateOffset;
        T* d = dNew.data() + b * nH;
        if (l == nLayers - 1) {
          const T* dr =
              gIn.dReadout == nullptr ? nullptr : gIn.dReadout + ((b0 + b) * steps + t) * nOut;
          for (int64_t j = 0; j < nH; j++) d[j] = dr == nullptr ? carry[j] : carry[j] + dr[j];
        } else {
          const T* da = dAbove.data() + b * nH;
          for (int64_t j = 0; j < nH; j++) d[j] = carry[j] + da[j];
        }
      }
      T* dHeads = sh.dHeads[l].data() + row0 * hO;
      for (int64_t b = 0; b < nb; b++) {
        const T tsv = in.hasTimespans() ? in.timespans[(b0 + b) * steps + t] : T(1);
        const T* f = lt.heads + (row0 + b) * hs;
        const T* d = dNew.data() + b * nH;
        T* dh = dHeads + b * hO;
        T dtsSum = 0;
        if (pure) {
          double* gw = acc.wTau[l].data();
          double* ga = acc.a[l].data();
          for (int64_t j = 0; j < nH; j++) {
            const T dn = d[j];
            const T f1 = f[j];
            const T e = f[nH + j];
            const T aj = L.a[j];
            const T wj = L.wTau[j];
            const T af1e = aj * f1 * e;
            ga[j] += dn * (1 - e * f1);
            gw[j] += dn * af1e * tsv * sign(wj);
            dtsSum += dn * af1e * (std::fabs(wj) + std::fabs(f1));
            dh[j] = -aj * dn * e * (1 - tsv * std::fabs(f1));
          }
        } else if (std::is_same<T, float>::value) {
          dtsSum = math.gatedHeadsBackward(nH, f, d, tsv, noGate, dh);
        } else {
          // float64: scalar, so that dtsSum keeps the js kernels' summation order.
          for (int64_t j = 0; j < nH; j++) {
            const T dn = d[j];
            const T f1 = f[j];
            const T f2 = f[nH + j];
            const T ta = f[2 * nH + j];
            const T g = f[3 * nH + j];
            const T df1 = noGate ? dn : dn * (1 - g);
            const T df2 = dn * g;
            const T dg = noGate ? dn * f2 : dn * (f2 - f1);
            const T du = dg * g * (1 - g);
            dh[j] = df1 * (1 - f1 * f1);
            dh[nH + j] = df2 * (1 - f2 * f2);
            dh[2 * nH + j] = du * tsv;
            dh[3 * nH + j] = du;
            dtsSum += du * ta;
          }
        }
        if (dts != nullptr) dts[(b0 + b) * steps + t] += dtsSum;
      }
      // ∂L/∂(heads input) = dHeads · W_heads
      const int64_t d = L.headInput;
      gemmSerial<T>(false, false, nb, d, hO, 1.0, dHeads, hO, L.headWeight.data(), d, 0.0,
                    bufA.data(), d);
      // Backbone, last layer first; bufA holds ∂L/∂(output of backbone layer i).
      const int64_t nU = L.units;
      for (int64_t i = L.depth - 1; i >= 0; i--) {
        T* dPre = sh.dBbPre[l][i].data() + row0 * nU;
        if (l == 0 && in.dropped(i)) {
          for (int64_t b = 0; b < nb; b++) {
            const T* k = in.dropout[i] + ((b0 + b) * steps + t) * nU;
            for (int64_t u = 0; u < nU; u++) dPre[b * nU + u] = bufA[b * nU + u] * k[u];
          }
        } else {
          std::copy(bufA.begin(), bufA.begin() + nb * nU, dPre);
        }
        math.activateBackward(m.activation, nb * nU, lt.bbPre[i] + row0 * nU,
                              lt.bbAct[i] + row0 * nU, dPre);
        const int64_t din = i == 0 ? L.z0Width : nU;
        gemmSerial<T>(false, false, nb, din, nU, 1.0, dPre, nU, L.backboneWeight[i].data(), din,
                      0.0, bufB.data(), din);
        std::swap(bufA, bufB);
      }
      // bufA = ∂L/∂z0 = [input | state]
      const int64_t inW = L.inputSize;
      const int64_t zW = L.z0Width;
      for (int64_t b = 0; b < nb; b++) {
        const T* dz = bufA.data() + b * zW;
        if (l == 0) {
          T* dx = ig.dx.data() + ((b0 + b) * steps + t) * nIn;
          for (int64_t k = 0; k < inW; k++) dx[k] += dz[k];
        } else {
          std::copy(dz, dz + inW, dAbove.data() + b * inW);
        }
        std::copy(dz + inW, dz + zW, sh.dCarry.data() + (b0 + b) * nState + L.stateOffset);
      }
    }
    if (m.mixed()) {
      lstmBackwardRows(m.lstm, nb, tr.lstmSave + row0 * kLstmSavedPerUnit * nState,
                       tr.lstmC + row0 * nState, nState, sh.dCarry.data() + b0 * nState, nState,
                       sh.dcCarry.data() + b0 * nState, nState,
                       sh.lstmDz.data() + row0 * 4 * nState, ig.dx.data() + (b0 * steps + t) * nIn,
                       xStride, sh.dCarry.data() + b0 * nState, nState);
    }
  }
}

/** dW = dPreᵀ·input and db = Σ dPre over all rows, for the heads and the backbone of a layer. */
template <typename T>
void weightGradients(const CfcLayer<T>& L, const CfcLayerTrace<T>& lt, const BackwardShared<T>& sh,
                     size_t l, int64_t rows, CfcLayerGrads<T>& g) {
  const int64_t hO = L.headOutputs;
  const int64_t d = L.headInput;
  const T* hin = L.depth > 0 ? lt.bbOut[L.depth - 1] : lt.z0;
  g.headWeight.assign(hO * d, 0.0);
  g.headBias.assign(hO, 0.0);
  gemm<T>(true, false, hO, d, rows, 1.0, sh.dHeads[l].data(), hO, hin, d, 0.0,
          g.headWeight.data(), d);
  columnSums(rows, hO, sh.dHeads[l].data(), g.headBias.data());
  if (!L.mask.empty()) {
    // Masked weights get masked gradients (ff1 and ff2; time_a / time_b are never masked).
    const int64_t nH = L.hiddenSize;
    for (int64_t hIdx = 0; hIdx < 2 && hIdx * nH < hO; hIdx++) {
      for (int64_t j = 0; j < nH; j++) {
        T* row = g.headWeight.data() + (hIdx * nH + j) * d;
        const T* mask = L.mask.data() + j * d;
        for (int64_t k = 0; k < d; k++) row[k] *= mask[k];
      }
    }
  }
  const int64_t nU = L.units;
  g.backboneWeight.resize(L.depth);
  g.backboneBias.resize(L.depth);
  for (int64_t i = 0; i < L.depth; i++) {
    const T* input = i == 0 ? lt.z0 : lt.bbOut[i - 1];
    const int64_t din = i == 0 ? L.z0Width : nU;
    g.backboneWeight[i].assign(nU * din, 0.0);
    g.backboneBias[i].assign(nU, 0.0);
    gemm<T>(true, false, nU, din, rows, 1.0, sh.dBbPre[l][i].data(), nU, input, din, 0.0,
            g.backboneWeight[i].data(), din);
    columnSums(rows, nU, sh.dBbPre[l][i].data(), g.backboneBias[i].data());
  }
}

}  // namespace

template <typename T>
double cfcStepWork(const CfcModel<T>& m) {
  double work = 0;
  for (const CfcLayer<T>& L : m.layers) {
    double in = static_cast<double>(L.z0Width);
    for (int64_t i = 0; i < L.depth; i++) {
      work += in * static_cast<double>(L.units);
      in = static_cast<double>(L.units);
    }
    work += in * static_cast<double>(L.headOutputs) + 20.0 * static_cast<double>(L.hiddenSize);
  }
  if (m.mixed()) {
    work += 4.0 * static_cast<double>(m.lstm.hiddenSize) *
            static_cast<double>(m.lstm.inputSize + m.lstm.hiddenSize + 20);
  }
  return work;
}

template <typename T>
CfcTrace<T> createCfcTrace(const CfcModel<T>& model, const CfcInputs<T>& in, int64_t slots) {
  const int64_t batch = in.batch;
  const int64_t rows = slots * batch;
  // The size in double first: int64 products must not overflow.
  double doubles = 0;
  for (const CfcLayer<T>& L : model.layers) {
    doubles += static_cast<double>(rows) *
               static_cast<double>(L.z0Width + L.headSaved + L.hiddenSize + 3 * L.depth * L.units);
  }
  doubles += static_cast<double>(rows) * static_cast<double>(model.stateSize) * 7;
  if (doubles > 1e15) throw std::length_error("the saved activations would pass 2^53 bytes");
  int64_t total = 0;
  for (size_t l = 0; l < model.layers.size(); l++) {
    const CfcLayer<T>& L = model.layers[l];
    total += rows * (L.z0Width + L.headSaved + L.hiddenSize + 2 * L.depth * L.units);
    for (int64_t i = 0; i < L.depth; i++) {
      if (l == 0 && in.dropped(i)) total += rows * L.units;
    }
  }
  const int64_t nState = model.stateSize;
  if (model.mixed()) total += rows * nState * (2 + kLstmSavedPerUnit);
  CfcTrace<T> tr;
  tr.slots = slots;
  tr.batch = batch;
  // Uninitialised on purpose: every value is written before it is read.
  tr.storage.reset(new T[std::max<int64_t>(total, 1)]);
  tr.bytes = total * static_cast<int64_t>(sizeof(T));
  T* p = tr.storage.get();
  const auto take = [&p](int64_t n) {
    T* q = p;
    p += n;
    return q;
  };
  for (size_t l = 0; l < model.layers.size(); l++) {
    const CfcLayer<T>& L = model.layers[l];
    CfcLayerTrace<T> lt;
    lt.z0 = take(rows * L.z0Width);
    for (int64_t i = 0; i < L.depth; i++) {
      lt.bbPre.push_back(take(rows * L.units));
      T* act = take(rows * L.units);
      lt.bbAct.push_back(act);
      lt.bbOut.push_back(l == 0 && in.dropped(i) ? take(rows * L.units) : act);
    }
    lt.heads = take(rows * L.headSaved);
    lt.hNew = take(rows * L.hiddenSize);
    tr.layers.push_back(lt);
  }
  if (model.mixed()) {
    tr.lstmH = take(rows * nState);
    tr.lstmC = take(rows * nState);
    tr.lstmSave = take(rows * nState * kLstmSavedPerUnit);
  }
  return tr;
}

template <typename T>
void cfcForward(const CfcModel<T>& model, const CfcInputs<T>& in, CfcTrace<T>& trace, T* readout,
                T* hFinal, T* cFinal) {
  const int64_t n = in.batch * model.stateSize;
  const T* h0 = in.h0;
  const T* c0 = in.c0;
  // The carried states live in the output buffers (hFinal, cFinal) during the loop.
  if (h0 == nullptr) {
    std::fill(hFinal, hFinal + n, T(0));
  } else if (h0 != hFinal) {
    std::copy(h0, h0 + n, hFinal);
  }
  if (model.mixed()) {
    if (c0 == nullptr) {
      std::fill(cFinal, cFinal + n, T(0));
    } else if (c0 != cFinal) {
      std::copy(c0, c0 + n, cFinal);
    }
  }
  const double work = cfcStepWork(model) * static_cast<double>(in.batch * in.steps);
  splitBatch(in.batch, work, [&](int64_t b0, int64_t b1) {
    forwardRange(model, in, trace, hFinal, cFinal, readout, b0, b1);
  });
}

template <typename T>
void cfcBackward(const CfcModel<T>& m, const CfcInputs<T>& in, const CfcTrace<T>& trace,
                 const CfcGradInputs<T>& gIn, CfcInputGrads<T>& ig, CfcGrads<T>& grads) {
  const int64_t batch = in.batch;
  const int64_t steps = in.steps;
  const int64_t rows = batch * steps;
  const int64_t nState = m.stateSize;
  BackwardShared<T> sh;
  for (const CfcLayer<T>& L : m.layers) {
    sh.dHeads.emplace_back(rows * L.headOutputs);
    std::vector<UninitBufferOf<T>> bb;
    for (int64_t i = 0; i < L.depth; i++) bb.emplace_back(rows * L.units);
    sh.dBbPre.push_back(std::move(bb));
  }
  if (m.mixed()) sh.lstmDz = UninitBufferOf<T>(rows * 4 * nState);
  sh.dCarry.assign(batch * nState, 0.0);
  if (gIn.dhFinal != nullptr)
    std::copy(gIn.dhFinal, gIn.dhFinal + batch * nState, sh.dCarry.begin());
  if (m.mixed()) {
    sh.dcCarry.assign(batch * nState, 0.0);
    if (gIn.dcFinal != nullptr) {
      std::copy(gIn.dcFinal, gIn.dcFinal + batch * nState, sh.dcCarry.begin());
    }
  }
  ig.dx.assign(rows * m.inputSize, 0.0);
  ig.dTimespans.assign(in.hasTimespans() ? rows : 0, 0.0);
  const bool pure = m.mode == CfcMode::kPure;
  PureAccumulators acc[2];
  for (PureAccumulators& a : acc) {
    for (const CfcLayer<T>& L : m.layers) {
      a.wTau.emplace_back(pure ? L.hiddenSize : 0, 0.0);
      a.a.emplace_back(pure ? L.hiddenSize : 0, 0.0);
    }
  }
  // Backward costs about twice the forward.
  const double work = 2 * cfcStepWork(m) * static_cast<double>(rows);
  splitBatch(batch, work, [&](int64_t b0, int64_t b1) {
    backwardRange(m, in, trace, gIn, sh, ig, acc[b0 == 0 ? 0 : 1], b0, b1);
  });
  grads.layers.resize(m.layers.size());
  for (size_t l = 0; l < m.layers.size(); l++) {
    const CfcLayer<T>& L = m.layers[l];
    CfcLayerGrads<T>& g = grads.layers[l];
    weightGradients(L, trace.layers[l], sh, l, rows, g);
    if (pure) {
      g.wTau.assign(L.hiddenSize, 0.0);
      g.a.assign(L.hiddenSize, 0.0);
      for (int64_t j = 0; j < L.hiddenSize; j++) {
        g.wTau[j] = acc[0].wTau[l][j] + acc[1].wTau[l][j];
        g.a[j] = acc[0].a[l][j] + acc[1].a[l][j];
      }
    }
  }
  if (m.mixed()) {
    // The LSTM read x_t of row t·B + b: a time-major copy lines x up with dz.
    const int64_t nIn = m.inputSize;
    std::vector<T> xRows(rows * nIn);
    for (int64_t t = 0; t < steps; t++) {
      for (int64_t b = 0; b < batch; b++) {
        const T* src = in.x + (b * steps + t) * nIn;
        std::copy(src, src + nIn, xRows.data() + (t * batch + b) * nIn);
      }
    }
    grads.lstmInputWeight.assign(4 * nState * nIn, 0.0);
    grads.lstmInputBias.assign(4 * nState, 0.0);
    grads.lstmRecurrentWeight.assign(4 * nState * nState, 0.0);
    lstmWeightGradients(m.lstm, rows, sh.lstmDz.data(), xRows.data(), trace.lstmH,
                        grads.lstmInputWeight.data(), grads.lstmInputBias.data(),
                        grads.lstmRecurrentWeight.data());
  }
  ig.dh0 = std::move(sh.dCarry);
  ig.dc0 = std::move(sh.dcCarry);
}

#define NCPS_CFC_INSTANTIATE(T)                                                                  \
  template double cfcStepWork<T>(const CfcModel<T>&);                                            \
  template CfcTrace<T> createCfcTrace<T>(const CfcModel<T>&, const CfcInputs<T>&, int64_t);      \
  template void cfcForward<T>(const CfcModel<T>&, const CfcInputs<T>&, CfcTrace<T>&, T*, T*, T*); \
  template void cfcBackward<T>(const CfcModel<T>&, const CfcInputs<T>&, const CfcTrace<T>&,      \
                               const CfcGradInputs<T>&, CfcInputGrads<T>&, CfcGrads<T>&);
NCPS_CFC_INSTANTIATE(double)
NCPS_CFC_INSTANTIATE(float)
#undef NCPS_CFC_INSTANTIATE

}  // namespace ncps
