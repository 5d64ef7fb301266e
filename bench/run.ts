/**
 * The benchmark suite: prints one JSON object per workload and backend,
 * `{"workload", "backend", "unit", "median", "min", "max", "runs"}`, after warm-up runs.
 * Usage: npm run bench -- [--json] [--only id,id] [--backend js|native|all] [--quick]
 * Compare with ncps-torch on the same machine: see bench/README.md.
 */
import { parseArgs } from "node:util";
import { availableBackends, type BackendName, setBackend } from "../src/backend/index.js";
import { CfC } from "../src/nn/cfc.js";
import { Conv2d } from "../src/nn/conv2d.js";
import { Linear } from "../src/nn/linear.js";
import { mseLoss } from "../src/nn/losses.js";
import { LTC } from "../src/nn/ltc.js";
import type { Module } from "../src/nn/module.js";
import { Adam } from "../src/optim/index.js";
import { noGrad } from "../src/tensor/gradMode.js";
import { sum } from "../src/tensor/ops/reduce.js";
import { relu } from "../src/tensor/ops/unary.js";
import { Tensor } from "../src/tensor/tensor.js";
import { AutoNCP, NCP } from "../src/wirings/index.js";

interface Result {
  workload: string;
  backend: string;
  unit: string;
  median: number;
  min: number;
  max: number;
  runs: number;
}

function randomTensor(shape: number[], seed = 1): Tensor {
  let s = seed;
  const n = shape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    data[i] = s / 2 ** 32 - 0.5;
  }
  return new Tensor(data, shape);
}

function time(fn: () => void, runs: number, warmup: number): number[] {
  for (let i = 0; i < warmup; i++) fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  return samples.sort((a, b) => a - b);
}

function result(
  workload: string,
  backend: string,
  unit: string,
  samples: number[],
  scale: number,
): Result {
  const s = samples.map((v) => v * scale);
  return {
    workload,
    backend,
    unit,
    median: s[Math.floor(s.length / 2)],
    min: s[0],
    max: s[s.length - 1],
    runs: s.length,
  };
}

type SequenceModel = Module & { forward(x: Tensor): [Tensor, unknown] };

/** One training step: forward, MSE on a linear readout of every step, backward, Adam. */
function trainStep(model: SequenceModel, outFeatures: number): () => void {
  const readout = new Linear(outFeatures, 1, { seed: 2 });
  const opt = new Adam([...model.parameters(), ...readout.parameters()], { lr: 1e-3 });
  const x = randomTensor([64, 50, 20], 3);
  const target = randomTensor([64, 50, 1], 4);
  return () => {
    opt.zeroGrad();
    const [y] = model.forward(x);
    mseLoss(readout.forward(y), target).backward();
    opt.step();
  };
}

const ncp19 = () =>
  new NCP({
    interNeurons: 12,
    commandNeurons: 6,
    motorNeurons: 1,
    sensoryFanout: 6,
    interFanout: 4,
    recurrentCommandSynapses: 4,
    motorFanin: 6,
  });

type Workload = (backend: string, quick: boolean) => Result;

