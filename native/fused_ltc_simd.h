// The synapse loops of the LTC kernels over the primitives of fused_cfc_vec.h (its double and float
// vectors), included once per instruction set by fused_ltc_kernels.cc inside that set's namespace.
// Each loop is a template over the compute type T (double for float64 models, float for float32
// ones), spelled through Simd<T>. Each (neuron, sample) sums its synapses in source order, as the
// js kernels do (ltcSynapses.ts), with the batch in the vector lanes; blocks of up to four vectors
// give the CPU independent exp chains. A single sample (bp = 1) has no batch to spread over the
// lanes: its loops run over the synapses instead ("flat"), gathering each synapse's presynaptic
// value.

#include "fused_cfc_vec.h"

/** pre[src[i]] for the n <= kLanes synapses at src (the other lanes read pre[src[0]]). */
NCPS_VEC_INLINE Vd vgather(const double* pre, const int32_t* src, int64_t n) {
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

/** The same for n <= kLanesF floats. */
NCPS_VEC_INLINE Vf vgather(const float* pre, const int32_t* src, int64_t n) {
#if defined(NCPS_VEC_FMA) && NCPS_VEC_LANES == 8
  if (n == kLanesF) {
    const __m512i idx = _mm512_loadu_si512(src);
    return (Vf)_mm512_mask_i32gather_ps(_mm512_setzero_ps(), 0xFFFF, idx, pre, 4);
  }
#elif defined(NCPS_VEC_FMA) && NCPS_VEC_LANES == 4
  if (n == kLanesF) {
    const __m256i idx = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(src));
    const __m256 all = _mm256_castsi256_ps(_mm256_set1_epi32(-1));
    return (Vf)_mm256_mask_i32gather_ps(_mm256_setzero_ps(), pre, idx, all, 4);
  }
#endif
  float tmp[kLanesF];
  for (int64_t i = 0; i < kLanesF; i++) tmp[i] = pre[src[i < n ? i : 0]];
  return vload(tmp);
}

/**
 * The vectors of compute type T and the operations of the loops below on them, from the
 * overloads of fused_cfc_vec.h: with float twice the lanes, exp and the quotient to float32
 * rounding; with double exactly as before float32 got its own.
 */
template <typename T>
struct Simd {
  typedef typename VecOf<T>::V V;
  static constexpr int kN = VecOf<T>::kN;
  static NCPS_VEC_INLINE V splat(T x) { return VecOf<T>::splat(x); }
  static NCPS_VEC_INLINE V load(const T* p) { return vload(p); }
  static NCPS_VEC_INLINE void store(T* p, V v) { vstore(p, v); }
  static NCPS_VEC_INLINE V loadN(const T* p, int64_t n) { return vloadN(p, n); }
  static NCPS_VEC_INLINE void storeN(T* p, V v, int64_t n) { vstoreN(p, v, n); }
  static NCPS_VEC_INLINE V fma(V a, V b, V c) { return vfma(a, b, c); }
  static NCPS_VEC_INLINE V exp(V y) { return vexp(y); }
  /** w / d (d >= 1). */
  static NCPS_VEC_INLINE V div(V w, V d) { return w / d; }
  static NCPS_VEC_INLINE V gather(const T* pre, const int32_t* src, int64_t n) {
    return vgather(pre, src, n);
  }
};

/** Raw pointers to a synapse list (the loops below read nothing else). */
template <typename T>
struct Synapses {
  const int64_t* first;
  const int32_t* src;
  const T* sigma;
  const T* mu;
  const T* weight;
  const T* erev;
};

template <typename T>
NCPS_VEC_INLINE Synapses<T> synapsesOf(const SynapseCsr<T>& c) {
  return Synapses<T>{c.first.data(), c.src.data(),    c.sigma.data(),
                     c.mu.data(),    c.weight.data(), c.erev.data()};
}

