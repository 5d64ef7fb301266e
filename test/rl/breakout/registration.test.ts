/** The pixel Breakout ids in the registry and how they map registry options. */
import { describe, expect, it } from "vitest";
import { PixelBreakout } from "../../../src/rl/breakout/pixelBreakout.js";
import { listEnvs, makeEnv } from "../../../src/rl/registry.js";

describe("registry", () => {
  it("lists the pixel Breakout ids", () => {
    expect(listEnvs()).toEqual(
      expect.arrayContaining([
        "PixelBreakout-v5",
        "PixelBreakout-NoFrameskip-v4",
        "PixelBreakout-DeepMind-v5",
      ]),
    );
  });

  it("makes v5 with ALE's defaults and maps stickyActionProb and maxEpisodeSteps", () => {
    const env = makeEnv("PixelBreakout-v5");
    expect(env).toBeInstanceOf(PixelBreakout);
    expect((env as PixelBreakout).repeatActionProbability).toBe(0.25);
    const custom = makeEnv("PixelBreakout-v5", { stickyActionProb: 0, maxEpisodeSteps: 3 });
    expect((custom as PixelBreakout).repeatActionProbability).toBe(0);
    expect((custom as PixelBreakout).maxNumFramesPerEpisode).toBe(12);
    custom.reset({ seed: 0 });
    expect([custom.step(0).truncated, custom.step(0).truncated, custom.step(0).truncated]).toEqual([
      false,
      false,
      true,
    ]);
    const endless = makeEnv("PixelBreakout-v5", { maxEpisodeSteps: Number.POSITIVE_INFINITY });
    expect((endless as PixelBreakout).maxNumFramesPerEpisode).toBe(0);
  });

  it("makes the NoFrameskip variant with one frame per step and no stickiness", () => {
    const env = makeEnv("PixelBreakout-NoFrameskip-v4") as PixelBreakout;
    expect([env.id, env.frameskip, env.repeatActionProbability]).toEqual([
      "PixelBreakout-NoFrameskip-v4",
      1,
      0,
    ]);
  });

  it("rejects a bad maxEpisodeSteps and unknown options", () => {
    expect(() => makeEnv("PixelBreakout-v5", { maxEpisodeSteps: 0 })).toThrow(
      /maxEpisodeSteps must be a positive integer or Infinity, got 0/,
    );
    expect(() => makeEnv("PixelBreakout-v5", { difficultyRamping: true })).toThrow(
      /unknown option/,
    );
  });
});
