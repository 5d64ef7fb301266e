import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MinAtarEnv } from "../../../src/rl/minatar/gymEnv.js";
import type { MinAtarGameName } from "../../../src/rl/minatar/types.js";
import { MINATAR } from "../../support/paths.js";

interface Episode {
  actions: number[];
  rewards: number[];
  terminals: number[];
  obs_reset: number[][];
  obs: number[][][];
}
interface Trace {
  trace_id: string;
  seed: number;
  action_set_indices: number[];
  constructor: { sticky_action_prob: number; difficulty_ramping: boolean };
  episodes: Episode[];
}

function loadTrace(file: string, id: string): Trace {
  const data = JSON.parse(readFileSync(join(MINATAR, file), "utf8")) as { traces: Trace[] };
  const trace = data.traces.find((t) => t.trace_id === id);
  if (trace === undefined) throw new Error(`no trace ${id} in ${file}`);
  return trace;
}

/** Decodes the trace's per-channel cell lists into the [row][col][channel] byte layout. */
function decode(obs: number[][]): number[] {
  const c = obs.length;
  const out = new Array<number>(100 * c).fill(0);
  obs.forEach((cellsOfChannel, ch) => {
    for (const cell of cellsOfChannel) out[cell * c + ch] = 1;
  });
  return out;
}

const CASES: [string, MinAtarGameName, string, boolean][] = [
  ["breakout.json", "breakout", "breakout_t1_s11_p01_minimal_random", true],
  ["asterix.json", "asterix", "asterix_t2_s22_p01_full_random", false],
  ["seaquest.json", "seaquest", "seaquest_t1_s41_p01_minimal_random", true],
];

describe("MinAtar Gymnasium-style adapter", () => {
  for (const [file, game, id, minimal] of CASES) {
    it(`reproduces ${id} through reset({ seed }) and step()`, () => {
      const trace = loadTrace(file, id);
      const env = new MinAtarEnv(game, {
        minimalActions: minimal,
        stickyActionProb: trace.constructor.sticky_action_prob,
        difficultyRamping: trace.constructor.difficulty_ramping,
      });
      expect(env.actionSet).toEqual(trace.action_set_indices);
      trace.episodes.forEach((ep, e) => {
        const { observation } = e === 0 ? env.reset({ seed: trace.seed }) : env.reset();
        expect(Array.from(observation)).toEqual(decode(ep.obs_reset));
        ep.actions.forEach((full, k) => {
          const r = env.step(trace.action_set_indices.indexOf(full));
          expect([r.reward, r.terminated, r.truncated]).toEqual([
            ep.rewards[k],
            ep.terminals[k] === 1,
            false,
          ]);
          expect(Array.from(r.observation)).toEqual(decode(ep.obs[k]));
        });
      });
    });
  }

  it("names itself like MinAtar's gymnasium ids and describes its spaces", () => {
    const env = new MinAtarEnv("space_invaders", { minimalActions: true });
    expect(env.id).toBe("MinAtar/SpaceInvaders-v1");
    expect(env.actionSpace).toEqual({ kind: "discrete", n: 4 });
    expect(env.observationSpace).toEqual({
      kind: "box",
      shape: [10, 10, 6],
      low: 0,
      high: 1,
      dtype: "uint8",
    });
    expect(new MinAtarEnv("freeway").id).toBe("MinAtar/Freeway-v0");
    expect(new MinAtarEnv("freeway").maxEpisodeSteps).toBe(10_000);
  });

  it("truncates at maxEpisodeSteps, counting from each reset", () => {
    const env = new MinAtarEnv("freeway", { maxEpisodeSteps: 4 });
    env.reset({ seed: 0 });
    expect([0, 0, 0, 0].map((a) => env.step(a).truncated)).toEqual([false, false, false, true]);
    env.reset();
    expect(env.elapsedSteps).toBe(0);
    expect(env.step(0).truncated).toBe(false);
    // Like Gymnasium's TimeLimit, a cap reached on the terminating step flags both.
    const capped = new MinAtarEnv("freeway", { maxEpisodeSteps: 2501 });
    capped.reset({ seed: 0 });
    for (let k = 0; k < 2500; k++) capped.step(0);
    const last = capped.step(0);
    expect([last.terminated, last.truncated]).toEqual([true, true]);
    expect(() => new MinAtarEnv("freeway", { maxEpisodeSteps: 1.5 })).toThrow(
      /maxEpisodeSteps must be a positive integer or Infinity, got 1.5/,
    );
  });

  it("ends Freeway by itself after 2501 steps with no cap", () => {
    const env = new MinAtarEnv("freeway", { maxEpisodeSteps: Number.POSITIVE_INFINITY });
    env.reset({ seed: 2 });
    let steps = 0;
    let done = false;
    while (!done) {
      const r = env.step(2);
      steps += 1;
      done = r.terminated || r.truncated;
      if (done) expect(r.terminated).toBe(true);
    }
    expect(steps).toBe(2501);
  });

  it("rejects actions outside the (minimal) action space", () => {
    const env = new MinAtarEnv("breakout", { minimalActions: true });
    env.reset({ seed: 0 });
    expect(() => env.step(3)).toThrow(
      /MinAtar\/Breakout-v1: action must be an integer in \[0, 2\], got 3/,
    );
  });

  it("resumes from a JSON snapshot", () => {
    const env = new MinAtarEnv("asterix");
    env.reset({ seed: 4 });
    for (let k = 0; k < 30; k++) env.step(k % 6);
    const copy = new MinAtarEnv("asterix");
    copy.setState(JSON.parse(JSON.stringify(env.getState())));
    expect(copy.elapsedSteps).toBe(30);
    for (let k = 0; k < 30; k++) {
      const a = env.step((k * 7) % 6);
      const b = copy.step((k * 7) % 6);
      expect([b.reward, b.terminated, Array.from(b.observation)]).toEqual([
        a.reward,
        a.terminated,
        Array.from(a.observation),
      ]);
    }
    expect(() => copy.setState({ ...env.getState(), id: "MinAtar/Asterix-v1" })).toThrow(
      /snapshot of MinAtar\/Asterix-v0/,
    );
  });

  it("renders a coloured 10 x 10 frame with a legend", () => {
    const env = new MinAtarEnv("breakout");
    env.reset({ seed: 11 });
    const text = env.render();
    const lines = text.trimEnd().split("\n");
    expect(lines[0]).toBe("MinAtar/Breakout-v0  step 0");
    expect(lines).toHaveLength(1 + 12 + 1);
    expect(text).toContain("\x1b[");
    // Line 0 is the title, line 1 the top border, lines 2..11 rows 0..9: the paddle is in column 4.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escapes are the point
    const row9 = lines[11].replace(/\x1b\[[0-9;]*m/g, "");
    expect(row9).toBe(`|${"  ".repeat(4)}██${"  ".repeat(5)}|`);
    expect(lines[13]).toMatch(/paddle.*ball.*trail.*brick/);
  });
});
