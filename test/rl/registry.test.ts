import { describe, expect, it } from "vitest";
import { CartPole } from "../../src/rl/classic/cartpole.js";
import { listEnvs, makeEnv, registerEnv } from "../../src/rl/registry.js";

const GAMES = [
  // [title, channels, minimal action set] from shared/spec/rl.md 2.1 and the trace files
  ["Asterix", 4, [0, 1, 2, 3, 4]],
  ["Breakout", 4, [0, 1, 3]],
  ["Freeway", 7, [0, 2, 4]],
  ["Seaquest", 10, [0, 1, 2, 3, 4, 5]],
  ["SpaceInvaders", 6, [0, 1, 3, 5]],
] as const;

describe("environment registry", () => {
  it("lists every built-in id", () => {
    const ids = listEnvs();
    expect(ids).toContain("CartPole-v1");
    expect(ids).toContain("RepeatAfterMe-v0");
    for (const [title] of GAMES) {
      expect(ids).toContain(`MinAtar/${title}-v0`);
      expect(ids).toContain(`MinAtar/${title}-v1`);
    }
  });

  it("builds MinAtar ids with full (v0) and minimal (v1) action sets", () => {
    for (const [title, channels, minimal] of GAMES) {
      for (const version of ["v0", "v1"] as const) {
        const env = makeEnv(`MinAtar/${title}-${version}`);
        expect(env.id).toBe(`MinAtar/${title}-${version}`);
        expect(env.actionSpace.n).toBe(version === "v0" ? 6 : minimal.length);
        expect(env.observationSpace).toEqual({
          kind: "box",
          shape: [10, 10, channels],
          low: 0,
          high: 1,
          dtype: "uint8",
        });
        const { observation } = env.reset({ seed: 1 });
        expect(observation).toBeInstanceOf(Uint8Array);
        expect(observation.length).toBe(100 * channels);
      }
    }
  });

  it("maps v1 agent indices to full-set actions", () => {
    const env = makeEnv("MinAtar/Freeway-v1", { stickyActionProb: 0 });
    env.reset({ seed: 0 });
    // Freeway's minimal set is [n, u, d]: agent actions 1 and 2 are up (2) and down (4).
    expect(env.step(1).info.executedAction).toBe(2);
    expect(env.step(2).info.executedAction).toBe(4);
  });

  it("passes options through", () => {
    const env = makeEnv("MinAtar/Asterix-v0", {
      maxEpisodeSteps: 2,
      stickyActionProb: 1,
      difficultyRamping: false,
    });
    env.reset({ seed: 0 });
    // Sticky probability 1 always repeats the remembered action, which starts at 0 (no-op).
    expect(env.step(3).info.executedAction).toBe(0);
    expect(env.step(3).truncated).toBe(true);
    const cart = makeEnv("CartPole-v1", { maxEpisodeSteps: 1 });
    cart.reset({ seed: 0 });
    expect(cart.step(0).truncated).toBe(true);
    expect(makeEnv("CartPole-v1")).toBeInstanceOf(CartPole);
  });

  it("rejects unknown ids, listing the known ones", () => {
    expect(() => makeEnv("MinAtar/Pong-v0")).toThrow(
      /unknown environment id "MinAtar\/Pong-v0"; known ids: .*CartPole-v1.*MinAtar\/Breakout-v1/,
    );
  });

  it("rejects option keys the id does not accept", () => {
    expect(() => makeEnv("MinAtar/Breakout-v0", { stickyness: 0.1 } as never)).toThrow(
      /unknown option "stickyness"; accepted options: stickyActionProb, difficultyRamping, maxEpisodeSteps/,
    );
    expect(() => makeEnv("CartPole-v1", { stickyActionProb: 0.1 })).toThrow(
      /accepted options: maxEpisodeSteps/,
    );
    expect(() => makeEnv("RepeatAfterMe-v0", { maxEpisodeSteps: 10 })).toThrow(
      /accepted options: none/,
    );
  });

  it("rejects bad option values", () => {
    expect(() => makeEnv("MinAtar/Seaquest-v0", { stickyActionProb: 2 })).toThrow(
      /stickyActionProb must be a number in \[0, 1\], got 2/,
    );
    expect(() => makeEnv("MinAtar/Seaquest-v0", { maxEpisodeSteps: -5 })).toThrow(
      /maxEpisodeSteps/,
    );
  });

  it("registers new ids once", () => {
    registerEnv("Test/Custom-v0", (o) => new CartPole(o), ["maxEpisodeSteps"]);
    expect(listEnvs()).toContain("Test/Custom-v0");
    expect(makeEnv("Test/Custom-v0", { maxEpisodeSteps: 7 })).toBeInstanceOf(CartPole);
    expect(() => registerEnv("Test/Custom-v0", () => new CartPole())).toThrow(/already registered/);
    expect(() => registerEnv("", () => new CartPole())).toThrow(/non-empty string/);
  });
});
