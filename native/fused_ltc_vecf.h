// Float32 SIMD primitives of the LTC synapse loops (fused_ltc_simd.h), beside the double ones
// of fused_cfc_vec.h: included once per instruction set, after fused_cfc_vec.h, inside that
// set's namespace, with the same NCPS_VEC_LANES / NCPS_VEC_FMA. A float vector Vs has the
// same width in bytes as Vd, so twice its lanes (16 with AVX-512, 8 with AVX2, 4 with SSE2).
//
// vexpS serves the synapse sigmoid and is accurate to float32 rounding (measured: within 1.05
// ulp with AVX-512, 1.01 ulp elsewhere, over its range); never -ffast-math: NaN propagates.

#if NCPS_VEC_LANES == 1
typedef float Vs;
typedef uint32_t Vsi;
#else
typedef float Vs __attribute__((vector_size(8 * NCPS_VEC_LANES)));
typedef uint32_t Vsi __attribute__((vector_size(8 * NCPS_VEC_LANES)));
#endif

constexpr int kLanesS = NCPS_VEC_LANES == 1 ? 1 : 2 * NCPS_VEC_LANES;

NCPS_VEC_INLINE Vs vsplatS(float x) {
#if NCPS_VEC_LANES == 1
  return x;
#elif NCPS_VEC_LANES == 2
  return Vs{x, x, x, x};
#elif NCPS_VEC_LANES == 4
  return Vs{x, x, x, x, x, x, x, x};
#else
  return Vs{x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x};
#endif
}
NCPS_VEC_INLINE Vs vloadS(const float* p) {
  Vs v;
  std::memcpy(&v, p, sizeof(Vs));
  return v;
}
NCPS_VEC_INLINE void vstoreS(float* p, Vs v) { std::memcpy(p, &v, sizeof(Vs)); }
/** kLanesS values at p, or the first n (the other lanes zero) when n < kLanesS. */
NCPS_VEC_INLINE Vs vloadNS(const float* p, int64_t n) {
  if (n >= kLanesS) return vloadS(p);
  float tmp[kLanesS] = {};
  for (int64_t i = 0; i < n; i++) tmp[i] = p[i];
  return vloadS(tmp);
}
NCPS_VEC_INLINE void vstoreNS(float* p, Vs v, int64_t n) {
  if (n >= kLanesS) {
    vstoreS(p, v);
    return;
  }
  float tmp[kLanesS];
  vstoreS(tmp, v);
  for (int64_t i = 0; i < n; i++) p[i] = tmp[i];
}
NCPS_VEC_INLINE Vsi vbitsS(Vs v) {
  Vsi i;
  std::memcpy(&i, &v, sizeof(Vs));
  return i;
}
NCPS_VEC_INLINE Vs vfrombitsS(Vsi i) {
  Vs v;
  std::memcpy(&v, &i, sizeof(Vs));
  return v;
}
/** a * b + c, fused (one rounding) where the target has FMA. */
NCPS_VEC_INLINE Vs vfmaS(Vs a, Vs b, Vs c) {
#if defined(NCPS_VEC_FMA) && NCPS_VEC_LANES == 8
  return (Vs)_mm512_fmadd_ps((__m512)a, (__m512)b, (__m512)c);
#elif defined(NCPS_VEC_FMA) && NCPS_VEC_LANES == 4
  return (Vs)_mm256_fmadd_ps((__m256)a, (__m256)b, (__m256)c);
#else
  return a * b + c;
#endif
}
// max/min keeping NaN: the x86 instructions return their second operand when either is NaN.
/** max(x, lo), keeping NaN. */
NCPS_VEC_INLINE Vs vatLeastS(Vs x, float lo) {
#if defined(NCPS_VEC_FMA) && NCPS_VEC_LANES == 8
  return (Vs)_mm512_mask_max_ps((__m512)x, 0xFFFF, (__m512)vsplatS(lo), (__m512)x);
#elif defined(NCPS_VEC_FMA) && NCPS_VEC_LANES == 4
  return (Vs)_mm256_max_ps((__m256)vsplatS(lo), (__m256)x);
#elif NCPS_VEC_LANES == 1
  return x < lo ? lo : x;
#else
  const Vsi below = (Vsi)(x < vsplatS(lo));
  return vfrombitsS((vbitsS(vsplatS(lo)) & below) | (vbitsS(x) & ~below));
#endif
}
/** min(x, hi), keeping NaN. */
NCPS_VEC_INLINE Vs vatMostS(Vs x, float hi) {
#if defined(NCPS_VEC_FMA) && NCPS_VEC_LANES == 8
  return (Vs)_mm512_mask_min_ps((__m512)x, 0xFFFF, (__m512)vsplatS(hi), (__m512)x);
#elif defined(NCPS_VEC_FMA) && NCPS_VEC_LANES == 4
  return (Vs)_mm256_min_ps((__m256)vsplatS(hi), (__m256)x);
#elif NCPS_VEC_LANES == 1
  return hi < x ? hi : x;
#else
  const Vsi above = (Vsi)(vsplatS(hi) < x);
  return vfrombitsS((vbitsS(vsplatS(hi)) & above) | (vbitsS(x) & ~above));
#endif
}

