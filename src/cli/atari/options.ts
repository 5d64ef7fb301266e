/** The flags of `ncps atari` and their conversion into checked run options. */
import { type FlagSpec, numberFlag, type ParsedFlags } from "../command.js";

/** The default environment: MinAtar Breakout with its minimal action set. */
export const DEFAULT_ENV = "MinAtar/Breakout-v1";

/** Flags of `ncps atari`. Model and PPO flags have no default here: unset means "preset". */
export const ATARI_FLAGS: Record<string, FlagSpec> = {
  env: { type: "string", value: "<id>", description: "environment id", default: DEFAULT_ENV },
  hours: {
    type: "string",
    value: "<h>",
    description: "stop training after this many hours",
    default: "4",
  },
  steps: { type: "string", value: "<n>", description: "stop training after this many env steps" },
  cont: { type: "string", value: "<n>", description: "continue from checkpoint-<n>" },
  render: { type: "boolean", description: "play the policy in the terminal instead of training" },
  seed: {
    type: "string",
    value: "<s>",
    description: "seed of envs, weights and sampling (default 0)",
  },
  "report-minutes": {
    type: "string",
    value: "<m>",
    description: "minutes between reports and checkpoints",
    default: "5",
  },
  dir: { type: "string", value: "<folder>", description: "checkpoint folder", default: "rl_ckpt" },
  envs: { type: "string", value: "<n>", description: "parallel environments (default: preset)" },
  rollout: {
    type: "string",
    value: "<n>",
    description: "steps per env per iteration (default: preset)",
  },
  minibatch: {
    type: "string",
    value: "<n>",
    description: "timesteps per minibatch (default: preset)",
  },
  epochs: {
    type: "string",
    value: "<n>",
    description: "passes over each rollout (default: preset)",
  },
  lr: { type: "string", value: "<x>", description: "learning rate (default: preset)" },
  units: { type: "string", value: "<n>", description: "CfC units (default 64)" },
  wiring: {
    type: "string",
    value: "<spec>",
    description:
      "wired CfC instead of a fully connected one: auto-ncp:<units>,<motor>[,<sparsity>] or random:<units>[,<sparsity>]",
  },
  channels: {
    type: "string",
    value: "<a,b,c,d>",
    description: "conv channels of the pixel model (default 64,128,128,256)",
  },
  episodes: { type: "string", value: "<n>", description: "--render: stop after this many games" },
  fps: {
    type: "string",
    value: "<n>",
    description: "--render: steps per second (default: game speed; 0 = unthrottled)",
  },
};

/** Model and PPO settings a user may set; undefined means "take the preset (or the checkpoint's)". */
export interface RunOverrides {
  /** `--seed`. */
  seed?: number;
  /** `--envs`. */
  numEnvs?: number;
  /** `--rollout`. */
  rolloutLength?: number;
  /** `--minibatch`. */
  minibatchSize?: number;
  /** `--epochs`. */
  numEpochs?: number;
  /** `--lr`. */
  lr?: number;
  /** `--units`. */
  units?: number;
  /** `--wiring`, unparsed. */
  wiring?: string;
  /** `--channels`. */
  channels?: number[];
}

/** Everything `ncps atari` was asked to do. */
export interface AtariOptions {
  /** `--env`: the registry id. */
  env: string;
  /** `--hours`: the training time limit of this session. */
  hours: number;
  /** `--steps`: the env-step limit of the whole run, or null for none. */
  steps: number | null;
  /** `--cont`: the checkpoint number to continue from, or null for a new run. */
  cont: number | null;
  /** `--render`: play instead of training. */
  render: boolean;
  /** `--report-minutes`: minutes between reports and checkpoints. */
  reportMinutes: number;
  /** `--dir`: the checkpoint root. */
  dir: string;
  /** `--episodes`: games to render, or null for no limit. */
  episodes: number | null;
  /** `--fps`: render speed, or null for the game's speed. */
  fps: number | null;
  /** The model and PPO flags. */
  overrides: RunOverrides;
}

function intList(flags: ParsedFlags, name: string): number[] | undefined {
  const raw = flags[name];
  if (raw === undefined) return undefined;
  const parts = String(raw)
    .split(",")
    .map((s) => s.trim());
  const values = parts.map(Number);
  if (parts.length === 0 || values.some((v) => !Number.isInteger(v) || v < 1)) {
    throw new Error(`--${name} expects comma-separated positive integers, got '${String(raw)}'`);
  }
  return values;
}

/** Converts parsed flags into {@link AtariOptions}; a bad value throws naming the flag. */
export function atariOptions(flags: ParsedFlags): AtariOptions {
  const env = flags.env;
  if (typeof env !== "string" || env.length === 0)
    throw new Error(`--env expects an id, got '${String(env)}'`);
  const dir = flags.dir;
  if (typeof dir !== "string" || dir.length === 0)
    throw new Error(`--dir expects a folder, got '${String(dir)}'`);
  const int = (name: string, min: number) => numberFlag(flags, name, { integer: true, min });
  const wiring = flags.wiring;
  const overrides: RunOverrides = {
    seed: int("seed", 0),
    numEnvs: int("envs", 1),
    rolloutLength: int("rollout", 1),
    minibatchSize: int("minibatch", 1),
    numEpochs: int("epochs", 1),
    lr: numberFlag(flags, "lr", { min: 0 }),
    units: int("units", 1),
    wiring: typeof wiring === "string" ? wiring : undefined,
    channels: intList(flags, "channels"),
  };
  if (overrides.units !== undefined && overrides.wiring !== undefined) {
    throw new Error("give --units or --wiring, not both (a wiring sets its own number of units)");
  }
  return {
    env,
    hours: numberFlag(flags, "hours", { min: 0 }) ?? 4,
    steps: int("steps", 1) ?? null,
    cont: int("cont", 0) ?? null,
    render: flags.render === true,
    reportMinutes: numberFlag(flags, "report-minutes", { min: 0 }) ?? 5,
    dir,
    episodes: int("episodes", 1) ?? null,
    fps: numberFlag(flags, "fps", { min: 0 }) ?? null,
    overrides,
  };
}
