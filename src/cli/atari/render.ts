/**
 * `ncps atari --render`: plays the policy closed-loop in the terminal, as the ncps example's
 * `run_closed_loop`: greedy actions (`explore=False`), the CfC state carried from step to step
 * and reset to zeros whenever the env says done (every lost life under the DeepMind chain),
 * frames drawn in colour at game speed.
 */
import { ActorCritic } from "../../rl/models/index.js";
import { greedyAction, withEpisodeStatistics } from "../../rl/ppo/index.js";
import { makeEnv } from "../../rl/registry.js";
import { noGrad } from "../../tensor/gradMode.js";
import { Tensor } from "../../tensor/tensor.js";
import { pythonFixed } from "./format.js";
import type { AtariIO } from "./io.js";
import type { AtariOptions } from "./options.js";
import { isPixelEnv } from "./runConfig.js";
import { resolveRun, stateEntries } from "./train.js";

/** Agent steps per second that look like the real game. */
function gameSpeed(envId: string, pixels: boolean): number {
  if (pixels) return 15; // 60 Hz Atari with frameskip 4
  if (envId.startsWith("MinAtar/")) return 10;
  if (envId === "CartPole-v1") return 50; // tau = 0.02 s
  return 5;
}

/** Plays until `--episodes` games finished or Ctrl-C; returns the exit code. */
export async function renderAtari(o: AtariOptions, io: AtariIO): Promise<number> {
  const { run, loaded } = await resolveRun(o);
  const policy = new ActorCritic(run.model, { seed: run.seed });
  if (loaded !== null) {
    policy.loadStateDict(stateEntries(loaded.tensors));
  } else {
    io.err("no --cont given: playing an untrained policy\n");
  }
  policy.eval();
  const env = withEpisodeStatistics(makeEnv(run.env));
  const fps = o.fps ?? gameSpeed(run.env, isPixelEnv(env));
  const frameMs = fps > 0 ? 1000 / fps : 0;
  let stop = false;
  const removeHandler = io.onInterrupt(() => {
    stop = true;
  });
  const zeros = () =>
    policy.stateSize > 0
      ? new Tensor(new Float32Array(policy.stateSize), [1, policy.stateSize])
      : null;
  const scores: number[] = [];
  try {
    let obs = env.reset({ seed: run.seed }).observation;
    let state = zeros();
    let lifeReturn = 0;
    let steps = 0;
    if (io.isTTY) io.out("\x1b[2J");
    while (!stop && (o.episodes === null || scores.length < o.episodes)) {
      const t0 = io.now();
      const out = noGrad(() => policy.forward({ data: obs, batch: 1, time: 1 }, state));
      const action = greedyAction(out.logits.data, 0, policy.numActions);
      const s = env.step(action);
      steps++;
      lifeReturn += s.reward;
      const last =
        scores.length > 0 ? `  last game ${pythonFixed(scores[scores.length - 1], 1)}` : "";
      io.out(
        `${io.isTTY ? "\x1b[H" : ""}${env.render()}\n${run.env}  step ${steps}  action ${action}  return ${pythonFixed(lifeReturn, 1)}  games ${scores.length}${last}${io.isTTY ? "\x1b[J" : ""}\n`,
      );
      if (s.terminated || s.truncated) {
        const game = s.info.episodeReturn;
        if (typeof game === "number") scores.push(game);
        obs = env.reset().observation;
        state = zeros();
        lifeReturn = 0;
      } else {
        obs = s.observation;
        state = out.state;
      }
      const wait = frameMs - (io.now() - t0);
      await io.sleep(Math.max(wait, 0));
    }
  } finally {
    removeHandler();
    env.close?.();
  }
  const mean = scores.length > 0 ? scores.reduce((a, b) => a + b, 0) / scores.length : Number.NaN;
  io.out(`played ${scores.length} games: mean return ${pythonFixed(mean, 1)} (greedy policy)\n`);
  return 0;
}
