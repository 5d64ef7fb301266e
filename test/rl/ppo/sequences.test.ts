/** Chopping rollouts into sequences that never cross episodes, and splitting them into minibatches. */
import { describe, expect, it } from "vitest";
import {
  chopIntoSequences,
  minibatchCount,
  splitIntoGroups,
} from "../../../src/rl/ppo/sequences.js";

describe("chopIntoSequences", () => {
  it("cuts at the fragment start, at episode starts and every maxSeqLen steps", () => {
    // 7 steps of 2 envs (time-major). Env 0 starts episodes at t = 0 and t = 3;
    // env 1 starts none inside the fragment.
    const starts = [1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0];
    expect(chopIntoSequences(starts, 7, 2, 3)).toEqual([
      { env: 0, start: 0, length: 3 },
      { env: 0, start: 3, length: 3 },
      { env: 0, start: 6, length: 1 },
      { env: 1, start: 0, length: 3 },
      { env: 1, start: 3, length: 3 },
      { env: 1, start: 6, length: 1 },
    ]);
    expect(chopIntoSequences(starts, 7, 2, 20)).toEqual([
      { env: 0, start: 0, length: 3 },
      { env: 0, start: 3, length: 4 },
      { env: 1, start: 0, length: 7 },
    ]);
  });

  it("covers every step exactly once, each chunk inside one episode", () => {
    const steps = 50;
    const envs = 3;
    const starts = Array.from({ length: steps * envs }, (_, i) =>
      i % 7 === 0 || i % 11 === 0 ? 1 : 0,
    );
    const chunks = chopIntoSequences(starts, steps, envs, 8);
    const covered = new Array(steps * envs).fill(0);
    for (const c of chunks) {
      expect(c.length).toBeGreaterThan(0);
      expect(c.length).toBeLessThanOrEqual(8);
      for (let k = 0; k < c.length; k++) {
        covered[(c.start + k) * envs + c.env]++;
        if (k > 0) expect(starts[(c.start + k) * envs + c.env]).toBe(0);
      }
    }
    expect(covered.every((x) => x === 1)).toBe(true);
  });

  it("rejects bad sizes", () => {
    expect(() => chopIntoSequences([0, 0], 2, 2, 4)).toThrow(
      /numSteps \* numEnvs = 4 values, got 2/,
    );
    expect(() => chopIntoSequences([0, 0], 2, 1, 0)).toThrow(
      /maxSeqLen must be a positive integer, got 0/,
    );
  });
});

describe("minibatches", () => {
  it("counts minibatches as steps / minibatchSize rounded, at least one", () => {
    expect(minibatchCount(4000, 500)).toBe(8);
    expect(minibatchCount(2048, 512)).toBe(4);
    expect(minibatchCount(100, 500)).toBe(1);
  });

  it("splits an order into nearly equal consecutive groups", () => {
    expect(splitIntoGroups([4, 2, 0, 1, 3, 6, 5], 3)).toEqual([
      [4, 2],
      [0, 1],
      [3, 6, 5],
    ]);
    expect(splitIntoGroups([1, 0], 4)).toEqual([[1], [0]]);
    expect(() => splitIntoGroups([1], 0)).toThrow(/count must be a positive integer, got 0/);
  });
});
