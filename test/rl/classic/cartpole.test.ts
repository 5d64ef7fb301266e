import { describe, expect, it } from "vitest";
import { CARTPOLE_THETA_THRESHOLD, CartPole } from "../../../src/rl/classic/cartpole.js";
import { assertClose } from "../../support/assertClose.js";

// Reference numbers from python3 + numpy 2.4.6: the reset state is
// `np.random.default_rng(seed).uniform(-0.05, 0.05, size=(4,))` (Gymnasium's np_random), and the
// steps apply Gymnasium's published CartPole equations (gravity 9.8, masscart 1.0, masspole 0.1,
// length 0.5, force 10, tau 0.02, euler) written out by hand in float64.
const ACTIONS = [1, 0, 0, 0, 1, 1, 0, 0, 0, 1, 1, 0];
const REFERENCE = {
  0: {
    reset: [
      0.013696168732145436, -0.02302132862361297, -0.045902647606380534, -0.04834723644714709,
    ],
    1: [0.013235742159673177, 0.17272774640672584, -0.04686959233532348, -0.3551522026891103],
    6: [-0.000559212153209949, -0.01878159223595735, -0.038853798460733835, -0.14191986965750808],
    12: [-0.037772111658585426, -0.406486092029537, -0.006760901543851226, 0.3875555598098254],
  },
  42: {
    reset: [0.027395604855596334, -0.006112156024794771, 0.03585979199113824, 0.019736802905936393],
    1: [0.02727336173510044, 0.18847766618842926, 0.03625452804925697, -0.26141976017845603],
    6: [0.014807139338055709, -0.009344623972137284, 0.0590605102574763, 0.0911806048336895],
    12: [-0.02171268661170095, -0.4063026955874979, 0.12900184296677583, 0.8305887946966168],
  },
} as const;
const TIGHT = { rtol: 1e-12, atol: 1e-15 };

describe("CartPole-v1", () => {
  for (const seed of [0, 42] as const) {
    it(`matches Gymnasium's equations step by step (seed ${seed})`, () => {
      const env = new CartPole();
      const ref = REFERENCE[seed];
      const { observation } = env.reset({ seed });
      expect(Array.from(observation)).toEqual(Array.from(Float32Array.from(ref.reset)));
      assertClose(env.state ?? [], ref.reset, TIGHT, "reset state");
      ACTIONS.forEach((a, k) => {
        const r = env.step(a);
        expect(r.reward).toBe(1);
        expect(r.terminated).toBe(false);
        const want = (ref as Record<number, readonly number[]>)[k + 1];
        if (want !== undefined) {
          assertClose(env.state ?? [], want, TIGHT, `state after step ${k + 1}`);
          assertClose(r.observation, Float32Array.from(want), { rtol: 1e-6, atol: 1e-7 }, "obs");
        }
      });
    });
  }

  it("terminates when the pole passes 12 degrees, then pays 0 (python: step 8 pushing right from seed 0)", () => {
    const env = new CartPole();
    env.reset({ seed: 0 });
    const results = Array.from({ length: 8 }, () => env.step(1));
    expect(results.map((r) => r.terminated)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
      false,
      true,
    ]);
    expect(results.every((r) => r.reward === 1)).toBe(true);
    assertClose(
      env.state ?? [],
      [0.11971174211506583, 1.5452880023412285, -0.22820539319024014, -2.6052160893947],
      TIGHT,
      "terminal state",
    );
    expect((env.state ?? [])[2]).toBeLessThan(-CARTPOLE_THETA_THRESHOLD);
    const after = env.step(1);
    expect(after.terminated).toBe(true);
    expect(after.reward).toBe(0);
  });

  it("truncates at 500 steps by default and at a custom cap", () => {
    // Balancing by pushing toward the side the pole leans keeps CartPole up for 500 steps.
    const env = new CartPole();
    let obs = env.reset({ seed: 3 }).observation;
    let last = { terminated: false, truncated: false };
    let steps = 0;
    while (!last.terminated && !last.truncated) {
      const r = env.step(obs[2] + 0.5 * obs[3] > 0 ? 1 : 0);
      obs = r.observation;
      last = r;
      steps += 1;
    }
    expect(last.terminated).toBe(false);
    expect(steps).toBe(500);
    const short = new CartPole({ maxEpisodeSteps: 3 });
    short.reset({ seed: 1 });
    expect([0, 1, 0].map((a) => short.step(a).truncated)).toEqual([false, false, true]);
  });

  it("continues the seeded generator on reset without a seed", () => {
    const a = new CartPole();
    const b = new CartPole();
    a.reset({ seed: 5 });
    b.reset({ seed: 5 });
    expect(Array.from(a.reset().observation)).toEqual(Array.from(b.reset().observation));
    expect(Array.from(a.reset().observation)).not.toEqual(
      Array.from(a.reset({ seed: 5 }).observation),
    );
  });

  it("restores a JSON snapshot exactly", () => {
    const env = new CartPole();
    env.reset({ seed: 9 });
    env.step(1);
    const snap = JSON.parse(JSON.stringify(env.getState()));
    const copy = new CartPole();
    copy.setState(snap);
    expect(Array.from(copy.step(0).observation)).toEqual(Array.from(env.step(0).observation));
    expect(Array.from(copy.reset().observation)).toEqual(Array.from(env.reset().observation));
  });

  it("rejects bad actions, stepping before reset and bad options", () => {
    const env = new CartPole();
    expect(() => env.step(0)).toThrow(/reset/);
    env.reset({ seed: 0 });
    expect(() => env.step(2)).toThrow(RangeError);
    expect(() => env.step(0.5)).toThrow(/action must be an integer in \[0, 1\], got 0.5/);
    expect(() => new CartPole({ maxEpisodeSteps: 0 })).toThrow(/maxEpisodeSteps/);
    expect(env.observationSpace.shape).toEqual([4]);
    expect(env.actionSpace.n).toBe(2);
  });

  it("renders a text frame", () => {
    const env = new CartPole();
    expect(env.render()).toMatch(/not reset/);
    env.reset({ seed: 0 });
    expect(env.render()).toMatch(/^CartPole-v1 {2}x=0\.014/);
  });
});
