/** Builds our wiring from a golden `wiring` record (ncps class name + snake_case args). */
import type { GoldenWiring } from "../../src/cli/golden/schema.js";
import { AutoNCP, FullyConnected, NCP, Random, type Wiring } from "../../src/wirings/index.js";

type Args = Record<string, number | boolean | null>;

const num = (args: Args, key: string): number | undefined => {
  const v = args[key];
  return typeof v === "number" ? v : undefined;
};

/** The unbuilt wiring ncps constructed for this record. */
export function wiringFromGoldenArgs(rec: Pick<GoldenWiring, "class" | "args">): Wiring {
  const a = rec.args;
  switch (rec.class) {
    case "FullyConnected":
      return new FullyConnected(num(a, "units") as number, {
        outputDim: num(a, "output_dim"),
        erevInitSeed: num(a, "erev_init_seed"),
        selfConnections: typeof a.self_connections === "boolean" ? a.self_connections : undefined,
      });
    case "Random":
      return new Random(num(a, "units") as number, {
        outputDim: num(a, "output_dim"),
        sparsityLevel: num(a, "sparsity_level"),
        randomSeed: num(a, "random_seed"),
      });
    case "NCP":
      return new NCP({
        interNeurons: num(a, "inter_neurons") as number,
        commandNeurons: num(a, "command_neurons") as number,
        motorNeurons: num(a, "motor_neurons") as number,
        sensoryFanout: num(a, "sensory_fanout") as number,
        interFanout: num(a, "inter_fanout") as number,
        recurrentCommandSynapses: num(a, "recurrent_command_synapses") as number,
        motorFanin: num(a, "motor_fanin") as number,
        seed: num(a, "seed"),
      });
    case "AutoNCP":
      return new AutoNCP(num(a, "units") as number, num(a, "output_size") as number, {
        sparsityLevel: num(a, "sparsity_level"),
        seed: num(a, "seed"),
      });
    default:
      throw new Error(`golden wiring class ${rec.class} is not constructed from args`);
  }
}

/** snake_case → camelCase for config keys. */
export function camelKeys(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(o).map(([k, v]) => [
      k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()),
      v,
    ]),
  );
}