const WORKLOADS: Record<string, Workload> = {
  "cfc64-train": (b, q) =>
    result(
      "cfc64-train",
      b,
      "ms",
      time(trainStep(new CfC(20, 64, { backboneUnits: 128, seed: 1 }), 64), q ? 3 : 10, 2),
      1,
    ),
  "cfc-autoncp64-train": (b, q) =>
    result(
      "cfc-autoncp64-train",
      b,
      "ms",
      time(trainStep(new CfC(20, new AutoNCP(64, 8), { seed: 1 }), 8), q ? 3 : 10, 2),
      1,
    ),
  "ltc64-train": (b, q) =>
    result(
      "ltc64-train",
      b,
      "ms",
      time(trainStep(new LTC(20, 64, { seed: 1 }), 64), q ? 2 : 5, 1),
      1,
    ),
  "cfc-ncp19-step": (b, q) =>
    stepLatency("cfc-ncp19-step", b, new CfC(32, ncp19(), { seed: 1 }).stepper(), 32, q),
  "ltc-ncp19-step": (b, q) =>
    stepLatency("ltc-ncp19-step", b, new LTC(32, ncp19(), { seed: 1 }).stepper(), 32, q),
  "cfc64-step": (b, q) =>
    stepLatency("cfc64-step", b, new CfC(20, 64, { backboneUnits: 128, seed: 1 }).stepper(), 20, q),
  "cfc64-infer-b256": (b, q) =>
    inference("cfc64-infer-b256", b, new CfC(20, 64, { backboneUnits: 128, seed: 1 }), q),
  "cfc-autoncp64-infer-b256": (b, q) =>
    inference("cfc-autoncp64-infer-b256", b, new CfC(20, new AutoNCP(64, 8), { seed: 1 }), q),
  "ltc64-infer-b256": (b, q) => inference("ltc64-infer-b256", b, new LTC(20, 64, { seed: 1 }), q),
  "dqn-conv-train": (b, q) => {
    const convs = [
      new Conv2d(4, 32, 8, { stride: 4, seed: 1 }),
      new Conv2d(32, 64, 4, { stride: 2, seed: 2 }),
      new Conv2d(64, 64, 3, { stride: 1, seed: 3 }),
    ];
    const dense = new Linear(3136, 512, { seed: 4 });
    const x = randomTensor([32, 4, 84, 84], 5);
    const step = () => {
      let h = x;
      for (const c of convs) h = relu(c.forward(h));
      sum(dense.forward(h.reshape([32, 3136]))).backward();
      for (const m of [...convs, dense]) m.zeroGrad();
    };
    return result("dqn-conv-train", b, "ms", time(step, q ? 3 : 10, 1), 1);
  },
};

function stepLatency(
  id: string,
  b: string,
  stepper: { step(x: ArrayLike<number>, e?: number): unknown },
  inputs: number,
  q: boolean,
): Result {
  const x = new Float32Array(inputs).fill(0.1);
  const n = 2000;
  const samples = time(
    () => {
      for (let i = 0; i < n; i++) stepper.step(x, 1);
    },
    q ? 5 : 15,
    3,
  );
  return result(id, b, "us", samples, 1000 / n);
}

function inference(id: string, b: string, model: SequenceModel, q: boolean): Result {
  const x = randomTensor([256, 100, 20], 6);
  return result(
    id,
    b,
    "ms",
    time(() => noGrad(() => model.forward(x)), q ? 2 : 5, 1),
    1,
  );
}

function main(): void {
  const { values } = parseArgs({
    options: {
      json: { type: "boolean" },
      only: { type: "string" },
      backend: { type: "string" },
      quick: { type: "boolean" },
    },
  });
  const ids = values.only ? values.only.split(",") : [...Object.keys(WORKLOADS), "cfc-vs-ltc"];
  for (const id of ids) {
    if (!(id in WORKLOADS) && id !== "cfc-vs-ltc") {
      throw new Error(
        `--only: unknown workload '${id}'; expected ${[...Object.keys(WORKLOADS), "cfc-vs-ltc"].join(", ")}`,
      );
    }
  }
  const requested = values.backend ?? "all";
  const backends: BackendName[] =
    requested === "all" ? availableBackends() : [requested as BackendName];
  for (const backend of backends) {
    setBackend(backend);
    const medians: Record<string, number> = {};
    for (const id of ids) {
      if (id === "cfc-vs-ltc") continue;
      const r = WORKLOADS[id](backend, values.quick ?? false);
      medians[id] = r.median;
      print(r, values.json ?? false);
    }
    if (ids.includes("cfc-vs-ltc")) {
      const cfc = medians["cfc64-train"] ?? WORKLOADS["cfc64-train"](backend, true).median;
      const ltc = medians["ltc64-train"] ?? WORKLOADS["ltc64-train"](backend, true).median;
      const ratio = ltc / cfc;
      print(
        {
          workload: "cfc-vs-ltc",
          backend,
          unit: "x",
          median: ratio,
          min: ratio,
          max: ratio,
          runs: 1,
        },
        values.json ?? false,
      );
    }
  }
}

function print(r: Result, json: boolean): void {
  if (json) console.log(JSON.stringify(r));
  else
    console.log(
      `${r.workload.padEnd(26)} ${r.backend.padEnd(7)} median ${r.median.toFixed(3).padStart(10)} ${r.unit}  (min ${r.min.toFixed(3)}, max ${r.max.toFixed(3)}, ${r.runs} runs)`,
    );
}

main();
