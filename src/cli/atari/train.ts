/**
 * `ncps atari` training: the ncps example's loop. Every `--report-minutes` (and when training
 * stops) it saves `checkpoint-<iteration>` and prints the four report lines; between reports a
 * terminal shows a live progress line. Ctrl-C stops after the current iteration and saves.
 */

import { join } from "node:path";
import { writeFileAtomic } from "../../io/atomic.js";
import type { NamedArray } from "../../io/safetensors.js";
import type { StateEntry } from "../../nn/module.js";
import { ActorCritic } from "../../rl/models/index.js";
import { makeTrainingEnvs, PPOTrainer } from "../../rl/ppo/index.js";
import { makeEnv } from "../../rl/registry.js";
import {
  checkpointPath,
  type LoadedRun,
  listCheckpoints,
  loadRunCheckpoint,
  runFolder,
  saveRunCheckpoint,
} from "./checkpoints.js";
import { type CurveRow, curveCsv, curveSvg } from "./curve.js";
import { formatReport, pythonFixed } from "./format.js";
import type { AtariIO } from "./io.js";
import type { AtariOptions } from "./options.js";
import { CLEAR_LINE, progressLine } from "./progress.js";
import { buildRunConfig, continuedRunConfig, type RunConfig } from "./runConfig.js";

/** Checkpoint tensors as `loadStateDict` entries. */
export function stateEntries(tensors: Record<string, NamedArray>): Record<string, StateEntry> {
  const out: Record<string, StateEntry> = {};
  for (const [name, t] of Object.entries(tensors)) {
    if (t.data instanceof BigInt64Array || t.data instanceof BigUint64Array) {
      throw new Error(
        `checkpoint tensor '${name}' has integer type ${t.dtype}, expected float weights`,
      );
    }
    out[name] = { shape: t.shape, data: t.data };
  }
  return out;
}

/** The run to train or render: a fresh one from the flags, or the one in `--cont`'s checkpoint. */
export async function resolveRun(
  o: AtariOptions,
): Promise<{ run: RunConfig; loaded: LoadedRun | null }> {
  const probe = makeEnv(o.env);
  try {
    if (o.cont === null) return { run: buildRunConfig(o.env, probe, o.overrides), loaded: null };
    const loaded = await loadRunCheckpoint(o.dir, o.env, o.cont);
    const where = `checkpoint '${checkpointPath(o.dir, o.env, o.cont)}'`;
    return { run: continuedRunConfig(loaded.run, o.env, probe, o.overrides, where), loaded };
  } finally {
    probe.close?.();
  }
}

/** Refuses to start when saving would touch checkpoints of another (or a later) run. */
function checkFolderIsOurs(o: AtariOptions): void {
  const folder = runFolder(o.dir, o.env);
  const existing = listCheckpoints(folder);
  if (o.cont === null && existing.length > 0) {
    throw new Error(
      `${folder} already holds checkpoints of an earlier run (${existing.join(", ")}); continue it with --cont ${existing[existing.length - 1]}, or train into another --dir`,
    );
  }
  if (o.cont !== null) {
    const later = existing.filter((n) => n > (o.cont as number));
    if (later.length > 0) {
      throw new Error(
        `${folder} holds checkpoints after ${o.cont} (${later.join(", ")}); continuing from ${o.cont} would branch that run: continue from ${later[later.length - 1]}, or copy checkpoint-${o.cont} into another --dir`,
      );
    }
  }
}

