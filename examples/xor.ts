/**
 * The CfC paper's bit-stream XOR (spec/papers.md A.6.1): the parity of a random stream of
 * 2-31 bits, fed densely (one step per bit) or event-based (one step per change of value,
 * with the elapsed time as the CfC's timespan). A CfC reads the sequence and a Dense(1) on its
 * final state classifies; masked steps keep the state, which here means each minibatch holds
 * streams of one length (no padding is computed).
 *
 *   npx tsx examples/xor.ts                 # short run, a couple of minutes
 *   npx tsx examples/xor.ts --full          # the paper's protocol (100k streams, 200 epochs)
 */
import { lengthBatches } from "../src/data/batching.js";
import { generateXorData, type XorDataset, type XorEncoding, xorBatch } from "../src/data/xor.js";
import {
  Adam,
  backend,
  bceWithLogitsLoss,
  CfC,
  clipGradNorm,
  ExponentialLR,
  Linear,
  mul,
  noGrad,
  RandomState,
  type Tensor,
} from "../src/index.js";
import { writeFileAtomicSync } from "../src/io/index.js";
import { type Flags, parseArgs } from "./support/args.js";
import { consoleIO, type ExampleIO, formatSeconds, runIfEntryPoint } from "./support/cli.js";
import { Progress, type ProgressSink } from "./support/progress.js";
import { figureSvg } from "./support/svgPlot.js";

/** The paper's train and test seeds (numpy RandomState). */
export const XOR_TRAIN_SEED = 1234984;
export const XOR_TEST_SEED = 48736;

/** CfC rows of the paper's Table 4 (test accuracy %, mean ± sd over 5 runs). */
export const PAPER_CFC = {
  dense: "100.00 ± 0.00",
  event: "99.42 ± 0.42",
} as const;

/** Command-line flags of the XOR example. */
export const XOR_FLAGS = {
  encoding: {
    kind: "choice",
    choices: ["both", "event", "dense"],
    default: "both",
    help: "which encoding of the streams to train on",
  },
  full: {
    kind: "boolean",
    help: "the paper's protocol: 100k/10k streams, CfC 192 units + 128 ReLU backbone, batch 128, 200 epochs, lr 0.05 ×0.95 per epoch",
  },
  epochs: { kind: "number", integer: true, min: 1, default: 5, help: "epochs (short run)" },
  train: {
    kind: "number",
    integer: true,
    min: 1,
    default: 100000,
    help: "training streams (short run)",
  },
  test: { kind: "number", integer: true, min: 1, default: 10000, help: "test streams" },
  timeUnit: {
    kind: "choice",
    choices: ["auto", "pad", "bit"],
    default: "auto",
    help: "timespans as elapsed/32 (pad, as the paper) or in bit periods (bit); auto: pad with --full, else bit",
  },
  seed: {
    kind: "number",
    integer: true,
    min: 0,
    default: 1,
    help: "seed of weights and shuffling",
  },
  out: { kind: "string", default: "xor.svg", help: "where to write the SVG plot" },
} as const;

/** Hyperparameters of one XOR run. */
export interface XorConfig {
  encoding: XorEncoding;
  trainSize: number;
  testSize: number;
  epochs: number;
  hidden: number;
  backboneUnits: number;
  batchSize: number;
  lr: number;
  /** Learning-rate factor per epoch. */
  lrDecay: number;
  weightDecay: number;
  clipNorm: number;
  /** "pad": elapsed/32 as the paper; "bit": elapsed in bit periods. */
  timeUnit: "pad" | "bit";
  /** Run the first epoch from the shortest streams to the longest (then shuffle). */
  curriculum: boolean;
  seed: number;
}

/** Outcome of one run. */
export interface XorRun {
  config: XorConfig;
  /** Test accuracy after each epoch. */
  testAccuracy: number[];
  /** Mean training loss of each epoch. */
  trainLoss: number[];
  /** Test accuracy by number of bits in the stream (index = bits; NaN when none). */
  accuracyByBits: number[];
  secondsPerEpoch: number;
}

