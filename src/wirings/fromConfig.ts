/** Restores any wiring from its config by dispatching on `class`. */
import { describe } from "./args.js";
import { AutoNCP } from "./autoNcp.js";
import type { WiringConfig } from "./configTypes.js";
import { FullyConnected } from "./fullyConnected.js";
import { NCP } from "./ncp.js";
import { Random } from "./random.js";
import { Wiring } from "./wiring.js";

/** The wiring a {@link WiringConfig} describes (built, with its matrices, when the config has them). */
export function wiringFromConfig(config: WiringConfig): Wiring {
  if (typeof config !== "object" || config === null) {
    throw new TypeError(`config: expected a wiring config object, got ${describe(config)}`);
  }
  switch (config.class) {
    case "Wiring":
      return Wiring.fromConfig(config);
    case "FullyConnected":
      return FullyConnected.fromConfig(config);
    case "Random":
      return Random.fromConfig(config);
    case "NCP":
      return NCP.fromConfig(config);
    case "AutoNCP":
      return AutoNCP.fromConfig(config);
    default:
      throw new TypeError(
        `config.class: expected one of "Wiring", "FullyConnected", "Random", "NCP", "AutoNCP", got ${describe(
          (config as { class?: unknown }).class,
        )}`,
      );
  }
}
