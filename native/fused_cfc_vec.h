// SIMD primitives of the fused kernels, written once and compiled once per instruction set:
// a translation unit defines NCPS_VEC_LANES (1, 2, 4 or 8 doubles per vector) and, where the
// target has them, NCPS_VEC_FMA, then includes a kernel header (fused_cfc_simd.h or
// fused_ltc_simd.h, which include this one) inside its own namespace, and undefines
// NCPS_VEC_INLINE after it. No system header is included here: <cstdint>, <cstring> and
// <immintrin.h> come first.
//
// Vd is a vector of doubles (GCC/clang vector extensions; a plain double when NCPS_VEC_LANES
// is 1, for compilers without them). Everything else is spelled as helper functions so the
// same kernels compile for every width. Transcendentals are polynomial, accurate to a few ulp
// (see vexp), never -ffast-math: NaN propagates, and results match the js kernels to ~1e-15.
//
// Vf is the vector of floats of the same width (twice the lanes), with the same helpers
// overloaded on it (vsplatf apart) and float32 versions of exp and tanh, accurate to float32
// rounding: the float32 CfC and LTC kernels compute on it. VecOf<T> names the vector of
// element type T for kernels written once for both.

#if NCPS_VEC_LANES == 1
typedef double Vd;
typedef int64_t Vi;
typedef float Vf;
typedef int32_t Vfi;
typedef uint32_t Vfu;
#define NCPS_VEC_INLINE inline
#else
typedef double Vd __attribute__((vector_size(8 * NCPS_VEC_LANES)));
typedef int64_t Vi __attribute__((vector_size(8 * NCPS_VEC_LANES)));
typedef float Vf __attribute__((vector_size(8 * NCPS_VEC_LANES)));
typedef int32_t Vfi __attribute__((vector_size(8 * NCPS_VEC_LANES)));
typedef uint32_t Vfu __attribute__((vector_size(8 * NCPS_VEC_LANES)));
#define NCPS_VEC_INLINE inline __attribute__((always_inline))
#endif

constexpr int kLanes = NCPS_VEC_LANES;
/** Floats per vector: as many bytes as kLanes doubles. */
constexpr int kLanesF = NCPS_VEC_LANES == 1 ? 1 : 2 * NCPS_VEC_LANES;

