/**
 * ncps's `LTCCell` (spec/ncps.md 2.6): liquid time-constant neurons with sigmoidal synapses,
 * integrated by `odeUnfolds` fused semi-implicit Euler steps. Matrices are `[source, dest]`;
 * the motor neurons are the first `outputDim` state columns.
 */

import type { LtcConfig, LtcMapping, LtcParams } from "../backend/js/ltcTypes.js";
import type { FloatArray } from "../backend/kernels.js";
import type { Tensor } from "../tensor/tensor.js";
import type { Wiring } from "../wirings/index.js";
import { resolveRng, uniform } from "./init.js";
import { Module, type ModuleConfig, parameterTensor } from "./module.js";
import { checkInt, checkOptions, type LayerOptions } from "./options.js";

export type { LtcMapping };

/** Options of {@link LTCCell}; ncps's keyword arguments in camelCase. */
export interface LTCCellOptions extends LayerOptions {
  /** `"affine"` (default), `"linear"` or `"none"` (null is taken as "none"). */
  inputMapping?: LtcMapping | null;
  /** `"affine"` (default), `"linear"` or `"none"` (null is taken as "none"). */
  outputMapping?: LtcMapping | null;
  /** Semi-implicit Euler steps per time step; default 6. */
  odeUnfolds?: number;
  /** Added to the solver's denominator; default 1e-8. */
  epsilon?: number;
  /** Pass w, sensory_w, cm, gleak through softplus (default false, as ncps's LTCCell). */
  implicitParamConstraints?: boolean;
}

/** Throws unless `value` is a mapping name; null means "none". */
export function checkMapping(layer: string, what: string, value: unknown): LtcMapping {
  if (value === null || value === undefined) return value === null ? "none" : "affine";
  if (value === "affine" || value === "linear" || value === "none") return value;
  throw new Error(
    `${layer}: ${what} must be "affine", "linear" or "none", got ${JSON.stringify(value)}`,
  );
}

/** The uniform init ranges of ncps's torch LTCCell. */
const INIT_RANGES = {
  gleak: [0.001, 1.0],
  vleak: [-0.2, 0.2],
  cm: [0.4, 0.6],
  w: [0.001, 1.0],
  sigma: [3, 8],
  mu: [0.3, 0.8],
  sensory_w: [0.001, 1.0],
  sensory_sigma: [3, 8],
  sensory_mu: [0.3, 0.8],
} as const;

/**
 * ncps-torch's `LTCCell`: the parameters of liquid time-constant neurons with sigmoidal synapses
 * (`gleak`, `vleak`, `cm`, `sigma`, `mu`, `w`, `erev`, their `sensory_` twins, the frozen masks and
 * the input/output mappings). Matrices are `[source, dest]`. {@link LTC} runs it over sequences.
 */
export class LTCCell extends Module {
  /** The (built) wiring. */
  readonly wiring: Wiring;
  /** Input features (the wiring's input dimension). */
  readonly inputSize: number;
  /** Number of neurons (the state width). */
  readonly units: number;
  /** Number of motor neurons (the readout width). */
  readonly motorSize: number;
  /** The input mapping. */
  readonly inputMapping: LtcMapping;
  /** The output mapping. */
  readonly outputMapping: LtcMapping;
  /** Semi-implicit Euler steps per time step. */
  readonly odeUnfolds: number;
  /** Added to the solver's denominator. */
  readonly epsilon: number;
  /** Whether w, sensory_w, cm and gleak pass through softplus. */
  readonly implicitParamConstraints: boolean;
  private readonly tensors: Record<string, Tensor> = {};

