/**
 * Shapes of the fused LTC kernels: the cell configuration, the parameter buffers (ncps-torch
 * `LTCCell` names and layouts), the gradients they produce, and the argument checks they share.
 * Matrices are row-major and indexed `[source, destination]`, exactly like the torch state_dict.
 */

import type { FloatArray } from "../kernels.js";

export type { FloatArray };

/** The input/output mapping of an LTC cell: `x*w + b`, `x*w`, or identity (ncps `None`). */
export type LtcMapping = "affine" | "linear" | "none";

/** Static configuration of one LTC cell (ncps `LTCCell` arguments plus `mixed_memory`). */
export interface LtcConfig {
  /** Number of sensory inputs `C` (ncps `in_features`, the wiring's input_dim). */
  inputSize: number;
  /** Number of neurons `H` (the state width). */
  units: number;
  /** Number of motor neurons `M`: the readout is the first `M` state columns, mapped. */
  motorSize: number;
  /** Semi-implicit Euler steps per RNN step (ncps `ode_unfolds`, default 6). */
  odeUnfolds: number;
  /** Added to the solver's denominator (ncps `epsilon`, default 1e-8). */
  epsilon: number;
  /** When true, `w`, `sensory_w`, `cm` and `gleak` pass through softplus (threshold 20). */
  implicitConstraints: boolean;
  inputMapping: LtcMapping;
  outputMapping: LtcMapping;
  /** When true an LSTM cell runs before the LTC cell each step and replaces its incoming state. */
  mixedMemory: boolean;
}

/** Parameters of the mixed-memory LSTM (torch `LSTMCell` of ncps; gate order i, ig, fg, og). */
export interface LtcLstmParams {
  /** `lstm.input_map.weight`, shape `[4H, C]`. */
  inputWeight: FloatArray;
  /** `lstm.input_map.bias`, shape `[4H]`. */
  inputBias: FloatArray;
  /** `lstm.recurrent_map.weight`, shape `[4H, H]`. */
  recurrentWeight: FloatArray;
}

/** Every `LTCCell` state_dict tensor (raw, before any softplus), plus the optional LSTM. */
export interface LtcParams {
  /** `[H]` */ gleak: FloatArray;
  /** `[H]` */ vleak: FloatArray;
  /** `[H]` */ cm: FloatArray;
  /** `[H, H]` */ sigma: FloatArray;
  /** `[H, H]` */ mu: FloatArray;
  /** `[H, H]` */ w: FloatArray;
  /** `[H, H]` */ erev: FloatArray;
  /** `[H, H]`, not trainable; a zero entry removes the synapse exactly. */
  sparsityMask: FloatArray;
  /** `[C, H]` */ sensorySigma: FloatArray;
  /** `[C, H]` */ sensoryMu: FloatArray;
  /** `[C, H]` */ sensoryW: FloatArray;
  /** `[C, H]` */ sensoryErev: FloatArray;
  /** `[C, H]`, not trainable. */
  sensorySparsityMask: FloatArray;
  /** `[C]` for affine/linear input mapping, else null. */
  inputW: FloatArray | null;
  /** `[C]` for affine input mapping, else null. */
  inputB: FloatArray | null;
  /** `[M]` for affine/linear output mapping, else null. */
  outputW: FloatArray | null;
  /** `[M]` for affine output mapping, else null. */
  outputB: FloatArray | null;
  /** Present exactly when `mixedMemory` is on. */
  lstm: LtcLstmParams | null;
}

/** Gradient buffers for the mixed-memory LSTM, shaped like {@link LtcLstmParams}. */
export interface LtcLstmGrads {
  inputWeight: FloatArray;
  inputBias: FloatArray;
  recurrentWeight: FloatArray;
}

/**
 * Gradients of the trainable parameters (same shapes as {@link LtcParams}; the masks have
 * none). The backward kernel overwrites them. A mapping gradient must be given exactly when
 * the parameter exists.
 */
export interface LtcParamGrads {
  gleak: FloatArray;
  vleak: FloatArray;
  cm: FloatArray;
  sigma: FloatArray;
  mu: FloatArray;
  w: FloatArray;
  erev: FloatArray;
  sensorySigma: FloatArray;
  sensoryMu: FloatArray;
  sensoryW: FloatArray;
  sensoryErev: FloatArray;
  inputW: FloatArray | null;
  inputB: FloatArray | null;
  outputW: FloatArray | null;
  outputB: FloatArray | null;
  lstm: LtcLstmGrads | null;
}

/** Throws a RangeError naming `what` unless `buf` holds exactly `expected` values. */
export function checkLength(what: string, buf: ArrayLike<number>, expected: number): void {
  if (buf.length !== expected) {
    throw new RangeError(`${what}: expected length ${expected}, got ${buf.length}`);
  }
}

