// The synapse loops of the LTC kernels over the primitives of fused_cfc_vec.h, included once
// per instruction set by fused_ltc_kernels.cc inside that set's namespace. Each (neuron,
// sample) sums its synapses in source order, as the js kernels do (ltcSynapses.ts), with the
// batch in the vector lanes; blocks of up to four vectors give the CPU independent exp chains.
// A single sample (bp = 1) has no batch to spread over the lanes: its loops run over the
// synapses instead ("flat"), gathering each synapse's presynaptic value.

#include "fused_cfc_vec.h"

/** Raw pointers to a synapse list (the loops below read nothing else). */
struct Synapses {
  const int64_t* first;
  const int32_t* src;
  const double* sigma;
  const double* mu;
  const double* weight;
  const double* erev;
};

NCPS_VEC_INLINE Synapses synapsesOf(const SynapseCsr& c) {
  return Synapses{c.first.data(), c.src.data(),    c.sigma.data(),
                  c.mu.data(),    c.weight.data(), c.erev.data()};
}

/** pre[src[i]] for the n <= kLanes synapses at src (the other lanes read pre[src[0]]). */
NCPS_VEC_INLINE Vd gatherPre(const double* pre, const int32_t* src, int64_t n) {
#if defined(NCPS_VEC_FMA) && NCPS_VEC_LANES == 8
  if (n == kLanes) {
    const __m256i idx = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(src));
    return (Vd)_mm512_mask_i32gather_pd(_mm512_setzero_pd(), 0xFF, idx, pre, 8);
  }
#elif defined(NCPS_VEC_FMA) && NCPS_VEC_LANES == 4
  if (n == kLanes) {
    const __m128i idx = _mm_loadu_si128(reinterpret_cast<const __m128i*>(src));
    const __m256d all = _mm256_castsi256_pd(_mm256_set1_epi64x(-1));
    return (Vd)_mm256_mask_i32gather_pd(_mm256_setzero_pd(), pre, idx, all, 8);
  }
#endif
  double tmp[kLanes];
  for (int64_t i = 0; i < kLanes; i++) tmp[i] = pre[src[i < n ? i : 0]];
  return vload(tmp);
}

/** A scratch buffer of at least n doubles, owned by the calling thread. */
NCPS_VEC_INLINE double* flatScratch(int64_t n) {
  thread_local std::vector<double> buffer;
  if (static_cast<int64_t>(buffer.size()) < n) buffer.resize(n);
  return buffer.data();
}

/** A[k] = weight·σ(sigma·(pre[src] − mu)) for every synapse, vectorised over the synapses. */
void flatActivations(const Synapses& c, int64_t count, const double* pre, double* a) {
  for (int64_t k = 0; k < count; k += kLanes) {
    const int64_t n = count - k;
    const Vd v = gatherPre(pre, c.src + k, n);
    const Vd x = vloadN(c.sigma + k, n) * (vloadN(c.mu + k, n) - v);
    vstoreN(a + k, vloadN(c.weight + k, n) / (1.0 + vexp(x)), n);
  }
}

/** num[j] = Σ A·erev, den[j] = Σ A of neuron j's synapses, in source order (js order). */
NCPS_VEC_INLINE void flatSums(const Synapses& c, int64_t j, const double* a, double& num,
                              double& den) {
  double n = 0;
  double d = 0;
  for (int64_t k = c.first[j]; k < c.first[j + 1]; k++) {
    n += a[k] * c.erev[k];
    d += a[k];
  }
  num = n;
  den = d;
}

/** Σ A·erev and Σ A over synapses [k0, k1) for NV vectors of samples starting at `pre`. */
template <int NV>
NCPS_VEC_INLINE void sumSynapses(const Synapses& c, int64_t k0, int64_t k1, int64_t bp,
                                 const double* pre, Vd* num, Vd* den) {
  for (int q = 0; q < NV; q++) {
    num[q] = vsplat(0.0);
    den[q] = vsplat(0.0);
  }
  for (int64_t k = k0; k < k1; k++) {
    const double s = c.sigma[k];
    const double m = c.mu[k];
    const double w = c.weight[k];
    const double er = c.erev[k];
    const double* p = pre + static_cast<int64_t>(c.src[k]) * bp;
    for (int q = 0; q < NV; q++) {
      // σ(s·(v − m)) = 1 / (1 + e^{s·(m − v)})
      const Vd a = w / (1.0 + vexp(s * (m - vload(p + q * kLanes))));
      num[q] = vfma(a, vsplat(er), num[q]);
      den[q] += a;
    }
  }
}

