import { describe, expect, it } from "vitest";
import { RepeatAfterMe } from "../../../src/rl/classic/repeatAfterMe.js";

// python3 + numpy 2.4.6: r = np.random.default_rng(7); [int(r.integers(2)) for _ in range(12)]
const BITS_SEED_7 = [1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1];

function playEpisode(env: RepeatAfterMe, seed: number, policy: (seen: number[]) => number) {
  const seen = [env.reset({ seed }).observation[0]];
  let total = 0;
  let steps = 0;
  for (;;) {
    const r = env.step(policy(seen));
    total += r.reward;
    steps += 1;
    seen.push(r.observation[0]);
    if (r.terminated) return { total, steps, seen };
  }
}

describe("RepeatAfterMe-v0", () => {
  it("shows numpy default_rng bits with a bias input", () => {
    const env = new RepeatAfterMe();
    const shown = [env.reset({ seed: 7 }).observation];
    for (let i = 0; i < 11; i++) shown.push(env.step(0).observation);
    expect(shown.map((o) => o[0])).toEqual(BITS_SEED_7);
    expect(shown.every((o) => o.length === 2 && o[1] === 1)).toBe(true);
  });

  it("pays +1 / -1 against the bit shown two observations earlier, nothing for the first two steps", () => {
    const env = new RepeatAfterMe();
    env.reset({ seed: 7 });
    // Step t is judged against BITS_SEED_7[t - 3]; answer 0 every time.
    const rewards = Array.from({ length: 11 }, () => env.step(0).reward);
    const expected = [0, 0, ...BITS_SEED_7.slice(0, 9).map((b) => (b === 0 ? 1 : -1))];
    expect(rewards).toEqual(expected);
  });

  it("ends after 100 steps with a best return of 98", () => {
    const env = new RepeatAfterMe();
    const perfect = playEpisode(env, 11, (seen) => (seen.length >= 3 ? seen[seen.length - 3] : 0));
    expect(perfect.steps).toBe(100);
    expect(perfect.total).toBe(98);
    expect(env.maxReturn).toBe(98);
    expect(() => env.step(0)).toThrow(/reset/);
  });

  it("leaves a memoryless policy at chance level (about 0)", () => {
    const env = new RepeatAfterMe();
    let sum = 0;
    const episodes = 200;
    for (let i = 0; i < episodes; i++)
      sum += playEpisode(env, 100 + i, (seen) => seen[seen.length - 1]).total;
    // Each answer is right with probability 1/2: the mean of 200 x 98 fair +-1 draws has sd 0.7.
    expect(Math.abs(sum / episodes)).toBeLessThan(3);
  });

  it("restores a JSON snapshot exactly", () => {
    const env = new RepeatAfterMe();
    env.reset({ seed: 1 });
    env.step(1);
    const copy = new RepeatAfterMe();
    copy.setState(JSON.parse(JSON.stringify(env.getState())));
    for (let i = 0; i < 5; i++) {
      const a = env.step(i % 2);
      const b = copy.step(i % 2);
      expect([b.reward, b.observation[0]]).toEqual([a.reward, a.observation[0]]);
    }
  });

  it("rejects bad actions, stepping before reset and bad options", () => {
    const env = new RepeatAfterMe();
    expect(() => env.step(0)).toThrow(/reset/);
    env.reset({ seed: 0 });
    expect(() => env.step(2)).toThrow(RangeError);
    expect(() => new RepeatAfterMe({ episodeLength: 0 })).toThrow(/episodeLength/);
    expect(() => new RepeatAfterMe({ delay: -1 })).toThrow(/delay/);
    expect(env.render()).toMatch(/step 0\/100/);
  });
});