/** Throws a RangeError naming `what` unless `value` is an integer >= `min`. */
export function checkInteger(what: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new RangeError(`${what}: expected an integer >= ${min}, got ${value}`);
  }
}

/** Throws unless `buf` is present exactly when `wanted`, with `expected` values. */
export function checkOptional(
  what: string,
  buf: ArrayLike<number> | null,
  wanted: boolean,
  expected: number,
): void {
  if (!wanted) {
    if (buf !== null) throw new TypeError(`${what}: expected null, got a buffer`);
    return;
  }
  if (buf === null)
    throw new TypeError(`${what}: expected a buffer of length ${expected}, got null`);
  checkLength(what, buf, expected);
}

const MAPPINGS: readonly string[] = ["affine", "linear", "none"];

/** Validates a configuration; every message names the field and the value received. */
export function checkLtcConfig(config: LtcConfig): void {
  checkInteger("config.inputSize", config.inputSize, 1);
  checkInteger("config.units", config.units, 1);
  checkInteger("config.motorSize", config.motorSize, 1);
  if (config.motorSize > config.units) {
    throw new RangeError(
      `config.motorSize: expected at most units = ${config.units}, got ${config.motorSize}`,
    );
  }
  checkInteger("config.odeUnfolds", config.odeUnfolds, 1);
  if (!Number.isFinite(config.epsilon)) {
    throw new RangeError(`config.epsilon: expected a finite number, got ${config.epsilon}`);
  }
  for (const key of ["inputMapping", "outputMapping"] as const) {
    if (!MAPPINGS.includes(config[key])) {
      throw new TypeError(
        `config.${key}: expected "affine", "linear" or "none", got ${JSON.stringify(config[key])}`,
      );
    }
  }
}

/** Validates that every parameter buffer matches the configuration. */
export function checkLtcParams(config: LtcConfig, params: LtcParams): void {
  const { units: h, inputSize: c, motorSize: m } = config;
  for (const key of ["gleak", "vleak", "cm"] as const) checkLength(`params.${key}`, params[key], h);
  for (const key of ["sigma", "mu", "w", "erev", "sparsityMask"] as const) {
    checkLength(`params.${key}`, params[key], h * h);
  }
  for (const key of [
    "sensorySigma",
    "sensoryMu",
    "sensoryW",
    "sensoryErev",
    "sensorySparsityMask",
  ] as const) {
    checkLength(`params.${key}`, params[key], c * h);
  }
  checkOptional("params.inputW", params.inputW, config.inputMapping !== "none", c);
  checkOptional("params.inputB", params.inputB, config.inputMapping === "affine", c);
  checkOptional("params.outputW", params.outputW, config.outputMapping !== "none", m);
  checkOptional("params.outputB", params.outputB, config.outputMapping === "affine", m);
  if (config.mixedMemory) {
    if (params.lstm === null) {
      throw new TypeError("params.lstm: expected LSTM parameters with mixedMemory, got null");
    }
    checkLength("params.lstm.inputWeight", params.lstm.inputWeight, 4 * h * c);
    checkLength("params.lstm.inputBias", params.lstm.inputBias, 4 * h);
    checkLength("params.lstm.recurrentWeight", params.lstm.recurrentWeight, 4 * h * h);
  } else if (params.lstm !== null) {
    throw new TypeError("params.lstm: expected null without mixedMemory, got LSTM parameters");
  }
}

/** Zeroed gradient buffers for `config`, of the same element type as `like`. */
export function createLtcParamGrads(config: LtcConfig, like: FloatArray): LtcParamGrads {
  const { units: h, inputSize: c, motorSize: m } = config;
  const zeros = (n: number): FloatArray =>
    like instanceof Float64Array ? new Float64Array(n) : new Float32Array(n);
  return {
    gleak: zeros(h),
    vleak: zeros(h),
    cm: zeros(h),
    sigma: zeros(h * h),
    mu: zeros(h * h),
    w: zeros(h * h),
    erev: zeros(h * h),
    sensorySigma: zeros(c * h),
    sensoryMu: zeros(c * h),
    sensoryW: zeros(c * h),
    sensoryErev: zeros(c * h),
    inputW: config.inputMapping === "none" ? null : zeros(c),
    inputB: config.inputMapping === "affine" ? zeros(c) : null,
    outputW: config.outputMapping === "none" ? null : zeros(m),
    outputB: config.outputMapping === "affine" ? zeros(m) : null,
    lstm: config.mixedMemory
      ? {
          inputWeight: zeros(4 * h * c),
          inputBias: zeros(4 * h),
          recurrentWeight: zeros(4 * h * h),
        }
      : null,
  };
}