  constructor(wiring: Wiring, inFeatures: number | null = null, options?: LTCCellOptions) {
    super();
    const layer = "LTCCell";
    const o = checkOptions(layer, options, [
      "inputMapping",
      "outputMapping",
      "odeUnfolds",
      "epsilon",
      "implicitParamConstraints",
    ]);
    if (inFeatures !== null) wiring.ensureBuilt(inFeatures);
    if (!wiring.isBuilt()) {
      throw new Error(
        `${layer}: the wiring is not built; pass inFeatures or call wiring.build(inputDim) first`,
      );
    }
    this.wiring = wiring;
    this.inputSize = wiring.inputDim!;
    this.units = wiring.units;
    this.motorSize = wiring.outputDim!;
    this.inputMapping = checkMapping(layer, "inputMapping", o.inputMapping);
    this.outputMapping = checkMapping(layer, "outputMapping", o.outputMapping);
    this.odeUnfolds = checkInt(layer, "odeUnfolds", o.odeUnfolds ?? 6, 1);
    const eps = o.epsilon ?? 1e-8;
    if (!(typeof eps === "number" && Number.isFinite(eps) && eps >= 0)) {
      throw new RangeError(`${layer}: epsilon must be a finite number >= 0, got ${String(eps)}`);
    }
    this.epsilon = eps;
    this.implicitParamConstraints = o.implicitParamConstraints ?? false;
    const dtype = o.dtype ?? "float32";
    const rng = resolveRng(o);
    const H = this.units;
    const C = this.inputSize;
    const M = this.motorSize;
    const add = (
      name: string,
      shape: number[],
      fill: (d: FloatArray) => void,
      trainable = true,
    ) => {
      this.tensors[name] = this.registerParameter(
        name,
        parameterTensor(dtype, shape, fill),
        trainable,
      );
    };
    const range = (name: keyof typeof INIT_RANGES) => (d: FloatArray) =>
      uniform(rng, d, INIT_RANGES[name][0], INIT_RANGES[name][1]);
    const copy = (src: Int32Array, abs: boolean) => (d: FloatArray) => {
      for (let i = 0; i < d.length; i++) d[i] = abs ? Math.abs(src[i]) : src[i];
    };
    add("gleak", [H], range("gleak"));
    add("vleak", [H], range("vleak"));
    add("cm", [H], range("cm"));
    add("sigma", [H, H], range("sigma"));
    add("mu", [H, H], range("mu"));
    add("w", [H, H], range("w"));
    add("erev", [H, H], copy(wiring.erevInitializer(), false));
    add("sensory_sigma", [C, H], range("sensory_sigma"));
    add("sensory_mu", [C, H], range("sensory_mu"));
    add("sensory_w", [C, H], range("sensory_w"));
    add("sensory_erev", [C, H], copy(wiring.sensoryErevInitializer(), false));
    add("sparsity_mask", [H, H], copy(wiring.adjacencyMatrix, true), false);
    add("sensory_sparsity_mask", [C, H], copy(wiring.sensoryAdjacencyMatrix!, true), false);
    if (this.inputMapping !== "none") add("input_w", [C], (d) => d.fill(1));
    if (this.inputMapping === "affine") add("input_b", [C], (d) => d.fill(0));
    if (this.outputMapping !== "none") add("output_w", [M], (d) => d.fill(1));
    if (this.outputMapping === "affine") add("output_b", [M], (d) => d.fill(0));
  }

  /**
   * The kernel configuration (mixed memory is decided by the sequence module).
   * @internal
   */
  kernelConfig(mixedMemory: boolean): LtcConfig {
    return {
      inputSize: this.inputSize,
      units: this.units,
      motorSize: this.motorSize,
      odeUnfolds: this.odeUnfolds,
      epsilon: this.epsilon,
      implicitConstraints: this.implicitParamConstraints,
      inputMapping: this.inputMapping,
      outputMapping: this.outputMapping,
      mixedMemory,
    };
  }

  /**
   * The kernel view of the parameters (live references to the tensors' data).
   * @internal
   */
  kernelParams(): LtcParams {
    const t = this.tensors;
    const opt = (name: string) => t[name]?.data ?? null;
    return {
      gleak: t.gleak.data,
      vleak: t.vleak.data,
      cm: t.cm.data,
      sigma: t.sigma.data,
      mu: t.mu.data,
      w: t.w.data,
      erev: t.erev.data,
      sparsityMask: t.sparsity_mask.data,
      sensorySigma: t.sensory_sigma.data,
      sensoryMu: t.sensory_mu.data,
      sensoryW: t.sensory_w.data,
      sensoryErev: t.sensory_erev.data,
      sensorySparsityMask: t.sensory_sparsity_mask.data,
      inputW: opt("input_w"),
      inputB: opt("input_b"),
      outputW: opt("output_w"),
      outputB: opt("output_b"),
      lstm: null,
    };
  }

  /**
   * Trainable tensors in the kernel's canonical order (see ltcTrainableBuffers).
   * @internal
   */
  kernelTensors(): Tensor[] {
    const names = [
      "gleak",
      "vleak",
      "cm",
      "sigma",
      "mu",
      "w",
      "erev",
      "sensory_sigma",
      "sensory_mu",
      "sensory_w",
      "sensory_erev",
      "input_w",
      "input_b",
      "output_w",
      "output_b",
    ];
    return names.filter((n) => n in this.tensors).map((n) => this.tensors[n]);
  }

  /**
   * ncps's explicit constraints: clips w, sensory_w, cm and gleak at zero in place. Call it after
   * each optimiser step when `implicitParamConstraints` is false.
   */
  applyWeightConstraints(): void {
    if (this.implicitParamConstraints) return;
    for (const name of ["w", "sensory_w", "cm", "gleak"]) {
      const d = this.tensors[name].data;
      for (let i = 0; i < d.length; i++) if (d[i] < 0) d[i] = 0;
    }
  }

  getConfig(): ModuleConfig {
    return {
      class: "LTCCell",
      wiring: this.wiring.getConfig(),
      inputMapping: this.inputMapping,
      outputMapping: this.outputMapping,
      odeUnfolds: this.odeUnfolds,
      epsilon: this.epsilon,
      implicitParamConstraints: this.implicitParamConstraints,
      dtype: this.dtype,
    };
  }
}