NCPS_VEC_INLINE Vd vsplat(double x) {
#if NCPS_VEC_LANES == 1
  return x;
#elif NCPS_VEC_LANES == 2
  return Vd{x, x};
#elif NCPS_VEC_LANES == 4
  return Vd{x, x, x, x};
#else
  return Vd{x, x, x, x, x, x, x, x};
#endif
}
NCPS_VEC_INLINE Vd vload(const double* p) {
  Vd v;
  std::memcpy(&v, p, sizeof(Vd));
  return v;
}
NCPS_VEC_INLINE void vstore(double* p, Vd v) { std::memcpy(p, &v, sizeof(Vd)); }
/** The first n < kLanes values at p (the other lanes zero). */
NCPS_VEC_INLINE Vd vloadPart(const double* p, int64_t n) {
  double tmp[kLanes] = {};
  for (int64_t i = 0; i < n; i++) tmp[i] = p[i];
  return vload(tmp);
}
NCPS_VEC_INLINE void vstorePart(double* p, Vd v, int64_t n) {
  double tmp[kLanes];
  vstore(tmp, v);
  for (int64_t i = 0; i < n; i++) p[i] = tmp[i];
}
/** kLanes values at p, or the first n when n < kLanes. */
NCPS_VEC_INLINE Vd vloadN(const double* p, int64_t n) {
  return n >= kLanes ? vload(p) : vloadPart(p, n);
}
NCPS_VEC_INLINE void vstoreN(double* p, Vd v, int64_t n) {
  if (n >= kLanes) {
    vstore(p, v);
  } else {
    vstorePart(p, v, n);
  }
}
NCPS_VEC_INLINE Vi vbits(Vd v) {
  Vi i;
  std::memcpy(&i, &v, sizeof(Vd));
  return i;
}
NCPS_VEC_INLINE Vd vfrombits(Vi i) {
  Vd v;
  std::memcpy(&v, &i, sizeof(Vd));
  return v;
}
/** All-ones lanes where a < b (false for NaN). */
NCPS_VEC_INLINE Vi vlt(Vd a, Vd b) {
#if NCPS_VEC_LANES == 1
  return a < b ? -1 : 0;
#else
  return a < b;
#endif
}
/** m ? a : b lane by lane (m all-ones or zero). */
NCPS_VEC_INLINE Vd vselect(Vi m, Vd a, Vd b) { return vfrombits((vbits(a) & m) | (vbits(b) & ~m)); }
// max/min keeping NaN: the x86 instructions return their second operand when either is NaN.
// (The AVX-512 forms are the masked intrinsics with a full mask: GCC 12 warns about the
// undefined pass-through value of the plain ones.)
/** max(x, lo), keeping NaN. */
NCPS_VEC_INLINE Vd vatLeast(Vd x, double lo) {
#if defined(NCPS_VEC_FMA) && NCPS_VEC_LANES == 8
  return (Vd)_mm512_mask_max_pd((__m512d)x, 0xFF, (__m512d)vsplat(lo), (__m512d)x);
#elif defined(NCPS_VEC_FMA) && NCPS_VEC_LANES == 4
  return (Vd)_mm256_max_pd((__m256d)vsplat(lo), (__m256d)x);
#else
  return vselect(vlt(x, vsplat(lo)), vsplat(lo), x);
#endif
}
/** min(x, hi), keeping NaN. */
NCPS_VEC_INLINE Vd vatMost(Vd x, double hi) {
#if defined(NCPS_VEC_FMA) && NCPS_VEC_LANES == 8
  return (Vd)_mm512_mask_min_pd((__m512d)x, 0xFF, (__m512d)vsplat(hi), (__m512d)x);
#elif defined(NCPS_VEC_FMA) && NCPS_VEC_LANES == 4
  return (Vd)_mm256_min_pd((__m256d)vsplat(hi), (__m256d)x);
#else
  return vselect(vlt(vsplat(hi), x), vsplat(hi), x);
#endif
}
NCPS_VEC_INLINE Vd vabs(Vd x) { return vfrombits(vbits(x) & INT64_MAX); }
/** |magnitude| with the sign of `sign`. */
NCPS_VEC_INLINE Vd vcopysign(Vd magnitude, Vd sign) {
  return vfrombits((vbits(magnitude) & INT64_MAX) | (vbits(sign) & INT64_MIN));
}
/** a * b + c, fused (one rounding) where the target has FMA. */
NCPS_VEC_INLINE Vd vfma(Vd a, Vd b, Vd c) {
#if defined(NCPS_VEC_FMA) && NCPS_VEC_LANES == 8
  return (Vd)_mm512_fmadd_pd((__m512d)a, (__m512d)b, (__m512d)c);
#elif defined(NCPS_VEC_FMA) && NCPS_VEC_LANES == 4
  return (Vd)_mm256_fmadd_pd((__m256d)a, (__m256d)b, (__m256d)c);
#else
  return a * b + c;
#endif
}
#if (NCPS_VEC_LANES == 8 || NCPS_VEC_LANES == 4) && defined(__has_builtin)
#if __has_builtin(__builtin_shufflevector)
#define NCPS_VEC_SHUFFLE 1
#endif
#endif

/** The sum of the lanes. */
NCPS_VEC_INLINE double vsum(Vd v) {
#if defined(NCPS_VEC_SHUFFLE)
  // Halve the vector until one pair is left.
  typedef double V2 __attribute__((vector_size(16)));
#if NCPS_VEC_LANES == 8
  typedef double V4 __attribute__((vector_size(32)));
  const V4 q =
      __builtin_shufflevector(v, v, 0, 1, 2, 3) + __builtin_shufflevector(v, v, 4, 5, 6, 7);
#else
  const Vd q = v;
#endif
  const V2 p = __builtin_shufflevector(q, q, 0, 1) + __builtin_shufflevector(q, q, 2, 3);
  return p[0] + p[1];
#else
  double lanes[kLanes];
  vstore(lanes, v);
  double s = 0;
  for (int i = 0; i < kLanes; i++) s += lanes[i];
  return s;
#endif
}

