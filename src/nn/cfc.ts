/**
 * `CfC`: ncps's closed-form continuous-time sequence module (spec/ncps.md 2.1), fully connected
 * (`units` a number, with a backbone) or wired (`units` a Wiring). The whole recurrence is one
 * fused op; `stepper()` gives allocation-free single-step inference.
 */
import type { CfcParams } from "../backend/js/cfc.js";
import type { Tensor } from "../tensor/tensor.js";
import { Wiring, type WiringConfig, wiringFromConfig } from "../wirings/index.js";
import type { ActivationName } from "./activation.js";
import { CfCCell, type CfcMode } from "./cfcCell.js";
import { resolveRng } from "./init.js";
import { Linear } from "./linear.js";
import { LSTMCell } from "./lstmCell.js";
import { Module, type ModuleConfig } from "./module.js";
import { checkInt, checkOptions, type LayerOptions } from "./options.js";
import { cfcSequence } from "./recurrent/cfcOp.js";
import { CfcStepper } from "./recurrent/cfcStepper.js";
import { runWithResets } from "./recurrent/resets.js";
import {
  finishSequence,
  prepareSequence,
  type RecurrentState,
  type SequenceCall,
} from "./recurrent/sequenceIO.js";
import { WiredCfCCell } from "./wiredCfcCell.js";

/** Options of {@link CfC}; ncps's keyword arguments in camelCase. */
export interface CfCOptions extends LayerOptions {
  /** Linear projection of the readout to this many features (ncps `proj_size`). */
  projSize?: number | null;
  /** Return the readout of every step (default) or only of the last. */
  returnSequences?: boolean;
  /** Input `[B, T, C]` (default) or `[T, B, C]`. */
  batchFirst?: boolean;
  /** Run ncps's LSTM before the cell each step; the state becomes `[h, c]`. */
  mixedMemory?: boolean;
  /**
   * CfC mode: `"default"` (gated), `"pure"` (closed-form solution without gate) or `"no_gate"`;
   * default `"default"`.
   */
  mode?: CfcMode;
  /** Backbone activation (fully connected only). */
  activation?: ActivationName;
  /** Backbone width (fully connected only; default 128). */
  backboneUnits?: number | null;
  /** Backbone depth (fully connected only; default 1). */
  backboneLayers?: number | null;
  /** Dropout after each extra backbone layer in training mode (fully connected only; default 0). */
  backboneDropout?: number | null;
}

/**
 * Closed-form continuous-time (CfC) sequence module, ncps-torch's `CfC`: `units` a number gives a
 * fully connected cell with a backbone MLP, a {@link Wiring} gives one masked CfC layer per wiring
 * layer. Parameter names and shapes follow ncps-torch's `state_dict`.
 *
 * @example
 * ```ts
 * const model = new CfC(20, new AutoNCP(28, 4), { seed: 0 });
 * const [y, h] = model.forward(x, { timespans }); // x [B, T, 20] → y [B, T, 4], h [B, 28]
 * ```
 */
export class CfC extends Module {
  /** Number of input features C. */
  readonly inputSize: number;
  /** The wiring in wired mode, `null` when fully connected. */
  readonly wiring: Wiring | null;
  /** The recurrent cell (`rnn_cell` in the state dict). */
  readonly rnnCell: CfCCell | WiredCfCCell;
  /** The mixed-memory LSTM (`lstm`), or `null`. */
  readonly lstm: LSTMCell | null;
  /** The readout projection (`fc`, from `projSize`), or `null`. */
  readonly fc: Linear | null;
  /** Whether `forward` returns the readout of every step (else only the last). */
  readonly returnSequences: boolean;
  /** Whether inputs are `[B, T, C]` (else `[T, B, C]`). */
  readonly batchFirst: boolean;
  /** Whether an LSTM runs before the cell each step (the state is then `[h, c]`). */
  readonly mixedMemory: boolean;
  /** Width H of the hidden state (all neurons in wired mode). */
  readonly stateSize: number;
  /** Width of the cell readout before the projection. */
  readonly cellOutputSize: number;
  private readonly options: CfCOptions;

