/**
 * Trains the browser demo's Breakout policy by behaviour cloning and writes it to
 * web/public/breakout-policy.safetensors.
 *
 * The teacher is the scripted player of web/src/breakout/expert.ts (it reads the ball's
 * direction from the trail, plays its flight forward against the visible bricks and steers
 * the paddle to where the ball comes down). The
 * student is CfC(400, AutoNCP(19, 3), projSize 3) on the raw 10x10x4 observation. Training
 * is DAgger: round 0 records the teacher (with a few random actions, for variety); each later
 * round lets the student play and records what the teacher would have done in the states the
 * student reached. Windows of 32 steps from a zero state are fit with cross-entropy and Adam.
 *
 *   npx tsx scripts/web-train-policy.ts [--seconds 60] [--seed 0] [--out path]
 */
import {
  Adam,
  type CfC,
  clipGradNorm,
  crossEntropyLoss,
  defaultRng,
  tensor,
} from "../src/index.js";
import { writeFileAtomicSync } from "../src/io/atomic.js";
import { MinAtarEnv } from "../src/rl/minatar/index.js";
import { expertAction } from "../web/src/breakout/expert.js";
import {
  BREAKOUT_ACTION_COUNT,
  BREAKOUT_OBSERVATION_SIZE,
} from "../web/src/breakout/observation.js";
import { BreakoutPolicy, createPolicyNetwork, encodePolicy } from "../web/src/breakout/policy.js";

const WINDOW = 32;
const BATCH = 32;
const MAX_EPISODE_STEPS = 600;
const ROUNDS = 8;
const EPISODES_PER_ROUND = 40;
const EVAL_EPISODES = 30;

interface Options {
  seconds: number;
  seed: number;
  out: string;
}

function parseArgs(argv: readonly string[]): Options {
  const options: Options = { seconds: 60, seed: 0, out: "web/public/breakout-policy.safetensors" };
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (value === undefined) throw new Error(`${flag}: expected a value`);
    if (flag === "--seconds" || flag === "--seed") {
      const n = Number(value);
      if (!Number.isFinite(n) || n < 0)
        throw new RangeError(`${flag}: expected a number >= 0, got ${value}`);
      options[flag === "--seconds" ? "seconds" : "seed"] = n;
    } else if (flag === "--out") {
      options.out = value;
    } else {
      throw new Error(`unknown flag ${flag} (expected --seconds, --seed or --out)`);
    }
  }
  return options;
}

/** One recorded episode: the observations met and the teacher's action in each. */
interface Episode {
  observations: Uint8Array[];
  labels: number[];
  return: number;
}

type Chooser = (observation: Uint8Array) => number;

function record(env: MinAtarEnv, seed: number, behave: Chooser, reset: () => void): Episode {
  let { observation } = env.reset({ seed });
  reset();
  const episode: Episode = { observations: [], labels: [], return: 0 };
  for (let t = 0; t < MAX_EPISODE_STEPS; t++) {
    episode.observations.push(observation.slice());
    episode.labels.push(expertAction(observation));
    const step = env.step(behave(observation));
    episode.return += step.reward;
    observation = step.observation;
    if (step.terminated || step.truncated) break;
  }
  return episode;
}

/** Cross-entropy steps on random windows until the deadline; returns the last mean loss. */
function fitRound(
  model: CfC,
  optimizer: Adam,
  episodes: readonly Episode[],
  deadline: number,
  rng: ReturnType<typeof defaultRng>,
): number {
  const usable = episodes.filter((e) => e.observations.length >= WINDOW);
  const x = new Float32Array(BATCH * WINDOW * BREAKOUT_OBSERVATION_SIZE);
  const labels = new Int32Array(BATCH * WINDOW);
  let recent = 0;
  let steps = 0;
  while (performance.now() < deadline) {
    for (let b = 0; b < BATCH; b++) {
      const e = usable[rng.integers(0, usable.length)];
      const start = rng.integers(0, e.observations.length - WINDOW + 1);
      for (let t = 0; t < WINDOW; t++) {
        x.set(e.observations[start + t], (b * WINDOW + t) * BREAKOUT_OBSERVATION_SIZE);
        labels[b * WINDOW + t] = e.labels[start + t];
      }
    }
    optimizer.zeroGrad();
    const [logits] = model.forward(
      tensor(x, { shape: [BATCH, WINDOW, BREAKOUT_OBSERVATION_SIZE] }),
    );
    const loss = crossEntropyLoss(logits.reshape([BATCH * WINDOW, BREAKOUT_ACTION_COUNT]), labels);
    loss.backward();
    clipGradNorm(model.parameters(), 1);
    optimizer.step();
    recent = steps === 0 ? loss.data[0] : 0.95 * recent + 0.05 * loss.data[0];
    steps += 1;
  }
  console.log(`  ${steps} Adam steps`);
  return recent;
}

function main(): void {
  const options = parseArgs(process.argv.slice(2));
  const started = performance.now();
  const rng = defaultRng(options.seed);
  const env = new MinAtarEnv("breakout", { minimalActions: true, seed: options.seed });
  const model = createPolicyNetwork(options.seed);
  const optimizer = new Adam(model.parameters(), { lr: 3e-3 });
  const episodes: Episode[] = [];
  let seed = 1_000_000 * (options.seed + 1);

  for (let round = 0; round < ROUNDS; round++) {
    const student = new BreakoutPolicy(model);
    const epsilon = round === 0 ? 0.1 : 0.05;
    for (let i = 0; i < EPISODES_PER_ROUND; i++) {
      const behave: Chooser = (obs) => {
        if (rng.random() < epsilon) return rng.integers(0, BREAKOUT_ACTION_COUNT);
        return round === 0 ? expertAction(obs) : student.act(obs).action;
      };
      episodes.push(record(env, seed++, behave, () => student.reset()));
    }
    const frames = episodes.reduce((n, e) => n + e.observations.length, 0);
    const deadline = started + (options.seconds * 1000 * (round + 1)) / ROUNDS;
    const loss = fitRound(model, optimizer, episodes, deadline, rng);
    console.log(
      `round ${round}: ${episodes.length} episodes, ${frames} frames, loss ${loss.toFixed(4)}`,
    );
  }

  // Greedy evaluation on fresh seeds, carrying the CfC state through each episode as the page does.
  const policy = new BreakoutPolicy(model);
  const returns: number[] = [];
  const teacher: number[] = [];
  for (let i = 0; i < EVAL_EPISODES; i++) {
    returns.push(
      record(
        env,
        i,
        (obs) => policy.act(obs).action,
        () => policy.reset(),
      ).return,
    );
    teacher.push(record(env, i, expertAction, () => {}).return);
  }
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  const evaluation = {
    episodes: EVAL_EPISODES,
    seeds: `0..${EVAL_EPISODES - 1}`,
    maxEpisodeSteps: MAX_EPISODE_STEPS,
    studentMeanReturn: mean(returns),
    teacherMeanReturn: mean(teacher),
  };
  console.log(JSON.stringify(evaluation));
  const bytes = encodePolicy(model, {
    trainer:
      "behaviour cloning (DAgger) of a scripted player that predicts where the ball comes down; scripts/web-train-policy.ts",
    seed: String(options.seed),
    seconds: String(options.seconds),
    evaluation: JSON.stringify(evaluation),
  });
  writeFileAtomicSync(options.out, bytes);
  console.log(
    `wrote ${options.out} (${bytes.length} bytes) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}

main();