/** The lane sums of four vectors, out[i] = Σ a_i (one shuffle tree for all four). */
NCPS_VEC_INLINE void vsum4(Vd a0, Vd a1, Vd a2, Vd a3, double* out) {
#if defined(NCPS_VEC_SHUFFLE) && NCPS_VEC_LANES == 8
  typedef double V4 __attribute__((vector_size(32)));
  // Pairs within each row, interleaving rows 0/1 and 2/3, then the four rows side by side.
  const Vd s01 = __builtin_shufflevector(a0, a1, 0, 8, 2, 10, 4, 12, 6, 14) +
                 __builtin_shufflevector(a0, a1, 1, 9, 3, 11, 5, 13, 7, 15);
  const Vd s23 = __builtin_shufflevector(a2, a3, 0, 8, 2, 10, 4, 12, 6, 14) +
                 __builtin_shufflevector(a2, a3, 1, 9, 3, 11, 5, 13, 7, 15);
  const Vd t = __builtin_shufflevector(s01, s23, 0, 1, 8, 9, 4, 5, 12, 13) +
               __builtin_shufflevector(s01, s23, 2, 3, 10, 11, 6, 7, 14, 15);
  const V4 r =
      __builtin_shufflevector(t, t, 0, 1, 2, 3) + __builtin_shufflevector(t, t, 4, 5, 6, 7);
  std::memcpy(out, &r, sizeof(V4));
#elif defined(NCPS_VEC_SHUFFLE) && NCPS_VEC_LANES == 4
  const Vd s01 =
      __builtin_shufflevector(a0, a1, 0, 4, 2, 6) + __builtin_shufflevector(a0, a1, 1, 5, 3, 7);
  const Vd s23 =
      __builtin_shufflevector(a2, a3, 0, 4, 2, 6) + __builtin_shufflevector(a2, a3, 1, 5, 3, 7);
  const Vd r =
      __builtin_shufflevector(s01, s23, 0, 1, 4, 5) + __builtin_shufflevector(s01, s23, 2, 3, 6, 7);
  std::memcpy(out, &r, sizeof(Vd));
#else
  out[0] = vsum(a0);
  out[1] = vsum(a1);
  out[2] = vsum(a2);
  out[3] = vsum(a3);
#endif
}
#undef NCPS_VEC_SHUFFLE

// e^r - 1 for |r| <= ln2/2 by its Taylor series to degree 13: the first omitted term is
// below 4e-18 relative there, so the polynomial adds well under an ulp.
NCPS_VEC_INLINE Vd vexpm1Reduced(Vd r) {
  Vd q = vsplat(1.0 / 6227020800.0);  // 1/13!
  q = vfma(q, r, vsplat(1.0 / 479001600.0));
  q = vfma(q, r, vsplat(1.0 / 39916800.0));
  q = vfma(q, r, vsplat(1.0 / 3628800.0));
  q = vfma(q, r, vsplat(1.0 / 362880.0));
  q = vfma(q, r, vsplat(1.0 / 40320.0));
  q = vfma(q, r, vsplat(1.0 / 5040.0));
  q = vfma(q, r, vsplat(1.0 / 720.0));
  q = vfma(q, r, vsplat(1.0 / 120.0));
  q = vfma(q, r, vsplat(1.0 / 24.0));
  q = vfma(q, r, vsplat(1.0 / 6.0));
  q = vfma(q, r, vsplat(0.5));
  return vfma(r * r, q, r);
}

/**
 * Splits y = k·ln2 + r with k an integer and |r| <= ln2/2; returns r and sets `scale` = 2^k.
 * Needs |y| <= 709 (callers clamp), so that 2^k is a normal double.
 */
NCPS_VEC_INLINE Vd vreduce(Vd y, Vd& scale) {
  const double kInvLn2 = 1.4426950408889634;
  // ln2 split so that k·hi is exact for |k| < 2^20 (fdlibm's ln2_hi has 21 trailing zeros).
  const double kLn2Hi = 6.93147180369123816490e-01;
  const double kLn2Lo = 1.90821492927058770002e-10;
  // Adding 1.5·2^52 rounds to an integer, which then sits in the low mantissa bits.
  const double kShift = 6755399441055744.0;
  const Vd shifted = y * kInvLn2 + kShift;
  const Vi k = vbits(shifted) - vbits(vsplat(kShift));
  const Vd kf = shifted - kShift;
  scale = vfrombits((k + 1023) << 52);
  return (y - kf * kLn2Hi) - kf * kLn2Lo;
}

#if defined(NCPS_VEC_FMA) && NCPS_VEC_LANES == 8
/**
 * e^y within 2 ulp, with exp's own overflow to ∞ and (gradual) underflow to 0. AVX-512 holds
 * a 16-entry table of 2^(j/16) in two registers: y = (16m + j)·ln2/16 + r with |r| <= ln2/32,
 * e^y = 2^m · 2^(j/16) · e^r, e^r − 1 by its Taylor series to degree 7 (the first omitted term
 * is below 2e-18 there), and vscalefpd applies 2^m.
 */
