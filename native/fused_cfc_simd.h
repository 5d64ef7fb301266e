// The element-wise loops of the fused CfC kernels (activations, heads, LSTM gates) and the
// small matrix-vector product of the streaming step, over the primitives of fused_cfc_vec.h.
// Included once per instruction set by fused_cfc_math.cc, inside that set's namespace; the
// formulas are those of the js kernels (src/backend/js/cfcForward.ts, activations.ts, lstm.ts),
// operation for operation, with tanh/exp/sigmoid from fused_cfc_vec.h. Each loop is written
// once for the element type T (double or float) and computes in it: V is the vector of T, kN
// its lanes, and constants are rounded to T (so the double instances are exactly the double
// loops they always were).

#include "fused_cfc_vec.h"

constexpr double kLecunScale = 1.7159;
constexpr double kLecunSlope = 0.666;  // ncps uses 0.666, not 2/3
constexpr double kSqrtHalf = 0.7071067811865476;
constexpr double kInvSqrt2Pi = 0.3989422804014327;

template <typename T>
void activate(int code, int64_t n, const T* pre, T* post) {
  typedef typename VecOf<T>::V V;
  constexpr int kN = VecOf<T>::kN;
  if (code == 4) {  // gelu: x·½·(1 + erf(x/√2)), scalar and in double (erf has no vector form)
    for (int64_t i = 0; i < n; i++) {
      const double x = pre[i];
      post[i] = static_cast<T>(x * 0.5 * (1 + ncps::erf(x * kSqrtHalf)));
    }
    return;
  }
  for (int64_t i = 0; i < n; i += kN) {
    const int64_t m = n - i;
    const V x = vloadN(pre + i, m);
    V y;
    switch (code) {
      case 0:
        y = T(kLecunScale) * vtanh(T(kLecunSlope) * x);
        break;
      case 1:
        y = vtanh(x);
        break;
      case 2:
        y = vatLeast(x, T(0));
        break;
      default:  // 3, silu: x·σ(x) as x / (1 + e^-x)
        y = x / (T(1) + vexp(-x));
        break;
    }
    vstoreN(post + i, y, m);
  }
}

template <typename T>
void activateBackward(int code, int64_t n, const T* pre, const T* post, T* grad) {
  typedef typename VecOf<T>::V V;
  constexpr int kN = VecOf<T>::kN;
  switch (code) {
    case 0:
      for (int64_t i = 0; i < n; i += kN) {
        const int64_t m = n - i;
        const V t = vloadN(post + i, m) / T(kLecunScale);
        vstoreN(grad + i, vloadN(grad + i, m) * (T(kLecunScale * kLecunSlope) * (T(1) - t * t)),
                m);
      }
      break;
    case 1:
      for (int64_t i = 0; i < n; i += kN) {
        const int64_t m = n - i;
        const V t = vloadN(post + i, m);
        vstoreN(grad + i, vloadN(grad + i, m) * (T(1) - t * t), m);
      }
      break;
    case 2:
      for (int64_t i = 0; i < n; i++) {
        if (!(pre[i] > 0)) grad[i] = 0;
      }
      break;
    case 3:
      for (int64_t i = 0; i < n; i += kN) {
        const int64_t m = n - i;
        const V x = vloadN(pre + i, m);
        const V s = T(1) / (T(1) + vexp(-x));
        vstoreN(grad + i, vloadN(grad + i, m) * (s * (T(1) + x * (T(1) - s))), m);
      }
      break;
    default:  // 4, gelu: Φ(x) + x·φ(x), in double
      for (int64_t i = 0; i < n; i++) {
        const double x = pre[i];
        const double cdf = 0.5 * (1 + ncps::erf(x * kSqrtHalf));
        grad[i] = static_cast<T>(grad[i] * (cdf + x * kInvSqrt2Pi * std::exp(-0.5 * x * x)));
      }
      break;
  }
}

template <typename T>
void gatedHeads(int64_t rows, int64_t h, T* heads, int64_t ldHeads, const T* ts, int64_t tsStride,
                T* hNew, int64_t ldNew, bool noGate) {
  typedef typename VecOf<T>::V V;
  constexpr int kN = VecOf<T>::kN;
  for (int64_t r = 0; r < rows; r++) {
    T* f = heads + r * ldHeads;
    T* out = hNew + r * ldNew;
    const V tsv = VecOf<T>::splat(ts == nullptr ? T(1) : ts[r * tsStride]);
    for (int64_t j = 0; j < h; j += kN) {
      const int64_t m = h - j;
      const V f1 = vtanh(vloadN(f + j, m));
      const V f2 = vtanh(vloadN(f + h + j, m));
      const V g =
          T(1) / (T(1) + vexp(-(vloadN(f + 2 * h + j, m) * tsv + vloadN(f + 3 * h + j, m))));
      vstoreN(f + j, f1, m);
      vstoreN(f + h + j, f2, m);
      vstoreN(f + 3 * h + j, g, m);
      vstoreN(out + j, noGate ? f1 + g * f2 : f1 * (T(1) - g) + g * f2, m);
    }
  }
}

