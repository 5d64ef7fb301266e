/**
 * ncps's `CfCCell` (spec/ncps.md 2.2): an optional backbone MLP on [x, h], then the heads
 * ff1, ff2, time_a, time_b (modes "default", "no_gate") or ff1, w_tau, A (mode "pure"). With a
 * sparsity mask (used by `WiredCfCCell`) ff1 and ff2 weights are masked and there is no backbone.
 */
import type { BackboneActivation } from "../backend/js/activations.js";
import type { CfcLayerParams, CfcMode } from "../backend/js/cfc.js";
import { Tensor } from "../tensor/tensor.js";
import { Activation, type ActivationName, checkActivation } from "./activation.js";
import { Dropout } from "./dropout.js";
import { type RandomSource, resolveRng, xavierUniform } from "./init.js";
import { Linear } from "./linear.js";
import { Module, type ModuleConfig, parameterTensor } from "./module.js";
import { checkInt, checkOptions, type LayerOptions } from "./options.js";
import { cfcSequence } from "./recurrent/cfcOp.js";
import { type Layer, Sequential } from "./sequential.js";

export type { CfcMode };

/** The CfC modes ncps accepts. */
export const CFC_MODES: readonly CfcMode[] = ["default", "pure", "no_gate"];

/** Throws unless `mode` is a CfC mode. */
export function checkCfcMode(layer: string, mode: unknown): CfcMode {
  if (typeof mode === "string" && (CFC_MODES as readonly string[]).includes(mode)) {
    return mode as CfcMode;
  }
  throw new Error(
    `${layer}: mode must be one of ${CFC_MODES.map((m) => `"${m}"`).join(", ")}, got ${JSON.stringify(mode)}`,
  );
}

/** Options of {@link CfCCell}; ncps's keyword arguments in camelCase. */
export interface CfCCellOptions extends LayerOptions {
  /** `"default"`, `"pure"` or `"no_gate"`; default `"default"`. */
  mode?: CfcMode;
  /** Backbone activation (ncps `backbone_activation`), default "lecun_tanh". */
  activation?: ActivationName;
  /** Width of each backbone layer; default 128. */
  backboneUnits?: number;
  /** Number of backbone layers (0: the heads read `[x, h]` directly); default 1. */
  backboneLayers?: number;
  /**
   * Dropout probability after each extra backbone layer in training mode, in `[0, 1)`; default 0.
   */
  backboneDropout?: number;
  /** `[hiddenSize, inputSize + hiddenSize]` 0/1 mask for ff1/ff2 (needs backboneLayers 0). */
  sparsityMask?: ArrayLike<number>;
}

/**
 * One CfC step, ncps-torch's `CfCCell`: an optional backbone MLP on `[x, h]`, then the heads `ff1`,
 * `ff2`, `time_a`, `time_b` (modes `"default"`, `"no_gate"`) or `ff1`, `w_tau`, `A` (mode
 * `"pure"`). Sequences are faster through {@link CfC}.
 */
export class CfCCell extends Module {
  /** Number of input features C. */
  readonly inputSize: number;
  /** Width H of the state. */
  readonly hiddenSize: number;
  /** The CfC mode. */
  readonly mode: CfcMode;
  /** The backbone activation. */
  readonly activation: BackboneActivation;
  /** Width of each backbone layer. */
  readonly backboneUnits: number;
  /** Number of backbone layers. */
  readonly backboneLayers: number;
  /** Dropout probability after each extra backbone layer. */
  readonly backboneDropout: number;
  /** The frozen `[H, C + H]` mask of ff1/ff2 (`sparsity_mask`), or `null`. */
  readonly sparsityMask: Tensor | null;
  /** Pure mode's `w_tau` `[1, H]`, else `null`. */
  readonly wTau: Tensor | null;
  /** Pure mode's `A` `[1, H]`, else `null`. */
  readonly A: Tensor | null;
  /** The backbone MLP (`backbone`), or `null` without backbone layers. */
  readonly backbone: Sequential | null;
  /** The first head (`ff1`). */
  readonly ff1: Linear;
  /** The second head (`ff2`); `null` in pure mode. */
  readonly ff2: Linear | null;
  /** The time-gate slope head (`time_a`); `null` in pure mode. */
  readonly timeA: Linear | null;
  /** The time-gate offset head (`time_b`); `null` in pure mode. */
  readonly timeB: Linear | null;
  /** Draws the training-mode backbone dropout masks. */
  dropoutRng: RandomSource;

