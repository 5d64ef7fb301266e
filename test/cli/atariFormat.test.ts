/** The report lines of `ncps atari`, formatted as the ncps example's Python f-strings print them. */
import { describe, expect, it } from "vitest";
import { formatReport, pythonFixed } from "../../src/cli/atari/format.js";
import { progressLine } from "../../src/cli/atari/progress.js";

describe("pythonFixed", () => {
  it("matches Python's f-string rounding, ties to even included", () => {
    // python3: [f"{x:0.{d}f}" for x, d in cases]
    const cases: [number, number, string][] = [
      [0.25, 1, "0.2"],
      [0.35, 1, "0.3"],
      [52.5, 0, "52"],
      [53.5, 0, "54"],
      [0.05, 1, "0.1"],
      [-0.25, 1, "-0.2"],
      [2.675, 2, "2.67"],
      [1.9, 1, "1.9"],
      [0, 1, "0.0"],
      [-0.04, 1, "-0.0"],
      [Number.NaN, 1, "nan"],
      [0.5, 0, "0"],
      [1.5, 0, "2"],
      [2.5, 0, "2"],
      [1e21, 1, "1000000000000000000000.0"],
      [Number.POSITIVE_INFINITY, 1, "inf"],
    ];
    for (const [x, d, want] of cases)
      expect(pythonFixed(x, d), `${x} with ${d} decimals`).toBe(want);
  });
});

describe("formatReport", () => {
  it("prints the ncps example's four lines exactly", () => {
    const text = formatReport({
      hours: 0.1,
      envSteps: 52_000,
      policyReward: 1.9,
      checkpoint: "rl_ckpt/ALE/Breakout-v5/checkpoint-13",
    });
    expect(text).toBe(
      "Ran 0.1 hours\n    sampled 52k steps\n    policy reward: 1.9\n    saved checkpoint 'rl_ckpt/ALE/Breakout-v5/checkpoint-13'\n",
    );
  });
});

describe("progressLine", () => {
  it("redraws one line with the bar, the steps, the throughput and the reward", () => {
    expect(
      progressLine({ fraction: 0.5, envSteps: 52_400, stepsPerSecond: 311.6, meanReturn: 1.94 }),
    ).toBe(
      "\r\x1b[2K[############............]  50% to next report | 52k steps | 312 steps/s | reward 1.9",
    );
    expect(
      progressLine({ fraction: 2, envSteps: 0, stepsPerSecond: 0, meanReturn: Number.NaN }),
    ).toContain(
      "[########################] 100% to next report | 0k steps | 0 steps/s | no episode yet",
    );
  });
});
