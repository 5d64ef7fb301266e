/** ncps `FullyConnected`: every neuron and every input connects to every neuron. */
import { defaultRng, type Generator } from "../random/index.js";
import {
  describe,
  requireBoolean,
  requireGeneratorSeed,
  requireIntAtLeast,
  requireIntBetween,
} from "./args.js";
import type { FullyConnectedConfig, WiringConfig } from "./configTypes.js";
import { type Polarity, Wiring } from "./wiring.js";

/** Options of {@link FullyConnected}. */
export interface FullyConnectedOptions {
  /** Number of motor neurons (ids `0..outputDim-1`); default `units`. */
  outputDim?: number;
  /** Seed of `default_rng` drawing the polarities; default 1111. */
  erevInitSeed?: number;
  /** Whether neuron i connects to itself; default true. */
  selfConnections?: boolean;
}

/** Polarities drawn as `choice([-1, 1, 1])`: two thirds excitatory, as in ncps. */
const POLARITIES: readonly Polarity[] = [-1, 1, 1];

/**
 * All-to-all wiring with random polarities from `numpy.random.default_rng(erevInitSeed)`:
 * the constructor draws every `(src, dest)` in row-major order (skipping the diagonal
 * without a draw when `selfConnections` is false); `build` continues the stream over
 * every `(input, dest)`.
 */
export class FullyConnected extends Wiring {
  /** Seed of the polarity generator. */
  readonly erevInitSeed: number;
  /** Whether the diagonal carries synapses. */
  readonly selfConnections: boolean;
  private readonly rng: Generator;

  constructor(units: number, options: FullyConnectedOptions = {}) {
    super(requireIntAtLeast("units", units, 1));
    if (typeof options !== "object" || options === null) {
      throw new TypeError(`options: expected an object, got ${describe(options)}`);
    }
    const { outputDim = units, erevInitSeed = 1111, selfConnections = true } = options;
    this.setOutputDim(requireIntBetween("outputDim", outputDim, 1, units));
    this.erevInitSeed = requireGeneratorSeed("erevInitSeed", erevInitSeed);
    this.selfConnections = requireBoolean("selfConnections", selfConnections);
    this.rng = defaultRng(this.erevInitSeed);
    for (let src = 0; src < units; src++) {
      for (let dest = 0; dest < units; dest++) {
        if (src === dest && !this.selfConnections) continue;
        this.addSynapse(src, dest, this.rng.choice(POLARITIES));
      }
    }
  }

  protected override buildSynapses(inputDim: number): void {
    for (let src = 0; src < inputDim; src++) {
      for (let dest = 0; dest < this.units; dest++) {
        this.addSensorySynapse(src, dest, this.rng.choice(POLARITIES));
      }
    }
  }

  override get className(): "FullyConnected" {
    return "FullyConnected";
  }

  override getConfig(): FullyConnectedConfig {
    return {
      class: "FullyConnected",
      units: this.units,
      outputDim: this.outputDim ?? this.units,
      erevInitSeed: this.erevInitSeed,
      selfConnections: this.selfConnections,
      ...this.builtState(),
    };
  }

  static override fromConfig(config: WiringConfig): FullyConnected {
    if (typeof config !== "object" || config === null || config.class !== "FullyConnected") {
      throw new TypeError(
        `config.class: expected "FullyConnected", got ${describe(
          typeof config === "object" && config !== null ? config.class : config,
        )}`,
      );
    }
    const w = new FullyConnected(config.units, {
      outputDim: config.outputDim,
      erevInitSeed: config.erevInitSeed,
      selfConnections: config.selfConnections,
    });
    w.restoreBuiltState(config);
    return w;
  }

  /** An unbuilt wiring with the same constructor arguments. */
  override clone(): FullyConnected {
    return new FullyConnected(this.units, {
      outputDim: this.outputDim ?? this.units,
      erevInitSeed: this.erevInitSeed,
      selfConnections: this.selfConnections,
    });
  }
}