#if defined(NCPS_VEC_FMA) && NCPS_VEC_LANES == 8
/**
 * e^y within 2 ulp, with exp's own overflow to ∞ and (gradual) underflow to 0. One register
 * holds a 16-entry table of 2^(j/16): y = (16m + j)·ln2/16 + r with |r| <= ln2/32,
 * e^y = 2^m · 2^(j/16) · e^r, e^r − 1 by its Taylor series to degree 3 (the first omitted term
 * is below 1e-8 relative there), and vscalefps applies 2^m.
 */
NCPS_VEC_INLINE Vs vexpS(Vs y) {
  // Past these, e^y is 0 or ∞ anyway; the clamp keeps the reduction below finite.
  y = vatMostS(vatLeastS(y, -104.0f), 89.0f);
  const float kInvStep = 23.0831203f;  // 16 / ln2
  // ln2/16 split in two: with the fused multiply-adds r keeps ~2^-40 absolute accuracy.
  const float kStepHi = 0.693145751953125f / 16;
  const float kStepLo = 1.42860682e-06f / 16;
  // Adding 1.5·2^23 rounds to an integer k, whose low bits then index the table.
  const float kShift = 12582912.0f;
  const Vs shifted = vfmaS(y, vsplatS(kInvStep), vsplatS(kShift));
  const Vs kf = shifted - kShift;
  const Vs r = vfmaS(kf, vsplatS(-kStepLo), vfmaS(kf, vsplatS(-kStepHi), y));
  const __m512 table = _mm512_setr_ps(
      1.0f, 1.0442737824274138f, 1.0905077326652577f, 1.1387886347566916f, 1.189207115002721f,
      1.241857812073484f, 1.2968395546510096f, 1.3542555469368927f, 1.4142135623730951f,
      1.4768261459394993f, 1.5422108254079407f, 1.6104903319492543f, 1.681792830507429f,
      1.7562521603732995f, 1.8340080864093424f, 1.9152065613971474f);
  // The permutation reads the low 4 bits of each index: k mod 16. (The masked form with a full
  // mask: GCC 12 warns about the undefined pass-through value of the plain one.)
  const Vs t = (Vs)_mm512_mask_permutexvar_ps(table, 0xFFFF, (__m512i)shifted, table);
  const Vs q = vfmaS(r, vsplatS(1.0f / 6), vsplatS(0.5f));
  const Vs er = vfmaS(t, vfmaS(r * r, q, r), t);
  // 2^floor(k/16): floor(k/16) = (k − (k mod 16))/16 whole octaves.
  return (Vs)_mm512_mask_scalef_ps((__m512)er, 0xFFFF, (__m512)er, (__m512)(kf * 0.0625f));
}

#else
/**
 * e^y within 2 ulp for y in [-87.3, 88] (y is clamped there, so that 2^k stays a normal float:
 * 1 + e^-87.3 rounds to 1 like 1 + e^y below it, and 1/(1 + e^88) is already subnormal).
 * y = k·ln2 + r with |r| <= ln2/2, e^r by Cephes' expf polynomial, 2^k built in the exponent
 * bits.
 */
NCPS_VEC_INLINE Vs vexpS(Vs y) {
  y = vatMostS(vatLeastS(y, -87.3f), 88.0f);
  const float kInvLn2 = 1.44269504f;
  // ln2 split so that k·hi is exact for |k| < 2^15 (without FMA too).
  const float kLn2Hi = 0.693359375f;
  const float kLn2Lo = -2.12194440e-4f;
  // Adding 1.5·2^23 + 127 rounds to 127 + k, which then sits in the low mantissa bits; shifted
  // by 23 they are the biased exponent of 2^k (k + 127 is in [1, 254]).
  const float kShift = 12582912.0f + 127.0f;
  const Vs shifted = vfmaS(y, vsplatS(kInvLn2), vsplatS(kShift));
  const Vs kf = shifted - kShift;
  const Vs r = (y - kf * kLn2Hi) - kf * kLn2Lo;
  Vs p = vsplatS(1.9875691500e-4f);
  p = vfmaS(p, r, vsplatS(1.3981999507e-3f));
  p = vfmaS(p, r, vsplatS(8.3334519073e-3f));
  p = vfmaS(p, r, vsplatS(4.1665795894e-2f));
  p = vfmaS(p, r, vsplatS(1.6666665459e-1f));
  p = vfmaS(p, r, vsplatS(5.0000001201e-1f));
  const Vs er = vfmaS(p, r * r, r) + 1.0f;
  return er * vfrombitsS(vbitsS(shifted) << 23);
}
#endif
