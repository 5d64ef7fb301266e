/**
 * ncps's "first steps" example (spec/papers.md A.6.2): LTC and CfC neurons wired by
 * `AutoNCP(16, 1)` learn to map (sin t, cos t) to sin 2t over one 48-step sequence with Adam
 * (lr 0.01), gradient-norm clipping at 1 and 400 full-batch steps. Writes an SVG with the
 * predictions against the target and the loss curves.
 *
 *   npx tsx examples/sine.ts [--steps 400] [--model ltc|cfc|both] [--out sine.svg]
 */
import { sineTask } from "../src/data/sine.js";
import {
  Adam,
  AutoNCP,
  backend,
  CfC,
  clipGradNorm,
  type DType,
  LTC,
  mseLoss,
  noGrad,
  type Tensor,
} from "../src/index.js";
import { writeFileAtomicSync } from "../src/io/index.js";
import { type Flags, parseArgs } from "./support/args.js";
import { consoleIO, type ExampleIO, formatSeconds, runIfEntryPoint } from "./support/cli.js";
import { Progress, type ProgressSink } from "./support/progress.js";
import { figureSvg, type Series } from "./support/svgPlot.js";

/** Command-line flags of the sine example. */
export const SINE_FLAGS = {
  steps: { kind: "number", integer: true, min: 1, default: 400, help: "full-batch Adam steps" },
  model: {
    kind: "choice",
    choices: ["both", "ltc", "cfc"],
    default: "both",
    help: "which neuron model to train",
  },
  out: { kind: "string", default: "sine.svg", help: "where to write the SVG plot" },
  seed: { kind: "number", integer: true, min: 0, default: 0, help: "seed of the initial weights" },
  dtype: {
    kind: "choice",
    choices: ["float32", "float64"],
    default: "float32",
    help: "element type",
  },
} as const;

/** The neuron models of the example. */
export type SineModel = "ltc" | "cfc";

/** Outcome of training one model. */
export interface SineRun {
  model: SineModel;
  /** Training loss before each step. */
  losses: number[];
  /** MSE of the trained model. */
  finalMse: number;
  /** Prediction of the untrained and of the trained model, one value per step. */
  before: Float64Array;
  after: Float64Array;
  seconds: number;
}

/** ncps's docs log train_loss 0.000397 after 400 steps of LTC + AutoNCP(16, 1). */
export const NCPS_DOCS_LOSS = 0.000397;

/** Trains `model` on the sine task; `onStep(step, loss)` sees every step. */
export function trainSine(
  model: SineModel,
  options: { steps: number; seed: number; dtype: DType },
  onStep: (step: number, loss: number) => void = () => {},
): SineRun {
  const { x, y } = sineTask({ dtype: options.dtype });
  const net =
    model === "ltc"
      ? new LTC(2, new AutoNCP(16, 1), { dtype: options.dtype, seed: options.seed })
      : new CfC(2, new AutoNCP(16, 1), { dtype: options.dtype, seed: options.seed });
  const predict = (): Tensor => noGrad(() => net.forward(x)[0]);
  const before = Float64Array.from(predict().data);
  const params = net.parameters();
  const opt = new Adam(params, { lr: 0.01 });
  const losses: number[] = [];
  const start = performance.now();
  for (let step = 1; step <= options.steps; step++) {
    opt.zeroGrad();
    const loss = mseLoss(net.forward(x)[0], y);
    loss.backward();
    clipGradNorm(params, 1);
    opt.step();
    losses.push(loss.data[0]);
    onStep(step, loss.data[0]);
  }
  const seconds = (performance.now() - start) / 1000;
  const out = predict();
  const finalMse = noGrad(() => mseLoss(out, y).data[0]);
  return { model, losses, finalMse, before, after: Float64Array.from(out.data), seconds };
}

/** The figure: predictions against the target, and the loss curves. */
export function sinePlot(runs: readonly SineRun[]): string {
  const { y } = sineTask({ dtype: "float64" });
  const name = (m: SineModel) => (m === "ltc" ? "LTC" : "CfC");
  const predictions: Series[] = [{ label: "target sin 2t", y: y.data, color: "#000000" }];
  runs.forEach((r, k) => {
    const color = ["#0072B2", "#D55E00"][k];
    predictions.push({ label: `${name(r.model)} trained`, y: r.after, color });
    predictions.push({ label: `${name(r.model)} untrained`, y: r.before, color, dashed: true });
  });
  return figureSvg(
    [
      { title: "Prediction", xLabel: "time step", yLabel: "output", series: predictions },
      {
        title: "Training loss (MSE)",
        xLabel: "Adam step",
        yLabel: "MSE",
        logY: true,
        series: runs.map((r) => ({
          label: name(r.model),
          x: r.losses.map((_, i) => i + 1),
          y: r.losses,
        })),
      },
    ],
    { title: "ncps first steps: AutoNCP(16, 1) on the sine task" },
  );
}

/** Runs the example with `argv` flags; returns the exit code. */
export async function main(argv: readonly string[], io: ExampleIO = consoleIO()): Promise<number> {
  const parsed = parseArgs(
    "sine",
    "Trains LTC and CfC (AutoNCP(16, 1)) on ncps's first-steps sine task and plots the fit.",
    argv,
    SINE_FLAGS,
  );
  if (parsed.help) {
    io.out(parsed.usage);
    return 0;
  }
  const flags: Flags<typeof SINE_FLAGS> = parsed.flags;
  const models: SineModel[] = flags.model === "both" ? ["ltc", "cfc"] : [flags.model];
  io.out(`sine task: 48 steps, 2 inputs -> 1 output; ${flags.steps} Adam steps (lr 0.01, clip 1)`);
  io.out(`backend ${backend()}, ${flags.dtype}, seed ${flags.seed}`);
  const runs = models.map((m) => runOne(m, flags, io.progress));
  for (const r of runs) {
    const label = r.model === "ltc" ? "LTC" : "CfC";
    io.out(
      `${label} + AutoNCP(16, 1): final MSE ${r.finalMse.toExponential(3)} (${formatSeconds(r.seconds)}, ${((r.seconds / flags.steps) * 1000).toFixed(2)} ms/step)`,
    );
  }
  io.out(`ncps docs (torch, LTC): train_loss ${NCPS_DOCS_LOSS} after 400 steps`);
  writeFileAtomicSync(flags.out, sinePlot(runs));
  io.out(`wrote ${flags.out}`);
  return 0;
}

function runOne(model: SineModel, flags: Flags<typeof SINE_FLAGS>, sink: ProgressSink): SineRun {
  const label = model === "ltc" ? "LTC" : "CfC";
  const progress = new Progress({ total: flags.steps, label: `${label} steps`, sink });
  const run = trainSine(
    model,
    { steps: flags.steps, seed: flags.seed, dtype: flags.dtype },
    (step, loss) => progress.update(step, `loss ${loss.toExponential(2)}`),
  );
  progress.finish(`final MSE ${run.finalMse.toExponential(2)}`);
  return run;
}

runIfEntryPoint(import.meta.url, (argv) => main(argv));