NCPS_VEC_INLINE Vd vexp(Vd y) {
  // Past these, e^y is 0 or ∞ anyway; the clamp keeps the reduction below finite.
  y = vatMost(vatLeast(y, -746.0), 711.0);
  const double kInvStep = 23.083120654223414;  // 16 / ln2
  const double kStepHi = 6.93147180369123816490e-01 / 16;
  const double kStepLo = 1.90821492927058770002e-10 / 16;
  // Adding 1.5·2^52 rounds to an integer k, whose low bits then index the table.
  const double kShift = 6755399441055744.0;
  const Vd shifted = vfma(y, vsplat(kInvStep), vsplat(kShift));
  const Vd kf = shifted - kShift;
  const Vd r = vfma(kf, vsplat(-kStepLo), vfma(kf, vsplat(-kStepHi), y));
  const __m512d lo =
      _mm512_setr_pd(1.0, 1.0442737824274138, 1.0905077326652577, 1.1387886347566916,
                     1.189207115002721, 1.241857812073484, 1.2968395546510096, 1.3542555469368927);
  const __m512d hi =
      _mm512_setr_pd(1.4142135623730951, 1.4768261459394993, 1.5422108254079407, 1.6104903319492543,
                     1.681792830507429, 1.7562521603732995, 1.8340080864093424, 1.9152065613971474);
  // The permutation reads the low 4 bits of each index: k mod 16.
  const Vd t = (Vd)_mm512_permutex2var_pd(lo, (__m512i)shifted, hi);
  Vd q = vsplat(1.0 / 5040.0);
  q = vfma(q, r, vsplat(1.0 / 720.0));
  q = vfma(q, r, vsplat(1.0 / 120.0));
  q = vfma(q, r, vsplat(1.0 / 24.0));
  q = vfma(q, r, vsplat(1.0 / 6.0));
  q = vfma(q, r, vsplat(0.5));
  const Vd er = vfma(t, vfma(r * r, q, r), t);
  // 2^floor(k/16): floor(k/16) = (k − (k mod 16))/16 whole octaves.
  return (Vd)_mm512_mask_scalef_pd((__m512d)er, 0xFF, (__m512d)er, (__m512d)(kf * 0.0625));
}
#else
/** e^y within 2 ulp for |y| <= 708; y is clamped to [-708, 709] (so 0 and ∞ are never reached). */
NCPS_VEC_INLINE Vd vexp(Vd y) {
  y = vatMost(vatLeast(y, -708.0), 709.0);
  Vd scale;
  const Vd r = vreduce(y, scale);
  return scale + scale * vexpm1Reduced(r);
}
#endif

/** e^y - 1 for y in [0, 40] (the tanh argument range), within 2 ulp. */
NCPS_VEC_INLINE Vd vexpm1Small(Vd y) {
  Vd scale;
  const Vd r = vreduce(y, scale);
  return scale * vexpm1Reduced(r) + (scale - 1.0);
}

/** tanh(x) = sign(x)·e/(e + 2) with e = e^(2|x|) - 1, |x| capped at 20 (tanh(20) rounds to 1). */
NCPS_VEC_INLINE Vd vtanh(Vd x) {
  const Vd ax = vatMost(vabs(x), 20.0);
  const Vd e = vexpm1Small(ax + ax);
  return vcopysign(e / (e + 2.0), x);
}

// ---- float vectors (Vf): the same helpers for the float32 kernels ----

