import { describe, expect, it } from "vitest";
import { RandomState } from "../../../src/random/index.js";
import { MinAtarEnvironment } from "../../../src/rl/minatar/environment.js";
import type { MinAtarGameName } from "../../../src/rl/minatar/types.js";

// Uniform-random play (all 6 actions, sticky 0.1, ramping on), measured with the original Python
// MinAtar 1.0.15 over 1000 episodes: mean return +- standard error and mean episode length
// (shared/spec/rl.md 2.3-2.7). Space Invaders has no trace, so this is its end-to-end check.
const PYTHON: [MinAtarGameName, number, number, number][] = [
  ["space_invaders", 2.89, 0.073, 51.3],
  ["breakout", 0.532, 0.024, 11.4],
  ["asterix", 0.507, 0.027, 69.4],
  ["seaquest", 0.115, 0.013, 31.1],
];
const EPISODES = 1000;

function meanAndSe(xs: number[]): [number, number] {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  const v = xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1);
  return [m, Math.sqrt(v / xs.length)];
}

describe("MinAtar random-policy statistics agree with the Python original", () => {
  for (const [game, pyReturn, pySe, pyLength] of PYTHON) {
    it(`${game}: return ${pyReturn} +- ${pySe}, length ${pyLength}`, () => {
      const env = new MinAtarEnvironment(game, { seed: 2024 });
      const policy = new RandomState(7);
      const returns: number[] = [];
      const lengths: number[] = [];
      for (let e = 0; e < EPISODES; e++) {
        env.reset();
        let ret = 0;
        let len = 0;
        for (let done = false; !done; len++) {
          const r = env.act(policy.randint(6));
          ret += r.reward;
          done = r.terminal;
        }
        returns.push(ret);
        lengths.push(len);
      }
      // Two independent 1000-episode estimates: their difference has standard error
      // sqrt(se1^2 + se2^2); 4 of those is a generous but still tight band. For the length the
      // Python standard error is not published, so ours stands in for it.
      const [ret, se] = meanAndSe(returns);
      expect(Math.abs(ret - pyReturn)).toBeLessThan(4 * Math.hypot(se, pySe));
      const [len, lenSe] = meanAndSe(lengths);
      expect(Math.abs(len - pyLength)).toBeLessThan(4 * Math.SQRT2 * lenSe);
    });
  }
});
