/**
 * Run checkpoints `<dir>/<env>/checkpoint-<n>` (n = training iterations done, as rllib
 * numbers them): verified checkpoint folders written atomically, never overwritten.
 */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { loadCheckpoint, saveCheckpoint } from "../../io/checkpoint.js";
import type { NamedArray } from "../../io/safetensors.js";
import type { ActorCritic } from "../../rl/models/index.js";
import type { PPOTrainer } from "../../rl/ppo/index.js";
import type { CurveRow } from "./curve.js";
import { checkRunConfig, type RunConfig } from "./runConfig.js";

/** The folder holding an environment's checkpoints. */
export function runFolder(root: string, env: string): string {
  return join(root, env);
}

/** The path of checkpoint `n`, as printed in reports. */
export function checkpointPath(root: string, env: string, n: number): string {
  return join(root, env, `checkpoint-${n}`);
}

/** The checkpoint numbers present in `folder`, ascending (none when it does not exist). */
export function listCheckpoints(folder: string): number[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .map((name) => /^checkpoint-(\d+)$/.exec(name))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]))
    .sort((a, b) => a - b);
}

/** What a run checkpoint's state holds besides the trainer. */
export interface RunState {
  /** The learning curve so far, every session of the run included. */
  curve: CurveRow[];
}

/** Writes checkpoint `path` (refusing to replace an existing one). */
export async function saveRunCheckpoint(
  path: string,
  run: RunConfig,
  policy: ActorCritic,
  trainer: PPOTrainer,
  state: RunState,
): Promise<void> {
  const tensors: Record<string, NamedArray> = {};
  for (const [name, t] of policy.namedStateTensors()) {
    tensors[name] = { dtype: t.dtype, shape: [...t.shape], data: t.data };
  }
  await saveCheckpoint(
    path,
    { config: run, tensors, state: { trainer: trainer.getState(), curve: state.curve } },
    { overwrite: false },
  );
}

/** A loaded, checked run checkpoint. */
export interface LoadedRun {
  /** The checked `config.json`. */
  run: RunConfig;
  /** The policy's weights (`model.safetensors`), by state-dict name. */
  tensors: Record<string, NamedArray>;
  /** The {@link PPOTrainer} snapshot, for `setState` (which checks it). */
  trainerState: unknown;
  /** The learning curve up to the checkpoint. */
  curve: CurveRow[];
}

/** Loads checkpoint `n` of `env` under `root`; a missing or damaged checkpoint throws a clear Error. */
export async function loadRunCheckpoint(root: string, env: string, n: number): Promise<LoadedRun> {
  const path = checkpointPath(root, env, n);
  if (!existsSync(path)) {
    const have = listCheckpoints(runFolder(root, env));
    throw new Error(
      `no checkpoint '${path}'; ${have.length > 0 ? `available: ${have.join(", ")}` : `${runFolder(root, env)} holds no checkpoints`}`,
    );
  }
  const ckpt = await loadCheckpoint(path);
  const where = `checkpoint '${path}'`;
  const run = checkRunConfig(ckpt.config, where);
  const state = ckpt.state as { trainer?: unknown; curve?: unknown } | null;
  if (
    typeof state !== "object" ||
    state === null ||
    state.trainer === undefined ||
    !Array.isArray(state.curve)
  ) {
    throw new Error(`${where}: state.json lacks the trainer state or the learning curve`);
  }
  return {
    run,
    tensors: ckpt.tensors,
    trainerState: state.trainer,
    curve: state.curve as CurveRow[],
  };
}
