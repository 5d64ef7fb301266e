#include "fused_ltc.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <stdexcept>

#include "fused_cfc_lstm.h"
#include "fused_ltc_kernels.h"
#include "pool.h"

namespace ncps {

/** Per-share scratch of one step (the LSTM's rows in double). */
template <typename T>
struct LtcStepScratch {
  explicit LtcStepScratch(const LtcModel<T>& m, const LtcShareTrace<T>& sh)
      : mapped(m.inputSize * sh.bp),
        cmt(m.units * sh.bp),
        sensoryNum(m.units * sh.bp),
        sensoryDen(m.units * sh.bp),
        lstmZ(m.mixed() ? sh.nb * 4 * m.units : 0),
        lstmOut(m.mixed() ? sh.nb * m.units : 0) {}
  std::vector<T> mapped;
  std::vector<T> cmt;
  std::vector<T> sensoryNum;
  std::vector<T> sensoryDen;
  std::vector<double> lstmZ;
  std::vector<double> lstmOut;
};

namespace {

/** torch softplus (beta 1, threshold 20) and its derivative, as the js kernels compute them. */
double softplus(double x) { return x > 20 ? x : std::log1p(std::exp(x)); }
double softplusSlope(double x) {
  if (x > 20) return 1;
  const double z = std::exp(x);
  return z / (z + 1);
}

template <typename T>
void positive(const T* raw, int64_t n, bool implicit, std::vector<T>& value,
              std::vector<double>& slope) {
  value.resize(n);
  slope.resize(n);
  for (int64_t i = 0; i < n; i++) {
    const double p = raw[i];
    value[i] = static_cast<T>(implicit ? softplus(p) : p);
    slope[i] = implicit ? softplusSlope(p) : 1.0;
  }
}

/** The unmasked synapses of a [rows, cols] matrix grouped by destination (column). */
template <typename T>
SynapseCsr<T> synapses(int64_t rows, int64_t cols, const T* sigma, const T* mu, const T* w,
                       const T* erev, const T* mask, bool implicit) {
  SynapseCsr<T> c;
  c.first.assign(cols + 1, 0);
  for (int64_t j = 0; j < cols; j++) {
    c.first[j] = c.count;
    for (int64_t i = 0; i < rows; i++) {
      const int64_t k = i * cols + j;
      const double mk = mask[k];
      if (mk == 0) continue;
      c.src.push_back(static_cast<int32_t>(i));
      c.flat.push_back(k);
      c.sigma.push_back(sigma[k]);
      c.mu.push_back(mu[k]);
      const double raw = w[k];
      c.weight.push_back(static_cast<T>((implicit ? softplus(raw) : raw) * mk));
      c.weightSlope.push_back(implicit ? mk * softplusSlope(raw) : mk);
      c.erev.push_back(erev[k]);
      c.count++;
    }
  }
  c.first[cols] = c.count;
  return c;
}

template <typename T>
std::vector<T> mapping(const T* values, int64_t n, T fill) {
  if (values == nullptr) return std::vector<T>(n, fill);
  return std::vector<T>(values, values + n);
}

/** Runs `body(share)` for each share, on both cores when there are two. */
void forShares(int64_t shares, const std::function<void(int64_t)>& body) {
  if (shares < 2) {
    body(0);
    return;
  }
  runOnBothCores([&] { body(0); }, [&] { body(1); });
}

/**
 * Writes batch-first rows (`row(b)` gives sample b's `n` values) into the batch-inner `dst`,
 * converting to its element type.
 */
template <typename T, typename Row>
void toInner(int64_t n, const LtcShareTrace<T>& sh, const Row& row, T* dst) {
  for (int64_t b = 0; b < sh.bp; b++) {
    // Padding lanes replay the share's first sample.
    const auto* r = row(b < sh.nb ? b : 0);
    for (int64_t i = 0; i < n; i++) dst[i * sh.bp + b] = static_cast<T>(r[i]);
  }
}

/** mapped = raw·input_w + input_b and cm_t = f(cm)/(elapsed/unfolds), for one step. */
template <typename T>
void prepareStep(const LtcModel<T>& m, const LtcShareTrace<T>& sh, const T* raw, const T* elapsed,
                 LtcStepScratch<T>& w) {
  const int64_t bp = sh.bp;
  for (int64_t s = 0; s < m.inputSize; s++) {
    const T iw = m.inputW[s];
    const T ib = m.inputB[s];
    for (int64_t b = 0; b < bp; b++) w.mapped[s * bp + b] = raw[s * bp + b] * iw + ib;
  }
  const T unfolds = static_cast<T>(m.unfolds);
  for (int64_t j = 0; j < m.units; j++) {
    const T cm = m.cm[j];
    for (int64_t b = 0; b < bp; b++) w.cmt[j * bp + b] = cm / (elapsed[b] / unfolds);
  }
}

/**
 * The cell step on v_0 at `v` (v_1..v_U follow it): sensory sums, then the unfolds, saving the
 * denominators at `dens` when not null. Expects prepareStep's values in `w`.
 */
template <typename T>
void cellStep(const LtcModel<T>& m, const LtcMath<T>& math, const LtcShareTrace<T>& sh,
              LtcStepScratch<T>& w, T* v, T* dens) {
  const int64_t hb = m.units * sh.bp;
  math.synapseSums(m.sensory, m.units, sh.bp, w.mapped.data(), w.sensoryNum.data(),
                   w.sensoryDen.data());
  LtcUnfoldArgs<T> a;
  a.recurrent = &m.recurrent;
  a.units = m.units;
  a.bp = sh.bp;
  a.gleak = m.gleak.data();
  a.gleakVleak = m.gleakVleak.data();
  a.epsilon = m.epsilon;
  a.cmt = w.cmt.data();
  a.sensoryNum = w.sensoryNum.data();
  a.sensoryDen = w.sensoryDen.data();
  for (int64_t u = 0; u < m.unfolds; u++) {
    math.unfold(a, v + u * hb, v + (u + 1) * hb, dens == nullptr ? nullptr : dens + u * hb);
  }
}

/**
 * Mixed memory for a step kept at `slot`: the LSTM reads x (lstmX rows), the state v_0 and the
 * cell state of the slot, writes the next cell state into slot + 1 and replaces v_0 by h'.
 */
template <typename T>
void lstmStep(const LtcModel<T>& m, const LtcShareTrace<T>& sh, LtcStepScratch<T>& w, int64_t slot,
              T* v) {
  const int64_t nb = sh.nb;
  const int64_t nH = m.units;
  const int64_t nIn = m.inputSize;
  double* hRows = sh.lstmH + slot * nb * nH;
  for (int64_t b = 0; b < nb; b++) {
    for (int64_t j = 0; j < nH; j++) hRows[b * nH + j] = v[j * sh.bp + b];
  }
  lstmForwardRows(m.lstm, nb, sh.lstmX + slot * nb * nIn, nIn, hRows, nH, sh.lstmC + slot * nb * nH,
                  nH, w.lstmZ.data(), w.lstmOut.data(), nH, sh.lstmC + (slot + 1) * nb * nH, nH,
                  sh.lstmGates + slot * nb * kLstmSavedPerUnit * nH);
  const double* out = w.lstmOut.data();
  toInner(
      nH, sh, [out, nH](int64_t b) { return out + b * nH; }, v);
}

/** The sequence forward of one share. */
template <typename T>
void forwardShare(const LtcModel<T>& m, const LtcInputs<T>& in, const LtcTrace<T>& tr,
                  int64_t share, T* readout, T* hFinal, T* cFinal) {
  const LtcShareTrace<T>& sh = tr.shares[share];
  const LtcMath<T>& math = *sh.math;
  LtcStepScratch<T> w(m, sh);
  const int64_t steps = in.steps;
  const int64_t nb = sh.nb;
  const int64_t bp = sh.bp;
  const int64_t nH = m.units;
  const int64_t nIn = m.inputSize;
  const int64_t nM = m.motorSize;
  const int64_t hb = nH * bp;
  const int64_t stepStates = (m.unfolds + 1) * hb;
  const bool save = tr.slots == steps;
  const int64_t b0 = sh.b0;
  // v_0 of the first step.
  if (in.h0 == nullptr) {
    std::fill(sh.states, sh.states + hb, T(0));
  } else {
    const T* h0 = in.h0;
    toInner(
        nH, sh, [h0, b0, nH](int64_t b) { return h0 + (b0 + b) * nH; }, sh.states);
  }
  if (m.mixed()) {
    if (in.c0 == nullptr) {
      std::fill(sh.lstmC, sh.lstmC + nb * nH, 0.0);
    } else {
      std::copy(in.c0 + b0 * nH, in.c0 + (b0 + nb) * nH, sh.lstmC);
    }
  }
  for (int64_t t = 0; t < steps; t++) {
    const int64_t slot = save ? t : 0;
    T* v = sh.states + slot * stepStates;
    if (t > 0) {
      // v_0 of this step is v_U of the previous one.
      const T* prevEnd = sh.states + (save ? t - 1 : 0) * stepStates + m.unfolds * hb;
      std::copy(prevEnd, prevEnd + hb, v);
    }
    T* raw = sh.raw + slot * nIn * bp;
    const T* x = in.x;
    toInner(
        nIn, sh, [x, b0, t, steps, nIn](int64_t b) { return x + ((b0 + b) * steps + t) * nIn; },
        raw);
    T* elapsed = sh.elapsed + slot * bp;
    for (int64_t b = 0; b < bp; b++) {
      elapsed[b] =
          in.timespans == nullptr ? T(1) : in.timespans[(b0 + (b < nb ? b : 0)) * steps + t];
    }
    if (m.mixed()) {
      if (!save && t > 0) {
        // One slot: the cell state leaving the last step becomes the one entering this one.
        std::copy(sh.lstmC + nb * nH, sh.lstmC + 2 * nb * nH, sh.lstmC);
      }
      double* xRows = sh.lstmX + slot * nb * nIn;
      for (int64_t b = 0; b < nb; b++) {
        const T* src = in.x + ((b0 + b) * steps + t) * nIn;
        std::copy(src, src + nIn, xRows + b * nIn);
      }
      lstmStep(m, sh, w, slot, v);
    }
    prepareStep(m, sh, raw, elapsed, w);
    cellStep<T>(m, math, sh, w, v, save ? sh.dens + t * m.unfolds * hb : nullptr);
    const T* vEnd = v + m.unfolds * hb;
    // Sample by sample: each writes one contiguous row (the batch-inner reads stay in cache).
    const T* ow = m.outputW.data();
    const T* ob = m.outputB.data();
    for (int64_t b = 0; b < nb; b++) {
      T* row = readout + ((b0 + b) * steps + t) * nM;
      for (int64_t k = 0; k < nM; k++) row[k] = vEnd[k * bp + b] * ow[k] + ob[k];
    }
  }
  const T* last = sh.states + (save ? steps - 1 : 0) * stepStates + m.unfolds * hb;
  for (int64_t b = 0; b < nb; b++) {
    for (int64_t j = 0; j < nH; j++) hFinal[(b0 + b) * nH + j] = last[j * bp + b];
  }
  if (m.mixed()) {
    const double* c = sh.lstmC + (save ? steps : 1) * nb * nH;
    for (int64_t i = 0; i < nb * nH; i++) cFinal[b0 * nH + i] = static_cast<T>(c[i]);
  }
}

/**
 * Gradient accumulators of one share: double, except the per-synapse partial sums, which the
 * vector loops keep in T. In float, flush() moves those into double ones every kFlushSteps
 * steps, so that float only sums a few steps' unfolds and samples, however long the sequence
 * (every step would cost 10% of a training step: the accumulators do not fit in cache).
 */
constexpr int64_t kFlushSteps = 16;

template <typename T>
struct ShareGrads {
  ShareGrads(const LtcModel<T>& m, const LtcShareTrace<T>& sh, int64_t steps)
      : lanes(sh.math->lanes),
        gleak(m.units),
        vleak(m.units),
        cm(m.units),
        inputW(m.inputSize),
        inputB(m.inputSize),
        outputW(m.motorSize),
        outputB(m.motorSize),
        recSigma(m.recurrent.count * lanes),
        recMu(m.recurrent.count * lanes),
        recWeight(m.recurrent.count * lanes),
        recErev(m.recurrent.count * lanes),
        senSigma(m.sensory.count * lanes),
        senMu(m.sensory.count * lanes),
        senWeight(m.sensory.count * lanes),
        senErev(m.sensory.count * lanes),
        lstmDz(m.mixed() ? steps * sh.nb * 4 * m.units : 0) {}
  /** The synapse accumulators hold `lanes` partial sums per synapse (see LtcMath). */
  int64_t lanes;
  std::vector<double> gleak, vleak, cm, inputW, inputB, outputW, outputB;
  std::vector<T> recSigma, recMu, recWeight, recErev;
  std::vector<T> senSigma, senMu, senWeight, senErev;
  /** [T][nb][4H]: the LSTM's dz of every step. */
  UninitBuffer lstmDz;
  /** float: the flushed partial sums of the eight synapse accumulators (order of synapseAccs). */
  std::vector<double> totals[8];

