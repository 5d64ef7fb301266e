/**
 * Adapts a golden LTC case to the batch-first kernels: builds the config and parameter
 * buffers, moves time-first and unbatched inputs to `[B, T, ...]`, and turns
 * `return_sequences=false` into a readout gradient at the last step only. Expected values are
 * the golden arrays, only re-laid-out.
 */

import type { LtcSequenceInputs } from "../../../src/backend/js/ltcForward.js";
import type {
  FloatArray,
  LtcConfig,
  LtcMapping,
  LtcParams,
} from "../../../src/backend/js/ltcTypes.js";
import type { GoldenModelCase, GoldenTensor } from "../../../src/cli/golden/schema.js";
import {
  type FloatDType,
  hasParam,
  paramOf,
  swapFirstTwoAxes,
  tensorOf,
  toTyped,
} from "../../support/goldenParams.js";

/** ncps parameter names of the LTC cell, by kernel field. */
export const LTC_PARAM_NAMES = {
  gleak: "rnn_cell.gleak",
  vleak: "rnn_cell.vleak",
  cm: "rnn_cell.cm",
  sigma: "rnn_cell.sigma",
  mu: "rnn_cell.mu",
  w: "rnn_cell.w",
  erev: "rnn_cell.erev",
  sensorySigma: "rnn_cell.sensory_sigma",
  sensoryMu: "rnn_cell.sensory_mu",
  sensoryW: "rnn_cell.sensory_w",
  sensoryErev: "rnn_cell.sensory_erev",
} as const;

/** Optional mapping parameters, by kernel field. */
export const LTC_MAPPING_NAMES = {
  inputW: "rnn_cell.input_w",
  inputB: "rnn_cell.input_b",
  outputW: "rnn_cell.output_w",
  outputB: "rnn_cell.output_b",
} as const;

/** Mixed-memory LSTM parameters, by kernel field. */
export const LTC_LSTM_NAMES = {
  inputWeight: "lstm.input_map.weight",
  inputBias: "lstm.input_map.bias",
  recurrentWeight: "lstm.recurrent_map.weight",
} as const;

/** Expected values, laid out like the kernel's buffers (batch-first, batch axis present). */
export interface LtcExpected {
  /** `[B, T, M]`, or `[B, M]` (last step) when `returnSequences` is false. */
  y: number[];
  hFinal: number[];
  cFinal: number[] | null;
  dx: number[];
  dTimespans: number[] | null;
  dh0: number[] | null;
  dc0: number[] | null;
  /** d loss / d parameter by golden name (masks left out). */
  params: Record<string, number[]>;
}

/** A golden case ready for the kernels. */
export interface LtcGoldenSetup {
  config: LtcConfig;
  params: LtcParams;
  inputs: LtcSequenceInputs;
  returnSequences: boolean;
  /** loss = Σ readout · dReadout, `[B, T, M]`. */
  dReadout: FloatArray;
  expected: LtcExpected;
}

function mappingOf(value: unknown, what: string): LtcMapping {
  if (value === undefined || value === "affine") return "affine";
  if (value === "linear") return "linear";
  if (value === null || value === "none") return "none";
  throw new Error(`golden ${what}: unexpected mapping ${JSON.stringify(value)}`);
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === "number" ? value : fallback;
}

function boolOr(value: unknown, fallback: boolean): boolean {
  return typeof value === "boolean" ? value : fallback;
}

/** The LTC sequence-module configuration of a golden case (ncps `LTC` defaults). */
export function configOf(c: GoldenModelCase): LtcConfig {
  const kw = c.model.kwargs;
  const units = c.model.state_size;
  return {
    inputSize: c.model.input_size,
    units,
    motorSize: c.model.wiring === null ? units : c.model.wiring.output_dim,
    odeUnfolds: numberOr(kw.ode_unfolds, 6),
    epsilon: numberOr(kw.epsilon, 1e-8),
    implicitConstraints: boolOr(kw.implicit_param_constraints, true),
    inputMapping: mappingOf(kw.input_mapping, `${c.case_id} input_mapping`),
    outputMapping: mappingOf(kw.output_mapping, `${c.case_id} output_mapping`),
    mixedMemory: boolOr(kw.mixed_memory, false),
  };
}

function optionalParam(c: GoldenModelCase, name: string, dtype: FloatDType): FloatArray | null {
  return hasParam(c, name) ? paramOf(c, name, dtype).data : null;
}

/** The kernel parameter buffers of a golden case. */
export function paramsOf(c: GoldenModelCase, dtype: FloatDType): LtcParams {
  const p = (name: string): FloatArray => paramOf(c, name, dtype).data;
  const mixed = configOf(c).mixedMemory;
  return {
    gleak: p(LTC_PARAM_NAMES.gleak),
    vleak: p(LTC_PARAM_NAMES.vleak),
    cm: p(LTC_PARAM_NAMES.cm),
    sigma: p(LTC_PARAM_NAMES.sigma),
    mu: p(LTC_PARAM_NAMES.mu),
    w: p(LTC_PARAM_NAMES.w),
    erev: p(LTC_PARAM_NAMES.erev),
    sparsityMask: p("rnn_cell.sparsity_mask"),
    sensorySigma: p(LTC_PARAM_NAMES.sensorySigma),
    sensoryMu: p(LTC_PARAM_NAMES.sensoryMu),
    sensoryW: p(LTC_PARAM_NAMES.sensoryW),
    sensoryErev: p(LTC_PARAM_NAMES.sensoryErev),
    sensorySparsityMask: p("rnn_cell.sensory_sparsity_mask"),
    inputW: optionalParam(c, LTC_MAPPING_NAMES.inputW, dtype),
    inputB: optionalParam(c, LTC_MAPPING_NAMES.inputB, dtype),
    outputW: optionalParam(c, LTC_MAPPING_NAMES.outputW, dtype),
    outputB: optionalParam(c, LTC_MAPPING_NAMES.outputB, dtype),
    lstm: mixed
      ? {
          inputWeight: p(LTC_LSTM_NAMES.inputWeight),
          inputBias: p(LTC_LSTM_NAMES.inputBias),
          recurrentWeight: p(LTC_LSTM_NAMES.recurrentWeight),
        }
      : null,
  };
}

