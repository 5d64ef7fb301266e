/**
 * Parameter, gradient and buffer types of the fused CfC kernels, and their validation into a
 * {@link CfcPlan} (the sizes every loop needs, computed once).
 *
 * One code path covers both ncps cells (spec/ncps.md 2.2-2.3): a fully connected `CfCCell` is
 * one layer with a backbone and no mask; a `WiredCfCCell` is a list of layers without backbone,
 * whose ff1/ff2 weights are multiplied by a sparsity mask. Layer l reads layer l-1's NEW state
 * (layer 0 reads x); the state is the concatenation [layer0 | layer1 | ...]; the readout is the
 * last layer's new state. Linear weights use torch's layout `[out, in]`.
 */
import { activationCode, type BackboneActivation, type FloatArray } from "./activations.js";
import { type LstmGrads, type LstmParams, validateLstmParams } from "./lstm.js";

/** How the CfC cell combines its heads (spec/ncps.md 2.2). */
export type CfcMode = "default" | "no_gate" | "pure";

/** A torch Linear: `weight` [out, in] row-major and `bias` [out]. */
export interface CfcLinear {
  weight: FloatArray;
  bias: FloatArray;
}

/** One cell layer. */
export interface CfcLayerParams {
  /** in_l: the width of the layer's input (x for layer 0, the previous layer's state after). */
  inputSize: number;
  /** H_l: the width of the layer's state. */
  hiddenSize: number;
  /** Backbone Linear layers (0 or more); the first maps in_l+H_l to U, the others U to U. */
  backbone: CfcLinear[];
  /** `ff1`, d → H_l, where d = U with a backbone, else in_l + H_l. */
  ff1: CfcLinear;
  /** `ff2`, `time_a`, `time_b` (d → H_l): present in modes default and no_gate, else null. */
  ff2: CfcLinear | null;
  timeA: CfcLinear | null;
  timeB: CfcLinear | null;
  /** `w_tau` and `A`, [1, H_l]: present in mode pure, else null. */
  wTau: FloatArray | null;
  a: FloatArray | null;
  /** `sparsity_mask` [H_l, in_l+H_l] multiplying ff1/ff2 weights, or null; needs no backbone. */
  sparsityMask: FloatArray | null;
}

/** Everything a CfC recurrence reads. */
export interface CfcParams {
  mode: CfcMode;
  /** Backbone activation (ignored by layers without a backbone). */
  backboneActivation: BackboneActivation;
  layers: CfcLayerParams[];
  /** Mixed memory: the LSTM run over the whole state before the cell each step, or null. */
  lstm: LstmParams | null;
}

/** Gradients of one layer, shaped like {@link CfcLayerParams} (null exactly where it is). */
export interface CfcLayerGrads {
  backbone: CfcLinear[];
  ff1: CfcLinear;
  ff2: CfcLinear | null;
  timeA: CfcLinear | null;
  timeB: CfcLinear | null;
  wTau: FloatArray | null;
  a: FloatArray | null;
}

/** Gradients of every trainable parameter of {@link CfcParams}. */
export interface CfcGrads {
  layers: CfcLayerGrads[];
  lstm: LstmGrads | null;
}

/** Inputs of a sequence call. */
export interface CfcSequenceInputs {
  batch: number;
  /** T >= 1. */
  steps: number;
  /** [B, T, C] batch-first. */
  x: FloatArray;
  /** [B, T] elapsed time per sample and step, or null for 1.0 everywhere. */
  timespans: FloatArray | null;
  /** [B, H] initial state, or null for zeros. */
  h0: FloatArray | null;
  /** [B, H] initial LSTM cell state (mixed memory only), or null for zeros. */
  c0: FloatArray | null;
  /**
   * Training-mode backbone dropout of layer 0, or null (eval mode / no dropout). Entry i is the
   * keep mask applied after backbone Linear i's activation, [B, T, U], already scaled by
   * 1/(1-p); entry 0 must be null (ncps never drops after the first backbone layer).
   */
  dropoutMasks: (FloatArray | null)[] | null;
}

