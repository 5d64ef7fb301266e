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
import {
  finishSequence,
  prepareSequence,
  type RecurrentState,
  type SequenceCall,
} from "./recurrent/sequenceIO.js";

export interface LTCOptions extends LayerOptions {
  returnSequences?: boolean;
  batchFirst?: boolean;
  mixedMemory?: boolean;
  inputMapping?: LtcMapping | null;
  outputMapping?: LtcMapping | null;
  odeUnfolds?: number;
  epsilon?: number;
  /** Softplus on w, sensory_w, cm, gleak (default true here, false in LTCCell, as ncps). */
  implicitParamConstraints?: boolean;
}

export class LTC extends Module {
  readonly inputSize: number;
  readonly wiring: Wiring;
  readonly rnnCell: LTCCell;
  readonly lstm: LSTMCell | null;
  readonly returnSequences: boolean;
  readonly batchFirst: boolean;
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
        inputSize: this.inputSize,
        stateSize: this.stateSize,
        batchFirst: this.batchFirst,
        mixedMemory: this.mixedMemory,
        dtype: this.dtype,
      },
      x,
      call,
    );
    const { readout, hFinal, cFinal } = ltcSequence(
      prepared.x,
      { timespans: prepared.timespans, h0: prepared.h0, c0: this.mixedMemory ? prepared.c0 : null },
      this.rnnCell.kernelConfig(this.mixedMemory),
      this.kernelParams(),
      [...this.rnnCell.kernelTensors(), ...(this.lstm?.kernelTensors() ?? [])],
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