/**
 * The backward of gatedHeads for one row: from ∂L/∂h' (d) and the saved f1, f2, t_a, g (f),
 * writes the pre-activation gradients of ff1, ff2, time_a, time_b (dh, 4H) and returns
 * Σ_j ∂L/∂u_j·t_a,j, the row's timespan gradient (u = t_a·ts + t_b). Its sum runs in vector
 * lanes, so only the float kernels use it: the float64 ones keep the scalar loop of
 * fused_cfc.cc and its summation order.
 */
template <typename T>
T gatedHeadsBackward(int64_t h, const T* f, const T* d, T ts, bool noGate, T* dh) {
  typedef typename VecOf<T>::V V;
  constexpr int kN = VecOf<T>::kN;
  const V tsv = VecOf<T>::splat(ts);
  V acc = VecOf<T>::splat(T(0));
  for (int64_t j = 0; j < h; j += kN) {
    const int64_t m = h - j;
    const V dn = vloadN(d + j, m);
    const V f1 = vloadN(f + j, m);
    const V f2 = vloadN(f + h + j, m);
    const V ta = vloadN(f + 2 * h + j, m);
    const V g = vloadN(f + 3 * h + j, m);
    const V df1 = noGate ? dn : dn * (T(1) - g);
    const V df2 = dn * g;
    const V dg = noGate ? dn * f2 : dn * (f2 - f1);
    const V du = dg * g * (T(1) - g);
    vstoreN(dh + j, df1 * (T(1) - f1 * f1), m);
    vstoreN(dh + h + j, df2 * (T(1) - f2 * f2), m);
    vstoreN(dh + 2 * h + j, du * tsv, m);
    vstoreN(dh + 3 * h + j, du, m);
    // Lanes past h hold zeros (masked loads), so they add nothing.
    acc = acc + du * ta;
  }
  return vsum(acc);
}

template <typename T>
void pureHeads(int64_t rows, int64_t h, T* heads, int64_t ldHeads, const T* ts, int64_t tsStride,
               const T* wTau, const T* a, T* hNew, int64_t ldNew) {
  typedef typename VecOf<T>::V V;
  constexpr int kN = VecOf<T>::kN;
  for (int64_t r = 0; r < rows; r++) {
    T* f = heads + r * ldHeads;
    T* out = hNew + r * ldNew;
    const V tsv = VecOf<T>::splat(ts == nullptr ? T(1) : ts[r * tsStride]);
    for (int64_t j = 0; j < h; j += kN) {
      const int64_t m = h - j;
      const V f1 = vloadN(f + j, m);
      const V aj = vloadN(a + j, m);
      const V e = vexp(-tsv * (vabs(vloadN(wTau + j, m)) + vabs(f1)));
      vstoreN(f + h + j, e, m);
      vstoreN(out + j, -aj * e * f1 + aj, m);
    }
  }
}

template <typename T>
void lstmGates(int64_t rows, int64_t h, const T* z, int64_t ldz, const T* c, int64_t ldc, T* hOut,
               int64_t ldh, T* cOut, int64_t ldco, T* save, int64_t ldSave) {
  typedef typename VecOf<T>::V V;
  constexpr int kN = VecOf<T>::kN;
  for (int64_t r = 0; r < rows; r++) {
    const T* zr = z + r * ldz;
    const T* cr = c + r * ldc;
    T* s = save + r * ldSave;
    for (int64_t j = 0; j < h; j += kN) {
      const int64_t m = h - j;
      const V ai = vtanh(vloadN(zr + j, m));
      const V sig = T(1) / (T(1) + vexp(-vloadN(zr + h + j, m)));
      const V sfg = T(1) / (T(1) + vexp(-(vloadN(zr + 2 * h + j, m) + T(1))));
      const V sog = T(1) / (T(1) + vexp(-vloadN(zr + 3 * h + j, m)));
      const V cNew = vloadN(cr + j, m) * sfg + ai * sig;
      const V tc = vtanh(cNew);
      vstoreN(s + j, ai, m);
      vstoreN(s + h + j, sig, m);
      vstoreN(s + 2 * h + j, sfg, m);
      vstoreN(s + 3 * h + j, sog, m);
      vstoreN(s + 4 * h + j, tc, m);
      vstoreN(cOut + r * ldco + j, cNew, m);
      vstoreN(hOut + r * ldh + j, tc * sog, m);
    }
  }
}