  constructor(inputSize: number, hiddenSize: number, options?: CfCCellOptions) {
    super();
    const layer = "CfCCell";
    const o = checkOptions(layer, options, [
      "mode",
      "activation",
      "backboneUnits",
      "backboneLayers",
      "backboneDropout",
      "sparsityMask",
    ]);
    this.inputSize = checkInt(layer, "inputSize", inputSize, 1);
    this.hiddenSize = checkInt(layer, "hiddenSize", hiddenSize, 1);
    this.mode = checkCfcMode(layer, o.mode ?? "default");
    const act = checkActivation(`${layer}: activation`, o.activation ?? "lecun_tanh");
    if (act === "sigmoid")
      throw new Error(`${layer}: activation "sigmoid" is not a backbone activation`);
    this.activation = act;
    this.backboneUnits = checkInt(layer, "backboneUnits", o.backboneUnits ?? 128, 0);
    this.backboneLayers = checkInt(layer, "backboneLayers", o.backboneLayers ?? 1, 0);
    const p = o.backboneDropout ?? 0;
    if (!(typeof p === "number" && p >= 0 && p < 1)) {
      throw new RangeError(
        `${layer}: backboneDropout must be a number in [0, 1), got ${String(p)}`,
      );
    }
    this.backboneDropout = p;
    if (this.backboneLayers > 0 && this.backboneUnits < 1) {
      throw new RangeError(
        `${layer}: backboneUnits must be >= 1 when backboneLayers > 0, got ${this.backboneUnits}`,
      );
    }
    const dtype = o.dtype ?? "float32";
    const rng = resolveRng(o);
    this.dropoutRng = rng;
    const H = hiddenSize;
    const z0 = inputSize + H;

    if (o.sparsityMask !== undefined) {
      if (this.backboneLayers > 0) {
        throw new Error(
          `${layer}: a sparsityMask needs backboneLayers 0, got ${this.backboneLayers}`,
        );
      }
      const mask = o.sparsityMask;
      if (mask.length !== H * z0) {
        throw new RangeError(
          `${layer}: sparsityMask must have ${H}x${z0} = ${H * z0} values, got ${mask.length}`,
        );
      }
      this.sparsityMask = this.registerParameter(
        "sparsity_mask",
        parameterTensor(dtype, [H, z0], (d) => {
          for (let i = 0; i < d.length; i++) d[i] = Math.abs(mask[i]);
        }),
        false,
      );
    } else {
      this.sparsityMask = null;
    }
    // ncps registers w_tau and A (own parameters) before its submodules; xavier-initialised
    const pure = this.mode === "pure";
    const xavierRow = (d: Float32Array | Float64Array) => xavierUniform(rng, d, 1, H);
    this.wTau = pure
      ? this.registerParameter("w_tau", parameterTensor(dtype, [1, H], xavierRow))
      : null;
    this.A = pure ? this.registerParameter("A", parameterTensor(dtype, [1, H], xavierRow)) : null;

    if (this.backboneLayers > 0) {
      const U = this.backboneUnits;
      const layers: Layer[] = [new Linear(z0, U, { dtype, rng }), new Activation(act)];
      for (let i = 1; i < this.backboneLayers; i++) {
        layers.push(new Linear(U, U, { dtype, rng }), new Activation(act));
        if (p > 0) layers.push(new Dropout(p, { rng }));
      }
      this.backbone = this.registerModule("backbone", new Sequential(...layers));
    } else {
      this.backbone = null;
    }
    const d = this.backboneLayers > 0 ? this.backboneUnits : z0;
    const head = (name: string): Linear =>
      this.registerModule(name, new Linear(d, H, { dtype, rng }));
    this.ff1 = head("ff1");
    this.ff2 = pure ? null : head("ff2");
    this.timeA = pure ? null : head("time_a");
    this.timeB = pure ? null : head("time_b");
    for (const lin of this.linears())
      xavierUniform(rng, lin.weight.data, lin.outFeatures, lin.inFeatures);
  }