/** A sequence tensor (x, timespans, y, dx...) moved to batch-first with a batch axis. */
function sequenceLayout(c: GoldenModelCase, t: GoldenTensor, dtype: FloatDType): FloatArray {
  if (c.call.unbatched) return toTyped(t.values, dtype);
  if (c.call.batch_first) return toTyped(t.values, dtype);
  return swapFirstTwoAxes(tensorOf(t, dtype)).data;
}

/** Builds kernel inputs, the readout gradient and the expected values of a golden case. */
export function setupOf(c: GoldenModelCase, dtype: FloatDType): LtcGoldenSetup {
  const config = configOf(c);
  const returnSequences = boolOr(c.model.kwargs.return_sequences, true);
  const xShape = c.inputs.x.shape;
  const unbatched = c.call.unbatched;
  const batch = unbatched ? 1 : c.call.batch_first ? xShape[0] : xShape[1];
  const steps = unbatched ? xShape[0] : c.call.batch_first ? xShape[1] : xShape[0];
  const m = config.motorSize;
  const inputs: LtcSequenceInputs = {
    batch,
    steps,
    x: sequenceLayout(c, c.inputs.x, dtype),
    timespans: c.inputs.timespans === null ? null : sequenceLayout(c, c.inputs.timespans, dtype),
    h0: c.inputs.hx === null ? null : toTyped(c.inputs.hx.h0.values, dtype),
    c0: c.inputs.hx?.c0 === undefined ? null : toTyped(c.inputs.hx.c0.values, dtype),
  };
  const weights = c.loss.weights;
  let dReadout: FloatArray;
  let y: number[];
  if (returnSequences) {
    dReadout = sequenceLayout(c, weights, dtype);
    y = Array.from(sequenceLayout(c, c.outputs.y, "float64"));
  } else {
    // Only the last step is read out: its weights are [B, M].
    dReadout =
      dtype === "float64"
        ? new Float64Array(batch * steps * m)
        : new Float32Array(batch * steps * m);
    for (let b = 0; b < batch; b++) {
      for (let k = 0; k < m; k++)
        dReadout[(b * steps + steps - 1) * m + k] = weights.values[b * m + k];
    }
    y = [...c.outputs.y.values];
  }
  const params: Record<string, number[]> = {};
  for (const [name, g] of Object.entries(c.grads.params)) {
    if (g !== null) params[name] = [...g.values];
  }
  const expected: LtcExpected = {
    y,
    hFinal: [...c.outputs.h_final.values],
    cFinal: c.outputs.c_final === null ? null : [...c.outputs.c_final.values],
    dx: Array.from(sequenceLayout(c, c.grads.x, "float64")),
    dTimespans:
      c.grads.timespans === null
        ? null
        : Array.from(sequenceLayout(c, c.grads.timespans, "float64")),
    dh0: c.grads.hx === null ? null : [...c.grads.hx.h0.values],
    dc0: c.grads.hx?.c0 === undefined ? null : [...c.grads.hx.c0.values],
    params,
  };
  return { config, params: paramsOf(c, dtype), inputs, returnSequences, dReadout, expected };
}

function repeated<A extends ArrayLike<number>>(values: A, times: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < times; r++) for (let i = 0; i < values.length; i++) out.push(values[i]);
  return out;
}

function repeatedTyped(values: FloatArray, times: number): FloatArray {
  const data = repeated(values, times);
  return values instanceof Float64Array ? Float64Array.from(data) : Float32Array.from(data);
}

/**
 * The same case with its batch repeated `times` times (every per-sample buffer is batch-major,
 * so that is concatenation). Each copy must reproduce the golden sample values, and parameter
 * gradients, summed over the copies, become `times` × golden. Used to drive batch sizes the
 * golden files do not have (the kernels' batch loops are unrolled by four).
 */
export function replicateBatch(s: LtcGoldenSetup, times: number): LtcGoldenSetup {
  const { inputs, expected } = s;
  const optional = (a: FloatArray | null): FloatArray | null =>
    a === null ? null : repeatedTyped(a, times);
  const params: Record<string, number[]> = {};
  for (const [name, g] of Object.entries(expected.params)) params[name] = g.map((v) => v * times);
  return {
    ...s,
    inputs: {
      batch: inputs.batch * times,
      steps: inputs.steps,
      x: repeatedTyped(inputs.x, times),
      timespans: optional(inputs.timespans),
      h0: optional(inputs.h0),
      c0: optional(inputs.c0),
    },
    dReadout: repeatedTyped(s.dReadout, times),
    expected: {
      y: repeated(expected.y, times),
      hFinal: repeated(expected.hFinal, times),
      cFinal: expected.cFinal === null ? null : repeated(expected.cFinal, times),
      dx: repeated(expected.dx, times),
      dTimespans: expected.dTimespans === null ? null : repeated(expected.dTimespans, times),
      dh0: expected.dh0 === null ? null : repeated(expected.dh0, times),
      dc0: expected.dc0 === null ? null : repeated(expected.dc0, times),
      params,
    },
  };
}