/** A scratch buffer of at least n values, owned by the calling thread. */
template <typename T>
NCPS_VEC_INLINE T* flatScratch(int64_t n) {
  thread_local std::vector<T> buffer;
  if (static_cast<int64_t>(buffer.size()) < n) buffer.resize(n);
  return buffer.data();
}

/** A[k] = weight·σ(sigma·(pre[src] − mu)) for every synapse, vectorised over the synapses. */
template <typename T>
void flatActivations(const Synapses<T>& c, int64_t count, const T* pre, T* a) {
  typedef Simd<T> S;
  typedef typename S::V V;
  for (int64_t k = 0; k < count; k += S::kN) {
    const int64_t n = count - k;
    const V v = S::gather(pre, c.src + k, n);
    const V x = S::loadN(c.sigma + k, n) * (S::loadN(c.mu + k, n) - v);
    S::storeN(a + k, S::div(S::loadN(c.weight + k, n), T(1) + S::exp(x)), n);
  }
}

/** num[j] = Σ A·erev, den[j] = Σ A of neuron j's synapses, in source order (js order). */
template <typename T>
NCPS_VEC_INLINE void flatSums(const Synapses<T>& c, int64_t j, const T* a, T& num, T& den) {
  T n = 0;
  T d = 0;
  for (int64_t k = c.first[j]; k < c.first[j + 1]; k++) {
    n += a[k] * c.erev[k];
    d += a[k];
  }
  num = n;
  den = d;
}

/** Σ A·erev and Σ A over synapses [k0, k1) for NV vectors of samples starting at `pre`. */
template <int NV, typename T>
NCPS_VEC_INLINE void sumSynapses(const Synapses<T>& c, int64_t k0, int64_t k1, int64_t bp,
                                 const T* pre, typename Simd<T>::V* num,
                                 typename Simd<T>::V* den) {
  typedef Simd<T> S;
  typedef typename S::V V;
  for (int q = 0; q < NV; q++) {
    num[q] = S::splat(0);
    den[q] = S::splat(0);
  }
  for (int64_t k = k0; k < k1; k++) {
    const V s = S::splat(c.sigma[k]);
    const V m = S::splat(c.mu[k]);
    const V w = S::splat(c.weight[k]);
    const V er = S::splat(c.erev[k]);
    const T* p = pre + static_cast<int64_t>(c.src[k]) * bp;
    for (int q = 0; q < NV; q++) {
      // σ(s·(v − m)) = 1 / (1 + e^{s·(m − v)})
      const V a = S::div(w, T(1) + S::exp(s * (m - S::load(p + q * S::kN))));
      num[q] = S::fma(a, er, num[q]);
      den[q] += a;
    }
  }
}

template <int NV, typename T>
NCPS_VEC_INLINE void sumsBlock(const Synapses<T>& c, int64_t j, int64_t b, int64_t bp,
                               const T* pre, T* num, T* den) {
  typedef Simd<T> S;
  typename S::V n[NV];
  typename S::V d[NV];
  sumSynapses<NV>(c, c.first[j], c.first[j + 1], bp, pre + b, n, d);
  for (int q = 0; q < NV; q++) {
    S::store(num + j * bp + b + q * S::kN, n[q]);
    S::store(den + j * bp + b + q * S::kN, d[q]);
  }
}

template <typename T>
void synapseSums(const SynapseCsr<T>& csr, int64_t units, int64_t bp, const T* pre, T* num,
                 T* den) {
  constexpr int64_t kN = Simd<T>::kN;
  const Synapses<T> c = synapsesOf(csr);
  if (bp == 1) {
    T* a = flatScratch<T>(csr.count);
    flatActivations(c, csr.count, pre, a);
    for (int64_t j = 0; j < units; j++) flatSums(c, j, a, num[j], den[j]);
    return;
  }
  for (int64_t j = 0; j < units; j++) {
    int64_t b = 0;
    for (; b + 4 * kN <= bp; b += 4 * kN) sumsBlock<4>(c, j, b, bp, pre, num, den);
    for (; b + 2 * kN <= bp; b += 2 * kN) sumsBlock<2>(c, j, b, bp, pre, num, den);
    for (; b < bp; b += kN) sumsBlock<1>(c, j, b, bp, pre, num, den);
  }
}