  /** Backbone Linear layers, then the heads (the order of the kernel's buffers). */
  private linears(): Linear[] {
    const bb = (this.backbone?.layers ?? []).filter((l): l is Linear => l instanceof Linear);
    return [
      ...bb,
      this.ff1,
      ...[this.ff2, this.timeA, this.timeB].filter((l): l is Linear => l !== null),
    ];
  }

  /**
   * The kernel view of this cell (live references to the parameters' data).
   * @internal
   */
  kernelParams(): CfcLayerParams {
    const lin = (l: Linear | null) =>
      l === null ? null : { weight: l.weight.data, bias: l.bias!.data };
    const bb = (this.backbone?.layers ?? []).filter((l): l is Linear => l instanceof Linear);
    return {
      inputSize: this.inputSize,
      hiddenSize: this.hiddenSize,
      backbone: bb.map((l) => ({ weight: l.weight.data, bias: l.bias!.data })),
      ff1: { weight: this.ff1.weight.data, bias: this.ff1.bias!.data },
      ff2: lin(this.ff2),
      timeA: lin(this.timeA),
      timeB: lin(this.timeB),
      wTau: this.wTau?.data ?? null,
      a: this.A?.data ?? null,
      sparsityMask: this.sparsityMask?.data ?? null,
    };
  }

  /**
   * Trainable tensors in the kernel's canonical order (see cfcTrainableBuffers).
   * @internal
   */
  kernelTensors(): Tensor[] {
    const out: Tensor[] = [];
    for (const l of this.linears()) out.push(l.weight, l.bias!);
    if (this.wTau !== null && this.A !== null) out.push(this.wTau, this.A);
    return out;
  }

  /**
   * Training-mode dropout keep masks for a call of `batch` x `steps` (null when dropout is
   * inactive): one entry per backbone Linear, null for the first (ncps drops only after extra layers).
   */
  dropoutMasks(batch: number, steps: number): (Float32Array | Float64Array | null)[] | null {
    if (!this.training || this.backboneDropout === 0 || this.backboneLayers < 2) return null;
    const p = this.backboneDropout;
    const n = batch * steps * this.backboneUnits;
    const masks: (Float32Array | Float64Array | null)[] = [null];
    for (let i = 1; i < this.backboneLayers; i++) {
      const m = this.dtype === "float64" ? new Float64Array(n) : new Float32Array(n);
      for (let k = 0; k < n; k++) m[k] = this.dropoutRng.random() < p ? 0 : 1 / (1 - p);
      masks.push(m);
    }
    return masks;
  }

  /**
   * One step, as ncps's `CfCCell.forward`: x [B, C], h [B, H], elapsed time `ts` (a number, or
   * a [B] tensor of per-sample times) → the new state [B, H].
   */
  forward(x: Tensor, h: Tensor, ts: number | Tensor = 1): Tensor {
    const B = x.shape[0];
    if (x.ndim !== 2 || x.shape[1] !== this.inputSize) {
      throw new RangeError(
        `CfCCell: input must have shape [B, ${this.inputSize}], got [${x.shape.join(", ")}]`,
      );
    }
    if (h.ndim !== 2 || h.shape[0] !== B || h.shape[1] !== this.hiddenSize) {
      throw new RangeError(
        `CfCCell: hx must have shape [${B}, ${this.hiddenSize}], got [${h.shape.join(", ")}]`,
      );
    }
    const timespans =
      typeof ts === "number"
        ? ts === 1
          ? null
          : new Tensor(
              x.dtype === "float64" ? new Float64Array(B).fill(ts) : new Float32Array(B).fill(ts),
              [B, 1],
            )
        : ts.reshape([B, 1]);
    const { hFinal } = cfcSequence(
      x.reshape([B, 1, this.inputSize]),
      { timespans, h0: h, c0: null },
      {
        mode: this.mode,
        backboneActivation: this.activation,
        layers: [this.kernelParams()],
        lstm: null,
      },
      this.kernelTensors(),
      this.dropoutMasks(B, 1),
    );
    return hFinal;
  }

  getConfig(): ModuleConfig {
    return {
      class: "CfCCell",
      inputSize: this.inputSize,
      hiddenSize: this.hiddenSize,
      mode: this.mode,
      activation: this.activation,
      backboneUnits: this.backboneUnits,
      backboneLayers: this.backboneLayers,
      backboneDropout: this.backboneDropout,
      dtype: this.dtype,
    };
  }
}
