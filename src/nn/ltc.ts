/**
 * `LTC`: ncps's liquid time-constant sequence module (spec/ncps.md 2.5). `units` a number gives
 * a `FullyConnected(units)` wiring (seed 1111, as ncps); a Wiring is used as given. The state is
 * in neuron-id order (motor neurons first); the readout is the mapped motor neurons.
 */
import type { Tensor } from "../tensor/tensor.js";
import { FullyConnected, Wiring, type WiringConfig, wiringFromConfig } from "../wirings/index.js";
import { resolveRng } from "./init.js";
import { LSTMCell } from "./lstmCell.js";
import { LTCCell, type LtcMapping } from "./ltcCell.js";
import { Module, type ModuleConfig } from "./module.js";
import { checkInt, checkOptions, type LayerOptions } from "./options.js";
import { ltcSequence } from "./recurrent/ltcOp.js";
import { LtcSequenceStepper } from "./recurrent/ltcStepper.js";
import { runWithResets } from "./recurrent/resets.js";
import {
  finishSequence,
  prepareSequence,
  type RecurrentState,
  type SequenceCall,
} from "./recurrent/sequenceIO.js";

/** Options of {@link LTC}; ncps's keyword arguments in camelCase. */
export interface LTCOptions extends LayerOptions {
  /** Return the readout of every step (default) or only of the last. */
  returnSequences?: boolean;
  /** Input `[B, T, C]` (default) or `[T, B, C]`. */
  batchFirst?: boolean;
  /** Run ncps's LSTM before the cell each step; the state becomes `[h, c]`. */
  mixedMemory?: boolean;
  /** `"affine"` (default), `"linear"` or `"none"` (null is taken as "none"). */
  inputMapping?: LtcMapping | null;
  /** `"affine"` (default), `"linear"` or `"none"` (null is taken as "none"). */
  outputMapping?: LtcMapping | null;
  /** Semi-implicit Euler steps per time step; default 6. */
  odeUnfolds?: number;
  /** Added to the solver's denominator; default 1e-8. */
  epsilon?: number;
  /** Softplus on w, sensory_w, cm, gleak (default true here, false in LTCCell, as ncps). */
  implicitParamConstraints?: boolean;
}

/**
 * Liquid time-constant (LTC) sequence module, ncps-torch's `LTC`: `units` a number gives a
 * `FullyConnected(units)` wiring (seed 1111, as ncps), a {@link Wiring} is used as given. The state
 * is in neuron-id order (motor neurons first); the readout is the mapped motor neurons.
 *
 * @example
 * ```ts
 * const model = new LTC(20, new AutoNCP(28, 4), { seed: 0 });
 * const [y, h] = model.forward(x); // x [B, T, 20] → y [B, T, 4], h [B, 28]
 * ```
 */
export class LTC extends Module {
  /** Number of input features C. */
  readonly inputSize: number;
  /** The wiring (a `FullyConnected` when built from a number). */
  readonly wiring: Wiring;
  /** The LTC cell (`rnn_cell` in the state dict). */
  readonly rnnCell: LTCCell;
  /** The mixed-memory LSTM (`lstm`), or `null`. */
  readonly lstm: LSTMCell | null;
  /** Whether `forward` returns the readout of every step (else only the last). */
  readonly returnSequences: boolean;
  /** Whether inputs are `[B, T, C]` (else `[T, B, C]`). */
  readonly batchFirst: boolean;
  /** Whether an LSTM runs before the cell each step (the state is then `[h, c]`). */
  readonly mixedMemory: boolean;
  private readonly options: LTCOptions;
  private readonly unitsArg: number | null;