/** Trains as the options say; returns the exit code. */
export async function trainAtari(o: AtariOptions, io: AtariIO): Promise<number> {
  const { run, loaded } = await resolveRun(o);
  checkFolderIsOurs(o);
  const policy = new ActorCritic(run.model, { seed: run.seed });
  const trainer = new PPOTrainer({
    policy,
    envs: makeTrainingEnvs(run.env, run.ppo.numEnvs),
    config: run.ppo,
    seed: run.seed,
  });
  const curve: CurveRow[] = [];
  if (loaded !== null) {
    policy.loadStateDict(stateEntries(loaded.tensors));
    trainer.setState(loaded.trainerState);
    curve.push(...loaded.curve);
  }
  const folder = runFolder(o.dir, o.env);
  const secondsBefore = curve.length > 0 ? curve[curve.length - 1].seconds : 0;
  const start = io.now();
  const stepsAtStart = trainer.envSteps;
  let lastReport = Number.NEGATIVE_INFINITY;
  let savedIteration = loaded === null ? -1 : trainer.iteration;
  let failures = 0;
  let interrupted = false;
  const removeHandler = io.onInterrupt(() => {
    interrupted = true;
    removeHandler();
    io.err(
      `${io.isTTY ? CLEAR_LINE : ""}Ctrl-C: stopping after this iteration to save a checkpoint (Ctrl-C again quits at once)\n`,
    );
  });

  const report = async (): Promise<void> => {
    if (io.isTTY) io.out(CLEAR_LINE);
    const path = checkpointPath(o.dir, o.env, trainer.iteration);
    try {
      await saveRunCheckpoint(path, run, policy, trainer, { curve });
      savedIteration = trainer.iteration;
    } catch (error) {
      failures++;
      io.err(
        `could not save checkpoint '${path}': ${error instanceof Error ? error.message : String(error)}\n`,
      );
      return;
    }
    await writeFileAtomic(join(folder, "learning-curve.csv"), curveCsv(curve));
    await writeFileAtomic(join(folder, "learning-curve.svg"), curveSvg(curve, `PPO on ${run.env}`));
    io.out(
      formatReport({
        hours: (io.now() - start) / 3_600_000,
        envSteps: trainer.envSteps,
        policyReward: trainer.episodes.meanReturn(),
        checkpoint: path,
      }),
    );
  };

  // a preset that anneals the learning rate to 0 has nothing left to learn after its horizon
  const annealed = () => trainer.currentLr() === 0;
  const done = () =>
    interrupted ||
    annealed() ||
    (io.now() - start) / 3_600_000 > o.hours ||
    (o.steps !== null && trainer.envSteps >= o.steps);
  try {
    if (o.steps !== null && trainer.envSteps >= o.steps) {
      io.out(`already trained ${trainer.envSteps} env steps (--steps ${o.steps}); nothing to do\n`);
      return 0;
    }
    for (;;) {
      const t0 = io.now();
      const r = trainer.iterate();
      const dt = (io.now() - t0) / 1000;
      const stepsPerSecond = trainer.stepsPerIteration / Math.max(dt, 1e-9);
      curve.push({
        iteration: r.iteration,
        envSteps: r.envSteps,
        seconds: secondsBefore + (io.now() - start) / 1000,
        meanReturn: Number.isNaN(r.meanReturn) ? null : r.meanReturn,
        episodes: trainer.episodes.total,
        stepsPerSecond,
        policyLoss: r.update.policyLoss,
        valueLoss: r.update.valueLoss,
        entropy: r.update.entropy,
        kl: r.update.kl,
        klCoeff: r.klCoeff,
        lr: r.lr,
      });
      const stop = done();
      if (stop || io.now() - lastReport >= o.reportMinutes * 60_000) {
        lastReport = io.now();
        await report();
      } else if (io.isTTY) {
        io.out(
          progressLine({
            fraction: (io.now() - lastReport) / (o.reportMinutes * 60_000),
            envSteps: trainer.envSteps,
            stepsPerSecond,
            meanReturn: r.meanReturn,
          }),
        );
      }
      if (stop) break;
      await io.sleep(0); // lets a pending Ctrl-C be delivered between iterations
    }
  } finally {
    removeHandler();
    trainer.close();
  }
  if (annealed()) {
    io.out(
      `the learning rate has annealed to 0 at ${trainer.envSteps} env steps: training is complete\n`,
    );
  }
  const seconds = (io.now() - start) / 1000;
  const steps = trainer.envSteps - stepsAtStart;
  io.out(
    `trained ${steps} env steps in ${pythonFixed(seconds, 1)} s: ${pythonFixed(steps / Math.max(seconds, 1e-9), 1)} env steps/s including updates${interrupted ? " (stopped by Ctrl-C)" : ""}\n`,
  );
  if (savedIteration !== trainer.iteration) {
    io.err(
      `the last ${trainer.iteration - Math.max(savedIteration, 0)} iterations are not in a checkpoint\n`,
    );
  }
  return failures > 0 ? 1 : 0;
}