/** The short default run and the paper's protocol (CfC column of Table S1, BEST_DEFAULT). */
export function xorConfig(encoding: XorEncoding, flags: Flags<typeof XOR_FLAGS>): XorConfig {
  const timeUnit = flags.timeUnit === "auto" ? (flags.full ? "pad" : "bit") : flags.timeUnit;
  if (flags.full) {
    return {
      encoding,
      trainSize: 100_000,
      testSize: 10_000,
      epochs: 200,
      hidden: 192,
      backboneUnits: 128,
      batchSize: 128,
      // The paper uses RMSprop at lr 0.05; the library has no RMSprop, and Adam at 0.01 or more
      // did not learn in short trials, so Adam at 0.005.
      lr: 0.005,
      lrDecay: 0.95,
      weightDecay: 3e-6,
      clipNorm: 1,
      timeUnit,
      curriculum: false,
      seed: flags.seed,
    };
  }
  return {
    encoding,
    trainSize: flags.train,
    testSize: flags.test,
    epochs: flags.epochs,
    hidden: 32,
    backboneUnits: 32,
    batchSize: 64,
    lr: 0.003,
    lrDecay: 0.7,
    weightDecay: 0,
    clipNorm: 1,
    timeUnit,
    curriculum: true,
    seed: flags.seed,
  };
}

/** A CfC with a ReLU backbone and a Dense(1) logit head on its final state. */
class XorClassifier {
  readonly rnn: CfC;
  readonly head: Linear;

  constructor(config: XorConfig) {
    this.rnn = new CfC(1, config.hidden, {
      backboneUnits: config.backboneUnits,
      backboneLayers: 1,
      activation: "relu",
      returnSequences: false,
      seed: config.seed,
    });
    this.head = new Linear(config.hidden, 1, { seed: config.seed + 1 });
  }

  parameters(): Tensor[] {
    return [...this.rnn.parameters(), ...this.head.parameters()];
  }

  logits(x: Tensor, timespans: Tensor): Tensor {
    const [h] = this.rnn.forward(x, { timespans });
    return this.head.forward(h);
  }
}

/** Trains one CfC on one encoding; `onBatch(done, total, loss)` sees every step. */
export function trainXor(
  config: XorConfig,
  onBatch: (done: number, total: number, loss: number) => void = () => {},
): XorRun {
  const train = generateXorData({
    samples: config.trainSize,
    seed: XOR_TRAIN_SEED,
    encoding: config.encoding,
  });
  const test = generateXorData({
    samples: config.testSize,
    seed: XOR_TEST_SEED,
    encoding: config.encoding,
  });
  const scale = config.timeUnit === "bit" ? train.padSize : 1;
  const model = new XorClassifier(config);
  const params = model.parameters();
  const opt = new Adam(params, { lr: config.lr, weightDecay: config.weightDecay });
  const schedule = new ExponentialLR(opt, { gamma: config.lrDecay });
  const rng = new RandomState(config.seed);
  const perEpoch = lengthBatches(train.lengths, { batchSize: config.batchSize }).length;
  const total = perEpoch * config.epochs;
  const run: XorRun = {
    config,
    testAccuracy: [],
    trainLoss: [],
    accuracyByBits: [],
    secondsPerEpoch: 0,
  };
  let done = 0;
  let trainSeconds = 0;
  for (let epoch = 0; epoch < config.epochs; epoch++) {
    const start = performance.now();
    let lossSum = 0;
    // Parity is learnt from short streams up: an ordered first pass escapes the initial
    // plateau far more reliably than shuffled batches (measured over 8 seeds).
    const ordered = epoch === 0 && config.curriculum;
    const batches = lengthBatches(train.lengths, {
      batchSize: config.batchSize,
      rng: ordered ? undefined : rng,
    });
    for (const batch of batches) {
      const { x, timespans, targets } = xorBatch(train, batch.indices, batch.length);
      opt.zeroGrad();
      const loss = bceWithLogitsLoss(model.logits(x, mul(timespans, scale)), targets);
      loss.backward();
      clipGradNorm(params, config.clipNorm);
      opt.step();
      lossSum += loss.data[0] * batch.indices.length;
      onBatch(++done, total, loss.data[0]);
    }
    schedule.step();
    trainSeconds += (performance.now() - start) / 1000;
    run.trainLoss.push(lossSum / train.size);
    const { accuracy, byBits } = evaluateXor(model, test, scale);
    run.testAccuracy.push(accuracy);
    run.accuracyByBits = byBits;
  }
  run.secondsPerEpoch = trainSeconds / config.epochs;
  return run;
}

