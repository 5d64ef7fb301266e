/** ncps `NCP`: the four-layer Neural Circuit Policy wiring (sensory → inter → command → motor). */
import { RandomState } from "../random/index.js";
import { describe, requireIntAtLeast, requireIntBetween, requireLegacySeed } from "./args.js";
import type { NCPConfig, NCPSizes, WiringClassName, WiringConfig } from "./configTypes.js";
import { type NeuronType, type Polarity, Wiring } from "./wiring.js";

/** Arguments of {@link NCP}: the seven sizes and the seed (default 22222). */
export interface NCPOptions extends NCPSizes {
  /** Seed of the legacy MT19937 generator; default 22222. */
  seed?: number;
}

const POLARITIES: readonly Polarity[] = [-1, 1];

const range = (start: number, end: number): number[] =>
  Array.from({ length: end - start }, (_, i) => start + i);

const clip = (v: number, lo: number, hi: number): number => Math.max(lo, Math.min(hi, v));

/** A fan-out/fan-in: an integer in `[0, layerSize]` (it samples that layer without replacement). */
function requireFanout(name: string, value: unknown, layer: string, layerSize: number): number {
  const v = requireIntAtLeast(name, value, 0);
  if (v > layerSize) {
    throw new RangeError(
      `${name}: expected an integer in [0, ${layerSize}] (at most ${layer} = ${layerSize}), got ${v}`,
    );
  }
  return v;
}

/** Checks the seven sizes against each other, as ncps does (and their types, which it does not). */
function validateSizes(o: NCPSizes): NCPSizes {
  if (typeof o !== "object" || o === null) {
    throw new TypeError(`options: expected an object with the NCP sizes, got ${describe(o)}`);
  }
  const inter = requireIntAtLeast("interNeurons", o.interNeurons, 1);
  const command = requireIntAtLeast("commandNeurons", o.commandNeurons, 1);
  const motor = requireIntAtLeast("motorNeurons", o.motorNeurons, 1);
  return {
    interNeurons: inter,
    commandNeurons: command,
    motorNeurons: motor,
    sensoryFanout: requireFanout("sensoryFanout", o.sensoryFanout, "interNeurons", inter),
    interFanout: requireFanout("interFanout", o.interFanout, "commandNeurons", command),
    recurrentCommandSynapses: requireIntAtLeast(
      "recurrentCommandSynapses",
      o.recurrentCommandSynapses,
      0,
    ),
    motorFanin: requireFanout("motorFanin", o.motorFanin, "commandNeurons", command),
  };
}

/**
 * Neural Circuit Policy wiring. Neuron ids: motor `[0, motor)`, command
 * `[motor, motor+command)`, inter `[motor+command, units)`; layers 0 = inter, 1 = command,
 * 2 = motor. All synapses are drawn in `build()` from `numpy.random.RandomState(seed)`, in
 * ncps's order: sensory→inter, inter→command, recurrent command, command→motor.
 */
export class NCP extends Wiring {
  /** The seven sizes this wiring was made from. */
  readonly sizes: Readonly<NCPSizes>;
  /** Seed of the legacy MT19937 generator. */
  readonly seed: number;
  private readonly rng: RandomState;
  private readonly motorIds: number[];
  private readonly commandIds: number[];
  private readonly interIds: number[];

  constructor(options: NCPOptions) {
    const sizes = validateSizes(options);
    super(sizes.interNeurons + sizes.commandNeurons + sizes.motorNeurons);
    this.sizes = Object.freeze(sizes);
    this.seed = requireLegacySeed("seed", options.seed ?? 22222);
    this.setOutputDim(sizes.motorNeurons);
    this.rng = new RandomState(this.seed);
    const m = sizes.motorNeurons;
    const c = sizes.commandNeurons;
    this.motorIds = range(0, m);
    this.commandIds = range(m, m + c);
    this.interIds = range(m + c, this.units);
  }

  override get numLayers(): number {
    return 3;
  }

