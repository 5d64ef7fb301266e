/**
 * Builds CfC kernel parameters and batch-first inputs from a golden model case, and names
 * every gradient buffer with its ncps state_dict name, so tests can compare them one by one.
 */
import type { BackboneActivation, FloatArray } from "../../../src/backend/js/activations.js";
import type {
  CfcGrads,
  CfcLayerParams,
  CfcLinear,
  CfcMode,
  CfcParams,
  CfcSequenceInputs,
} from "../../../src/backend/js/cfc.js";
import type { GoldenModelCase, GoldenTensor } from "../../../src/cli/golden/schema.js";
import {
  type FloatDType,
  hasParam,
  paramNames,
  paramOf,
  swapFirstTwoAxes,
  type TypedTensor,
  tensorOf,
} from "../../support/goldenParams.js";

function linear(c: GoldenModelCase, prefix: string, dtype: FloatDType): CfcLinear {
  return {
    weight: paramOf(c, `${prefix}.weight`, dtype).data,
    bias: paramOf(c, `${prefix}.bias`, dtype).data,
  };
}

function optionalLinear(c: GoldenModelCase, prefix: string, dtype: FloatDType): CfcLinear | null {
  return hasParam(c, `${prefix}.weight`) ? linear(c, prefix, dtype) : null;
}

/** `rnn_cell.backbone.{i}` prefixes in Sequential order (indices 0, 2, 4... or 0, 2, 5, 8...). */
function backbonePrefixes(c: GoldenModelCase): string[] {
  return paramNames(c, "rnn_cell.backbone.")
    .filter((n) => n.endsWith(".weight"))
    .map((n) => Number(n.split(".")[2]))
    .sort((a, b) => a - b)
    .map((i) => `rnn_cell.backbone.${i}`);
}

/** The cell-layer name prefixes: `rnn_cell` (fully connected) or `rnn_cell.layer_{l}` (wired). */
export function layerPrefixes(c: GoldenModelCase): string[] {
  if (c.model.wiring === null) return ["rnn_cell"];
  return c.model.wiring.layers.map((_, l) => `rnn_cell.layer_${l}`);
}

/** The CfC kernel parameters of a golden case (its LSTM too with mixed memory). */
export function cfcParamsFromGolden(c: GoldenModelCase, dtype: FloatDType): CfcParams {
  const kw = c.model.kwargs;
  const mode = (kw.mode ?? "default") as CfcMode;
  const wired = c.model.wiring !== null;
  let inputSize = c.model.input_size;
  const layers: CfcLayerParams[] = layerPrefixes(c).map((prefix) => {
    const ff1 = linear(c, `${prefix}.ff1`, dtype);
    const hiddenSize = ff1.bias.length;
    const layer: CfcLayerParams = {
      inputSize,
      hiddenSize,
      backbone: wired ? [] : backbonePrefixes(c).map((p) => linear(c, p, dtype)),
      ff1,
      ff2: optionalLinear(c, `${prefix}.ff2`, dtype),
      timeA: optionalLinear(c, `${prefix}.time_a`, dtype),
      timeB: optionalLinear(c, `${prefix}.time_b`, dtype),
      wTau: hasParam(c, `${prefix}.w_tau`) ? paramOf(c, `${prefix}.w_tau`, dtype).data : null,
      a: hasParam(c, `${prefix}.A`) ? paramOf(c, `${prefix}.A`, dtype).data : null,
      sparsityMask: wired ? paramOf(c, `${prefix}.sparsity_mask`, dtype).data : null,
    };
    inputSize = hiddenSize;
    return layer;
  });
  const lstm = hasParam(c, "lstm.input_map.weight")
    ? {
        inputSize: c.model.input_size,
        hiddenSize: c.model.state_size,
        inputWeight: paramOf(c, "lstm.input_map.weight", dtype).data,
        inputBias: paramOf(c, "lstm.input_map.bias", dtype).data,
        recurrentWeight: paramOf(c, "lstm.recurrent_map.weight", dtype).data,
      }
    : null;
  return {
    mode,
    backboneActivation: (kw.activation ?? "lecun_tanh") as BackboneActivation,
    layers,
    lstm,
  };
}

/**
 * Brings a golden sequence tensor (x-like or timespans-like) to batch-first with a batch axis:
 * time-first `[T, B, ...]` is transposed, unbatched `[T, ...]` gets batch 1.
 */
export function toBatchFirst(c: GoldenModelCase, t: GoldenTensor, dtype: FloatDType): TypedTensor {
  const typed = tensorOf(t, dtype);
  if (c.call.unbatched) return { shape: [1, ...typed.shape], data: typed.data };
  return c.call.batch_first ? typed : swapFirstTwoAxes(typed);
}

/** The inverse of {@link toBatchFirst} for a batch-first buffer of the given batch-first shape. */
export function fromBatchFirst(c: GoldenModelCase, t: TypedTensor): FloatArray {
  if (c.call.unbatched || c.call.batch_first) return t.data;
  return swapFirstTwoAxes(t).data;
}

/** Batch-first kernel inputs of a golden case (no dropout: the cases run in eval mode). */
export function cfcInputsFromGolden(c: GoldenModelCase, dtype: FloatDType): CfcSequenceInputs {
  const x = toBatchFirst(c, c.inputs.x, dtype);
  const [batch, steps] = x.shape;
  const hx = c.inputs.hx;
  return {
    batch,
    steps,
    x: x.data,
    timespans: c.inputs.timespans === null ? null : toBatchFirst(c, c.inputs.timespans, dtype).data,
    h0: hx === null ? null : tensorOf(hx.h0, dtype).data,
    c0: hx?.c0 === undefined ? null : tensorOf(hx.c0, dtype).data,
    dropoutMasks: null,
  };
}

/** Every parameter gradient buffer keyed by its ncps state_dict name. */
export function namedCfcGrads(c: GoldenModelCase, g: CfcGrads): Map<string, FloatArray> {
  const named = new Map<string, FloatArray>();
  const put = (prefix: string, lin: CfcLinear | null) => {
    if (lin === null) return;
    named.set(`${prefix}.weight`, lin.weight);
    named.set(`${prefix}.bias`, lin.bias);
  };
  const prefixes = layerPrefixes(c);
  const bb = backbonePrefixes(c);
  g.layers.forEach((gl, l) => {
    const prefix = prefixes[l];
    gl.backbone.forEach((lin, i) => {
      put(bb[i], lin);
    });
    put(`${prefix}.ff1`, gl.ff1);
    put(`${prefix}.ff2`, gl.ff2);
    put(`${prefix}.time_a`, gl.timeA);
    put(`${prefix}.time_b`, gl.timeB);
    if (gl.wTau !== null) named.set(`${prefix}.w_tau`, gl.wTau);
    if (gl.a !== null) named.set(`${prefix}.A`, gl.a);
  });
  if (g.lstm !== null) {
    named.set("lstm.input_map.weight", g.lstm.inputWeight);
    named.set("lstm.input_map.bias", g.lstm.inputBias);
    named.set("lstm.recurrent_map.weight", g.lstm.recurrentWeight);
  }
  return named;
}