/** Σ_k w[k]·(mask[k])·x[k] over k < n, vectorised, then the tail. */
template <typename T>
NCPS_VEC_INLINE T dotRow(int64_t n, const T* w, const T* mask, const T* x) {
  typedef typename VecOf<T>::V V;
  constexpr int kN = VecOf<T>::kN;
  V acc = VecOf<T>::splat(T(0));
  int64_t k = 0;
  for (; k + kN <= n; k += kN) {
    const V wk = mask == nullptr ? vload(w + k) : vload(w + k) * vload(mask + k);
    acc = vfma(wk, vload(x + k), acc);
  }
  T s = vsum(acc);
  for (; k < n; k++) {
    const T wk = mask == nullptr ? w[k] : w[k] * mask[k];
    s += wk * x[k];
  }
  return s;
}

/**
 * y[j] = Σ_k (W ⊙ M)[j, k]·x[k] + bias[j] for j < out (W [out, in] row-major, torch layout;
 * `mask` like W or null, `bias` null for none): the product of the streaming step, reading the
 * caller's weights. Unmasked rows go four at a time, sharing the loads of x.
 */
template <typename T>
void gemv(int64_t out, int64_t in, const T* w, const T* mask, const T* bias, const T* x, T* y) {
  typedef typename VecOf<T>::V V;
  constexpr int kN = VecOf<T>::kN;
  constexpr bool kFloatTail = std::is_same<T, float>::value;
  int64_t j = 0;
  if constexpr (std::is_same<T, float>::value) {
    // float: eight rows at a time, so that eight independent FMA chains hide the FMA latency
    // (a row is only a few vectors long); the partial last vector with masked loads.
    for (; mask == nullptr && j + 8 <= out; j += 8) {
      const T* wr = w + j * in;
      V a[8];
      for (int r = 0; r < 8; r++) a[r] = VecOf<T>::splat(T(0));
      int64_t k = 0;
      for (; k + kN <= in; k += kN) {
        const V xv = vload(x + k);
        for (int r = 0; r < 8; r++) a[r] = vfma(vload(wr + r * in + k), xv, a[r]);
      }
      if (k < in) {
        const int64_t m = in - k;
        const V xv = vloadPart(x + k, m);
        for (int r = 0; r < 8; r++) a[r] = vfma(vloadPart(wr + r * in + k, m), xv, a[r]);
      }
      T s[8];
      vsum4(a[0], a[1], a[2], a[3], s);
      vsum4(a[4], a[5], a[6], a[7], s + 4);
      for (int r = 0; r < 8; r++) y[j + r] = bias == nullptr ? s[r] : s[r] + bias[j + r];
    }
  }
  if (mask == nullptr) {
    for (; j + 4 <= out; j += 4) {
      const T* w0 = w + j * in;
      const T* w1 = w0 + in;
      const T* w2 = w1 + in;
      const T* w3 = w2 + in;
      V a0 = VecOf<T>::splat(T(0));
      V a1 = VecOf<T>::splat(T(0));
      V a2 = VecOf<T>::splat(T(0));
      V a3 = VecOf<T>::splat(T(0));
      int64_t k = 0;
      for (; k + kN <= in; k += kN) {
        const V xv = vload(x + k);
        a0 = vfma(vload(w0 + k), xv, a0);
        a1 = vfma(vload(w1 + k), xv, a1);
        a2 = vfma(vload(w2 + k), xv, a2);
        a3 = vfma(vload(w3 + k), xv, a3);
      }
      if (kFloatTail && k < in) {
        // The last partial vector, with masked loads (float only: the double loop keeps its
        // scalar tail and so its summation order).
        const int64_t m = in - k;
        const V xv = vloadPart(x + k, m);
        a0 = vfma(vloadPart(w0 + k, m), xv, a0);
        a1 = vfma(vloadPart(w1 + k, m), xv, a1);
        a2 = vfma(vloadPart(w2 + k, m), xv, a2);
        a3 = vfma(vloadPart(w3 + k, m), xv, a3);
        k = in;
      }
      T s[4];
      vsum4(a0, a1, a2, a3, s);
      for (; k < in; k++) {
        s[0] += w0[k] * x[k];
        s[1] += w1[k] * x[k];
        s[2] += w2[k] * x[k];
        s[3] += w3[k] * x[k];
      }
      for (int r = 0; r < 4; r++) y[j + r] = bias == nullptr ? s[r] : s[r] + bias[j + r];
    }
  }
  for (; j < out; j++) {
    const int64_t o = j * in;
    const T s = dotRow(in, w + o, mask == nullptr ? nullptr : mask + o, x);
    y[j] = bias == nullptr ? s : s + bias[j];
  }
}