template <int NV, typename T>
NCPS_VEC_INLINE void unfoldBlock(const LtcUnfoldArgs<T>& a, const Synapses<T>& c, int64_t j,
                                 int64_t b, const T* v, T* vNext, T* dens) {
  typedef Simd<T> S;
  typedef typename S::V V;
  const int64_t bp = a.bp;
  V n[NV];
  V d[NV];
  sumSynapses<NV>(c, c.first[j], c.first[j + 1], bp, v + b, n, d);
  const V gl = S::splat(a.gleak[j]);
  const V glvl = S::splat(a.gleakVleak[j]);
  const V eps = S::splat(a.epsilon);
  for (int q = 0; q < NV; q++) {
    const int64_t i = j * bp + b + q * S::kN;
    const V cmt = S::load(a.cmt + i);
    // Same grouping as ncps: (cm_t·v + gleak·vleak + (Σ + sensory Σ)) / (cm_t + gleak + Σ + ε)
    const V numerator = cmt * S::load(v + i) + glvl + (n[q] + S::load(a.sensoryNum + i));
    const V denominator = cmt + gl + (d[q] + S::load(a.sensoryDen + i)) + eps;
    if (dens != nullptr) S::store(dens + i, denominator);
    S::store(vNext + i, numerator / denominator);
  }
}

template <typename T>
void unfold(const LtcUnfoldArgs<T>& a, const T* v, T* vNext, T* dens) {
  constexpr int64_t kN = Simd<T>::kN;
  const int64_t bp = a.bp;
  const Synapses<T> c = synapsesOf(*a.recurrent);
  if (bp == 1) {
    T* act = flatScratch<T>(a.recurrent->count);
    flatActivations(c, a.recurrent->count, v, act);
    for (int64_t j = 0; j < a.units; j++) {
      T n;
      T d;
      flatSums(c, j, act, n, d);
      const T cmt = a.cmt[j];
      const T gl = a.gleak[j];
      const T numerator = cmt * v[j] + a.gleakVleak[j] + (n + a.sensoryNum[j]);
      const T denominator = cmt + gl + (d + a.sensoryDen[j]) + a.epsilon;
      if (dens != nullptr) dens[j] = denominator;
      vNext[j] = numerator / denominator;
    }
    return;
  }
  for (int64_t j = 0; j < a.units; j++) {
    int64_t b = 0;
    for (; b + 4 * kN <= bp; b += 4 * kN) unfoldBlock<4>(a, c, j, b, v, vNext, dens);
    for (; b + 2 * kN <= bp; b += 2 * kN) unfoldBlock<2>(a, c, j, b, v, vNext, dens);
    for (; b < bp; b += kN) unfoldBlock<1>(a, c, j, b, v, vNext, dens);
  }
}

