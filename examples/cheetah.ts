/**
 * The LTC paper's Half-Cheetah next-state task (spec/papers.md A.6.3, Table 6): windows of 32
 * steps of the 17-dimensional kinematic state, each step predicting the next state. An RNN of
 * 32 units with a linear readout to 17 outputs, MSE, batch 16, Adam (lr 0.001; LTC 0.01); the
 * reported score is the test MSE at the epoch with the best validation MSE. Trains LTC, CfC and
 * an LSTM baseline.
 *
 *   npx tsx examples/cheetah.ts [--data ../shared/data/cheetah] [--epochs 20] [--full]
 */
import { fileURLToPath } from "node:url";
import {
  nextStateWindows,
  splitCheetah,
  type WindowSet,
  windowBatch,
} from "../src/data/cheetah.js";
import {
  Adam,
  backend,
  CfC,
  Linear,
  LTC,
  mseLoss,
  noGrad,
  RandomState,
  type Tensor,
} from "../src/index.js";
import { writeFileAtomicSync } from "../src/io/index.js";
import { type Flags, parseArgs } from "./support/args.js";
import { consoleIO, type ExampleIO, formatSeconds, runIfEntryPoint } from "./support/cli.js";
import { LstmSequence } from "./support/lstm.js";
import { Progress, type ProgressSink } from "./support/progress.js";
import { figureSvg, PALETTE, type Series } from "./support/svgPlot.js";
import { loadTraceDir } from "./support/traceFiles.js";

/** The traces shipped beside the repository (`../shared/data/cheetah` from the repo root). */
export const DEFAULT_CHEETAH_DIR = fileURLToPath(
  new URL("../../shared/data/cheetah", import.meta.url),
);

/** The paper's Table 6 rows (test MSE, mean ± sd). */
export const PAPER_MSE: Record<CheetahModel, string> = {
  ltc: "2.308 ± 0.015",
  lstm: "2.500 ± 0.140",
  cfc: "(not in the paper)",
};

/** Command-line flags of the cheetah example. */
export const CHEETAH_FLAGS = {
  data: { kind: "string", default: DEFAULT_CHEETAH_DIR, help: "folder of the trace_*.npy files" },
  model: {
    kind: "choice",
    choices: ["all", "ltc", "cfc", "lstm"],
    default: "all",
    help: "which model to train",
  },
  epochs: { kind: "number", integer: true, min: 1, default: 20, help: "epochs (short run)" },
  full: { kind: "boolean", help: "the paper's 200 epochs" },
  seed: {
    kind: "number",
    integer: true,
    min: 0,
    default: 1,
    help: "seed of weights and shuffling",
  },
  out: { kind: "string", default: "cheetah.svg", help: "where to write the SVG plot" },
} as const;

/** The models compared. */
export type CheetahModel = "ltc" | "cfc" | "lstm";

/** A sequence-to-sequence regressor `[B, T, 17] → [B, T, 17]`. */
interface Regressor {
  parameters(): Tensor[];
  predict(x: Tensor): Tensor;
}

const HIDDEN = 32;

/** RNN(32) + linear readout to the state size, as the paper. */
export function buildRegressor(model: CheetahModel, features: number, seed: number): Regressor {
  if (model === "cfc") {
    const cfc = new CfC(features, HIDDEN, { projSize: features, seed });
    return { parameters: () => cfc.parameters(), predict: (x) => cfc.forward(x)[0] };
  }
  const head = new Linear(HIDDEN, features, { seed: seed + 1 });
  if (model === "ltc") {
    const ltc = new LTC(features, HIDDEN, { seed });
    return {
      parameters: () => [...ltc.parameters(), ...head.parameters()],
      predict: (x) => head.forward(ltc.forward(x)[0]),
    };
  }
  const lstm = new LstmSequence(features, HIDDEN, { seed });
  return {
    parameters: () => [...lstm.parameters(), ...head.parameters()],
    predict: (x) => head.forward(lstm.forward(x)),
  };
}

/** Outcome of training one model. */
export interface CheetahRun {
  model: CheetahModel;
  validMse: number[];
  testMse: number[];
  /** Epoch (1-based) with the lowest validation MSE, and the test MSE then. */
  bestEpoch: number;
  bestTestMse: number;
  /** Prediction of feature 0 over the first test window at the best epoch. */
  samplePrediction: Float64Array;
  secondsPerEpoch: number;
}

/** Mean squared error over a whole window set (no gradients). */
function evaluate(net: Regressor, set: WindowSet): { mse: number; first: Float64Array } {
  let total = 0;
  let first = new Float64Array(0);
  noGrad(() => {
    for (let start = 0; start < set.count; start += 97) {
      const idx = Array.from({ length: Math.min(97, set.count - start) }, (_, i) => start + i);
      const { x, y } = windowBatch(set, idx);
      const pred = net.predict(x);
      total += mseLoss(pred, y, "sum").data[0];
      if (start === 0) {
        first = Float64Array.from({ length: set.window }, (_, t) => pred.data[t * set.features]);
      }
    }
  });
  return { mse: total / (set.count * set.window * set.features), first };
}

