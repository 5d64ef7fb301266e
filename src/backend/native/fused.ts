/**
 * The native fused recurrences: the `FusedRecurrences` methods (../fused.ts) over the C++
 * kernels of native/fused_*.cc and native/bind_fused.cc. Parameters are validated here with the
 * js kernels' own checks (same messages), then travel to C++ as one array of typed arrays in a
 * fixed order plus a Float64Array of sizes ("spec"); the addon checks every length again.
 * A forward call's saved activations live in C++ memory owned by the returned handle, freed
 * as soon as its backward has run (or when the handle is collected, or when newer ones pass a
 * cap; a later backward then recomputes them), so a synchronous training loop does not wait
 * for the garbage collector.
 */
import type { CfcStepKernel, FusedRecurrences, FusedSaved, LtcStepKernel } from "../fused.js";
import type { CfcGrads, CfcParams, CfcPlan, CfcSequenceInputs } from "../js/cfc.js";
import { createCfcPlan, expectInteger } from "../js/cfcTypes.js";
import type { LtcSequenceGradInputs, LtcSequenceGradOutputs } from "../js/ltcBackward.js";
import type { LtcSequenceInputs, LtcSequenceOutputs } from "../js/ltcForward.js";
import {
  checkInteger,
  checkLtcConfig,
  checkLtcParams,
  checkOptional,
  type LtcConfig,
  type LtcParamGrads,
  type LtcParams,
} from "../js/ltcTypes.js";
import type { FloatArray } from "../kernels.js";

/** An opaque C++ handle (a N-API external). */
export type NativeHandle = object;

/** The fused functions of the addon (native/bind_fused.cc); arguments are positional. */
export interface NativeFusedAddon {
  /**
   * `spec` = [mode, activation, layers, mixed, batch, steps, then per layer: inputSize,
   * hiddenSize, depth, units, hasMask]; `params` in {@link cfcParamArrays} order; `inputs` =
   * [x, timespans, h0, c0]; `outputs` = [readout, hFinal, cFinal]. Returns the saved
   * activations when `save`, else null.
   */
  cfcForward(
    spec: Float64Array,
    params: FloatArray[],
    inputs: (FloatArray | null)[],
    dropoutMasks: (FloatArray | null)[] | null,
    outputs: (FloatArray | null)[],
    save: boolean,
  ): NativeHandle | null;
  /**
   * BPTT of a saved forward call, given again its `params`, `inputs` and `dropoutMasks`;
   * `gradIn` = [dReadout, dhFinal, dcFinal], `gradOut` = [dx, dTimespans, dh0, dc0] and `grads`
   * in {@link cfcGradArrays} order (every given buffer is overwritten).
   */
  cfcBackward(
    saved: NativeHandle,
    params: FloatArray[],
    inputs: (FloatArray | null)[],
    dropoutMasks: (FloatArray | null)[] | null,
    gradIn: (FloatArray | null)[],
    gradOut: (FloatArray | null)[],
    grads: FloatArray[],
  ): void;
  /**
   * A stepper for `spec`'s batch that reads `params` (kept alive by the handle) at every step
   * and computes in their element type; `h`, `c` and `readout` have that type too.
   */
  cfcStepCreate(
    spec: Float64Array,
    params: FloatArray[],
    h: FloatArray,
    c: FloatArray | null,
    readout: FloatArray,
  ): NativeHandle;
  cfcStep(handle: NativeHandle, x: FloatArray, timespans: FloatArray | null): void;
  /**
   * `spec` = [inputSize, units, motorSize, odeUnfolds, implicit, inputMapping, outputMapping,
   * mixed, batch, steps] (mappings: 0 affine, 1 linear, 2 none), with `config.epsilon` apart;
   * `params` in {@link ltcParamArrays} order; `inputs` = [x, timespans, h0, c0]; `outputs` =
   * [readout, hFinal, cFinal]. Returns the saved activations when `save`, else null.
   */
  ltcForward(
    spec: Float64Array,
    epsilon: number,
    params: FloatArray[],
    inputs: (FloatArray | null)[],
    outputs: (FloatArray | null)[],
    save: boolean,
  ): NativeHandle | null;
  /**
   * BPTT of a saved forward call, given again its `params` and `inputs`; `gradIn` = [dReadout,
   * dhFinal, dcFinal], `gradOut` = [dx, dTimespans, dh0, dc0], `grads` in
   * {@link ltcGradArrays} order (every given buffer is overwritten).
   */
  ltcBackward(
    saved: NativeHandle,
    params: FloatArray[],
    inputs: (FloatArray | null)[],
    gradIn: (FloatArray | null)[],
    gradOut: (FloatArray | null)[],
    grads: FloatArray[],
  ): void;
  /** A stepper for `spec`'s batch over a copy of `params`. */
  ltcStepCreate(spec: Float64Array, epsilon: number, params: FloatArray[]): NativeHandle;
  /**
   * The instruction set the fused kernels use ("baseline", "avx2" or "avx512"); with a level,
   * first caps them to it. A test hook: it lets one machine run every code path.
   */
  fusedSimd(level?: "baseline" | "avx2" | "avx512"): string;
  /**
   * The bytes of saved activations a thread keeps for backward before it drops the oldest
   * (which a later backward recomputes); with a number, first sets it. A test hook.
   */
  fusedTraceCap(bytes?: number): number;
  ltcStep(
    handle: NativeHandle,
    x: FloatArray,
    elapsed: number | FloatArray | null,
    hIn: FloatArray,
    hOut: FloatArray,
    readout: FloatArray,
    cIn: FloatArray | null,
    cOut: FloatArray | null,
  ): void;
}