template <int NV>
NCPS_VEC_INLINE void sumsBlock(const Synapses& c, int64_t j, int64_t b, int64_t bp,
                               const double* pre, double* num, double* den) {
  Vd n[NV];
  Vd d[NV];
  sumSynapses<NV>(c, c.first[j], c.first[j + 1], bp, pre + b, n, d);
  for (int q = 0; q < NV; q++) {
    vstore(num + j * bp + b + q * kLanes, n[q]);
    vstore(den + j * bp + b + q * kLanes, d[q]);
  }
}

void synapseSums(const SynapseCsr& csr, int64_t units, int64_t bp, const double* pre, double* num,
                 double* den) {
  const Synapses c = synapsesOf(csr);
  if (bp == 1) {
    double* a = flatScratch(csr.count);
    flatActivations(c, csr.count, pre, a);
    for (int64_t j = 0; j < units; j++) flatSums(c, j, a, num[j], den[j]);
    return;
  }
  for (int64_t j = 0; j < units; j++) {
    int64_t b = 0;
    for (; b + 4 * kLanes <= bp; b += 4 * kLanes) sumsBlock<4>(c, j, b, bp, pre, num, den);
    for (; b + 2 * kLanes <= bp; b += 2 * kLanes) sumsBlock<2>(c, j, b, bp, pre, num, den);
    for (; b < bp; b += kLanes) sumsBlock<1>(c, j, b, bp, pre, num, den);
  }
}

template <int NV>
NCPS_VEC_INLINE void unfoldBlock(const LtcUnfoldArgs& a, const Synapses& c, int64_t j, int64_t b,
                                 const double* v, double* vNext, double* dens) {
  const int64_t bp = a.bp;
  Vd n[NV];
  Vd d[NV];
  sumSynapses<NV>(c, c.first[j], c.first[j + 1], bp, v + b, n, d);
  const double gl = a.gleak[j];
  const double glvl = a.gleakVleak[j];
  for (int q = 0; q < NV; q++) {
    const int64_t i = j * bp + b + q * kLanes;
    const Vd cmt = vload(a.cmt + i);
    // Same grouping as ncps: (cm_t·v + gleak·vleak + (Σ + sensory Σ)) / (cm_t + gleak + Σ + ε)
    const Vd numerator = cmt * vload(v + i) + glvl + (n[q] + vload(a.sensoryNum + i));
    const Vd denominator = cmt + gl + (d[q] + vload(a.sensoryDen + i)) + a.epsilon;
    if (dens != nullptr) vstore(dens + i, denominator);
    vstore(vNext + i, numerator / denominator);
  }
}

void unfold(const LtcUnfoldArgs& a, const double* v, double* vNext, double* dens) {
  const int64_t bp = a.bp;
  const Synapses c = synapsesOf(*a.recurrent);
  if (bp == 1) {
    double* act = flatScratch(a.recurrent->count);
    flatActivations(c, a.recurrent->count, v, act);
    for (int64_t j = 0; j < a.units; j++) {
      double n;
      double d;
      flatSums(c, j, act, n, d);
      const double cmt = a.cmt[j];
      const double gl = a.gleak[j];
      const double numerator = cmt * v[j] + a.gleakVleak[j] + (n + a.sensoryNum[j]);
      const double denominator = cmt + gl + (d + a.sensoryDen[j]) + a.epsilon;
      if (dens != nullptr) dens[j] = denominator;
      vNext[j] = numerator / denominator;
    }
    return;
  }
  for (int64_t j = 0; j < a.units; j++) {
    int64_t b = 0;
    for (; b + 4 * kLanes <= bp; b += 4 * kLanes) unfoldBlock<4>(a, c, j, b, v, vNext, dens);
    for (; b + 2 * kLanes <= bp; b += 2 * kLanes) unfoldBlock<2>(a, c, j, b, v, vNext, dens);
    for (; b < bp; b += kLanes) unfoldBlock<1>(a, c, j, b, v, vNext, dens);
  }
}

