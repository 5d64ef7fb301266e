/**
 * The mixed-memory LSTM step of ncps-torch (`ncps.torch.lstm.LSTMCell`, spec/ncps.md 2.4) for one
 * sample, forward and backward, allocation-free. Buffers are addressed by (array, offset) pairs
 * so callers can point into batched or sequence buffers without making views.
 *
 *   z  = x·Wiᵀ + bi + h·Wrᵀ            (4H, chunks in order i, ig, fg, og)
 *   c' = c·σ(fg + 1) + tanh(i)·σ(ig)
 *   h' = tanh(c')·σ(og)
 *
 * Arithmetic is done in JS numbers; results are stored in whatever buffer type is given.
 */
import type { FloatArray } from "./activations.js";

/** Weights of the LSTM (torch layout): `input_map` Linear(C, 4H) and `recurrent_map` Linear(H, 4H, bias=False). */
export interface LstmParams {
  /** C, the input width. */
  inputSize: number;
  /** H, the state width. */
  hiddenSize: number;
  /** `lstm.input_map.weight`, [4H, C] row-major. */
  inputWeight: FloatArray;
  /** `lstm.input_map.bias`, [4H]. */
  inputBias: FloatArray;
  /** `lstm.recurrent_map.weight`, [4H, H] row-major. */
  recurrentWeight: FloatArray;
}

/** Gradient accumulators with the shapes of {@link LstmParams}' arrays. */
export interface LstmGrads {
  inputWeight: FloatArray;
  inputBias: FloatArray;
  recurrentWeight: FloatArray;
}

/**
 * Floats one forward step saves per sample for the backward step: the activated gates
 * tanh(i), σ(ig), σ(fg+1), σ(og) and tanh(c'), 5H in all.
 */
export function lstmSaveSize(hiddenSize: number): number {
  return 5 * hiddenSize;
}

/** Throws unless the arrays of `p` have the lengths its sizes imply. */
export function validateLstmParams(p: LstmParams): void {
  const { inputSize: c, hiddenSize: h } = p;
  if (!Number.isInteger(c) || c < 0) {
    throw new RangeError(`lstm inputSize: expected an integer >= 0, got ${c}`);
  }
  if (!Number.isInteger(h) || h < 1) {
    throw new RangeError(`lstm hiddenSize: expected an integer >= 1, got ${h}`);
  }
  expectLength("lstm inputWeight", p.inputWeight, 4 * h * c);
  expectLength("lstm inputBias", p.inputBias, 4 * h);
  expectLength("lstm recurrentWeight", p.recurrentWeight, 4 * h * h);
}

function expectLength(what: string, a: FloatArray, n: number): void {
  if (a.length !== n) throw new RangeError(`${what}: expected length ${n}, got ${a.length}`);
}

/**
 * One LSTM step for one sample: reads x[xOff..+C], h[hOff..+H], c[cOff..+H]; writes
 * hOut[hOutOff..+H], cOut[cOutOff..+H] and the saved activations save[saveOff..+5H]
 * ({@link lstmSaveSize}). The pre-activations are formed in `save` before any output is
 * written, so hOut/cOut may alias h/c (in-place update).
 */
