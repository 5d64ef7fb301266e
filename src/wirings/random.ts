/** ncps `Random`: a random subset of all possible synapses, by sparsity level. */
import { defaultRng, type Generator } from "../random/index.js";
import {
  describe,
  requireGeneratorSeed,
  requireIntAtLeast,
  requireIntBetween,
  requireNumberIn,
} from "./args.js";
import type { RandomConfig, WiringConfig } from "./configTypes.js";
import { type Polarity, Wiring } from "./wiring.js";

/** Options of {@link Random}. */
export interface RandomOptions {
  /** Number of motor neurons (ids `0..outputDim-1`); default `units`. */
  outputDim?: number;
  /** Fraction of absent synapses, in `[0, 1)`; default 0. */
  sparsityLevel?: number;
  /** Seed of `default_rng`; default 1111. */
  randomSeed?: number;
}

const POLARITIES: readonly Polarity[] = [-1, 1, 1];

/** numpy's `np.round` on a float: round half to even. */
export function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const diff = x - f;
  if (diff < 0.5) return f;
  if (diff > 0.5) return f + 1;
  return f % 2 === 0 ? f : f + 1;
}

/**
 * Random sparse wiring from `numpy.random.default_rng(randomSeed)`. The constructor picks
 * `round(units² · (1 - sparsity))` distinct `(src, dest)` pairs (`choice(..., replace=False)`
 * over row-major pairs) and draws a polarity for each in the returned order; `build` does
 * the same over `(input, dest)` pairs, drawing each polarity twice as ncps does (the second
 * draw wins), which keeps the stream identical.
 */
export class Random extends Wiring {
  /** Fraction of absent synapses. */
  readonly sparsityLevel: number;
  /** Seed of the generator. */
  readonly randomSeed: number;
  private readonly rng: Generator;

  constructor(units: number, options: RandomOptions = {}) {
    super(requireIntAtLeast("units", units, 1));
    if (typeof options !== "object" || options === null) {
      throw new TypeError(`options: expected an object, got ${describe(options)}`);
    }
    const { outputDim = units, sparsityLevel = 0, randomSeed = 1111 } = options;
    this.setOutputDim(requireIntBetween("outputDim", outputDim, 1, units));
    this.sparsityLevel = requireNumberIn("sparsityLevel", sparsityLevel, 0, 1, true);
    this.randomSeed = requireGeneratorSeed("randomSeed", randomSeed);
    this.rng = defaultRng(this.randomSeed);
    const n = roundHalfEven(units * units * (1 - this.sparsityLevel));
    for (const k of this.rng.choice(units * units, n, false)) {
      const src = Math.floor(k / units);
      this.addSynapse(src, k - src * units, this.rng.choice(POLARITIES));
    }
  }

  protected override buildSynapses(inputDim: number): void {
    const units = this.units;
    const n = roundHalfEven(inputDim * units * (1 - this.sparsityLevel));
    for (const k of this.rng.choice(inputDim * units, n, false)) {
      const src = Math.floor(k / units);
      this.rng.choice(POLARITIES); // ncps draws the sensory polarity twice; the first is discarded
      this.addSensorySynapse(src, k - src * units, this.rng.choice(POLARITIES));
    }
  }

  override get className(): "Random" {
    return "Random";
  }

  override getConfig(): RandomConfig {
    return {
      class: "Random",
      units: this.units,
      outputDim: this.outputDim ?? this.units,
      sparsityLevel: this.sparsityLevel,
      randomSeed: this.randomSeed,
      ...this.builtState(),
    };
  }

  static override fromConfig(config: WiringConfig): Random {
    if (typeof config !== "object" || config === null || config.class !== "Random") {
      throw new TypeError(
        `config.class: expected "Random", got ${describe(
          typeof config === "object" && config !== null ? config.class : config,
        )}`,
      );
    }
    const w = new Random(config.units, {
      outputDim: config.outputDim,
      sparsityLevel: config.sparsityLevel,
      randomSeed: config.randomSeed,
    });
    w.restoreBuiltState(config);
    return w;
  }

  /** An unbuilt wiring with the same constructor arguments. */
  override clone(): Random {
    return new Random(this.units, {
      outputDim: this.outputDim ?? this.units,
      sparsityLevel: this.sparsityLevel,
      randomSeed: this.randomSeed,
    });
  }
}