  constructor(inputSize: number, units: number | Wiring, options?: CfCOptions) {
    super();
    const o = checkOptions("CfC", options, [
      "projSize",
      "returnSequences",
      "batchFirst",
      "mixedMemory",
      "mode",
      "activation",
      "backboneUnits",
      "backboneLayers",
      "backboneDropout",
    ]);
    this.options = { ...o, rng: undefined, seed: undefined };
    this.inputSize = checkInt("CfC", "inputSize", inputSize, 1);
    const dtype = o.dtype ?? "float32";
    const rng = resolveRng(o);
    this.returnSequences = o.returnSequences ?? true;
    this.batchFirst = o.batchFirst ?? true;
    this.mixedMemory = o.mixedMemory ?? false;
    if (units instanceof Wiring) {
      for (const key of ["backboneUnits", "backboneLayers", "backboneDropout"] as const) {
        if (o[key] !== undefined && o[key] !== null) {
          throw new Error(
            `CfC: cannot use ${key} in wired mode (a Wiring has no backbone), got ${String(o[key])}`,
          );
        }
      }
      units.claim("CfC");
      this.wiring = units;
      const cell = new WiredCfCCell(inputSize, units, { mode: o.mode, dtype, rng });
      this.rnnCell = this.registerModule("rnn_cell", cell);
      this.stateSize = cell.stateSize;
      this.cellOutputSize = cell.outputSize;
    } else {
      checkInt("CfC", "units", units, 1);
      this.wiring = null;
      this.rnnCell = this.registerModule(
        "rnn_cell",
        new CfCCell(inputSize, units, {
          mode: o.mode,
          activation: o.activation,
          backboneUnits: o.backboneUnits ?? 128,
          backboneLayers: o.backboneLayers ?? 1,
          backboneDropout: o.backboneDropout ?? 0,
          dtype,
          rng,
        }),
      );
      this.stateSize = units;
      this.cellOutputSize = units;
    }
    this.lstm = this.mixedMemory
      ? this.registerModule("lstm", new LSTMCell(inputSize, this.stateSize, { dtype, rng }))
      : null;
    const proj = o.projSize ?? null;
    this.fc =
      proj === null
        ? null
        : this.registerModule(
            "fc",
            new Linear(this.cellOutputSize, checkInt("CfC", "projSize", proj, 1), { dtype, rng }),
          );
  }

  /** Features of the readout: `projSize`, or the cell's output width. */
  get outputSize(): number {
    return this.fc?.outFeatures ?? this.cellOutputSize;
  }

  /**
   * The kernel view of the whole recurrence (live references to the parameters' data).
   * @internal
   */
  kernelParams(): CfcParams {
    const cell = this.rnnCell;
    const base: CfcParams =
      cell instanceof WiredCfCCell
        ? cell.kernelParams()
        : {
            mode: cell.mode,
            backboneActivation: cell.activation,
            layers: [cell.kernelParams()],
            lstm: null,
          };
    return { ...base, lstm: this.lstm?.kernelParams() ?? null };
  }

  private kernelTensors(): Tensor[] {
    return [...this.rnnCell.kernelTensors(), ...(this.lstm?.kernelTensors() ?? [])];
  }

  /**
   * Runs the sequence. `x`: `[B, T, C]` (`[T, B, C]` when not batchFirst, `[T, C]` unbatched).
   * Returns `[readout, state]`: readout `[B, T, out]` (or `[B, out]` without returnSequences),
   * state `[B, H]`, or `[h, c]` with mixed memory.
   */
  forward(x: Tensor, call: SequenceCall = {}): [Tensor, RecurrentState] {
    const prepared = prepareSequence(
      {
        layer: "CfC",
        inputSize: this.inputSize,
        stateSize: this.stateSize,
        batchFirst: this.batchFirst,
        mixedMemory: this.mixedMemory,
        dtype: this.dtype,
      },
      x,
      call,
    );
    const cell = this.rnnCell;
    const params = this.kernelParams();
    const tensors = this.kernelTensors();
    const { readout, hFinal, cFinal } = runWithResets(prepared, (x, timespans, h0, c0) =>
      cfcSequence(
        x,
        { timespans, h0, c0: this.mixedMemory ? c0 : null },
        params,
        tensors,
        cell instanceof CfCCell ? cell.dropoutMasks(x.shape[0], x.shape[1]) : null,
      ),
    );
    const projected = this.fc === null ? readout : this.fc.forward(readout);
    return finishSequence(prepared, projected, hFinal, cFinal, {
      batchFirst: this.batchFirst,
      returnSequences: this.returnSequences,
    });
  }

  /**
   * Allocation-free streaming inference for `batch` samples: each `step(x)` advances the
   * carried state by one time step and returns the readout (a view, overwritten next step).
   */
  stepper(options: { batch?: number } = {}): CfcStepper {
    return new CfcStepper(this.kernelParams(), this.fc, options.batch ?? 1, this.inputSize);
  }

  getConfig(): ModuleConfig {
    const { rng: _rng, seed: _seed, ...rest } = this.options;
    return {
      class: "CfC",
      inputSize: this.inputSize,
      units: this.wiring === null ? this.stateSize : this.wiring.getConfig(),
      ...rest,
      dtype: this.dtype,
    };
  }

  /** Rebuilds a CfC (freshly initialised; load weights with `loadStateDict`) from `getConfig()`. */
  static fromConfig(config: ModuleConfig, options: { seed?: number } = {}): CfC {
    if (config.class !== "CfC")
      throw new Error(`CfC.fromConfig: expected class "CfC", got ${JSON.stringify(config.class)}`);
    const { class: _c, inputSize, units, ...rest } = config;
    const u = typeof units === "number" ? units : wiringFromConfig(units as WiringConfig);
    return new CfC(inputSize as number, u, { ...(rest as CfCOptions), ...options });
  }
}