/** synapseBackward for one sample: over each neuron's synapses in vectors. */
void flatBackward(const Synapses& c, int64_t units, const double* pre, const double* dNum,
                  const double* dDen, double* dPre, double* gSigma, double* gMu, double* gWeight,
                  double* gErev) {
  double dz[kLanes];
  for (int64_t j = 0; j < units; j++) {
    const Vd dn = vsplat(dNum[j]);
    const Vd dd = vsplat(dDen[j]);
    for (int64_t k = c.first[j]; k < c.first[j + 1]; k += kLanes) {
      const int64_t n = c.first[j + 1] - k;
      const Vd s = vloadN(c.sigma + k, n);
      const Vd diff = vloadN(c.mu + k, n) - gatherPre(pre, c.src + k, n);
      const Vd sig = 1.0 / (1.0 + vexp(s * diff));
      const Vd dA = dn * vloadN(c.erev + k, n) + dd;
      const Vd av = vloadN(c.weight + k, n) * sig;
      const Vd dzv = dA * av * (1.0 - sig);
      const Vd gs = -(dzv * diff);
      const Vd gm = -(dzv * s);
      const Vd gw = dA * sig;
      const Vd ge = dn * av;
      double t[4][kLanes];
      vstore(t[0], gs);
      vstore(t[1], gm);
      vstore(t[2], gw);
      vstore(t[3], ge);
      vstore(dz, dzv * s);
      // Lane 0 of each synapse's accumulators holds its sum (the caller adds the lanes up).
      for (int64_t i = 0; i < n && i < kLanes; i++) {
        gSigma[(k + i) * kLanes] += t[0][i];
        gMu[(k + i) * kLanes] += t[1][i];
        gWeight[(k + i) * kLanes] += t[2][i];
        gErev[(k + i) * kLanes] += t[3][i];
        dPre[c.src[k + i]] += dz[i];
      }
    }
  }
}

void synapseBackward(const SynapseCsr& csr, int64_t units, int64_t bp, const double* pre,
                     const double* dNum, const double* dDen, double* dPre, double* gSigma,
                     double* gMu, double* gWeight, double* gErev) {
  const Synapses c = synapsesOf(csr);
  if (bp == 1) {
    flatBackward(c, units, pre, dNum, dDen, dPre, gSigma, gMu, gWeight, gErev);
    return;
  }
  for (int64_t j = 0; j < units; j++) {
    const double* dn = dNum + j * bp;
    const double* dd = dDen + j * bp;
    for (int64_t k = c.first[j]; k < c.first[j + 1]; k++) {
      const double s = c.sigma[k];
      const double m = c.mu[k];
      const double w = c.weight[k];
      const double er = c.erev[k];
      const double* p = pre + static_cast<int64_t>(c.src[k]) * bp;
      double* g = dPre + static_cast<int64_t>(c.src[k]) * bp;
      // With σ = σ(s·(v − m)) and A = w·σ: dA = dNum·erev + dDen, d w = dA·σ, d erev = dNum·A,
      // and dz = dA·A·(1 − σ) for z = s·(v − m): d s = dz·(v − m), d m = −dz·s, d v = dz·s.
      Vd accSigma = vsplat(0.0);
      Vd accZ = vsplat(0.0);
      Vd accWeight = vsplat(0.0);
      Vd accErev = vsplat(0.0);
      for (int64_t b = 0; b < bp; b += kLanes) {
        const Vd diff = m - vload(p + b);
        const Vd sig = 1.0 / (1.0 + vexp(s * diff));
        const Vd dnv = vload(dn + b);
        const Vd dA = vfma(dnv, vsplat(er), vload(dd + b));
        const Vd av = w * sig;
        const Vd dz = dA * av * (1.0 - sig);
        accErev = vfma(dnv, av, accErev);
        accWeight = vfma(dA, sig, accWeight);
        accSigma = vfma(dz, diff, accSigma);
        accZ += dz;
        vstore(g + b, vfma(dz, vsplat(s), vload(g + b)));
      }
      // Lane-wise sums (reduced once per call by the caller): no horizontal sum per synapse.
      double* o = gSigma + k * kLanes;
      vstore(o, vload(o) - accSigma);
      o = gMu + k * kLanes;
      vstore(o, vload(o) - accZ * s);
      o = gWeight + k * kLanes;
      vstore(o, vload(o) + accWeight);
      o = gErev + k * kLanes;
      vstore(o, vload(o) + accErev);
    }
  }
}