const CFC_METHODS = ["cfcForward", "cfcBackward", "cfcStepCreate", "cfcStep"] as const;
const LTC_METHODS = ["ltcForward", "ltcBackward", "ltcStepCreate", "ltcStep"] as const;

function hasAll(addon: object, names: readonly string[]): boolean {
  const exports = addon as Record<string, unknown>;
  return names.every((name) => typeof exports[name] === "function");
}

const MODE_CODE = { default: 0, no_gate: 1, pure: 2 } as const;

/** The sizes of a CfC call (see NativeFusedAddon.cfcForward). */
function cfcSpec(plan: CfcPlan, batch: number, steps: number): Float64Array {
  const params = plan.params;
  const spec = new Float64Array(6 + 5 * plan.layers.length);
  spec[0] = MODE_CODE[params.mode];
  spec[1] = plan.activation;
  spec[2] = plan.layers.length;
  spec[3] = params.lstm === null ? 0 : 1;
  spec[4] = batch;
  spec[5] = steps;
  plan.layers.forEach((lp, l) => {
    const o = 6 + 5 * l;
    spec[o] = lp.inputSize;
    spec[o + 1] = lp.hiddenSize;
    spec[o + 2] = lp.depth;
    spec[o + 3] = lp.units;
    spec[o + 4] = lp.params.sparsityMask === null ? 0 : 1;
  });
  return spec;
}

/**
 * Every array of a CfC parameter set in the addon's order: per layer the backbone (weight,
 * bias)..., ff1, then ff2, time_a, time_b (weight, bias) or w_tau, A, then the mask if any;
 * then the LSTM's input weight, input bias and recurrent weight.
 */
export function cfcParamArrays(params: CfcParams): FloatArray[] {
  const out: FloatArray[] = [];
  for (const layer of params.layers) {
    for (const lin of layer.backbone) out.push(lin.weight, lin.bias);
    out.push(layer.ff1.weight, layer.ff1.bias);
    for (const lin of [layer.ff2, layer.timeA, layer.timeB]) {
      if (lin !== null) out.push(lin.weight, lin.bias);
    }
    if (layer.wTau !== null) out.push(layer.wTau);
    if (layer.a !== null) out.push(layer.a);
    if (layer.sparsityMask !== null) out.push(layer.sparsityMask);
  }
  if (params.lstm !== null) {
    out.push(params.lstm.inputWeight, params.lstm.inputBias, params.lstm.recurrentWeight);
  }
  return out;
}

