/**
 * MinAtar golden traces (schema of `shared/minatar/README.md`, version 1): their types, a
 * checked parser, and step-for-step replay through {@link MinAtarEnvironment}.
 */
import { MinAtarEnvironment } from "./environment.js";
import { isMinAtarGameName, MINATAR_GAMES } from "./games.js";
import { GRID_SIZE } from "./types.js";

/** Active cells per channel, each cell written as `row * 10 + col`. */
export type TraceObservation = number[][];

/** One recorded episode. */
export interface TraceEpisode {
  /** 0-based index within the trace. */
  episode: number;
  /** The remembered action when `reset()` was called. */
  last_action_before_reset: number;
  /** 32-bit MT19937 outputs `reset()` consumed. */
  reset_rng_words: number;
  /** The observation right after `reset()`. */
  obs_reset: TraceObservation;
  /** Number of acts recorded. */
  length: number;
  /** Per act: the action passed, as a full-set index. */
  actions: number[];
  /** Per act: the action the game executed after stickiness. */
  executed: number[];
  /** Per act: 1 if the previous action was repeated. */
  sticky: number[];
  /** Per act: the reward. */
  rewards: number[];
  /** Per act: 1 if the act returned terminal. */
  terminals: number[];
  /** Per act: 32-bit MT19937 outputs consumed. */
  rng_words: number[];
  /** Asterix and Seaquest only. */
  ramp_index?: number[];
  /** Per act: the observation after it. */
  obs: TraceObservation[];
}

/** One trace: an environment seeded once and driven through its episodes. */
export interface Trace {
  /** The trace's name. */
  trace_id: string;
  /** The arguments of MinAtar's `Environment(...)`. */
  constructor: {
    /** The game name. */
    env_name: string;
    /** Probability of repeating the previous action. */
    sticky_action_prob: number;
    /** Whether the game speeds up over time. */
    difficulty_ramping: boolean;
  };
  /** The seed given once, before the first episode. */
  seed: number;
  /** The episodes in play order. */
  episodes: TraceEpisode[];
}

/** A game file: metadata and its traces. */
export interface TraceFile {
  /** The schema version. */
  schema_version: 1;
  /** The MinAtar game name. */
  game: string;
  /** `[10, 10, channels]`. */
  obs_shape: number[];
  /** Channel names in channel-index order. */
  channel_names: string[];
  /** The traces. */
  traces: Trace[];
}

/** The outcome of replaying one trace. */
export interface ReplayResult {
  /** The trace's name. */
  traceId: string;
  /** The game. */
  game: string;
  /** Acts replayed: all of them when `ok`, else up to and including the first mismatch. */
  steps: number;
  /** Whether every step matched. */
  ok: boolean;
  /** Where and how the replay first differed from the recording. */
  firstMismatch?: string;
}

function fail(where: string, what: string): never {
  throw new Error(`${where}: ${what}`);
}

function isIntList(v: unknown): v is number[] {
  return Array.isArray(v) && v.every((x) => Number.isInteger(x));
}

function checkEpisode(e: unknown, where: string): TraceEpisode {
  if (typeof e !== "object" || e === null) fail(where, "episode must be an object");
  const ep = e as Record<string, unknown>;
  const lists = ["actions", "executed", "sticky", "rewards", "terminals", "rng_words"];
  const n = ep.length;
  if (!Number.isInteger(n)) fail(where, `length must be an integer, got ${String(n)}`);
  for (const key of [...lists, ...(ep.ramp_index === undefined ? [] : ["ramp_index"])]) {
    const v = ep[key];
    if (!isIntList(v) || v.length !== n) {
      fail(where, `${key} must be a list of ${String(n)} integers`);
    }
  }
  const isObs = (o: unknown): boolean => Array.isArray(o) && o.every(isIntList);
  if (!isObs(ep.obs_reset)) fail(where, "obs_reset must be a list of cell lists");
  if (!Array.isArray(ep.obs) || ep.obs.length !== n || !ep.obs.every(isObs)) {
    fail(where, `obs must be ${String(n)} observations (lists of cell lists)`);
  }
  return ep as unknown as TraceEpisode;
}

/** Checks the parts of a parsed game file that replay reads; throws naming `source` and the field. */
export function parseTraceFile(data: unknown, source: string): TraceFile {
  if (typeof data !== "object" || data === null) fail(source, "expected a JSON object");
  const f = data as Record<string, unknown>;
  if (f.schema_version !== 1) {
    fail(source, `schema_version must be 1, got ${JSON.stringify(f.schema_version)}`);
  }
  if (typeof f.game !== "string") fail(source, "game must be a string");
  if (!isIntList(f.obs_shape) || f.obs_shape.length !== 3) {
    fail(source, "obs_shape must be [10, 10, channels]");
  }
  if (!Array.isArray(f.channel_names) || !f.channel_names.every((c) => typeof c === "string")) {
    fail(source, "channel_names must be a list of strings");
  }
  if (!Array.isArray(f.traces)) fail(source, "traces must be a list");
  f.traces.forEach((t: unknown, i: number) => {
    const where = `${source} traces[${i}]`;
    if (typeof t !== "object" || t === null) fail(where, "trace must be an object");
    const tr = t as Record<string, unknown>;
    if (typeof tr.trace_id !== "string") fail(where, "trace_id must be a string");
    if (!Number.isInteger(tr.seed)) fail(where, "seed must be an integer");
    const c = tr.constructor as unknown as Record<string, unknown> | undefined;
    if (
      typeof c !== "object" ||
      c === null ||
      typeof c.sticky_action_prob !== "number" ||
      typeof c.difficulty_ramping !== "boolean"
    ) {
      fail(where, "constructor must be {env_name, sticky_action_prob, difficulty_ramping}");
    }
    if (!Array.isArray(tr.episodes)) fail(where, "episodes must be a list");
    tr.episodes.forEach((e: unknown, k: number) => {
      checkEpisode(e, `${where} episodes[${k}]`);
    });
  });
  return f as unknown as TraceFile;
}

