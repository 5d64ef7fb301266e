// The element-wise loops of the fused CfC kernels (activations, heads, LSTM gates) and the
// small matrix-vector product of the streaming step, over the primitives of fused_cfc_vec.h.
// Included once per instruction set by fused_cfc_math.cc, inside that set's namespace; the
// formulas are those of the js kernels (src/backend/js/cfcForward.ts, activations.ts, lstm.ts),
// operation for operation, with tanh/exp/sigmoid from fused_cfc_vec.h.

#include "fused_cfc_vec.h"

constexpr double kLecunScale = 1.7159;
constexpr double kLecunSlope = 0.666;  // ncps uses 0.666, not 2/3
constexpr double kSqrtHalf = 0.7071067811865476;
constexpr double kInvSqrt2Pi = 0.3989422804014327;

void activate(int code, int64_t n, const double* pre, double* post) {
  if (code == 4) {  // gelu: x·½·(1 + erf(x/√2)), scalar (erf has no vector form here)
    for (int64_t i = 0; i < n; i++) post[i] = pre[i] * 0.5 * (1 + ncps::erf(pre[i] * kSqrtHalf));
    return;
  }
  for (int64_t i = 0; i < n; i += kLanes) {
    const int64_t m = n - i;
    const Vd x = vloadN(pre + i, m);
    Vd y;
    switch (code) {
      case 0:
        y = kLecunScale * vtanh(kLecunSlope * x);
        break;
      case 1:
        y = vtanh(x);
        break;
      case 2:
        y = vatLeast(x, 0.0);
        break;
      default:  // 3, silu: x·σ(x) as x / (1 + e^-x)
        y = x / (1.0 + vexp(-x));
        break;
    }
    vstoreN(post + i, y, m);
  }
}

void activateBackward(int code, int64_t n, const double* pre, const double* post, double* grad) {
  switch (code) {
    case 0:
      for (int64_t i = 0; i < n; i += kLanes) {
        const int64_t m = n - i;
        const Vd t = vloadN(post + i, m) / kLecunScale;
        vstoreN(grad + i, vloadN(grad + i, m) * (kLecunScale * kLecunSlope * (1.0 - t * t)), m);
      }
      break;
    case 1:
      for (int64_t i = 0; i < n; i += kLanes) {
        const int64_t m = n - i;
        const Vd t = vloadN(post + i, m);
        vstoreN(grad + i, vloadN(grad + i, m) * (1.0 - t * t), m);
      }
      break;
    case 2:
      for (int64_t i = 0; i < n; i++) {
        if (!(pre[i] > 0)) grad[i] = 0;
      }
      break;
    case 3:
      for (int64_t i = 0; i < n; i += kLanes) {
        const int64_t m = n - i;
        const Vd x = vloadN(pre + i, m);
        const Vd s = 1.0 / (1.0 + vexp(-x));
        vstoreN(grad + i, vloadN(grad + i, m) * (s * (1.0 + x * (1.0 - s))), m);
      }
      break;
    default:  // 4, gelu: Φ(x) + x·φ(x)
      for (int64_t i = 0; i < n; i++) {
        const double x = pre[i];
        const double cdf = 0.5 * (1 + ncps::erf(x * kSqrtHalf));
        grad[i] *= cdf + x * kInvSqrt2Pi * std::exp(-0.5 * x * x);
      }
      break;
  }
}

void gatedHeads(int64_t rows, int64_t h, double* heads, int64_t ldHeads, const double* ts,
                int64_t tsStride, double* hNew, int64_t ldNew, bool noGate) {
  for (int64_t r = 0; r < rows; r++) {
    double* f = heads + r * ldHeads;
    double* out = hNew + r * ldNew;
    const Vd tsv = vsplat(ts == nullptr ? 1.0 : ts[r * tsStride]);
    for (int64_t j = 0; j < h; j += kLanes) {
      const int64_t m = h - j;
      const Vd f1 = vtanh(vloadN(f + j, m));
      const Vd f2 = vtanh(vloadN(f + h + j, m));
      const Vd g = 1.0 / (1.0 + vexp(-(vloadN(f + 2 * h + j, m) * tsv + vloadN(f + 3 * h + j, m))));
      vstoreN(f + j, f1, m);
      vstoreN(f + h + j, f2, m);
      vstoreN(f + 3 * h + j, g, m);
      vstoreN(out + j, noGate ? f1 + g * f2 : f1 * (1.0 - g) + g * f2, m);
    }
  }
}