  /** Layer 0: inter neurons, 1: command neurons, 2: motor neurons. */
  override getNeuronsOfLayer(layer: number): number[] {
    const l = requireIntBetween("layer", layer, 0, 2);
    return (l === 0 ? this.interIds : l === 1 ? this.commandIds : this.motorIds).slice();
  }

  override getTypeOfNeuron(neuronId: number): NeuronType {
    const i = requireIntBetween("neuronId", neuronId, 0, this.units - 1);
    if (i < this.sizes.motorNeurons) return "motor";
    if (i < this.sizes.motorNeurons + this.sizes.commandNeurons) return "command";
    return "inter";
  }

  protected override buildSynapses(inputDim: number): void {
    const s = this.sizes;
    const sensoryIds = range(0, inputDim);
    const polarity = (): Polarity => this.rng.choice(POLARITIES);

    // 1. sensory -> inter, then inputs for inter neurons that nothing reached
    let unreachable = this.interIds.slice();
    for (const src of sensoryIds) {
      for (const dest of this.rng.choice(this.interIds, s.sensoryFanout, false)) {
        unreachable = unreachable.filter((n) => n !== dest);
        this.addSensorySynapse(src, dest, polarity());
      }
    }
    let fanin = clip(Math.trunc((inputDim * s.sensoryFanout) / s.interNeurons), 1, inputDim);
    for (const dest of unreachable) {
      for (const src of this.rng.choice(sensoryIds, fanin, false)) {
        this.addSensorySynapse(src, dest, polarity());
      }
    }

    // 2. inter -> command (ncps clips the fan-in by the command count)
    unreachable = this.commandIds.slice();
    for (const src of this.interIds) {
      for (const dest of this.rng.choice(this.commandIds, s.interFanout, false)) {
        unreachable = unreachable.filter((n) => n !== dest);
        this.addSynapse(src, dest, polarity());
      }
    }
    fanin = clip(
      Math.trunc((s.interNeurons * s.interFanout) / s.commandNeurons),
      1,
      s.commandNeurons,
    );
    for (const dest of unreachable) {
      for (const src of this.rng.choice(this.interIds, fanin, false)) {
        this.addSynapse(src, dest, polarity());
      }
    }

    // 3. recurrent command synapses (duplicates and self-loops overwrite)
    for (let i = 0; i < s.recurrentCommandSynapses; i++) {
      const src = this.rng.choice(this.commandIds);
      const dest = this.rng.choice(this.commandIds);
      this.addSynapse(src, dest, polarity());
    }

    // 4. command -> motor, then outputs for command neurons that reach no motor neuron
    unreachable = this.commandIds.slice();
    for (const dest of this.motorIds) {
      for (const src of this.rng.choice(this.commandIds, s.motorFanin, false)) {
        unreachable = unreachable.filter((n) => n !== src);
        this.addSynapse(src, dest, polarity());
      }
    }
    const fanout = clip(
      Math.trunc((s.motorNeurons * s.motorFanin) / s.commandNeurons),
      1,
      s.motorNeurons,
    );
    for (const src of unreachable) {
      for (const dest of this.rng.choice(this.motorIds, fanout, false)) {
        this.addSynapse(src, dest, polarity());
      }
    }
  }

  override get className(): WiringClassName {
    return "NCP";
  }

  /** The sizes and seed (not ncps's broken `get_config`), plus the matrices once built. */
  override getConfig(): WiringConfig {
    const config: NCPConfig = {
      class: "NCP",
      ...this.sizes,
      seed: this.seed,
      ...this.builtState(),
    };
    return config;
  }

  static override fromConfig(config: WiringConfig): NCP {
    if (typeof config !== "object" || config === null || config.class !== "NCP") {
      throw new TypeError(
        `config.class: expected "NCP", got ${describe(
          typeof config === "object" && config !== null ? config.class : config,
        )}`,
      );
    }
    const w = new NCP(config);
    w.restoreBuiltState(config);
    return w;
  }

  /** An unbuilt wiring with the same sizes and seed. */
  override clone(): NCP {
    return new NCP({ ...this.sizes, seed: this.seed });
  }
}
