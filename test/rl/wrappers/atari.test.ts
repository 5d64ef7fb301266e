/** The DeepMind chain on the Breakout clone: structure, observations, lives, statistics, resume. */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { RandomState } from "../../../src/random/index.js";
import type { PixelBreakout } from "../../../src/rl/breakout/pixelBreakout.js";
import type { Env } from "../../../src/rl/env.js";
import { makeEnv } from "../../../src/rl/registry.js";
import { wrapDeepMind } from "../../../src/rl/wrappers/atari.js";
import { makeAtariEnv } from "../../../src/rl/wrappers/makeAtariEnv.js";
import { Wrapper } from "../../../src/rl/wrappers/wrapper.js";
import { ScriptedEnv } from "./support/scriptedEnv.js";

function chainOf(env: Env): string[] {
  const names: string[] = [];
  let e: Env = env;
  while (e instanceof Wrapper) {
    names.push(e.wrapperName);
    e = e.env;
  }
  names.push(e.id);
  return names;
}

function digest(a: Uint8Array): string {
  return createHash("sha1").update(a).digest("hex");
}

describe("makeAtariEnv", () => {
  it("builds rllib's chain for v5 ids (no MaxAndSkip) and adds it for NoFrameskip ids", () => {
    expect(chainOf(makeAtariEnv("PixelBreakout-v5"))).toEqual([
      "FrameStack",
      "ClipReward",
      "WarpFrame",
      "FireReset",
      "EpisodicLife",
      "NoopReset",
      "RecordEpisodeStatistics",
      "PixelBreakout-v5",
    ]);
    expect(chainOf(makeAtariEnv("PixelBreakout-NoFrameskip-v4"))).toEqual([
      "FrameStack",
      "ClipReward",
      "WarpFrame",
      "FireReset",
      "EpisodicLife",
      "MaxAndSkip",
      "NoopReset",
      "RecordEpisodeStatistics",
      "PixelBreakout-NoFrameskip-v4",
    ]);
    expect(chainOf(makeEnv("PixelBreakout-DeepMind-v5"))).toEqual(
      chainOf(makeAtariEnv("PixelBreakout-v5")),
    );
  });

  it("switches wrappers off and passes env options", () => {
    const env = makeAtariEnv("PixelBreakout-v5", {
      noopMax: 0,
      episodicLife: false,
      clipRewards: false,
      frameStack: 1,
      recordStatistics: false,
      env: { stickyActionProb: 0 },
    });
    expect(chainOf(env)).toEqual(["WarpFrame", "FireReset", "PixelBreakout-v5"]);
    expect(env.observationSpace.shape).toEqual([84, 84, 1]);
    expect((env as Wrapper).unwrapped).toMatchObject({ repeatActionProbability: 0 });
  });

  it("leaves FireReset out for envs without a FIRE action", () => {
    const env = wrapDeepMind(new ScriptedEnv({ shape: [8, 8, 3], lives: () => 1 }));
    expect(chainOf(env)).not.toContain("FireReset");
  });

  it("rejects non-uint8 envs", () => {
    expect(() => makeAtariEnv("CartPole-v1")).toThrow(/must give uint8 frames, got float/);
  });
});

describe("the DeepMind chain on PixelBreakout-v5", () => {
  it("gives [84, 84, 4] uint8 frames, clipped rewards and an episode per life", () => {
    const env = makeAtariEnv("PixelBreakout-v5");
    expect(env.observationSpace).toEqual({
      kind: "box",
      shape: [84, 84, 4],
      low: 0,
      high: 255,
      dtype: "uint8",
    });
    const raw = (env as Wrapper).unwrapped as PixelBreakout;
    const first = env.reset({ seed: 3 });
    expect(first.observation.length).toBe(84 * 84 * 4);
    expect(first.info.lives).toBe(5);
    // FireReset served the ball in the reset.
    expect(raw.getState().game.ballInPlay).toBe(true);
    const actions = new RandomState(0);
    const livesAtEnds: number[] = [];
    const clipped = new Set<number>();
    let game: { episodeReturn: number; episodeLength: number; score: number } | null = null;
    let clippedSum = 0;
    for (let i = 0; i < 3000 && game === null; i++) {
      const s = env.step(actions.randint(4));
      clipped.add(s.reward);
      clippedSum += s.reward;
      if (typeof s.info.episodeReturn === "number") {
        game = {
          episodeReturn: s.info.episodeReturn,
          episodeLength: Number(s.info.episodeLength),
          score: raw.getState().game.score,
        };
      }
      if (s.terminated || s.truncated) {
        livesAtEnds.push(Number(s.info.lives));
        env.reset();
      }
    }
    expect(livesAtEnds).toEqual([4, 3, 2, 1, 0]);
    expect([...clipped].every((r) => r === 0 || r === 1)).toBe(true);
    expect(game).not.toBeNull();
    // The reported return is the unclipped score of the whole game, all five lives.
    expect(game?.episodeReturn).toBe(game?.score);
    expect(game?.episodeReturn).toBeGreaterThanOrEqual(clippedSum);
    expect(game?.episodeLength).toBeGreaterThan(0);
  });

  it("stacks the newest frame last and repeats the previous three", () => {
    const env = makeAtariEnv("PixelBreakout-v5");
    env.reset({ seed: 1 });
    const a = env.step(0).observation;
    const b = env.step(0).observation;
    for (let p = 0; p < 84 * 84; p += 97) {
      expect([b[4 * p], b[4 * p + 1], b[4 * p + 2]]).toEqual([
        a[4 * p + 1],
        a[4 * p + 2],
        a[4 * p + 3],
      ]);
    }
  });

  it("is reproducible from a seed and resumes exactly from a JSON snapshot of the whole chain", () => {
    const run = (env: Env<Uint8Array>, steps: number, actionSeed: number) => {
      const actions = new RandomState(actionSeed);
      const out: string[] = [];
      for (let i = 0; i < steps; i++) {
        const s = env.step(actions.randint(4));
        out.push(`${digest(s.observation)} ${s.reward} ${s.terminated} ${s.info.episodeReturn}`);
        if (s.terminated || s.truncated) out.push(`reset ${digest(env.reset().observation)}`);
      }
      return out;
    };
    const a = makeAtariEnv("PixelBreakout-NoFrameskip-v4");
    a.reset({ seed: 9 });
    const b = makeAtariEnv("PixelBreakout-NoFrameskip-v4");
    b.reset({ seed: 9 });
    expect(run(b, 80, 5)).toEqual(run(a, 80, 5));

    const snapshot = JSON.parse(JSON.stringify((a as Wrapper).getState()));
    const expected = run(a, 120, 6);
    const c = makeAtariEnv("PixelBreakout-NoFrameskip-v4");
    (c as Wrapper).setState(snapshot);
    expect(run(c, 120, 6)).toEqual(expected);
  });

  it("refuses a snapshot of a different chain", () => {
    const a = makeAtariEnv("PixelBreakout-NoFrameskip-v4");
    a.reset({ seed: 1 });
    const b = makeAtariEnv("PixelBreakout-v5");
    b.reset({ seed: 1 });
    expect(() => (b as Wrapper).setState((a as Wrapper).getState())).toThrow(
      /NoopReset.setState: state.wrapper must be "NoopReset", got "MaxAndSkip"/,
    );
  });
});