void pureHeads(int64_t rows, int64_t h, double* heads, int64_t ldHeads, const double* ts,
               int64_t tsStride, const double* wTau, const double* a, double* hNew, int64_t ldNew) {
  for (int64_t r = 0; r < rows; r++) {
    double* f = heads + r * ldHeads;
    double* out = hNew + r * ldNew;
    const Vd tsv = vsplat(ts == nullptr ? 1.0 : ts[r * tsStride]);
    for (int64_t j = 0; j < h; j += kLanes) {
      const int64_t m = h - j;
      const Vd f1 = vloadN(f + j, m);
      const Vd aj = vloadN(a + j, m);
      const Vd e = vexp(-tsv * (vabs(vloadN(wTau + j, m)) + vabs(f1)));
      vstoreN(f + h + j, e, m);
      vstoreN(out + j, -aj * e * f1 + aj, m);
    }
  }
}

void lstmGates(int64_t rows, int64_t h, const double* z, int64_t ldz, const double* c, int64_t ldc,
               double* hOut, int64_t ldh, double* cOut, int64_t ldco, double* save,
               int64_t ldSave) {
  for (int64_t r = 0; r < rows; r++) {
    const double* zr = z + r * ldz;
    const double* cr = c + r * ldc;
    double* s = save + r * ldSave;
    for (int64_t j = 0; j < h; j += kLanes) {
      const int64_t m = h - j;
      const Vd ai = vtanh(vloadN(zr + j, m));
      const Vd sig = 1.0 / (1.0 + vexp(-vloadN(zr + h + j, m)));
      const Vd sfg = 1.0 / (1.0 + vexp(-(vloadN(zr + 2 * h + j, m) + 1.0)));
      const Vd sog = 1.0 / (1.0 + vexp(-vloadN(zr + 3 * h + j, m)));
      const Vd cNew = vloadN(cr + j, m) * sfg + ai * sig;
      const Vd tc = vtanh(cNew);
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
NCPS_VEC_INLINE double dotRow(int64_t n, const T* w, const T* mask, const double* x) {
  Vd acc = vsplat(0.0);
  int64_t k = 0;
  for (; k + kLanes <= n; k += kLanes) {
    const Vd wk = mask == nullptr ? vloadAny(w + k) : vloadAny(w + k) * vloadAny(mask + k);
    acc = vfma(wk, vload(x + k), acc);
  }
  double s = vsum(acc);
  for (; k < n; k++) {
    const double wk = mask == nullptr ? static_cast<double>(w[k]) : double(w[k]) * double(mask[k]);
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
void gemvImpl(int64_t out, int64_t in, const T* w, const T* mask, const T* bias, const double* x,
              double* y) {
  int64_t j = 0;
  if (mask == nullptr) {
    for (; j + 4 <= out; j += 4) {
      const T* w0 = w + j * in;
      const T* w1 = w0 + in;
      const T* w2 = w1 + in;
      const T* w3 = w2 + in;
      Vd a0 = vsplat(0.0);
      Vd a1 = vsplat(0.0);
      Vd a2 = vsplat(0.0);
      Vd a3 = vsplat(0.0);
      int64_t k = 0;
      for (; k + kLanes <= in; k += kLanes) {
        const Vd xv = vload(x + k);
        a0 = vfma(vloadAny(w0 + k), xv, a0);
        a1 = vfma(vloadAny(w1 + k), xv, a1);
        a2 = vfma(vloadAny(w2 + k), xv, a2);
        a3 = vfma(vloadAny(w3 + k), xv, a3);
      }
      double s[4];
      vsum4(a0, a1, a2, a3, s);
      for (; k < in; k++) {
        s[0] += static_cast<double>(w0[k]) * x[k];
        s[1] += static_cast<double>(w1[k]) * x[k];
        s[2] += static_cast<double>(w2[k]) * x[k];
        s[3] += static_cast<double>(w3[k]) * x[k];
      }
      for (int r = 0; r < 4; r++)
        y[j + r] = bias == nullptr ? s[r] : s[r] + static_cast<double>(bias[j + r]);
    }
  }
  for (; j < out; j++) {
    const int64_t o = j * in;
    const double s = dotRow(in, w + o, mask == nullptr ? nullptr : mask + o, x);
    y[j] = bias == nullptr ? s : s + static_cast<double>(bias[j]);
  }
}

void gemvF64(int64_t out, int64_t in, const double* w, const double* mask, const double* bias,
             const double* x, double* y) {
  gemvImpl(out, in, w, mask, bias, x, y);
}

void gemvF32(int64_t out, int64_t in, const float* w, const float* mask, const float* bias,
             const double* x, double* y) {
  gemvImpl(out, in, w, mask, bias, x, y);
}