/** synapseBackward for one sample: over each neuron's synapses in vectors. */
template <typename T>
void flatBackward(const Synapses<T>& c, int64_t units, const T* pre, const T* dNum,
                  const T* dDen, T* dPre, T* gSigma, T* gMu, T* gWeight, T* gErev) {
  typedef Simd<T> S;
  typedef typename S::V V;
  constexpr int64_t kN = S::kN;
  T dz[kN];
  for (int64_t j = 0; j < units; j++) {
    const V dn = S::splat(dNum[j]);
    const V dd = S::splat(dDen[j]);
    for (int64_t k = c.first[j]; k < c.first[j + 1]; k += kN) {
      const int64_t n = c.first[j + 1] - k;
      const V s = S::loadN(c.sigma + k, n);
      const V diff = S::loadN(c.mu + k, n) - S::gather(pre, c.src + k, n);
      const V sig = S::div(S::splat(1), T(1) + S::exp(s * diff));
      const V dA = dn * S::loadN(c.erev + k, n) + dd;
      const V av = S::loadN(c.weight + k, n) * sig;
      const V dzv = dA * av * (T(1) - sig);
      const V gs = -(dzv * diff);
      const V gm = -(dzv * s);
      const V gw = dA * sig;
      const V ge = dn * av;
      T t[4][kN];
      S::store(t[0], gs);
      S::store(t[1], gm);
      S::store(t[2], gw);
      S::store(t[3], ge);
      S::store(dz, dzv * s);
      // Lane 0 of each synapse's accumulators holds its sum (the caller adds the lanes up).
      for (int64_t i = 0; i < n && i < kN; i++) {
        gSigma[(k + i) * kN] += t[0][i];
        gMu[(k + i) * kN] += t[1][i];
        gWeight[(k + i) * kN] += t[2][i];
        gErev[(k + i) * kN] += t[3][i];
        dPre[c.src[k + i]] += dz[i];
      }
    }
  }
}

template <typename T>
void synapseBackward(const SynapseCsr<T>& csr, int64_t units, int64_t bp, const T* pre,
                     const T* dNum, const T* dDen, T* dPre, T* gSigma, T* gMu, T* gWeight,
                     T* gErev) {
  typedef Simd<T> S;
  typedef typename S::V V;
  constexpr int64_t kN = S::kN;
  const Synapses<T> c = synapsesOf(csr);
  if (bp == 1) {
    flatBackward(c, units, pre, dNum, dDen, dPre, gSigma, gMu, gWeight, gErev);
    return;
  }
  for (int64_t j = 0; j < units; j++) {
    const T* dn = dNum + j * bp;
    const T* dd = dDen + j * bp;
    for (int64_t k = c.first[j]; k < c.first[j + 1]; k++) {
      const V s = S::splat(c.sigma[k]);
      const V m = S::splat(c.mu[k]);
      const V w = S::splat(c.weight[k]);
      const V er = S::splat(c.erev[k]);
      const T* p = pre + static_cast<int64_t>(c.src[k]) * bp;
      T* g = dPre + static_cast<int64_t>(c.src[k]) * bp;
      // With σ = σ(s·(v − m)) and A = w·σ: dA = dNum·erev + dDen, d w = dA·σ, d erev = dNum·A,
      // and dz = dA·A·(1 − σ) for z = s·(v − m): d s = dz·(v − m), d m = −dz·s, d v = dz·s.
      V accSigma = S::splat(0);
      V accZ = S::splat(0);
      V accWeight = S::splat(0);
      V accErev = S::splat(0);
      for (int64_t b = 0; b < bp; b += kN) {
        const V diff = m - S::load(p + b);
        const V sig = S::div(S::splat(1), T(1) + S::exp(s * diff));
        const V dnv = S::load(dn + b);
        const V dA = S::fma(dnv, er, S::load(dd + b));
        const V av = w * sig;
        const V dz = dA * av * (T(1) - sig);
        accErev = S::fma(dnv, av, accErev);
        accWeight = S::fma(dA, sig, accWeight);
        accSigma = S::fma(dz, diff, accSigma);
        accZ += dz;
        S::store(g + b, S::fma(dz, s, S::load(g + b)));
      }
      // Lane-wise sums (reduced once per call by the caller): no horizontal sum per synapse.
      T* o = gSigma + k * kN;
      S::store(o, S::load(o) - accSigma);
      o = gMu + k * kN;
      S::store(o, S::load(o) - accZ * s);
      o = gWeight + k * kN;
      S::store(o, S::load(o) + accWeight);
      o = gErev + k * kN;
      S::store(o, S::load(o) + accErev);
    }
  }
}
