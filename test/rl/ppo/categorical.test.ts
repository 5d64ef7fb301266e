/** Categorical sampling and log-probabilities on plain arrays. */
import { describe, expect, it } from "vitest";
import {
  greedyAction,
  logSoftmaxRow,
  sampleFromLogProbs,
} from "../../../src/rl/ppo/categorical.js";
import { assertClose } from "../../support/assertClose.js";

describe("categorical helpers", () => {
  it("computes log-softmax of one row stably", () => {
    const out = new Float64Array(3);
    logSoftmaxRow([0, 0, 0, 1000, 1001, 1002], 1, 3, out);
    // log(e^k / (1 + e + e^2)) for k = 0, 1, 2, shifted: independent of the offset 1000.
    const z = Math.log(1 + Math.E + Math.E ** 2);
    assertClose(out, [-z, 1 - z, 2 - z], { rtol: 1e-12, atol: 1e-12 }, "log-softmax");
  });

  it("samples by inverse CDF of one uniform draw", () => {
    const logp = Float64Array.from([0.2, 0.5, 0.3].map(Math.log));
    const at = (u: number) => sampleFromLogProbs(logp, 3, { random: () => u });
    expect([at(0), at(0.19), at(0.2), at(0.69), at(0.71), at(0.999999)]).toEqual([
      0, 0, 1, 1, 2, 2,
    ]);
  });

  it("picks the first maximum for the greedy action", () => {
    expect(greedyAction([5, 1, 3, 3, 9, 9], 1, 3)).toBe(1);
    expect(greedyAction([5, 1, 3, 3, 9, 9], 0, 3)).toBe(0);
  });
});