/** Outputs of a sequence call; the kernel overwrites them. */
export interface CfcSequenceOutputs {
  /** [B, T, H_last]: the last layer's new state at every step. */
  readout: FloatArray;
  /** [B, H]. */
  hFinal: FloatArray;
  /** [B, H] with mixed memory, else null. */
  cFinal: FloatArray | null;
}

/** Sizes of one layer, derived once from {@link CfcLayerParams}. */
export interface CfcLayerPlan {
  readonly params: CfcLayerParams;
  readonly inputSize: number;
  readonly hiddenSize: number;
  /** Offset of this layer's state in the concatenated state. */
  readonly stateOffset: number;
  /** in_l + H_l. */
  readonly z0Width: number;
  /** Backbone width U (0 without backbone). */
  readonly units: number;
  /** Number of backbone Linear layers. */
  readonly depth: number;
  /** Width of the heads' input: U, or in_l + H_l without backbone. */
  readonly headInput: number;
  /** Head pre-activations a step computes: 4H (ff1, ff2, time_a, time_b) or H (pure: ff1). */
  readonly headOutputs: number;
  /** Values a step saves per sample for the heads: 4H (f1, f2, t_a, g) or 2H (pure: f1, e). */
  readonly headSaved: number;
}

/** Validated sizes of a whole recurrence. */
export interface CfcPlan {
  readonly params: CfcParams;
  readonly pure: boolean;
  readonly noGate: boolean;
  readonly activation: number;
  readonly inputSize: number;
  /** Total state width H (sum of the layer widths). */
  readonly stateSize: number;
  /** Width of the readout (the last layer's H). */
  readonly outputSize: number;
  readonly layers: readonly CfcLayerPlan[];
}

const MODES: readonly CfcMode[] = ["default", "no_gate", "pure"];

/** Throws a RangeError naming `what` unless `buf` holds exactly `expected` values. */
export function expectLength(what: string, buf: ArrayLike<number>, expected: number): void {
  if (buf.length !== expected) {
    throw new RangeError(`${what}: expected length ${expected}, got ${buf.length}`);
  }
}

/** Throws a RangeError naming `what` unless `value` is an integer >= `min`. */
export function expectInteger(what: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new RangeError(`${what}: expected an integer >= ${min}, got ${value}`);
  }
}

function expectLinear(what: string, lin: CfcLinear | null, out: number, inp: number): void {
  if (lin === null) throw new TypeError(`${what}: expected a Linear(${inp}, ${out}), got null`);
  expectLength(`${what}.weight`, lin.weight, out * inp);
  expectLength(`${what}.bias`, lin.bias, out);
}

function expectNull(what: string, v: unknown, mode: CfcMode): void {
  if (v !== null) throw new TypeError(`${what}: expected null in mode "${mode}", got a value`);
}