/** The gradient buffers of a CfC in the addon's order ({@link cfcParamArrays} without masks). */
export function cfcGradArrays(grads: CfcGrads): FloatArray[] {
  const out: FloatArray[] = [];
  for (const layer of grads.layers) {
    for (const lin of layer.backbone) out.push(lin.weight, lin.bias);
    out.push(layer.ff1.weight, layer.ff1.bias);
    for (const lin of [layer.ff2, layer.timeA, layer.timeB]) {
      if (lin !== null) out.push(lin.weight, lin.bias);
    }
    if (layer.wTau !== null) out.push(layer.wTau);
    if (layer.a !== null) out.push(layer.a);
  }
  if (grads.lstm !== null) {
    out.push(grads.lstm.inputWeight, grads.lstm.inputBias, grads.lstm.recurrentWeight);
  }
  return out;
}

/** Checks that gradient buffers are shaped like the parameters they belong to. */
function checkCfcGradShape(params: CfcParams, grads: CfcGrads): void {
  if (grads.layers.length !== params.layers.length) {
    throw new RangeError(
      `gradOutputs.params.layers: expected ${params.layers.length} layers, got ${grads.layers.length}`,
    );
  }
  grads.layers.forEach((g, l) => {
    const p = params.layers[l];
    const w = `gradOutputs.params.layers[${l}]`;
    if (g.backbone.length !== p.backbone.length) {
      throw new RangeError(
        `${w}.backbone: expected ${p.backbone.length} layers, got ${g.backbone.length}`,
      );
    }
    for (const [name, gp, pp] of [
      ["ff2", g.ff2, p.ff2],
      ["timeA", g.timeA, p.timeA],
      ["timeB", g.timeB, p.timeB],
      ["wTau", g.wTau, p.wTau],
      ["a", g.a, p.a],
    ] as const) {
      if ((gp === null) !== (pp === null)) {
        throw new TypeError(
          `${w}.${name}: expected ${pp === null ? "null" : "gradient buffers"} like the parameter, got ${gp === null ? "null" : "buffers"}`,
        );
      }
    }
  });
  if ((grads.lstm === null) !== (params.lstm === null)) {
    throw new TypeError(
      `gradOutputs.params.lstm: expected ${params.lstm === null ? "null" : "LSTM gradient buffers"}`,
    );
  }
}

/**
 * What a native CfC forward call returns for its backward: the C++ handle of its saved
 * activations, and the parameters and inputs it ran on (kept here, by reference, rather than
 * copied into C++ memory that only a finalizer could free).
 */
interface CfcNativeSaved {
  readonly kind: "cfc";
  readonly handle: NativeHandle;
  readonly params: CfcParams;
  readonly inputs: CfcSequenceInputs;
}

function cfcSaved(saved: FusedSaved): CfcNativeSaved {
  const s = saved as Partial<CfcNativeSaved>;
  if (s.kind !== "cfc" || s.handle === undefined || s.params === undefined) {
    throw new TypeError("saved: expected what the native cfcSequenceForward returned");
  }
  return s as CfcNativeSaved;
}

function cfcInputArrays(inputs: CfcSequenceInputs): (FloatArray | null)[] {
  return [inputs.x, inputs.timespans, inputs.h0, inputs.c0];
}