// Spelled out lane by lane: GCC 12 turns a loop filling the lanes into one masked broadcast per
// lane, where this is one vbroadcastss.
NCPS_VEC_INLINE Vf vsplatf(float x) {
#if NCPS_VEC_LANES == 1
  return x;
#elif NCPS_VEC_LANES == 2
  return Vf{x, x, x, x};
#elif NCPS_VEC_LANES == 4
  return Vf{x, x, x, x, x, x, x, x};
#else
  return Vf{x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x};
#endif
}
NCPS_VEC_INLINE Vf vload(const float* p) {
  Vf v;
  std::memcpy(&v, p, sizeof(Vf));
  return v;
}
NCPS_VEC_INLINE void vstore(float* p, Vf v) { std::memcpy(p, &v, sizeof(Vf)); }
#if defined(NCPS_VEC_FMA) && NCPS_VEC_LANES == 4
/** All-ones in the first n lanes (masked loads and stores touch only those). */
NCPS_VEC_INLINE __m256i vfirstLanes(int64_t n) {
  return _mm256_cmpgt_epi32(_mm256_set1_epi32(static_cast<int>(n)),
                            _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}
#endif
/** The first n < kLanesF values at p (the other lanes zero; nothing past them is read). */
NCPS_VEC_INLINE Vf vloadPart(const float* p, int64_t n) {
#if defined(NCPS_VEC_FMA) && NCPS_VEC_LANES == 8
  return (Vf)_mm512_maskz_loadu_ps(static_cast<__mmask16>((1u << n) - 1), p);
#elif defined(NCPS_VEC_FMA) && NCPS_VEC_LANES == 4
  return (Vf)_mm256_maskload_ps(p, vfirstLanes(n));
#else
  float tmp[kLanesF] = {};
  for (int64_t i = 0; i < n; i++) tmp[i] = p[i];
  return vload(tmp);
#endif
}
NCPS_VEC_INLINE void vstorePart(float* p, Vf v, int64_t n) {
#if defined(NCPS_VEC_FMA) && NCPS_VEC_LANES == 8
  _mm512_mask_storeu_ps(p, static_cast<__mmask16>((1u << n) - 1), (__m512)v);
#elif defined(NCPS_VEC_FMA) && NCPS_VEC_LANES == 4
  _mm256_maskstore_ps(p, vfirstLanes(n), (__m256)v);
#else
  float tmp[kLanesF];
  vstore(tmp, v);
  for (int64_t i = 0; i < n; i++) p[i] = tmp[i];
#endif
}
/** kLanesF values at p, or the first n when n < kLanesF. */
NCPS_VEC_INLINE Vf vloadN(const float* p, int64_t n) {
  return n >= kLanesF ? vload(p) : vloadPart(p, n);
}
NCPS_VEC_INLINE void vstoreN(float* p, Vf v, int64_t n) {
  if (n >= kLanesF) {
    vstore(p, v);
  } else {
    vstorePart(p, v, n);
  }
}
NCPS_VEC_INLINE Vfi vbits(Vf v) {
  Vfi i;
  std::memcpy(&i, &v, sizeof(Vf));
  return i;
}
NCPS_VEC_INLINE Vf vfrombits(Vfi i) {
  Vf v;
  std::memcpy(&v, &i, sizeof(Vf));
  return v;
}
/** All-ones lanes where a < b (false for NaN). */
NCPS_VEC_INLINE Vfi vlt(Vf a, Vf b) {
#if NCPS_VEC_LANES == 1
  return a < b ? -1 : 0;
#else
  return a < b;
#endif
}
NCPS_VEC_INLINE Vf vselect(Vfi m, Vf a, Vf b) {
  return vfrombits((vbits(a) & m) | (vbits(b) & ~m));
}
/** max(x, lo), keeping NaN. */
NCPS_VEC_INLINE Vf vatLeast(Vf x, float lo) {
#if defined(NCPS_VEC_FMA) && NCPS_VEC_LANES == 8
  return (Vf)_mm512_mask_max_ps((__m512)x, 0xFFFF, (__m512)vsplatf(lo), (__m512)x);
#elif defined(NCPS_VEC_FMA) && NCPS_VEC_LANES == 4
  return (Vf)_mm256_max_ps((__m256)vsplatf(lo), (__m256)x);
#else
  return vselect(vlt(x, vsplatf(lo)), vsplatf(lo), x);
#endif
}
/** min(x, hi), keeping NaN. */
NCPS_VEC_INLINE Vf vatMost(Vf x, float hi) {
#if defined(NCPS_VEC_FMA) && NCPS_VEC_LANES == 8
  return (Vf)_mm512_mask_min_ps((__m512)x, 0xFFFF, (__m512)vsplatf(hi), (__m512)x);
#elif defined(NCPS_VEC_FMA) && NCPS_VEC_LANES == 4
  return (Vf)_mm256_min_ps((__m256)vsplatf(hi), (__m256)x);
#else
  return vselect(vlt(vsplatf(hi), x), vsplatf(hi), x);
#endif
}
NCPS_VEC_INLINE Vf vabs(Vf x) { return vfrombits(vbits(x) & INT32_MAX); }
NCPS_VEC_INLINE Vf vcopysign(Vf magnitude, Vf sign) {
  return vfrombits((vbits(magnitude) & INT32_MAX) | (vbits(sign) & INT32_MIN));
}
/** a * b + c, fused (one rounding) where the target has FMA. */
NCPS_VEC_INLINE Vf vfma(Vf a, Vf b, Vf c) {
#if defined(NCPS_VEC_FMA) && NCPS_VEC_LANES == 8
  return (Vf)_mm512_fmadd_ps((__m512)a, (__m512)b, (__m512)c);
#elif defined(NCPS_VEC_FMA) && NCPS_VEC_LANES == 4
  return (Vf)_mm256_fmadd_ps((__m256)a, (__m256)b, (__m256)c);
#else
  return a * b + c;
#endif
}

#if NCPS_VEC_LANES > 1 && defined(__has_builtin)
#if __has_builtin(__builtin_shufflevector)
#define NCPS_VEC_SHUFFLE_F 1
#endif
#endif
/** The sum of the lanes (halving the vector until one lane is left). */
NCPS_VEC_INLINE float vsum(Vf v) {
#if NCPS_VEC_LANES == 1
  return v;
#elif defined(NCPS_VEC_SHUFFLE_F)
  typedef float F2 __attribute__((vector_size(8)));
  typedef float F4 __attribute__((vector_size(16)));
#if NCPS_VEC_LANES >= 4
  typedef float F8 __attribute__((vector_size(32)));
#endif
#if NCPS_VEC_LANES == 8
  const F8 o = __builtin_shufflevector(v, v, 0, 1, 2, 3, 4, 5, 6, 7) +
               __builtin_shufflevector(v, v, 8, 9, 10, 11, 12, 13, 14, 15);
#elif NCPS_VEC_LANES == 4
  const F8 o = v;
#endif
#if NCPS_VEC_LANES >= 4
  const F4 q =
      __builtin_shufflevector(o, o, 0, 1, 2, 3) + __builtin_shufflevector(o, o, 4, 5, 6, 7);
#else
  const F4 q = v;
#endif
  const F2 p = __builtin_shufflevector(q, q, 0, 1) + __builtin_shufflevector(q, q, 2, 3);
  return p[0] + p[1];
#else
  float lanes[kLanesF];
  vstore(lanes, v);
  for (int w = kLanesF / 2; w >= 1; w /= 2) {
    for (int i = 0; i < w; i++) lanes[i] += lanes[i + w];
  }
  return lanes[0];
#endif
}


/** The lane sums of four vectors, out[i] = Σ a_i (one shuffle tree for all four). */
NCPS_VEC_INLINE void vsum4(Vf a0, Vf a1, Vf a2, Vf a3, float* out) {
#if defined(NCPS_VEC_SHUFFLE_F) && NCPS_VEC_LANES == 8
  typedef float F8 __attribute__((vector_size(32)));
  typedef float F4 __attribute__((vector_size(16)));
  // Pairs within each row, interleaving rows 0/1 and 2/3; then quads with the four rows side
  // by side, and two halvings.
  const Vf s01 =
      __builtin_shufflevector(a0, a1, 0, 16, 2, 18, 4, 20, 6, 22, 8, 24, 10, 26, 12, 28, 14, 30) +
      __builtin_shufflevector(a0, a1, 1, 17, 3, 19, 5, 21, 7, 23, 9, 25, 11, 27, 13, 29, 15, 31);
  const Vf s23 =
      __builtin_shufflevector(a2, a3, 0, 16, 2, 18, 4, 20, 6, 22, 8, 24, 10, 26, 12, 28, 14, 30) +
      __builtin_shufflevector(a2, a3, 1, 17, 3, 19, 5, 21, 7, 23, 9, 25, 11, 27, 13, 29, 15, 31);
  const Vf t =
      __builtin_shufflevector(s01, s23, 0, 1, 16, 17, 4, 5, 20, 21, 8, 9, 24, 25, 12, 13, 28, 29) +
      __builtin_shufflevector(s01, s23, 2, 3, 18, 19, 6, 7, 22, 23, 10, 11, 26, 27, 14, 15, 30, 31);
  const F8 h = __builtin_shufflevector(t, t, 0, 1, 2, 3, 4, 5, 6, 7) +
               __builtin_shufflevector(t, t, 8, 9, 10, 11, 12, 13, 14, 15);
  const F4 r =
      __builtin_shufflevector(h, h, 0, 1, 2, 3) + __builtin_shufflevector(h, h, 4, 5, 6, 7);
  std::memcpy(out, &r, sizeof(F4));
#elif defined(NCPS_VEC_SHUFFLE_F) && NCPS_VEC_LANES == 4
  typedef float F4 __attribute__((vector_size(16)));
  const Vf s01 = __builtin_shufflevector(a0, a1, 0, 8, 2, 10, 4, 12, 6, 14) +
                 __builtin_shufflevector(a0, a1, 1, 9, 3, 11, 5, 13, 7, 15);
  const Vf s23 = __builtin_shufflevector(a2, a3, 0, 8, 2, 10, 4, 12, 6, 14) +
                 __builtin_shufflevector(a2, a3, 1, 9, 3, 11, 5, 13, 7, 15);
  const Vf t = __builtin_shufflevector(s01, s23, 0, 1, 8, 9, 4, 5, 12, 13) +
               __builtin_shufflevector(s01, s23, 2, 3, 10, 11, 6, 7, 14, 15);
  const F4 r =
      __builtin_shufflevector(t, t, 0, 1, 2, 3) + __builtin_shufflevector(t, t, 4, 5, 6, 7);
  std::memcpy(out, &r, sizeof(F4));
#else
  out[0] = vsum(a0);
  out[1] = vsum(a1);
  out[2] = vsum(a2);
  out[3] = vsum(a3);
#endif
}
#undef NCPS_VEC_SHUFFLE_F

// e^r - 1 for |r| <= ln2/2 (a little more after rounding) as r + r²·P(r), with P Cephes' expf
// polynomial for (e^r - 1 - r)/r²: its error is a small part of a float32 ulp (the exp below
// measures within 1.01 ulp, rounding included), one multiply-add less than the Taylor series.
NCPS_VEC_INLINE Vf vexpm1Reduced(Vf r) {
  Vf p = vsplatf(1.9875691500e-4f);
  p = vfma(p, r, vsplatf(1.3981999507e-3f));
  p = vfma(p, r, vsplatf(8.3334519073e-3f));
  p = vfma(p, r, vsplatf(4.1665795894e-2f));
  p = vfma(p, r, vsplatf(1.6666665459e-1f));
  p = vfma(p, r, vsplatf(5.0000001201e-1f));
  return vfma(p, r * r, r);
}

/**
 * Splits y = k·ln2 + r with k an integer and |r| <= ln2/2; returns r and sets `kb` to the bits
 * of the float 1.5·2^23 + 127 + k, whose low mantissa bits hold k + 127 (vexponent makes 2^k
 * of them). Needs |y| <= 89 (callers clamp), so that k + 127 is in [0, 255].
 */
NCPS_VEC_INLINE Vf vreduce(Vf y, Vfu& kb) {
  const float kInvLn2 = 1.44269504f;
  // ln2 split so that k·hi is exact (hi has 9 significant bits, |k| <= 128).
  const float kLn2Hi = 0.693359375f;
  const float kLn2Lo = -2.12194440e-4f;
  // Adding 1.5·2^23 + 127 rounds to an integer, so that k + 127 sits in the low mantissa bits.
  const float kShift = 12582912.0f + 127.0f;
  const Vf shifted = vfma(y, vsplatf(kInvLn2), vsplatf(kShift));
  kb = (Vfu)vbits(shifted);
  const Vf kf = shifted - kShift;
  return (y - kf * kLn2Hi) - kf * kLn2Lo;
}

/**
 * The float with biased exponent e mod 512 (the bits above are shifted out; e mod 512 must be
 * below 256): 2^(e − 127) for e in [1, 254], 0 for e = 0 and ∞ for e = 255.
 */
NCPS_VEC_INLINE Vf vexponent(Vfu e) { return vfrombits((Vfi)(e << 23)); }

// One float32 exp serves every float kernel: the CfC's sigmoids, silu and decay and the LTC's
// synapse sigmoid. Both give e^∞ = ∞ and e^-∞ = 0 (and NaN for NaN), so that infinite and NaN
// arguments give what the js kernels give: σ(-∞) = 1/∞ = 0, silu(-∞) = -∞/∞ = NaN, the pure
// CfC head's -A·e^-∞·∞ = NaN, and NaN where the LTC backward multiplies σ(1 − σ) = 0 by ∞.
// (The float64 vexp above clamps its argument with AVX2 and the baseline, so it keeps these
// only with AVX-512.)
#if defined(NCPS_VEC_FMA) && NCPS_VEC_LANES == 8
/**
 * e^y within 1.06 float32 ulp, overflowing to ∞ and underflowing (gradually) to 0 as exp does.
 * One register holds a 16-entry table of 2^(j/16): y = (16m + j)·ln2/16 + r with
 * |r| <= ln2/32, e^y = 2^m · 2^(j/16) · e^r, e^r − 1 by its Taylor series to degree 3 (the
 * first omitted term is below 1e-8 relative there), and vscalefps applies 2^m.
 */
NCPS_VEC_INLINE Vf vexp(Vf y) {
  // Past these, e^y is 0 or ∞ anyway; the clamp keeps the reduction below finite.
  y = vatMost(vatLeast(y, -104.0f), 89.0f);
  const float kInvStep = 23.0831203f;  // 16 / ln2
  // ln2/16 split in two: with the fused multiply-adds r keeps ~2^-40 absolute accuracy.
  const float kStepHi = 0.693145751953125f / 16;
  const float kStepLo = 1.42860682e-06f / 16;
  // Adding 1.5·2^23 rounds to an integer k, whose low bits then index the table.
  const float kShift = 12582912.0f;
  const Vf shifted = vfma(y, vsplatf(kInvStep), vsplatf(kShift));
  const Vf kf = shifted - kShift;
  const Vf r = vfma(kf, vsplatf(-kStepLo), vfma(kf, vsplatf(-kStepHi), y));
  const __m512 table = _mm512_setr_ps(
      1.0f, 1.0442737824274138f, 1.0905077326652577f, 1.1387886347566916f, 1.189207115002721f,
      1.241857812073484f, 1.2968395546510096f, 1.3542555469368927f, 1.4142135623730951f,
      1.4768261459394993f, 1.5422108254079407f, 1.6104903319492543f, 1.681792830507429f,
      1.7562521603732995f, 1.8340080864093424f, 1.9152065613971474f);
  // The permutation reads the low 4 bits of each index: k mod 16. (The masked form with a full
  // mask: GCC 12 warns about the undefined pass-through value of the plain one.)
  const Vf t = (Vf)_mm512_mask_permutexvar_ps(table, 0xFFFF, (__m512i)shifted, table);
  const Vf q = vfma(r, vsplatf(1.0f / 6), vsplatf(0.5f));
  const Vf er = vfma(t, vfma(r * r, q, r), t);
  // 2^floor(k/16): floor(k/16) = (k − (k mod 16))/16 whole octaves.
  return (Vf)_mm512_mask_scalef_ps((__m512)er, 0xFFFF, (__m512)er, (__m512)(kf * 0.0625f));
}
#else
/**
 * e^y within 1.01 float32 ulp for y in [-87.33, 88.37] (results from 2^-126 to 2.4e38):
 * y = k·ln2 + r, e^r = 1 + r + r²·P(r) (vexpm1Reduced), times 2^k built in the exponent bits.
 * Past that range 2^k is 0 or ∞: results below 2^-126 are rounded to subnormals as exp rounds
 * them down to e^-87.68 (k = -126), and are 0 below; above 88.37 (k = 128) they are ∞, as exp's
 * are from 88.72 on. (Exact overflow and gradual underflow, as with AVX-512, would take 2^k as
 * two factors: measured 6-13% slower on the LTC with AVX2, for arguments where σ is 0 or 1 to
 * within 4e-39 either way.)
 */
NCPS_VEC_INLINE Vf vexp(Vf y) {
  // k + 127 in [0, 255]: 2^k is 0 below -87.68 (k = -127) and ∞ above 88.37 (k = 128).
  y = vatMost(vatLeast(y, -88.0f), 88.8f);
  Vfu kb;
  const Vf r = vreduce(y, kb);
  return (vexpm1Reduced(r) + 1.0f) * vexponent(kb);
}
#endif

/** e^y - 1 for y in [0, 20] (the tanh argument range), within 2 float32 ulp. */
NCPS_VEC_INLINE Vf vexpm1Small(Vf y) {
  Vfu kb;
  const Vf r = vreduce(y, kb);
  const Vf scale = vexponent(kb);
  return scale * vexpm1Reduced(r) + (scale - 1.0f);
}

/**
 * tanh(x) = sign(x)·e/(e + 2) with e = e^(2|x|) - 1, |x| capped at 10 (tanh(10) rounds to 1).
 * Measured over 4M random arguments: within 2.5 float32 ulp (each rounding of e + 2 and the
 * division adds half an ulp).
 */
NCPS_VEC_INLINE Vf vtanh(Vf x) {
  const Vf ax = vatMost(vabs(x), 10.0f);
  const Vf e = vexpm1Small(ax + ax);
  return vcopysign(e / (e + 2.0f), x);
}

/** The vector of element type T and its lane count, for kernels written once for both. */
template <typename T>
struct VecOf;
template <>
struct VecOf<double> {
  typedef Vd V;
  static constexpr int kN = kLanes;
  static NCPS_VEC_INLINE V splat(double x) { return vsplat(x); }
};
template <>
struct VecOf<float> {
  typedef Vf V;
  static constexpr int kN = kLanesF;
  static NCPS_VEC_INLINE V splat(float x) { return vsplatf(x); }
};