/** The observation as the trace encodes it: per channel, the active cells in ascending order. */
export function encodeObservation(obs: Uint8Array, channels: number): TraceObservation {
  const out: number[][] = Array.from({ length: channels }, () => []);
  for (let cell = 0; cell < GRID_SIZE * GRID_SIZE; cell++) {
    for (let c = 0; c < channels; c++) if (obs[cell * channels + c] === 1) out[c].push(cell);
  }
  return out;
}

function describeCells(cells: readonly number[]): string {
  return `[${cells.map((v) => `(${Math.floor(v / GRID_SIZE)},${v % GRID_SIZE})`).join(" ")}]`;
}

/** Differences between two encoded observations, one phrase per differing channel. */
function observationDiff(
  actual: TraceObservation,
  expected: TraceObservation,
  names: readonly string[],
): string[] {
  if (actual.length !== expected.length) {
    return [`observation has ${actual.length} channels, expected ${expected.length}`];
  }
  const out: string[] = [];
  for (let c = 0; c < actual.length; c++) {
    const a = actual[c];
    const e = expected[c];
    if (a.length === e.length && a.every((v, i) => v === e[i])) continue;
    out.push(
      `channel ${c} (${names[c]}) has cells (row,col) ${describeCells(a)}, expected ${describeCells(e)}`,
    );
  }
  return out;
}

/** 32-bit words the generator consumed between two MT19937 positions (fewer than 624). */
function wordsBetween(before: number, after: number): number {
  return after >= before ? after - before : after + 624 - before;
}

/** Replays one trace of a game file step for step; never throws for a behavioural mismatch. */
export function replayTrace(file: TraceFile, trace: Trace): ReplayResult {
  const base = { traceId: trace.trace_id, game: file.game };
  if (!isMinAtarGameName(file.game)) {
    return {
      ...base,
      steps: 0,
      ok: false,
      firstMismatch: `unknown game ${JSON.stringify(file.game)} (known: ${MINATAR_GAMES.join(", ")})`,
    };
  }
  const env = new MinAtarEnvironment(file.game, {
    stickyActionProb: trace.constructor.sticky_action_prob,
    difficultyRamping: trace.constructor.difficulty_ramping,
    seed: trace.seed,
  });
  const names = env.channelNames;
  if (file.channel_names.join() !== names.join()) {
    const msg = `channel names ${JSON.stringify(file.channel_names)} differ from ours ${JSON.stringify(names)}`;
    return { ...base, steps: 0, ok: false, firstMismatch: msg };
  }
  const rngPos = (): number => env.getState().rng.pos;
  let steps = 0;
  for (const ep of trace.episodes) {
    const at = `episode ${ep.episode}`;
    const problems: string[] = [];
    if (env.lastAction !== ep.last_action_before_reset) {
      problems.push(`remembered action ${env.lastAction}, expected ${ep.last_action_before_reset}`);
    }
    let pos = rngPos();
    env.reset();
    const resetWords = wordsBetween(pos, rngPos());
    if (resetWords !== ep.reset_rng_words) {
      problems.push(`reset drew ${resetWords} RNG words, expected ${ep.reset_rng_words}`);
    }
    problems.push(
      ...observationDiff(encodeObservation(env.state(), env.numChannels), ep.obs_reset, names),
    );
    if (problems.length > 0) {
      return {
        ...base,
        steps,
        ok: false,
        firstMismatch: `${at}, after reset: ${problems.join("; ")}`,
      };
    }
    for (let k = 0; k < ep.length; k++) {
      pos = rngPos();
      const { reward, terminal } = env.act(ep.actions[k]);
      steps += 1;
      const got = {
        executed: env.lastAction,
        sticky: env.lastActionWasSticky ? 1 : 0,
        reward,
        terminal: terminal ? 1 : 0,
      };
      const want = {
        executed: ep.executed[k],
        sticky: ep.sticky[k],
        reward: ep.rewards[k],
        terminal: ep.terminals[k],
      };
      for (const key of ["executed", "sticky", "reward", "terminal"] as const) {
        if (got[key] !== want[key]) problems.push(`${key} ${got[key]}, expected ${want[key]}`);
      }
      problems.push(
        ...observationDiff(encodeObservation(env.state(), env.numChannels), ep.obs[k], names),
      );
      const words = wordsBetween(pos, rngPos());
      if (words !== ep.rng_words[k])
        problems.push(`act drew ${words} RNG words, expected ${ep.rng_words[k]}`);
      if (ep.ramp_index !== undefined && env.rampIndex !== ep.ramp_index[k]) {
        problems.push(`ramp index ${env.rampIndex}, expected ${ep.ramp_index[k]}`);
      }
      if (problems.length > 0) {
        const msg = `${at}, step ${k + 1} (action ${ep.actions[k]}): ${problems.join("; ")}`;
        return { ...base, steps, ok: false, firstMismatch: msg };
      }
    }
  }
  return { ...base, steps, ok: true };
}