/** Checks every array of `params` against its sizes; returns the plan the kernels run on. */
export function createCfcPlan(params: CfcParams): CfcPlan {
  const { mode } = params;
  if (!MODES.includes(mode)) {
    throw new RangeError(
      `params.mode: expected one of ${MODES.join(", ")}, got ${JSON.stringify(mode)}`,
    );
  }
  const pure = mode === "pure";
  if (params.layers.length === 0) {
    throw new RangeError("params.layers: expected at least one layer, got 0");
  }
  const activation = activationCode(params.backboneActivation);
  const layers: CfcLayerPlan[] = [];
  let stateOffset = 0;
  let prevHidden = -1;
  for (let l = 0; l < params.layers.length; l++) {
    const lp = params.layers[l];
    const w = `params.layers[${l}]`;
    expectInteger(`${w}.inputSize`, lp.inputSize, l === 0 ? 0 : 1);
    expectInteger(`${w}.hiddenSize`, lp.hiddenSize, 1);
    if (l > 0 && lp.inputSize !== prevHidden) {
      throw new RangeError(
        `${w}.inputSize: expected the previous layer's hiddenSize ${prevHidden}, got ${lp.inputSize}`,
      );
    }
    const h = lp.hiddenSize;
    const z0Width = lp.inputSize + h;
    const depth = lp.backbone.length;
    const units = depth > 0 ? lp.backbone[0].bias.length : 0;
    if (depth > 0 && units < 1) {
      throw new RangeError(`${w}.backbone[0].bias: expected length >= 1, got ${units}`);
    }
    for (let i = 0; i < depth; i++) {
      expectLinear(`${w}.backbone[${i}]`, lp.backbone[i], units, i === 0 ? z0Width : units);
    }
    const headInput = depth > 0 ? units : z0Width;
    expectLinear(`${w}.ff1`, lp.ff1, h, headInput);
    if (pure) {
      expectNull(`${w}.ff2`, lp.ff2, mode);
      expectNull(`${w}.timeA`, lp.timeA, mode);
      expectNull(`${w}.timeB`, lp.timeB, mode);
      if (lp.wTau === null)
        throw new TypeError(`${w}.wTau: expected [1, ${h}] in mode "pure", got null`);
      if (lp.a === null) throw new TypeError(`${w}.a: expected [1, ${h}] in mode "pure", got null`);
      expectLength(`${w}.wTau`, lp.wTau, h);
      expectLength(`${w}.a`, lp.a, h);
    } else {
      expectLinear(`${w}.ff2`, lp.ff2, h, headInput);
      expectLinear(`${w}.timeA`, lp.timeA, h, headInput);
      expectLinear(`${w}.timeB`, lp.timeB, h, headInput);
      expectNull(`${w}.wTau`, lp.wTau, mode);
      expectNull(`${w}.a`, lp.a, mode);
    }
    if (lp.sparsityMask !== null) {
      if (depth > 0) {
        throw new TypeError(
          `${w}.sparsityMask: expected null with a backbone (masks apply to wired layers), got a mask`,
        );
      }
      expectLength(`${w}.sparsityMask`, lp.sparsityMask, h * z0Width);
    }
    layers.push({
      params: lp,
      inputSize: lp.inputSize,
      hiddenSize: h,
      stateOffset,
      z0Width,
      units,
      depth,
      headInput,
      headOutputs: pure ? h : 4 * h,
      headSaved: pure ? 2 * h : 4 * h,
    });
    stateOffset += h;
    prevHidden = h;
  }
  const inputSize = layers[0].inputSize;
  if (params.lstm !== null) {
    validateLstmParams(params.lstm);
    if (params.lstm.inputSize !== inputSize || params.lstm.hiddenSize !== stateOffset) {
      throw new RangeError(
        `params.lstm: expected inputSize ${inputSize} and hiddenSize ${stateOffset}, got ${params.lstm.inputSize} and ${params.lstm.hiddenSize}`,
      );
    }
  }
  return {
    params,
    pure,
    noGate: mode === "no_gate",
    activation,
    inputSize,
    stateSize: stateOffset,
    outputSize: layers[layers.length - 1].hiddenSize,
    layers,
  };
}

/** A zero buffer of the element type of `like`. */
export function zerosLike(like: FloatArray, n: number): FloatArray {
  return like instanceof Float64Array ? new Float64Array(n) : new Float32Array(n);
}

function zeroLinear(lin: CfcLinear): CfcLinear {
  return {
    weight: zerosLike(lin.weight, lin.weight.length),
    bias: zerosLike(lin.bias, lin.bias.length),
  };
}

function zeroOptional(lin: CfcLinear | null): CfcLinear | null {
  return lin === null ? null : zeroLinear(lin);
}

/** Zeroed gradient buffers shaped like `params` (same element types). */
export function createCfcGrads(params: CfcParams): CfcGrads {
  return {
    layers: params.layers.map((lp) => ({
      backbone: lp.backbone.map(zeroLinear),
      ff1: zeroLinear(lp.ff1),
      ff2: zeroOptional(lp.ff2),
      timeA: zeroOptional(lp.timeA),
      timeB: zeroOptional(lp.timeB),
      wTau: lp.wTau === null ? null : zerosLike(lp.wTau, lp.wTau.length),
      a: lp.a === null ? null : zerosLike(lp.a, lp.a.length),
    })),
    lstm:
      params.lstm === null
        ? null
        : {
            inputWeight: zerosLike(params.lstm.inputWeight, params.lstm.inputWeight.length),
            inputBias: zerosLike(params.lstm.inputBias, params.lstm.inputBias.length),
            recurrentWeight: zerosLike(
              params.lstm.recurrentWeight,
              params.lstm.recurrentWeight.length,
            ),
          },
  };
}