export function lstmStepForward(
  p: LstmParams,
  x: FloatArray,
  xOff: number,
  h: FloatArray,
  hOff: number,
  c: FloatArray,
  cOff: number,
  hOut: FloatArray,
  hOutOff: number,
  cOut: FloatArray,
  cOutOff: number,
  save: FloatArray,
  saveOff: number,
): void {
  const nIn = p.inputSize;
  const nH = p.hiddenSize;
  const wi = p.inputWeight;
  const bi = p.inputBias;
  const wr = p.recurrentWeight;
  // z rows 0..4H-1 go into save[saveOff..+4H], then each is replaced by its activation.
  for (let r = 0; r < 4 * nH; r++) {
    let s = bi[r];
    const wiRow = r * nIn;
    for (let k = 0; k < nIn; k++) s += wi[wiRow + k] * x[xOff + k];
    const wrRow = r * nH;
    for (let k = 0; k < nH; k++) s += wr[wrRow + k] * h[hOff + k];
    save[saveOff + r] = s;
  }
  for (let j = 0; j < nH; j++) {
    const ai = Math.tanh(save[saveOff + j]);
    const sig = 1 / (1 + Math.exp(-save[saveOff + nH + j]));
    const sfg = 1 / (1 + Math.exp(-(save[saveOff + 2 * nH + j] + 1)));
    const sog = 1 / (1 + Math.exp(-save[saveOff + 3 * nH + j]));
    const cNew = c[cOff + j] * sfg + ai * sig;
    const tc = Math.tanh(cNew);
    save[saveOff + j] = ai;
    save[saveOff + nH + j] = sig;
    save[saveOff + 2 * nH + j] = sfg;
    save[saveOff + 3 * nH + j] = sog;
    save[saveOff + 4 * nH + j] = tc;
    cOut[cOutOff + j] = cNew;
    hOut[hOutOff + j] = tc * sog;
  }
}

/**
 * Backward of {@link lstmStepForward} for one sample. Inputs: the same x, h, c the forward step
 * read, its `save`, and the incoming gradients dhNext = ∂L/∂h', dcNext = ∂L/∂c' (`dcNext` may be
 * null for zero). `dz` is caller-owned scratch of 4H floats (receives ∂L/∂z).
 * Effects: ADDS into g.inputWeight, g.inputBias, g.recurrentWeight, dx[dxOff..+C] and
 * dh[dhOff..+H]; WRITES dc[dcOff..+H] = ∂L/∂c. `dc` may alias `dcNext` (same offset); `dh` must
 * not overlap `dhNext`.
 */
export function lstmStepBackward(
  p: LstmParams,
  g: LstmGrads,
  x: FloatArray,
  xOff: number,
  h: FloatArray,
  hOff: number,
  c: FloatArray,
  cOff: number,
  save: FloatArray,
  saveOff: number,
  dhNext: FloatArray,
  dhNextOff: number,
  dcNext: FloatArray | null,
  dcNextOff: number,
  dz: FloatArray,
  dx: FloatArray,
  dxOff: number,
  dh: FloatArray,
  dhOff: number,
  dc: FloatArray,
  dcOff: number,
): void {
  const nIn = p.inputSize;
  const nH = p.hiddenSize;
  for (let j = 0; j < nH; j++) {
    const ai = save[saveOff + j];
    const sig = save[saveOff + nH + j];
    const sfg = save[saveOff + 2 * nH + j];
    const sog = save[saveOff + 3 * nH + j];
    const tc = save[saveOff + 4 * nH + j];
    const dhn = dhNext[dhNextOff + j];
    const dcTotal = (dcNext === null ? 0 : dcNext[dcNextOff + j]) + dhn * sog * (1 - tc * tc);
    dz[j] = dcTotal * sig * (1 - ai * ai);
    dz[nH + j] = dcTotal * ai * sig * (1 - sig);
    dz[2 * nH + j] = dcTotal * c[cOff + j] * sfg * (1 - sfg);
    dz[3 * nH + j] = dhn * tc * sog * (1 - sog);
    dc[dcOff + j] = dcTotal * sfg;
  }
  const wi = p.inputWeight;
  const wr = p.recurrentWeight;
  const gwi = g.inputWeight;
  const gbi = g.inputBias;
  const gwr = g.recurrentWeight;
  for (let r = 0; r < 4 * nH; r++) {
    const d = dz[r];
    gbi[r] += d;
    const wiRow = r * nIn;
    for (let k = 0; k < nIn; k++) {
      gwi[wiRow + k] += d * x[xOff + k];
      dx[dxOff + k] += d * wi[wiRow + k];
    }
    const wrRow = r * nH;
    for (let k = 0; k < nH; k++) {
      gwr[wrRow + k] += d * h[hOff + k];
      dh[dhOff + k] += d * wr[wrRow + k];
    }
  }
}
