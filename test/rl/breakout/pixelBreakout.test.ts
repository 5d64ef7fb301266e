/** PixelBreakout-v5's ALE-like interface: spaces, frameskip, sticky actions, lives, resume. */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { RandomState } from "../../../src/random/index.js";
import { drawFrame, FRAME_BYTES } from "../../../src/rl/breakout/draw.js";
import { BreakoutGame } from "../../../src/rl/breakout/game.js";
import {
  PixelBreakout,
  type PixelBreakoutState,
  pixelBreakoutNoFrameskip,
} from "../../../src/rl/breakout/pixelBreakout.js";

/** A short digest of a frame (comparing digests is far faster than deep-equal on frames). */
function digest(frame: Uint8Array): string {
  return createHash("sha1").update(frame).digest("hex");
}

/** Plays `n` steps with actions drawn from `RandomState(actionSeed)`; returns per-step records. */
function play(env: PixelBreakout, n: number, actionSeed: number) {
  const actions = new RandomState(actionSeed);
  const out: { obs: string; reward: number; terminated: boolean; lives: number }[] = [];
  for (let i = 0; i < n; i++) {
    const s = env.step(actions.randint(4));
    out.push({
      obs: digest(s.observation),
      reward: s.reward,
      terminated: s.terminated,
      lives: Number(s.info.lives),
    });
    if (s.terminated || s.truncated) env.reset();
  }
  return out;
}

describe("PixelBreakout spaces and reset", () => {
  it("has ALE Breakout-v5's spaces, id and action meanings", () => {
    const env = new PixelBreakout();
    expect(env.id).toBe("PixelBreakout-v5");
    expect(env.observationSpace).toEqual({
      kind: "box",
      shape: [210, 160, 3],
      low: 0,
      high: 255,
      dtype: "uint8",
    });
    expect(env.actionSpace).toEqual({ kind: "discrete", n: 4 });
    expect(env.actionMeanings).toEqual(["NOOP", "FIRE", "RIGHT", "LEFT"]);
    expect(env.frameskip).toBe(4);
    expect(env.repeatActionProbability).toBe(0.25);
    expect(env.maxNumFramesPerEpisode).toBe(108_000);
  });

  it("resets to the start frame with 5 lives", () => {
    const env = new PixelBreakout();
    const { observation, info } = env.reset({ seed: 1 });
    const expected = new Uint8Array(FRAME_BYTES);
    drawFrame(new BreakoutGame(), expected);
    expect(Buffer.from(observation).equals(Buffer.from(expected))).toBe(true);
    expect(info).toEqual({ lives: 5, episodeFrameNumber: 0, frameNumber: 0 });
  });

  it("returns a fresh observation array every time", () => {
    const env = new PixelBreakout();
    const a = env.reset({ seed: 1 }).observation;
    const b = env.step(0).observation;
    expect(a === b).toBe(false);
  });

  it("works unseeded", () => {
    const env = new PixelBreakout();
    expect(env.reset().observation.length).toBe(FRAME_BYTES);
    expect(env.step(1).info.lives).toBe(5);
  });
});

