/** EpisodicLife and RecordEpisodeStatistics, alone and stacked as in the DeepMind chain. */
import { describe, expect, it } from "vitest";
import { EpisodicLife } from "../../../src/rl/wrappers/episodicLife.js";
import { RecordEpisodeStatistics } from "../../../src/rl/wrappers/recordEpisodeStatistics.js";
import { ScriptedEnv } from "./support/scriptedEnv.js";

/** 3 lives, one lost at steps 3 and 6, the game over at step 9; reward t at step t. */
const game = () =>
  new ScriptedEnv({
    lives: (t) => 3 - Math.floor(t / 3),
    reward: (t) => t,
    endAt: 9,
  });

describe("EpisodicLife", () => {
  it("terminates on a lost life and continues the game with one no-op on reset", () => {
    const inner = game();
    const env = new EpisodicLife(inner);
    env.reset({ seed: 1 });
    const flags = [1, 2, 3].map(() => env.step(2).terminated);
    expect(flags).toEqual([false, false, true]);
    env.reset();
    expect(inner.log).toEqual(["reset:1", "step:2", "step:2", "step:2", "step:0"]);
    expect(inner.t).toBe(4);
  });

  it("really resets only after the game is over, and says which end was real", () => {
    const inner = game();
    const env = new EpisodicLife(inner);
    env.reset();
    const ends: [number, boolean][] = [];
    for (let i = 0; i < 12 && ends.length < 3; i++) {
      const s = env.step(1);
      if (s.terminated) {
        ends.push([inner.t, Boolean(s.info.realDone)]);
        env.reset();
      }
    }
    // lives lost at steps 3 and 6; the reset no-ops are steps 4 and 7; the game ends at 9.
    expect(ends).toEqual([
      [3, false],
      [6, false],
      [9, true],
    ]);
    expect(inner.log.filter((e) => e.startsWith("reset"))).toEqual(["reset", "reset"]);
  });

  it("a seed forces a real reset", () => {
    const inner = game();
    const env = new EpisodicLife(inner);
    env.reset();
    env.step(0);
    env.step(0);
    env.step(0);
    env.reset({ seed: 5 });
    expect(inner.log.at(-1)).toBe("reset:5");
  });

  it("needs info.lives", () => {
    const env = new EpisodicLife(new ScriptedEnv());
    expect(() => env.reset()).toThrow(
      /EpisodicLife.reset: info.lives must be a number, got undefined/,
    );
  });
});

describe("RecordEpisodeStatistics", () => {
  it("reports the return and length on the last step only", () => {
    const env = new RecordEpisodeStatistics(new ScriptedEnv({ reward: (t) => t, endAt: 4 }));
    env.reset();
    const infos = [1, 2, 3, 4].map(() => env.step(0).info);
    expect(infos.slice(0, 3).every((i) => !("episodeReturn" in i))).toBe(true);
    expect(infos[3]).toMatchObject({ episodeReturn: 10, episodeLength: 4 });
    env.reset();
    env.step(0);
    expect(env.step(0).info).not.toHaveProperty("episodeReturn");
  });

  it("under EpisodicLife it counts whole games, not lives", () => {
    const env = new EpisodicLife(new RecordEpisodeStatistics(game()));
    env.reset();
    const reported: number[][] = [];
    for (let i = 0; i < 20 && reported.length === 0; i++) {
      const s = env.step(3);
      if (typeof s.info.episodeReturn === "number") {
        reported.push([s.info.episodeReturn, Number(s.info.episodeLength)]);
      }
      if (s.terminated) env.reset();
    }
    // All 9 game steps (the two reset no-ops included): 1 + 2 + ... + 9 = 45.
    expect(reported).toEqual([[45, 9]]);
  });
});
