/** ncps `AutoNCP`: an NCP whose sizes are derived from a neuron count and a sparsity level. */
import { describe, requireIntAtLeast, requireLegacySeed, requireNumberIn } from "./args.js";
import type { AutoNCPConfig, NCPSizes, WiringClassName, WiringConfig } from "./configTypes.js";
import { NCP } from "./ncp.js";

/** Options of {@link AutoNCP}. */
export interface AutoNCPOptions {
  /** Fraction of absent synapses, in `[0.1, 1.0]` (ncps's accepted range); default 0.5. */
  sparsityLevel?: number;
  /** Seed of the legacy MT19937 generator; default 22222. */
  seed?: number;
}

/**
 * The NCP sizes AutoNCP derives, with ncps's float64 products truncated toward zero
 * (e.g. `45 * 0.7 * 2 = 62.99999999999999` gives 62 recurrent synapses, not 63).
 */
export function autoNcpSizes(units: number, outputSize: number, sparsityLevel = 0.5): NCPSizes {
  const u = requireIntAtLeast("units", units, 1);
  const out = requireIntAtLeast("outputSize", outputSize, 1);
  if (out >= u - 2) {
    throw new RangeError(
      `outputSize: expected an integer below units - 2 = ${u - 2} (at least one inter and one command neuron), got ${out}`,
    );
  }
  const sparsity = requireNumberIn("sparsityLevel", sparsityLevel, 0.1, 1.0);
  const density = 1.0 - sparsity;
  const interAndCommand = u - out;
  const command = Math.max(Math.trunc(0.4 * interAndCommand), 1);
  const inter = interAndCommand - command;
  return {
    interNeurons: inter,
    commandNeurons: command,
    motorNeurons: out,
    sensoryFanout: Math.max(Math.trunc(inter * density), 1),
    interFanout: Math.max(Math.trunc(command * density), 1),
    recurrentCommandSynapses: Math.max(Math.trunc(command * density * 2), 1),
    motorFanin: Math.max(Math.trunc(command * density), 1),
  };
}

/** An {@link NCP} with `units` neurons of which `outputSize` are motor neurons. */
export class AutoNCP extends NCP {
  /** Number of motor neurons. */
  readonly outputSize: number;
  /** Fraction of absent synapses. */
  readonly sparsityLevel: number;

  constructor(units: number, outputSize: number, options: AutoNCPOptions = {}) {
    if (typeof options !== "object" || options === null) {
      throw new TypeError(`options: expected an object, got ${describe(options)}`);
    }
    const { sparsityLevel = 0.5, seed = 22222 } = options;
    super({
      ...autoNcpSizes(units, outputSize, sparsityLevel),
      seed: requireLegacySeed("seed", seed),
    });
    this.outputSize = outputSize;
    this.sparsityLevel = sparsityLevel;
  }

  override get className(): WiringClassName {
    return "AutoNCP";
  }

  override getConfig(): AutoNCPConfig {
    return {
      class: "AutoNCP",
      units: this.units,
      outputSize: this.outputSize,
      sparsityLevel: this.sparsityLevel,
      seed: this.seed,
      ...this.builtState(),
    };
  }

  static override fromConfig(config: WiringConfig): AutoNCP {
    if (typeof config !== "object" || config === null || config.class !== "AutoNCP") {
      throw new TypeError(
        `config.class: expected "AutoNCP", got ${describe(
          typeof config === "object" && config !== null ? config.class : config,
        )}`,
      );
    }
    const w = new AutoNCP(config.units, config.outputSize, {
      sparsityLevel: config.sparsityLevel,
      seed: config.seed,
    });
    w.restoreBuiltState(config);
    return w;
  }

  /** An unbuilt wiring with the same arguments. */
  override clone(): AutoNCP {
    return new AutoNCP(this.units, this.outputSize, {
      sparsityLevel: this.sparsityLevel,
      seed: this.seed,
    });
  }
}
