/** GAE advantages and value targets against numpy and against their closed forms at lambda 0 and 1. */
import { describe, expect, it } from "vitest";
import { computeGae } from "../../../src/rl/ppo/gae.js";
import { assertClose } from "../../support/assertClose.js";

const TIGHT = { rtol: 1e-12, atol: 1e-12 };

// T = 5 steps of N = 2 envs, time-major.
const rewards = [1, 0, 0, 1, 1, 1, 0, 0, 1, 0.5];
const values = [0.5, 0.2, 0.1, -0.3, 0.7, 0.4, 0.0, 0.9, 0.3, 0.1];
const dones = [0, 0, 1, 0, 0, 0, 0, 1, 0, 0];
const lastValues = [0.25, -0.5];

describe("computeGae", () => {
  it("matches a numpy implementation (gamma 0.99, lambda 0.95)", () => {
    // numpy: lastgae = 0; for t in reversed(range(T)): nv = last if t == T-1 else values[t+1];
    // delta = r[t] + gamma*nv*(1-done[t]) - values[t]; lastgae = delta + gamma*lam*(1-done[t])*lastgae
    const expectedAdv = [
      0.50495, 1.6682184181375002, -0.1, 2.302199275, 1.417430386875, 0.6445500000000001,
      1.18812375, -0.9, 0.9475, -0.095,
    ];
    const expectedReturns = [
      1.00495, 1.8682184181375001, 0.0, 2.002199275, 2.117430386875, 1.04455, 1.18812375, 0.0,
      1.2475, 0.0050000000000000044,
    ];
    const r = computeGae({
      rewards,
      values,
      dones,
      lastValues,
      numSteps: 5,
      numEnvs: 2,
      gamma: 0.99,
      lambda: 0.95,
    });
    assertClose(r.advantages, expectedAdv, TIGHT, "advantages");
    assertClose(r.returns, expectedReturns, TIGHT, "returns");
  });

  it("is the one-step TD error at lambda 0", () => {
    const gamma = 0.9;
    const r = computeGae({
      rewards,
      values,
      dones,
      lastValues,
      numSteps: 5,
      numEnvs: 2,
      gamma,
      lambda: 0,
    });
    const expected = rewards.map((rew, i) => {
      const next = i + 2 < 10 ? values[i + 2] : lastValues[i % 2];
      return rew + gamma * next * (1 - dones[i]) - values[i];
    });
    assertClose(r.advantages, expected, TIGHT, "advantages");
  });

  it("gives discounted returns (bootstrapped at the end, cut at dones) at lambda 1", () => {
    const gamma = 0.5;
    const r = computeGae({
      rewards,
      values,
      dones,
      lastValues,
      numSteps: 5,
      numEnvs: 2,
      gamma,
      lambda: 1,
    });
    // env 0: rewards 1, 0, 1, 0, 1, done after t = 1, then bootstrap 0.25 after t = 4.
    const env0 = [
      1,
      0,
      1 + 0.5 * (0 + 0.5 * (1 + 0.5 * 0.25)),
      0 + 0.5 * (1 + 0.5 * 0.25),
      1 + 0.5 * 0.25,
    ];
    // env 1: rewards 0, 1, 1, 0, 0.5, done after t = 3, then bootstrap -0.5 after t = 4.
    const env1 = [0 + 0.5 * (1 + 0.5 * 1), 1 + 0.5 * 1, 1, 0, 0.5 + 0.5 * -0.5];
    const expected = [0, 1, 2, 3, 4].flatMap((t) => [env0[t], env1[t]]);
    assertClose(r.returns, expected, TIGHT, "returns");
  });

  it("rejects inputs of the wrong size or out-of-range factors", () => {
    const base = {
      rewards,
      values,
      dones,
      lastValues,
      numSteps: 5,
      numEnvs: 2,
      gamma: 0.99,
      lambda: 0.95,
    };
    expect(() => computeGae({ ...base, rewards: [1, 2] })).toThrow(
      /rewards must have 10 values, got 2/,
    );
    expect(() => computeGae({ ...base, lastValues: [0] })).toThrow(
      /lastValues must have 2 values, got 1/,
    );
    expect(() => computeGae({ ...base, gamma: 1.5 })).toThrow(/gamma must be in \[0, 1\], got 1.5/);
    expect(() => computeGae({ ...base, numEnvs: 0 })).toThrow(
      /numEnvs must be a positive integer, got 0/,
    );
  });
});