function cfcRecurrences(addon: NativeFusedAddon): Partial<FusedRecurrences> {
  return {
    cfcSequenceForward(params, inputs, outputs, save) {
      expectInteger("inputs.batch", inputs.batch, 1);
      expectInteger("inputs.steps", inputs.steps, 1);
      const spec = cfcSpec(createCfcPlan(params), inputs.batch, inputs.steps);
      const handle = addon.cfcForward(
        spec,
        cfcParamArrays(params),
        cfcInputArrays(inputs),
        inputs.dropoutMasks,
        [outputs.readout, outputs.hFinal, outputs.cFinal],
        save,
      );
      if (handle === null) return null;
      const result: CfcNativeSaved = { kind: "cfc", handle, params, inputs: { ...inputs } };
      return result;
    },
    cfcSequenceBackward(saved, gradIn, out) {
      const s = cfcSaved(saved);
      checkCfcGradShape(s.params, out.params);
      addon.cfcBackward(
        s.handle,
        cfcParamArrays(s.params),
        cfcInputArrays(s.inputs),
        s.inputs.dropoutMasks,
        [gradIn.dReadout, gradIn.dhFinal, gradIn.dcFinal],
        [out.dx, out.dTimespans, out.dh0, out.dc0],
        cfcGradArrays(out.params),
      );
    },
    createCfcStep(params, batch): CfcStepKernel {
      expectInteger("batch", batch, 1);
      const plan = createCfcPlan(params);
      const spec = cfcSpec(plan, batch, 1);
      // The C++ step computes in the parameters' element type (float32 models in float), so
      // its state and readout have that type (the js step keeps float64 ones).
      const make = (n: number): FloatArray =>
        params.layers[0].ff1.weight instanceof Float64Array
          ? new Float64Array(n)
          : new Float32Array(n);
      const h = make(batch * plan.stateSize);
      const c = params.lstm === null ? null : make(batch * plan.stateSize);
      const readout = make(batch * plan.outputSize);
      // A copy of the weights, as the js stepper and the LTC ones take: a stepper follows the
      // weights it was made with, on every kernel set.
      const weights = cfcParamArrays(params).map((a) => a.slice());
      const handle = addon.cfcStepCreate(spec, weights, h, c, readout);
      return {
        h,
        c,
        readout,
        step: (x, timespans) => addon.cfcStep(handle, x, timespans),
      };
    },
  };
}

const MAPPING_CODE = { affine: 0, linear: 1, none: 2 } as const;

/** The sizes and flags of an LTC call (see NativeFusedAddon.ltcForward). */
function ltcSpec(config: LtcConfig, batch: number, steps: number): Float64Array {
  return Float64Array.of(
    config.inputSize,
    config.units,
    config.motorSize,
    config.odeUnfolds,
    config.implicitConstraints ? 1 : 0,
    MAPPING_CODE[config.inputMapping],
    MAPPING_CODE[config.outputMapping],
    config.mixedMemory ? 1 : 0,
    batch,
    steps,
  );
}

/**
 * Every array of an LTC parameter set in the addon's order: gleak, vleak, cm, sigma, mu, w,
 * erev, sparsityMask, sensorySigma, sensoryMu, sensoryW, sensoryErev, sensorySparsityMask, then
 * inputW, inputB, outputW, outputB where present, then the LSTM's three arrays.
 */
export function ltcParamArrays(p: LtcParams): FloatArray[] {
  const out = [
    p.gleak,
    p.vleak,
    p.cm,
    p.sigma,
    p.mu,
    p.w,
    p.erev,
    p.sparsityMask,
    p.sensorySigma,
    p.sensoryMu,
    p.sensoryW,
    p.sensoryErev,
    p.sensorySparsityMask,
  ];
  for (const b of [p.inputW, p.inputB, p.outputW, p.outputB]) if (b !== null) out.push(b);
  if (p.lstm !== null) out.push(p.lstm.inputWeight, p.lstm.inputBias, p.lstm.recurrentWeight);
  return out;
}

/** The gradient buffers of an LTC in the addon's order ({@link ltcParamArrays} without masks). */
export function ltcGradArrays(g: LtcParamGrads): FloatArray[] {
  const out = [
    g.gleak,
    g.vleak,
    g.cm,
    g.sigma,
    g.mu,
    g.w,
    g.erev,
    g.sensorySigma,
    g.sensoryMu,
    g.sensoryW,
    g.sensoryErev,
  ];
  for (const b of [g.inputW, g.inputB, g.outputW, g.outputB]) if (b !== null) out.push(b);
  if (g.lstm !== null) out.push(g.lstm.inputWeight, g.lstm.inputBias, g.lstm.recurrentWeight);
  return out;
}

