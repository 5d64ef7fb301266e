/** `ncps wiring`: build a wiring, print its config and matrices, or draw it as SVG. */
import { writeFileAtomicSync } from "../../io/atomic.js";
import { drawWiring } from "../../wirings/draw.js";
import { AutoNCP, FullyConnected, NCP, Random, type Wiring } from "../../wirings/index.js";
import { type Command, numberFlag, type ParsedFlags, parseFlags } from "../command.js";

function intList(flags: ParsedFlags, name: string, count: number[]): number[] | undefined {
  const raw = flags[name];
  if (raw === undefined) return undefined;
  const parts = String(raw)
    .split(",")
    .map((s) => s.trim());
  const values = parts.map(Number);
  if (!count.includes(parts.length) || values.some((v) => !Number.isInteger(v))) {
    throw new Error(
      `--${name} expects ${count.join(" or ")} comma-separated integers, got '${String(raw)}'`,
    );
  }
  return values;
}

function buildWiring(flags: ParsedFlags): Wiring {
  const seed = numberFlag(flags, "seed", { integer: true, min: 0 });
  const sparsity = numberFlag(flags, "sparsity");
  const chosen = ["auto-ncp", "ncp", "fully-connected", "random"].filter(
    (f) => flags[f] !== undefined,
  );
  if (chosen.length !== 1) {
    throw new Error(
      `give exactly one of --auto-ncp, --ncp, --fully-connected, --random; got ${chosen.length === 0 ? "none" : chosen.map((c) => `--${c}`).join(" and ")}`,
    );
  }
  const autoNcp = intList(flags, "auto-ncp", [2]);
  if (autoNcp) {
    return new AutoNCP(autoNcp[0], autoNcp[1], {
      ...(sparsity !== undefined && { sparsityLevel: sparsity }),
      ...(seed !== undefined && { seed }),
    });
  }
  const ncp = intList(flags, "ncp", [7]);
  if (ncp) {
    const [
      interNeurons,
      commandNeurons,
      motorNeurons,
      sensoryFanout,
      interFanout,
      recurrentCommandSynapses,
      motorFanin,
    ] = ncp;
    return new NCP({
      interNeurons,
      commandNeurons,
      motorNeurons,
      sensoryFanout,
      interFanout,
      recurrentCommandSynapses,
      motorFanin,
      ...(seed !== undefined && { seed }),
    });
  }
  const fc = intList(flags, "fully-connected", [1, 2]);
  if (fc) {
    return new FullyConnected(fc[0], {
      ...(fc[1] !== undefined && { outputDim: fc[1] }),
      ...(seed !== undefined && { erevInitSeed: seed }),
    });
  }
  const random = intList(flags, "random", [1, 2]);
  if (random) {
    return new Random(random[0], {
      ...(random[1] !== undefined && { outputDim: random[1] }),
      ...(sparsity !== undefined && { sparsityLevel: sparsity }),
      ...(seed !== undefined && { randomSeed: seed }),
    });
  }
  throw new Error("unreachable");
}

export const wiringCommand: Command = {
  name: "wiring",
  summary: "Build a wiring for an input size and draw it as SVG or print its config and matrices.",
  flags: {
    "auto-ncp": {
      type: "string",
      value: "<units>,<outputs>",
      description: "AutoNCP(units, outputs)",
    },
    ncp: {
      type: "string",
      value: "<i>,<c>,<m>,<sf>,<if>,<rc>,<mf>",
      description:
        "NCP(inter, command, motor, sensory fanout, inter fanout, recurrent command, motor fanin)",
    },
    "fully-connected": {
      type: "string",
      value: "<units>[,<outputs>]",
      description: "FullyConnected",
    },
    random: {
      type: "string",
      value: "<units>[,<outputs>]",
      description: "Random (see --sparsity)",
    },
    input: {
      type: "string",
      value: "<n>",
      description: "input (sensory) size the wiring is built for",
    },
    sparsity: { type: "string", value: "<s>", description: "sparsity level (AutoNCP, Random)" },
    seed: { type: "string", value: "<n>", description: "random seed" },
    out: { type: "string", value: "<file.svg>", description: "write the drawing to this file" },
    json: { type: "boolean", description: "print the config with the adjacency matrices as JSON" },
  },
  examples: [
    "npx ncps wiring --auto-ncp 28,4 --input 20 --out wiring.svg",
    "npx ncps wiring --ncp 12,6,1,6,4,4,6 --input 32 --json",
    "npx ncps wiring --random 8,2 --sparsity 0.5 --input 3 --seed 7 --json",
  ],
  async run(argv) {
    const { flags } = parseFlags(this, argv);
    const input = numberFlag(flags, "input", { integer: true, min: 1 });
    if (input === undefined) throw new Error("--input <n> is required (the number of inputs)");
    if (flags.out === undefined && !flags.json) {
      throw new Error("nothing to do: give --out <file.svg>, --json, or both");
    }
    const wiring = buildWiring(flags).build(input);
    if (typeof flags.out === "string") {
      writeFileAtomicSync(flags.out, drawWiring(wiring));
      process.stderr.write(
        `wrote ${flags.out}: ${wiring.units} neurons, ${wiring.synapseCount} synapses, ${wiring.sensorySynapseCount} sensory synapses\n`,
      );
    }
    if (flags.json) process.stdout.write(`${JSON.stringify(wiring.getConfig(), null, 2)}\n`);
    return 0;
  },
};