  /** rec sigma, mu, weight, erev, then the sensory ones. */
  std::vector<T>* synapseAccs(int q) {
    std::vector<T>* a[] = {&recSigma, &recMu, &recWeight, &recErev,
                           &senSigma, &senMu, &senWeight, &senErev};
    return a[q];
  }

  void flush() {
    if (std::is_same<T, double>::value) return;
    for (int q = 0; q < 8; q++) {
      std::vector<T>& acc = *synapseAccs(q);
      std::vector<double>& total = totals[q];
      if (total.empty()) total.assign(acc.size(), 0.0);
      for (size_t i = 0; i < acc.size(); i++) total[i] += acc[i];
      std::fill(acc.begin(), acc.end(), T(0));
    }
  }

};

/** The lane sums of synapse accumulator q: the accumulators themselves in double... */
std::vector<double>& laneSums(ShareGrads<double>& g, int q) { return *g.synapseAccs(q); }
/** ...and their flushed sums in float. */
std::vector<double>& laneSums(ShareGrads<float>& g, int q) { return g.totals[q]; }

template <typename T>
void backwardShare(const LtcModel<T>& m, const LtcInputs<T>& in, const LtcTrace<T>& tr,
                   int64_t share, const LtcGradInputs<T>& gIn, LtcInputGrads& ig,
                   ShareGrads<T>& sg) {
  const LtcShareTrace<T>& sh = tr.shares[share];
  const LtcMath<T>& math = *sh.math;
  LtcStepScratch<T> w(m, sh);
  const int64_t steps = in.steps;
  const int64_t nb = sh.nb;
  const int64_t bp = sh.bp;
  const int64_t b0 = sh.b0;
  const int64_t nH = m.units;
  const int64_t nIn = m.inputSize;
  const int64_t nM = m.motorSize;
  const int64_t nU = m.unfolds;
  const int64_t hb = nH * bp;
  const int64_t stepStates = (nU + 1) * hb;
  std::vector<T> g(hb, T(0));
  std::vector<T> gNext(hb);
  std::vector<T> dNum(hb);
  std::vector<T> dDen(hb);
  std::vector<T> dCmt(hb);
  std::vector<T> dSensN(hb);
  std::vector<T> dSensD(hb);
  std::vector<T> dMapped(nIn * bp);
  std::vector<T> accW(nM);
  std::vector<T> accB(nM);
  std::vector<double> dc;
  std::vector<double> rows;
  if (gIn.dhFinal != nullptr) {
    for (int64_t b = 0; b < nb; b++) {
      for (int64_t j = 0; j < nH; j++) g[j * bp + b] = gIn.dhFinal[(b0 + b) * nH + j];
    }
  }
  if (m.mixed()) {
    dc.assign(nb * nH, 0.0);
    if (gIn.dcFinal != nullptr) {
      std::copy(gIn.dcFinal + b0 * nH, gIn.dcFinal + (b0 + nb) * nH, dc.begin());
    }
    rows.resize(nb * nH);
  }
  double* dts = ig.dTimespans.empty() ? nullptr : ig.dTimespans.data();
  for (int64_t t = steps - 1; t >= 0; t--) {
    const T* vStep = sh.states + t * stepStates;
    const T* vEnd = vStep + nU * hb;
    if (gIn.dReadout != nullptr) {
      // Sample by sample, reading one contiguous row each; every k still sums its samples in
      // order.
      std::fill(accW.begin(), accW.end(), T(0));
      std::fill(accB.begin(), accB.end(), T(0));
      const T* ow = m.outputW.data();
      for (int64_t b = 0; b < nb; b++) {
        const T* dr = gIn.dReadout + ((b0 + b) * steps + t) * nM;
        for (int64_t k = 0; k < nM; k++) {
          const int64_t i = k * bp + b;
          g[i] += dr[k] * ow[k];
          accW[k] += dr[k] * vEnd[i];
          accB[k] += dr[k];
        }
      }
      for (int64_t k = 0; k < nM; k++) {
        sg.outputW[k] += accW[k];
        sg.outputB[k] += accB[k];
      }
    }
    const T* raw = sh.raw + t * nIn * bp;
    const T* elapsed = sh.elapsed + t * bp;
    prepareStep(m, sh, raw, elapsed, w);
    std::fill(dCmt.begin(), dCmt.end(), T(0));
    std::fill(dSensN.begin(), dSensN.end(), T(0));
    std::fill(dSensD.begin(), dSensD.end(), T(0));
    for (int64_t u = nU - 1; u >= 0; u--) {
      const T* v = vStep + u * hb;
      const T* vNext = v + hb;
      const T* dens = sh.dens + (t * nU + u) * hb;
      const T* cmt = w.cmt.data();
      for (int64_t j = 0; j < nH; j++) {
        const T gl = m.gleak[j];
        const T vl = m.vleak[j];
        T accGleak = 0;
        T accVleak = 0;
        for (int64_t b = 0; b < bp; b++) {
          const int64_t i = j * bp + b;
          // v' = num / den: d num = g / den, d den = −d num · v'.
          const T dn = g[i] / dens[i];
          const T dd = -dn * vNext[i];
          dNum[i] = dn;
          dDen[i] = dd;
          // num has cm_t·v + gleak·vleak, den has cm_t + gleak.
          dCmt[i] += dn * v[i] + dd;
          accGleak += dn * vl + dd;
          accVleak += dn;
          dSensN[i] += dn;
          dSensD[i] += dd;
          gNext[i] = dn * cmt[i];
        }
        sg.gleak[j] += accGleak;
        sg.vleak[j] += accVleak * gl;
      }
      math.synapseBackward(m.recurrent, nH, bp, v, dNum.data(), dDen.data(), gNext.data(),
                           sg.recSigma.data(), sg.recMu.data(), sg.recWeight.data(),
                           sg.recErev.data());
      std::swap(g, gNext);
    }
    // cm_t = f(cm) / (elapsed / U): d f(cm) += dcm_t·U/elapsed, d elapsed = −Σ dcm_t·cm_t/elapsed
    const T unfolds = static_cast<T>(nU);
    for (int64_t j = 0; j < nH; j++) {
      T acc = 0;
      for (int64_t b = 0; b < nb; b++) acc += dCmt[j * bp + b] / (elapsed[b] / unfolds);
      sg.cm[j] += acc;
    }
    if (dts != nullptr) {
      for (int64_t b = 0; b < nb; b++) {
        T acc = 0;
        for (int64_t j = 0; j < nH; j++) acc += dCmt[j * bp + b] * w.cmt[j * bp + b];
        dts[(b0 + b) * steps + t] = -acc / elapsed[b];
      }
    }
    std::fill(dMapped.begin(), dMapped.end(), T(0));
    math.synapseBackward(m.sensory, nH, bp, w.mapped.data(), dSensN.data(), dSensD.data(),
                         dMapped.data(), sg.senSigma.data(), sg.senMu.data(), sg.senWeight.data(),
                         sg.senErev.data());
    for (int64_t s = 0; s < nIn; s++) {
      const T iw = m.inputW[s];
      T accW = 0;
      T accB = 0;
      for (int64_t b = 0; b < nb; b++) {
        const T gm = dMapped[s * bp + b];
        accW += gm * raw[s * bp + b];
        accB += gm;
        ig.dx[((b0 + b) * steps + t) * nIn + s] = gm * iw;
      }
      sg.inputW[s] += accW;
      sg.inputB[s] += accB;
    }
    if (m.mixed()) {
      // g is ∂L/∂h' of the LSTM; it becomes ∂L/∂h of the state entering step t.
      for (int64_t b = 0; b < nb; b++) {
        for (int64_t j = 0; j < nH; j++) rows[b * nH + j] = g[j * bp + b];
      }
      lstmBackwardRows(m.lstm, nb, sh.lstmGates + t * nb * kLstmSavedPerUnit * nH,
                       sh.lstmC + t * nb * nH, nH, rows.data(), nH, dc.data(), nH,
                       sg.lstmDz.data() + t * nb * 4 * nH, ig.dx.data() + (b0 * steps + t) * nIn,
                       steps * nIn, rows.data(), nH);
      std::fill(g.begin(), g.end(), T(0));
      for (int64_t b = 0; b < nb; b++) {
        for (int64_t j = 0; j < nH; j++) g[j * bp + b] = static_cast<T>(rows[b * nH + j]);
      }
    }
    if ((steps - t) % kFlushSteps == 0 || t == 0) sg.flush();
  }
  for (int64_t b = 0; b < nb; b++) {
    for (int64_t j = 0; j < nH; j++) ig.dh0[(b0 + b) * nH + j] = g[j * bp + b];
  }
  if (m.mixed()) std::copy(dc.begin(), dc.end(), ig.dc0.begin() + b0 * nH);
}

/** Adds `src` into `dst` element by element. */
void addInto(std::vector<double>& dst, const std::vector<double>& src) {
  for (size_t i = 0; i < dst.size(); i++) dst[i] += src[i];
}

/** Per-synapse sums of `lanes` partial sums each, added into `dst` (one value per synapse). */
template <typename T>
void addLanes(std::vector<double>& dst, const std::vector<T>& src, int64_t lanes) {
  for (size_t k = 0; k < dst.size(); k++) {
    double acc = 0;
    for (int64_t i = 0; i < lanes; i++) acc += src[k * lanes + i];
    dst[k] += acc;
  }
}

/** Full [rows, H] gradient matrices from the per-synapse sums (zeros where masked). */
template <typename T>
void scatter(const SynapseCsr<T>& c, int64_t n, const std::vector<double>& sSigma,
             const std::vector<double>& sMu, const std::vector<double>& sWeight,
             const std::vector<double>& sErev, std::vector<double>& sigma, std::vector<double>& mu,
             std::vector<double>& w, std::vector<double>& erev) {
  sigma.assign(n, 0.0);
  mu.assign(n, 0.0);
  w.assign(n, 0.0);
  erev.assign(n, 0.0);
  for (int64_t k = 0; k < c.count; k++) {
    const int64_t f = c.flat[k];
    sigma[f] = sSigma[k];
    mu[f] = sMu[k];
    erev[f] = sErev[k];
    // A = (f(w)·σ)·mask: the raw w's gradient carries the mask and softplus' slope.
    w[f] = sWeight[k] * c.weightSlope[k];
  }
}

}  // namespace

template <typename T>
void loadLtcWeights(LtcModel<T>& m, const LtcRefs<T>& r) {
  const int64_t nH = m.units;
  const int64_t nIn = m.inputSize;
  const bool implicit = m.implicit;
  positive(r.gleak, nH, implicit, m.gleak, m.gleakSlope);
  positive(r.cm, nH, implicit, m.cm, m.cmSlope);
  m.vleak.assign(r.vleak, r.vleak + nH);
  m.gleakVleak.resize(nH);
  for (int64_t j = 0; j < nH; j++) m.gleakVleak[j] = m.gleak[j] * m.vleak[j];
  m.recurrent = synapses(nH, nH, r.sigma, r.mu, r.w, r.erev, r.sparsityMask, implicit);
  m.sensory = synapses(nIn, nH, r.sensorySigma, r.sensoryMu, r.sensoryW, r.sensoryErev,
                       r.sensorySparsityMask, implicit);
  m.inputW = mapping(r.inputW, nIn, T(1));
  m.inputB = mapping(r.inputB, nIn, T(0));
  m.outputW = mapping(r.outputW, m.motorSize, T(1));
  m.outputB = mapping(r.outputB, m.motorSize, T(0));
  if (m.mixed()) {
    m.lstm.inputWeight.assign(r.lstmInputWeight, r.lstmInputWeight + 4 * nH * nIn);
    m.lstm.inputBias.assign(r.lstmInputBias, r.lstmInputBias + 4 * nH);
    m.lstm.recurrentWeight.assign(r.lstmRecurrentWeight, r.lstmRecurrentWeight + 4 * nH * nH);
  }
}

template <typename T>
int64_t ltcShares(const LtcModel<T>& m, const LtcInputs<T>& in) {
  // About 25 flops a synapse-sample per unfold.
  const double work = 25.0 * static_cast<double>(in.batch) * static_cast<double>(in.steps) *
                      static_cast<double>(m.unfolds * m.recurrent.count + m.sensory.count);
  return in.batch >= 2 && work >= kParallelWork ? 2 : 1;
}

template <typename T>
LtcTrace<T> createLtcTrace(const LtcModel<T>& m, const LtcInputs<T>& in, int64_t slots, bool save,
                           int64_t shares) {
  LtcTrace<T> tr;
  tr.slots = slots;
  const int64_t batch = in.batch;
  const int64_t nH = m.units;
  const int64_t nIn = m.inputSize;
  // Share 0 takes the first half (rounded up to whole vectors where it can).
  const LtcMath<T>& wide = ltcMath<T>(batch);
  int64_t first = shares < 2 ? batch : (batch + 1) / 2;
  if (shares >= 2) {
    const int64_t rounded = paddedBatch(wide, first);
    if (rounded < batch) first = rounded;
  }
  // The size in double first: int64 products must not overflow.
  const double perSample =
      static_cast<double>(slots) *
          static_cast<double>((m.unfolds + 1) * nH + nIn + 1 + nIn + (2 + kLstmSavedPerUnit) * nH) +
      static_cast<double>(in.steps) * static_cast<double>(m.unfolds * nH);
  if (perSample * static_cast<double>(batch + 16) > 1e15) {
    throw std::length_error("the saved activations would pass 2^53 bytes");
  }
  int64_t total = 0;
  int64_t lstmTotal = 0;
  for (int64_t s = 0; s < shares && s * first < batch; s++) {
    LtcShareTrace<T> sh;
    sh.b0 = s == 0 ? 0 : first;
    sh.nb = s == 0 ? first : batch - first;
    sh.math = &ltcMath<T>(sh.nb);
    sh.bp = paddedBatch(*sh.math, sh.nb);
    tr.shares.push_back(sh);
    total += slots * (m.unfolds + 1) * nH * sh.bp + (save ? in.steps * m.unfolds * nH * sh.bp : 0) +
             slots * (nIn + 1) * sh.bp;
    if (m.mixed()) {
      lstmTotal += slots * sh.nb * (nIn + nH + kLstmSavedPerUnit * nH) + (slots + 1) * sh.nb * nH;
    }
  }
  // Uninitialised on purpose: every value is written before it is read.
  tr.storage.reset(new T[std::max<int64_t>(total, 1)]);
  if (lstmTotal > 0) tr.lstmStorage.reset(new double[lstmTotal]);
  tr.bytes = total * static_cast<int64_t>(sizeof(T)) +
             lstmTotal * static_cast<int64_t>(sizeof(double));
  T* p = tr.storage.get();
  double* q = tr.lstmStorage.get();
  for (LtcShareTrace<T>& sh : tr.shares) {
    const auto take = [&p](int64_t n) {
      T* r = p;
      p += n;
      return r;
    };
    const auto takeLstm = [&q](int64_t n) {
      double* r = q;
      q += n;
      return r;
    };
    sh.states = take(slots * (m.unfolds + 1) * nH * sh.bp);
    sh.dens = save ? take(in.steps * m.unfolds * nH * sh.bp) : nullptr;
    sh.raw = take(slots * nIn * sh.bp);
    sh.elapsed = take(slots * sh.bp);
    if (m.mixed()) {
      sh.lstmX = takeLstm(slots * sh.nb * nIn);
      sh.lstmH = takeLstm(slots * sh.nb * nH);
      sh.lstmC = takeLstm((slots + 1) * sh.nb * nH);
      sh.lstmGates = takeLstm(slots * sh.nb * kLstmSavedPerUnit * nH);
    }
  }
  return tr;
}

template <typename T>
void ltcForward(const LtcModel<T>& m, const LtcInputs<T>& in, LtcTrace<T>& trace, T* readout,
                T* hFinal, T* cFinal) {
  forShares(static_cast<int64_t>(trace.shares.size()),
            [&](int64_t s) { forwardShare(m, in, trace, s, readout, hFinal, cFinal); });
}

template <typename T>
void ltcBackward(const LtcModel<T>& m, const LtcInputs<T>& in, const LtcTrace<T>& trace,
                 const LtcGradInputs<T>& gIn, LtcInputGrads& ig, LtcGrads& grads) {
  const int64_t batch = in.batch;
  const int64_t steps = in.steps;
  const int64_t nH = m.units;
  const int64_t nIn = m.inputSize;
  ig.dx.assign(batch * steps * nIn, 0.0);
  ig.dTimespans.assign(in.timespans == nullptr ? 0 : batch * steps, 0.0);
  ig.dh0.assign(batch * nH, 0.0);
  ig.dc0.assign(m.mixed() ? batch * nH : 0, 0.0);
  std::vector<ShareGrads<T>> sg;
  for (const LtcShareTrace<T>& sh : trace.shares) sg.emplace_back(m, sh, steps);
  forShares(static_cast<int64_t>(trace.shares.size()),
            [&](int64_t s) { backwardShare(m, in, trace, s, gIn, ig, sg[s]); });
  for (size_t s = 1; s < sg.size(); s++) {
    ShareGrads<T>& a = sg[0];
    const ShareGrads<T>& b = sg[s];
    std::vector<double>* dst[] = {&a.gleak,  &a.vleak,   &a.cm,     &a.inputW,
                                  &a.inputB, &a.outputW, &a.outputB};
    const std::vector<double>* src[] = {&b.gleak,  &b.vleak,   &b.cm,     &b.inputW,
                                        &b.inputB, &b.outputW, &b.outputB};
    for (size_t i = 0; i < sizeof(dst) / sizeof(dst[0]); i++) addInto(*dst[i], *src[i]);
  }
  // The synapse sums: the lanes of every share.
  const int64_t nRec = m.recurrent.count;
  const int64_t nSen = m.sensory.count;
  std::vector<double> recSigma(nRec), recMu(nRec), recWeight(nRec), recErev(nRec);
  std::vector<double> senSigma(nSen), senMu(nSen), senWeight(nSen), senErev(nSen);
  std::vector<double>* sums[] = {&recSigma, &recMu, &recWeight, &recErev,
                                 &senSigma, &senMu, &senWeight, &senErev};
  for (ShareGrads<T>& g : sg) {
    for (int q = 0; q < 8; q++) addLanes(*sums[q], laneSums(g, q), g.lanes);
  }
  const ShareGrads<T>& s0 = sg[0];
  grads.gleak.resize(nH);
  grads.cm.resize(nH);
  for (int64_t j = 0; j < nH; j++) {
    grads.gleak[j] = s0.gleak[j] * m.gleakSlope[j];
    grads.cm[j] = s0.cm[j] * m.cmSlope[j];
  }
  grads.vleak = s0.vleak;
  scatter(m.recurrent, nH * nH, recSigma, recMu, recWeight, recErev, grads.sigma, grads.mu, grads.w,
          grads.erev);
  scatter(m.sensory, nIn * nH, senSigma, senMu, senWeight, senErev, grads.sensorySigma,
          grads.sensoryMu, grads.sensoryW, grads.sensoryErev);
  grads.inputW = s0.inputW;
  grads.inputB = s0.inputB;
  grads.outputW = s0.outputW;
  grads.outputB = s0.outputB;
  if (m.mixed()) {
    grads.lstmInputWeight.assign(4 * nH * nIn, 0.0);
    grads.lstmInputBias.assign(4 * nH, 0.0);
    grads.lstmRecurrentWeight.assign(4 * nH * nH, 0.0);
    std::vector<double> wi(4 * nH * nIn);
    std::vector<double> bi(4 * nH);
    std::vector<double> wr(4 * nH * nH);
    for (size_t s = 0; s < trace.shares.size(); s++) {
      const LtcShareTrace<T>& sh = trace.shares[s];
      lstmWeightGradients(m.lstm, steps * sh.nb, sg[s].lstmDz.data(), sh.lstmX, sh.lstmH, wi.data(),
                          bi.data(), wr.data());
      addInto(grads.lstmInputWeight, wi);
      addInto(grads.lstmInputBias, bi);
      addInto(grads.lstmRecurrentWeight, wr);
    }
  }
}

template <typename T>
LtcStepper<T>::LtcStepper(LtcModel<T> model, int64_t batch)
    : model_(std::move(model)), batch_(batch) {
  LtcInputs<T> in;
  in.batch = batch;
  in.steps = 1;
  trace_ = createLtcTrace(model_, in, 1, false, 1);
  work_.reset(new LtcStepScratch<T>(model_, trace_.shares[0]));
}

template <typename T>
LtcStepper<T>::~LtcStepper() = default;

template <typename T>
void LtcStepper<T>::step(const T* x, const T* elapsedIn, const T* hIn, T* hOut, T* readout,
                         const T* cIn, T* cOut) {
  const LtcModel<T>& m = model_;
  const LtcShareTrace<T>& sh = trace_.shares[0];
  const LtcMath<T>& math = *sh.math;
  LtcStepScratch<T>& w = *work_;
  const int64_t nH = m.units;
  const int64_t nIn = m.inputSize;
  const int64_t bp = sh.bp;
  T* v = sh.states;
  toInner(
      nH, sh, [hIn, nH](int64_t b) { return hIn + b * nH; }, v);
  toInner(
      nIn, sh, [x, nIn](int64_t b) { return x + b * nIn; }, sh.raw);
  for (int64_t b = 0; b < bp; b++) {
    sh.elapsed[b] = elapsedIn == nullptr ? T(1) : elapsedIn[b < sh.nb ? b : 0];
  }
  if (m.mixed()) {
    std::copy(x, x + batch_ * nIn, sh.lstmX);
    std::copy(cIn, cIn + batch_ * nH, sh.lstmC);
    lstmStep(m, sh, w, 0, v);
    for (int64_t i = 0; i < batch_ * nH; i++) cOut[i] = static_cast<T>(sh.lstmC[batch_ * nH + i]);
  }
  prepareStep(m, sh, sh.raw, sh.elapsed, w);
  cellStep<T>(m, math, sh, w, v, nullptr);
  const T* vEnd = v + m.unfolds * nH * bp;
  for (int64_t k = 0; k < m.motorSize; k++) {
    for (int64_t b = 0; b < batch_; b++) {
      readout[b * m.motorSize + k] = vEnd[k * bp + b] * m.outputW[k] + m.outputB[k];
    }
  }
  for (int64_t b = 0; b < batch_; b++) {
    for (int64_t j = 0; j < nH; j++) hOut[b * nH + j] = vEnd[j * bp + b];
  }
}

#define NCPS_LTC_INSTANTIATE(T)                                                                 \
  template void loadLtcWeights<T>(LtcModel<T>&, const LtcRefs<T>&);                             \
  template int64_t ltcShares<T>(const LtcModel<T>&, const LtcInputs<T>&);                       \
  template LtcTrace<T> createLtcTrace<T>(const LtcModel<T>&, const LtcInputs<T>&, int64_t, bool, \
                                         int64_t);                                              \
  template void ltcForward<T>(const LtcModel<T>&, const LtcInputs<T>&, LtcTrace<T>&, T*, T*, T*); \
  template void ltcBackward<T>(const LtcModel<T>&, const LtcInputs<T>&, const LtcTrace<T>&,      \
                               const LtcGradInputs<T>&, LtcInputGrads&, LtcGrads&);             \
  template class LtcStepper<T>;

NCPS_LTC_INSTANTIATE(double)
NCPS_LTC_INSTANTIATE(float)

}  // namespace ncps