  constructor(inputSize: number, units: number | Wiring, options?: LTCOptions) {
    super();
    const o = checkOptions("LTC", options, [
      "returnSequences",
      "batchFirst",
      "mixedMemory",
      "inputMapping",
      "outputMapping",
      "odeUnfolds",
      "epsilon",
      "implicitParamConstraints",
    ]);
    this.options = { ...o, rng: undefined, seed: undefined };
    this.inputSize = checkInt("LTC", "inputSize", inputSize, 1);
    const dtype = o.dtype ?? "float32";
    const rng = resolveRng(o);
    if (units instanceof Wiring) {
      this.wiring = units;
      this.unitsArg = null;
    } else {
      this.wiring = new FullyConnected(checkInt("LTC", "units", units, 1));
      this.unitsArg = units;
    }
    this.wiring.claim("LTC");
    this.returnSequences = o.returnSequences ?? true;
    this.batchFirst = o.batchFirst ?? true;
    this.mixedMemory = o.mixedMemory ?? false;
    this.rnnCell = this.registerModule(
      "rnn_cell",
      new LTCCell(this.wiring, inputSize, {
        inputMapping: o.inputMapping,
        outputMapping: o.outputMapping,
        odeUnfolds: o.odeUnfolds,
        epsilon: o.epsilon,
        implicitParamConstraints: o.implicitParamConstraints ?? true,
        dtype,
        rng,
      }),
    );
    this.lstm = this.mixedMemory
      ? this.registerModule("lstm", new LSTMCell(inputSize, this.wiring.units, { dtype, rng }))
      : null;
  }

  /** Width of the state (all neurons). */
  get stateSize(): number {
    return this.wiring.units;
  }

  /** Width of the readout (the motor neurons). */
  get outputSize(): number {
    return this.rnnCell.motorSize;
  }

  /** Clips w, sensory_w, cm, gleak at zero (for implicitParamConstraints false); see LTCCell. */
  applyWeightConstraints(): void {
    this.rnnCell.applyWeightConstraints();
  }

  private kernelParams() {
    return { ...this.rnnCell.kernelParams(), lstm: this.lstm?.kernelParams() ?? null };
  }

  /**
   * Runs the sequence; same layouts and return values as `CfC.forward` (the state is `[h, c]`
   * with mixed memory).
   */
  forward(x: Tensor, call: SequenceCall = {}): [Tensor, RecurrentState] {
    const prepared = prepareSequence(
      {
        layer: "LTC",
        positiveTimespans: true,
        inputSize: this.inputSize,
        stateSize: this.stateSize,
        batchFirst: this.batchFirst,
        mixedMemory: this.mixedMemory,
        dtype: this.dtype,
      },
      x,
      call,
    );
    const config = this.rnnCell.kernelConfig(this.mixedMemory);
    const params = this.kernelParams();
    const tensors = [...this.rnnCell.kernelTensors(), ...(this.lstm?.kernelTensors() ?? [])];
    const { readout, hFinal, cFinal } = runWithResets(prepared, (x, timespans, h0, c0) =>
      ltcSequence(x, { timespans, h0, c0: this.mixedMemory ? c0 : null }, config, params, tensors),
    );
    return finishSequence(prepared, readout, hFinal, cFinal, {
      batchFirst: this.batchFirst,
      returnSequences: this.returnSequences,
    });
  }

  /** Allocation-free streaming inference (see `CfC.stepper`). */
  stepper(options: { batch?: number } = {}): LtcSequenceStepper {
    return new LtcSequenceStepper(
      this.rnnCell.kernelConfig(this.mixedMemory),
      this.kernelParams(),
      options.batch ?? 1,
    );
  }

  getConfig(): ModuleConfig {
    const { rng: _rng, seed: _seed, ...rest } = this.options;
    return {
      class: "LTC",
      inputSize: this.inputSize,
      units: this.unitsArg ?? this.wiring.getConfig(),
      ...rest,
      dtype: this.dtype,
    };
  }

  /** Rebuilds an LTC (freshly initialised; load weights with `loadStateDict`) from `getConfig()`. */
  static fromConfig(config: ModuleConfig, options: { seed?: number } = {}): LTC {
    if (config.class !== "LTC")
      throw new Error(`LTC.fromConfig: expected class "LTC", got ${JSON.stringify(config.class)}`);
    const { class: _c, inputSize, units, ...rest } = config;
    const u = typeof units === "number" ? units : wiringFromConfig(units as WiringConfig);
    return new LTC(inputSize as number, u, { ...(rest as LTCOptions), ...options });
  }
}
