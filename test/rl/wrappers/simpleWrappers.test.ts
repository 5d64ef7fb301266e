/** NoopReset, MaxAndSkip, FireReset, ClipReward, TimeLimit on scripted envs. */
import { describe, expect, it } from "vitest";
import { ClipReward } from "../../../src/rl/wrappers/clipReward.js";
import { FireReset } from "../../../src/rl/wrappers/fireReset.js";
import { MaxAndSkip } from "../../../src/rl/wrappers/maxAndSkip.js";
import { NoopReset } from "../../../src/rl/wrappers/noopReset.js";
import { TimeLimit } from "../../../src/rl/wrappers/timeLimit.js";
import { ScriptedEnv } from "./support/scriptedEnv.js";

function count(log: string[], entry: string): number {
  return log.filter((e) => e === entry).length;
}

describe("NoopReset", () => {
  it("takes k ~ U{1..30} no-ops from its own generator seeded [seed, 0x4e4f4f50]", () => {
    // python: g = np.random.default_rng([7, 0x4e4f4f50]); [g.integers(1, 31) for _ in range(3)]
    //         -> [24, 26, 13]
    const inner = new ScriptedEnv();
    const env = new NoopReset(inner);
    const r = env.reset({ seed: 7 });
    expect(inner.log[0]).toBe("reset:7");
    expect(count(inner.log, "step:0")).toBe(24);
    expect(inner.log).toHaveLength(25);
    expect(r.info.t).toBe(24);
    env.reset();
    expect(count(inner.log, "step:0")).toBe(24 + 26);
    env.reset();
    expect(count(inner.log, "step:0")).toBe(24 + 26 + 13);
  });

  it("resets again when the episode ends during the no-ops", () => {
    // python: np.random.default_rng([8, 0x4e4f4f50]).integers(1, 31) -> 13
    const inner = new ScriptedEnv({ endAt: 5 });
    const env = new NoopReset(inner);
    const r = env.reset({ seed: 8 });
    // 13 no-ops: 5 end an episode (reset), 5 more end another (reset), 3 remain.
    expect(count(inner.log, "reset")).toBe(2);
    expect(r.info.t).toBe(3);
  });

  it("uses a custom no-op action and bound, and validates them", () => {
    const inner = new ScriptedEnv();
    const env = new NoopReset(inner, { noopMax: 1, noopAction: 3 });
    env.reset({ seed: 0 });
    expect(inner.log).toEqual(["reset:0", "step:3"]);
    expect(() => new NoopReset(inner, { noopMax: 0 })).toThrow(
      /noopMax must be a positive integer, got 0/,
    );
    expect(() => new NoopReset(inner, { noopAction: 4 })).toThrow(
      /noopAction must be an integer in \[0, 3\], got 4/,
    );
  });

  it("passes steps through unchanged", () => {
    const inner = new ScriptedEnv({ reward: (t) => t });
    const env = new NoopReset(inner, { noopMax: 1 });
    env.reset({ seed: 0 });
    expect(env.step(2).reward).toBe(2);
  });
});