/** Trains `model`; `onBatch(done, total, loss)` sees every step. */
export function trainCheetah(
  model: CheetahModel,
  sets: { train: WindowSet; valid: WindowSet; test: WindowSet },
  options: { epochs: number; seed: number },
  onBatch: (done: number, total: number, loss: number) => void = () => {},
): CheetahRun {
  const { train, valid, test } = sets;
  const net = buildRegressor(model, train.features, options.seed);
  const params = net.parameters();
  const opt = new Adam(params, { lr: model === "ltc" ? 0.01 : 0.001 });
  const rng = new RandomState(options.seed);
  const batchSize = 16;
  const perEpoch = Math.ceil(train.count / batchSize);
  const run: CheetahRun = {
    model,
    validMse: [],
    testMse: [],
    bestEpoch: 0,
    bestTestMse: Number.NaN,
    samplePrediction: new Float64Array(0),
    secondsPerEpoch: 0,
  };
  let trainSeconds = 0;
  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    const order = rng.permutation(train.count);
    const start = performance.now();
    for (let b = 0; b < perEpoch; b++) {
      const { x, y } = windowBatch(train, order.slice(b * batchSize, (b + 1) * batchSize));
      opt.zeroGrad();
      const loss = mseLoss(net.predict(x), y);
      loss.backward();
      opt.step();
      onBatch((epoch - 1) * perEpoch + b + 1, options.epochs * perEpoch, loss.data[0]);
    }
    trainSeconds += (performance.now() - start) / 1000;
    const v = evaluate(net, valid).mse;
    const t = evaluate(net, test);
    run.validMse.push(v);
    run.testMse.push(t.mse);
    if (run.bestEpoch === 0 || v < run.validMse[run.bestEpoch - 1]) {
      run.bestEpoch = epoch;
      run.bestTestMse = t.mse;
      run.samplePrediction = t.first;
    }
  }
  run.secondsPerEpoch = trainSeconds / options.epochs;
  return run;
}

const NAMES: Record<CheetahModel, string> = { ltc: "LTC", cfc: "CfC", lstm: "LSTM" };
const COLORS: Record<CheetahModel, string> = { ltc: PALETTE[0], cfc: PALETTE[1], lstm: PALETTE[2] };

/** The figure: validation MSE per epoch, and one predicted feature against the truth. */
export function cheetahPlot(runs: readonly CheetahRun[], test: WindowSet): string {
  const truth = Float64Array.from(
    { length: test.window },
    (_, t) => test.targets[t * test.features],
  );
  const predictions: Series[] = [{ label: "next state (truth)", y: truth, color: "#000000" }];
  for (const r of runs) {
    predictions.push({ label: NAMES[r.model], y: r.samplePrediction, color: COLORS[r.model] });
  }
  return figureSvg(
    [
      {
        title: "Validation MSE",
        xLabel: "epoch",
        yLabel: "MSE",
        logY: true,
        series: runs.map((r) => ({
          label: NAMES[r.model],
          color: COLORS[r.model],
          x: r.validMse.map((_, i) => i + 1),
          y: r.validMse,
        })),
      },
      {
        title: "First test window, state feature 0",
        xLabel: "time step",
        yLabel: "value",
        series: predictions,
      },
    ],
    { title: "Half-Cheetah next-state prediction (LTC paper, Table 6)" },
  );
}

/** Runs the example with `argv` flags; returns the exit code. */
export async function main(argv: readonly string[], io: ExampleIO = consoleIO()): Promise<number> {
  const parsed = parseArgs(
    "cheetah",
    "Trains LTC, CfC and LSTM on the LTC paper's Half-Cheetah next-state task and compares with Table 6.",
    argv,
    CHEETAH_FLAGS,
  );
  if (parsed.help) {
    io.out(parsed.usage);
    return 0;
  }
  const flags: Flags<typeof CHEETAH_FLAGS> = parsed.flags;
  const { traces } = loadTraceDir(flags.data);
  const split = splitCheetah(traces);
  const sets = {
    train: nextStateWindows(split.train),
    valid: nextStateWindows(split.valid),
    test: nextStateWindows(split.test),
  };
  const epochs = flags.full ? 200 : flags.epochs;
  const models: CheetahModel[] = flags.model === "all" ? ["ltc", "cfc", "lstm"] : [flags.model];
  io.out(
    `Half-Cheetah: ${traces.length} traces; windows train ${sets.train.count}, valid ${sets.valid.count}, test ${sets.test.count}; ${epochs} epochs, batch 16; backend ${backend()}`,
  );
  const runs = models.map((m) => runOne(m, sets, { epochs, seed: flags.seed }, io.progress));
  io.out("");
  io.out("model  test MSE (best valid epoch)   paper (Table 6)      time/epoch");
  for (const r of runs) {
    const ours = `${r.bestTestMse.toFixed(3)} (epoch ${r.bestEpoch})`;
    io.out(
      `${NAMES[r.model].padEnd(6)} ${ours.padEnd(29)} ${PAPER_MSE[r.model].padEnd(20)} ${formatSeconds(r.secondsPerEpoch)}`,
    );
  }
  if (!flags.full) io.out("(a short run: the paper trains 200 epochs, --full)");
  writeFileAtomicSync(flags.out, cheetahPlot(runs, sets.test));
  io.out(`wrote ${flags.out}`);
  return 0;
}

function runOne(
  model: CheetahModel,
  sets: { train: WindowSet; valid: WindowSet; test: WindowSet },
  options: { epochs: number; seed: number },
  sink: ProgressSink,
): CheetahRun {
  let progress: Progress | null = null;
  const run = trainCheetah(model, sets, options, (done, total, loss) => {
    progress ??= new Progress({ total, label: `${NAMES[model]} batches`, sink });
    progress.update(done, `loss ${loss.toFixed(3)}`);
  });
  (progress as Progress | null)?.finish(`test MSE ${run.bestTestMse.toFixed(3)}`);
  return run;
}

runIfEntryPoint(import.meta.url, (argv) => main(argv));
