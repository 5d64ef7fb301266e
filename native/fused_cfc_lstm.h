// The mixed-memory LSTM of ncps-torch (spec/ncps.md 2.4) over a block of rows at once, forward
// and backward, shared by the CfC and LTC kernels (the twin of src/backend/js/lstm.ts):
//
//   z  = x·Wiᵀ + bi + h·Wrᵀ            (4H, chunks in order i, ig, fg, og)
//   c' = c·σ(fg + 1) + tanh(i)·σ(ig)
//   h' = tanh(c')·σ(og)
//
// Rows are addressed by (pointer, row stride), so callers point into batched or sequence
// buffers. The weight gradients are not formed here: callers keep every step's dz and form
// them at the end as one product over all rows (lstmWeightGradients). Templated on the element
// type, which they compute in (double and float are compiled; the LTC kernels use double).
#pragma once

#include <cstdint>

#include "fused_cfc.h"

namespace ncps {

/** Values one step saves per row: tanh(i), σ(ig), σ(fg+1), σ(og), tanh(c'). */
constexpr int64_t kLstmSavedPerUnit = 5;

/**
 * Forward of `rows` rows. `z` is scratch of rows·4H. hOut/cOut may alias h/c (the gates are
 * formed in z first). `save` receives 5H values per row (stride 5H).
 */
template <typename T>
void lstmForwardRows(const LstmWeightsOf<T>& w, int64_t rows, const T* x, int64_t ldx, const T* h,
                     int64_t ldh, const T* c, int64_t ldc, T* z, T* hOut, int64_t ldho, T* cOut,
                     int64_t ldco, T* save);

/**
 * Backward of `rows` rows: from ∂L/∂h' (dhNext) and ∂L/∂c' (dc, overwritten with ∂L/∂c),
 * given the saved gates and the cell state c the forward read. Writes dz (rows·4H, stride 4H),
 * adds dz·Wi into dx (when not null) and writes dh = dz·Wr (dh may alias dhNext).
 */
template <typename T>
void lstmBackwardRows(const LstmWeightsOf<T>& w, int64_t rows, const T* save, const T* c,
                      int64_t ldc, const T* dhNext, int64_t lddhNext, T* dc, int64_t lddc,
                      T* dz, T* dx, int64_t lddx, T* dh, int64_t lddh);

/**
 * gWi = dzᵀ·x, gbi = Σ dz, gWr = dzᵀ·h over `rows` rows (dz stride 4H, x stride C, h stride H),
 * overwriting the three buffers.
 */
template <typename T>
void lstmWeightGradients(const LstmWeightsOf<T>& w, int64_t rows, const T* dz, const T* x,
                         const T* h, T* gInputWeight, T* gInputBias, T* gRecurrentWeight);

}  // namespace ncps