describe("PixelBreakout stepping", () => {
  it("runs 4 emulator frames per step (v5) and 1 for the NoFrameskip variant", () => {
    const v5 = new PixelBreakout();
    v5.reset({ seed: 0 });
    v5.step(0);
    expect(v5.step(0).info.episodeFrameNumber).toBe(8);
    const nf = pixelBreakoutNoFrameskip();
    expect(nf.id).toBe("PixelBreakout-NoFrameskip-v4");
    expect(nf.repeatActionProbability).toBe(0);
    nf.reset({ seed: 0 });
    nf.step(0);
    expect(nf.step(0).info.episodeFrameNumber).toBe(2);
  });

  it("keeps the previous action per frame with probability 0.25 (numpy draws)", () => {
    // python: u = np.random.default_rng(3).random(12); actions (2, 3, 0) * 4, held from 0;
    // per frame: held = action if u >= 0.25 -> [0, 0, 0, 2, 2, 0, 2, 2, 0, 0, 3, 0]
    const env = new PixelBreakout({ frameskip: 1, repeatActionProbability: 0.25 });
    env.reset({ seed: 3 });
    const held: number[] = [];
    for (let k = 0; k < 12; k++) {
      env.step([2, 3, 0][k % 3]);
      held.push(env.getState().heldAction);
    }
    expect(held).toEqual([0, 0, 0, 2, 2, 0, 2, 2, 0, 0, 3, 0]);
  });

  it("applies every action at once without stickiness", () => {
    const env = new PixelBreakout({ frameskip: 1, repeatActionProbability: 0 });
    env.reset({ seed: 3 });
    for (const a of [2, 3, 0, 1]) {
      env.step(a);
      expect(env.getState().heldAction).toBe(a);
    }
  });

  it("truncates after maxNumFramesPerEpisode emulator frames", () => {
    const env = new PixelBreakout({ maxNumFramesPerEpisode: 8 });
    env.reset({ seed: 0 });
    expect(env.step(0).truncated).toBe(false);
    const s = env.step(0);
    expect(s.truncated).toBe(true);
    expect(s.terminated).toBe(false);
  });

  it("reports a lost life in info.lives and ends the game with the last one", () => {
    const env = new PixelBreakout({ repeatActionProbability: 0 });
    env.reset({ seed: 0 });
    const state = env.getState();
    const falling = {
      ballInPlay: true,
      ballX: 800,
      ballY: 195 * 8,
      ballDirX: 1,
      ballDirY: 1,
      paddleX: 8,
    };
    env.setState({ ...state, game: { ...state.game, ...falling, lives: 2 } });
    const s1 = env.step(0);
    expect(s1.info.lives).toBe(1);
    expect(s1.terminated).toBe(false);
    env.setState({ ...env.getState(), game: { ...env.getState().game, ...falling } });
    const s2 = env.step(0);
    expect(s2.info.lives).toBe(0);
    expect(s2.terminated).toBe(true);
    // The frameskip loop stops at the game's end: 4 + 1 frames.
    expect(s2.info.episodeFrameNumber).toBe(5);
    const s3 = env.step(1);
    expect([s3.reward, s3.terminated]).toEqual([0, true]);
  });

  it("scores the points of the bricks it breaks", () => {
    // A tracking player reading the state: the rewards add up to the game's score.
    const env = new PixelBreakout({ repeatActionProbability: 0 });
    env.reset({ seed: 5 });
    let total = 0;
    for (let i = 0; i < 400; i++) {
      const g = env.getState().game;
      const centre = g.paddleX + g.paddleWidth / 2;
      const ball = g.ballX / 8 + 1;
      const a = !g.ballInPlay ? 1 : ball > centre + 2 ? 2 : ball < centre - 2 ? 3 : 0;
      const s = env.step(a);
      total += s.reward;
      if (s.terminated) break;
    }
    expect(total).toBeGreaterThan(0);
    expect(total).toBe(env.getState().game.score);
  });

  it("rejects bad actions and steps before reset", () => {
    const env = new PixelBreakout();
    expect(() => env.step(0)).toThrow(/call reset\(\) before step\(\)/);
    env.reset({ seed: 0 });
    expect(() => env.step(4)).toThrow(RangeError);
    expect(() => env.step(1.5)).toThrow(/action must be an integer in \[0, 3\], got 1.5/);
    expect(() => env.reset({ seed: -1 })).toThrow(
      /seed must be a non-negative safe integer, got -1/,
    );
  });

  it("rejects bad options", () => {
    expect(() => new PixelBreakout({ frameskip: 0 })).toThrow(
      /frameskip must be a positive integer, got 0/,
    );
    expect(() => new PixelBreakout({ repeatActionProbability: 2 })).toThrow(/\[0, 1\], got 2/);
    expect(() => new PixelBreakout({ maxNumFramesPerEpisode: -1 })).toThrow(
      /maxNumFramesPerEpisode/,
    );
  });
});

describe("PixelBreakout determinism and checkpoints", () => {
  it("repeats exactly for the same seed and differs across seeds", () => {
    const run = (seed: number) => {
      const env = new PixelBreakout();
      env.reset({ seed });
      return play(env, 150, 11);
    };
    const a = run(7);
    const b = run(7);
    expect(b).toEqual(a);
    const c = run(8);
    expect(c.some((r, i) => r.obs !== a[i].obs)).toBe(true);
  });

  it("the options' seed is used by the first unseeded reset", () => {
    const a = new PixelBreakout({ seed: 21 });
    a.reset();
    const b = new PixelBreakout();
    b.reset({ seed: 21 });
    expect(play(a, 100, 3)).toEqual(play(b, 100, 3));
  });

  it("resumes exactly from a JSON snapshot", () => {
    const env = new PixelBreakout();
    env.reset({ seed: 4 });
    play(env, 60, 1);
    const snapshot = JSON.parse(JSON.stringify(env.getState())) as PixelBreakoutState;
    const expected = play(env, 200, 2);
    const resumed = new PixelBreakout();
    resumed.setState(snapshot);
    expect(play(resumed, 200, 2)).toEqual(expected);
  });

  it("refuses a snapshot from an env with other options, changing nothing", () => {
    const env = new PixelBreakout();
    env.reset({ seed: 4 });
    const other = pixelBreakoutNoFrameskip();
    other.reset({ seed: 1 });
    const before = other.getState();
    expect(() => other.setState(env.getState())).toThrow(/state.id must be one of/);
    expect(() => other.setState({ ...env.getState(), id: other.id })).toThrow(/state.frameskip/);
    expect(() => env.setState({ ...env.getState(), game: { lives: 3 } })).toThrow(
      /state.game.bricks/,
    );
    expect(other.getState()).toEqual(before);
  });
});

describe("PixelBreakout render", () => {
  it("renders 27 lines of coloured half blocks, bricks included", () => {
    const env = new PixelBreakout();
    env.reset({ seed: 0 });
    const text = env.render();
    expect(text.split("\n")).toHaveLength(27);
    expect(text).toContain("\x1b[38;2;200;72;72m");
    expect(text).toContain("\u2580");
  });
});