describe("MaxAndSkip", () => {
  // Frames alternate between [50, 5, ...] on even steps and [10, 60, ...] on odd ones.
  const frame = (t: number, size: number) => {
    const f = new Uint8Array(size).fill(t);
    f[0] = t % 2 === 0 ? 50 : 10;
    f[1] = t % 2 === 0 ? 5 : 60;
    return f;
  };

  it("repeats the action 4 times, sums rewards and max-pools the last two frames", () => {
    const inner = new ScriptedEnv({ frame, reward: (t) => t });
    const env = new MaxAndSkip(inner);
    env.reset();
    const s = env.step(2);
    expect(inner.log).toEqual(["reset", "step:2", "step:2", "step:2", "step:2"]);
    expect(s.reward).toBe(1 + 2 + 3 + 4);
    // frames 3 and 4: [10, 60, 3, 3, 3, 3] and [50, 5, 4, 4, 4, 4]
    expect(Array.from(s.observation)).toEqual([50, 60, 4, 4, 4, 4]);
  });

  it("stops at the end of an episode", () => {
    const inner = new ScriptedEnv({ frame, reward: () => 1, endAt: 2 });
    const env = new MaxAndSkip(inner, { skip: 4 });
    env.reset();
    const s = env.step(1);
    expect(s.terminated).toBe(true);
    expect(s.reward).toBe(2);
    expect(Array.from(s.observation)).toEqual([50, 60, 2, 2, 2, 2]);
  });

  it("returns the only frame when the episode ends on the first", () => {
    const inner = new ScriptedEnv({ frame, endAt: 1 });
    const s = new MaxAndSkip(inner).step(0);
    expect(Array.from(s.observation)).toEqual([10, 60, 1, 1, 1, 1]);
  });

  it("validates skip", () => {
    expect(() => new MaxAndSkip(new ScriptedEnv(), { skip: 0 })).toThrow(
      /skip must be a positive integer, got 0/,
    );
  });
});

describe("FireReset", () => {
  it("presses FIRE then action 2 after a reset", () => {
    const inner = new ScriptedEnv({ actionMeanings: ["NOOP", "FIRE", "RIGHT", "LEFT"] });
    const env = new FireReset(inner);
    const r = env.reset({ seed: 3 });
    expect(inner.log).toEqual(["reset:3", "step:1", "step:2"]);
    expect(r.observation[0]).toBe(2);
  });

  it("resets again when those steps end the episode", () => {
    const inner = new ScriptedEnv({ endAt: 1 });
    const env = new FireReset(inner);
    env.reset();
    expect(inner.log).toEqual(["reset", "step:1", "reset", "step:2", "reset"]);
  });

  it("needs a FIRE action", () => {
    expect(() => new FireReset(new ScriptedEnv({ actions: 2 }))).toThrow(
      /at least 3 actions, got 2/,
    );
    const noFire = new ScriptedEnv({ actionMeanings: ["NOOP", "RIGHT", "LEFT", "DOWN"] });
    expect(() => new FireReset(noFire)).toThrow(/action 1 must be "FIRE", got RIGHT/);
  });
});

describe("ClipReward", () => {
  it("replaces rewards by their sign", () => {
    const rewards = [5, -3, 0, 0.5, -0.25, 7];
    const env = new ClipReward(new ScriptedEnv({ reward: (t) => rewards[t - 1] }));
    env.reset();
    expect(rewards.map(() => env.step(0).reward)).toEqual([1, -1, 0, 1, -1, 1]);
  });
});

describe("TimeLimit", () => {
  it("truncates on the maxEpisodeSteps-th step and counts from each reset", () => {
    const env = new TimeLimit(new ScriptedEnv(), { maxEpisodeSteps: 3 });
    env.reset();
    expect([env.step(0).truncated, env.step(0).truncated, env.step(0).truncated]).toEqual([
      false,
      false,
      true,
    ]);
    env.reset();
    expect(env.elapsedSteps).toBe(0);
    expect(env.step(0).truncated).toBe(false);
    expect(() => new TimeLimit(new ScriptedEnv(), { maxEpisodeSteps: 0 })).toThrow(
      /maxEpisodeSteps must be a positive integer, got 0/,
    );
  });
});

describe("Wrapper forwarding", () => {
  it("forwards id, spaces, render and close, and finds the unwrapped env", () => {
    const inner = new ScriptedEnv();
    const env = new TimeLimit(new ClipReward(inner), { maxEpisodeSteps: 5 });
    expect(env.id).toBe(inner.id);
    expect(env.actionSpace).toBe(inner.actionSpace);
    expect(env.observationSpace).toBe(inner.observationSpace);
    expect(env.unwrapped).toBe(inner);
    env.reset();
    env.step(0);
    expect(env.render()).toBe("t=1");
    env.close();
    expect(inner.closed).toBe(true);
  });
});
