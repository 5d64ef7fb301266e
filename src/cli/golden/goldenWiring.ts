/** Builds our wiring from a golden `wiring` record (ncps class name + snake_case args). */

import { AutoNCP, FullyConnected, NCP, Random, type Wiring } from "../../wirings/index.js";
import type { GoldenWiring } from "./schema.js";

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

/** One line of the golden runner: a case id, its worst errors, and what failed. */
export interface CaseResult {
  caseId: string;
  ok: boolean;
  maxAbs: number;
  maxRel: number;
  failures: string[];
}

/** Rebuilds a golden wiring from its class, arguments and input size and compares every field exactly. */
export function checkGoldenWiring(caseId: string, rec: GoldenWiring): CaseResult {
  const failures: string[] = [];
  const w = wiringFromGoldenArgs(rec).build(rec.input_dim);
  const same = (what: string, a: unknown, e: unknown): void => {
    if (JSON.stringify(a) !== JSON.stringify(e)) failures.push(`${what} differs`);
  };
  same("units", w.units, rec.units);
  same("output_dim", w.outputDim, rec.output_dim);
  same("adjacency_matrix", w.adjacencyRows(), rec.adjacency_matrix);
  same("sensory_adjacency_matrix", w.sensoryAdjacencyRows(), rec.sensory_adjacency_matrix);
  same("synapse_count", w.synapseCount, rec.synapse_count);
  same("sensory_synapse_count", w.sensorySynapseCount, rec.sensory_synapse_count);
  same(
    "layers",
    Array.from({ length: w.numLayers }, (_, l) => w.getNeuronsOfLayer(l)),
    rec.layers,
  );
  same(
    "neuron_types",
    Array.from({ length: w.units }, (_, i) => w.getTypeOfNeuron(i)),
    rec.neuron_types,
  );
  // matrices are integers: any mismatch counts as an absolute error of at least 1
  const ok = failures.length === 0;
  return { caseId, ok, maxAbs: ok ? 0 : 1, maxRel: ok ? 0 : 1, failures };
}