/** Checks that the optional gradient buffers exist exactly where the parameters do. */
function checkLtcGradShape(config: LtcConfig, g: LtcParamGrads): void {
  const { inputSize: c, motorSize: m } = config;
  checkOptional("out.params.inputW", g.inputW, config.inputMapping !== "none", c);
  checkOptional("out.params.inputB", g.inputB, config.inputMapping === "affine", c);
  checkOptional("out.params.outputW", g.outputW, config.outputMapping !== "none", m);
  checkOptional("out.params.outputB", g.outputB, config.outputMapping === "affine", m);
  if (config.mixedMemory === (g.lstm === null)) {
    throw new TypeError(
      `out.params.lstm: expected ${config.mixedMemory ? "LSTM gradient buffers" : "null"}, got ${g.lstm === null ? "null" : "buffers"}`,
    );
  }
}

/** What a native LTC forward call returns for its backward (see CfcNativeSaved). */
interface LtcNativeSaved {
  readonly kind: "ltc";
  readonly handle: NativeHandle;
  readonly config: LtcConfig;
  readonly params: LtcParams;
  readonly inputs: LtcSequenceInputs;
}

function ltcSaved(saved: FusedSaved): LtcNativeSaved {
  const s = saved as Partial<LtcNativeSaved>;
  if (s.kind !== "ltc" || s.handle === undefined || s.params === undefined) {
    throw new TypeError("saved: expected what the native ltcSequenceForward returned");
  }
  return s as LtcNativeSaved;
}

function ltcInputArrays(inputs: LtcSequenceInputs): (FloatArray | null)[] {
  return [inputs.x, inputs.timespans, inputs.h0, inputs.c0];
}

function ltcRecurrences(addon: NativeFusedAddon): Partial<FusedRecurrences> {
  return {
    ltcSequenceForward(
      config: LtcConfig,
      params: LtcParams,
      inputs: LtcSequenceInputs,
      outputs: LtcSequenceOutputs,
      save: boolean,
    ) {
      checkLtcConfig(config);
      checkLtcParams(config, params);
      checkInteger("inputs.batch", inputs.batch, 1);
      checkInteger("inputs.steps", inputs.steps, 1);
      const handle = addon.ltcForward(
        ltcSpec(config, inputs.batch, inputs.steps),
        config.epsilon,
        ltcParamArrays(params),
        ltcInputArrays(inputs),
        [outputs.readout, outputs.hFinal, outputs.cFinal],
        save,
      );
      if (handle === null) return null;
      const result: LtcNativeSaved = {
        kind: "ltc",
        handle,
        config: { ...config },
        params,
        inputs: { ...inputs },
      };
      return result;
    },
    ltcSequenceBackward(
      saved: FusedSaved,
      gradIn: LtcSequenceGradInputs,
      out: LtcSequenceGradOutputs,
    ) {
      const s = ltcSaved(saved);
      checkLtcGradShape(s.config, out.params);
      addon.ltcBackward(
        s.handle,
        ltcParamArrays(s.params),
        ltcInputArrays(s.inputs),
        [gradIn.dReadout, gradIn.dhFinal, gradIn.dcFinal],
        [out.dx, out.dTimespans, out.dh0, out.dc0],
        ltcGradArrays(out.params),
      );
    },
    createLtcStep(config: LtcConfig, params: LtcParams, batch: number): LtcStepKernel {
      checkInteger("batch", batch, 1);
      checkLtcConfig(config);
      checkLtcParams(config, params);
      const handle = addon.ltcStepCreate(
        ltcSpec(config, batch, 1),
        config.epsilon,
        ltcParamArrays(params),
      );
      return {
        step: (x, elapsed, hIn, hOut, readout, cIn, cOut) =>
          addon.ltcStep(handle, x, elapsed, hIn, hOut, readout, cIn ?? null, cOut ?? null),
      };
    },
  };
}

/**
 * The fused recurrences the addon implements: all of them, those of one model, or none
 * (an addon built without native/bind_fused.cc), each missing one falling back to js.
 */
export function createNativeFused(addon: object): Partial<FusedRecurrences> {
  const fused: Partial<FusedRecurrences> = {};
  if (hasAll(addon, CFC_METHODS)) {
    Object.assign(fused, cfcRecurrences(addon as NativeFusedAddon));
  }
  if (hasAll(addon, LTC_METHODS)) {
    Object.assign(fused, ltcRecurrences(addon as NativeFusedAddon));
  }
  return fused;
}