/** Test accuracy (logit > 0 means label 1), overall and by stream length in bits. */
function evaluateXor(
  model: XorClassifier,
  data: XorDataset,
  timeScale: number,
): { accuracy: number; byBits: number[] } {
  const correct = new Array<number>(data.padSize).fill(0);
  const count = new Array<number>(data.padSize).fill(0);
  let right = 0;
  noGrad(() => {
    for (const batch of lengthBatches(data.lengths, { batchSize: 1000 })) {
      const { x, timespans } = xorBatch(data, batch.indices, batch.length);
      const logits = model.logits(x, mul(timespans, timeScale)).data;
      batch.indices.forEach((s, i) => {
        const ok = (logits[i] > 0 ? 1 : 0) === data.labels[s];
        const bits = data.bitCounts[s];
        count[bits]++;
        if (ok) {
          correct[bits]++;
          right++;
        }
      });
    }
  });
  return {
    accuracy: right / data.size,
    byBits: count.map((n, b) => (n === 0 ? Number.NaN : correct[b] / n)),
  };
}

/** The figure: test accuracy per epoch, and final accuracy by stream length. */
export function xorPlot(runs: readonly XorRun[]): string {
  const name = (r: XorRun) => (r.config.encoding === "event" ? "event-based" : "dense");
  const epochs = (r: XorRun) => r.testAccuracy.map((_, i) => i + 1);
  return figureSvg(
    [
      {
        title: "Test accuracy",
        xLabel: "epoch",
        yLabel: "accuracy",
        series: runs.map((r) => ({ label: name(r), x: epochs(r), y: r.testAccuracy })),
      },
      {
        title: "Final test accuracy by stream length",
        xLabel: "bits in the stream",
        yLabel: "accuracy",
        series: runs.map((r) => ({ label: name(r), y: r.accuracyByBits })),
      },
    ],
    { title: "Bit-stream XOR with CfC (CfC paper, Table 4)" },
  );
}

/** Runs the example with `argv` flags; returns the exit code. */
export async function main(argv: readonly string[], io: ExampleIO = consoleIO()): Promise<number> {
  const parsed = parseArgs(
    "xor",
    "Trains a CfC on the CfC paper's bit-stream XOR (dense and event-based) and compares with Table 4.",
    argv,
    XOR_FLAGS,
  );
  if (parsed.help) {
    io.out(parsed.usage);
    return 0;
  }
  const flags = parsed.flags;
  const encodings: XorEncoding[] =
    flags.encoding === "both" ? ["dense", "event"] : [flags.encoding];
  const runs: XorRun[] = [];
  io.out(
    `backend ${backend()}; ${flags.full ? "the paper's protocol" : "short run (--full for the paper's protocol)"}`,
  );
  for (const encoding of encodings) {
    const config = xorConfig(encoding, flags);
    io.out(
      `${encoding}: ${config.trainSize} train / ${config.testSize} test streams, CfC ${config.hidden} units + ${config.backboneUnits} ReLU backbone, batch ${config.batchSize}, ${config.epochs} epochs, Adam lr ${config.lr} ×${config.lrDecay}/epoch${config.curriculum ? ", first epoch short-to-long" : ""}, timespans ${config.timeUnit === "pad" ? "elapsed/32" : "in bit periods"}`,
    );
    runs.push(runOne(config, io.progress));
  }
  io.out("");
  io.out("encoding     test accuracy   paper (CfC, Table 4)   time/epoch");
  for (const r of runs) {
    const acc = (100 * r.testAccuracy[r.testAccuracy.length - 1]).toFixed(2);
    io.out(
      `${r.config.encoding.padEnd(12)} ${`${acc}%`.padEnd(15)} ${`${PAPER_CFC[r.config.encoding]}%`.padEnd(22)} ${formatSeconds(r.secondsPerEpoch)}`,
    );
  }
  if (!flags.full) io.out("(a short run: the paper trains 200 epochs, --full)");
  writeFileAtomicSync(flags.out, xorPlot(runs));
  io.out(`wrote ${flags.out}`);
  return 0;
}

function runOne(config: XorConfig, sink: ProgressSink): XorRun {
  let progress: Progress | null = null;
  const run = trainXor(config, (done, total, loss) => {
    progress ??= new Progress({ total, label: `${config.encoding} batches`, sink });
    progress.update(done, `loss ${loss.toFixed(4)}`);
  });
  (progress as Progress | null)?.finish(
    `test accuracy ${(100 * run.testAccuracy[run.testAccuracy.length - 1]).toFixed(2)}%`,
  );
  return run;
}

runIfEntryPoint(import.meta.url, (argv) => main(argv));
