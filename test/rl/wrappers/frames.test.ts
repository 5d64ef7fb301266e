/** WarpFrame and FrameStack: shapes, values and ordering. */
import { describe, expect, it } from "vitest";
import { FrameStack } from "../../../src/rl/wrappers/frameStack.js";
import { WarpFrame } from "../../../src/rl/wrappers/warpFrame.js";
import { ScriptedEnv } from "./support/scriptedEnv.js";

describe("WarpFrame", () => {
  it("turns RGB frames into [84, 84, 1] grey frames", () => {
    // Every pixel pure red at step t = 1: grey 76 everywhere after any averaging.
    const red = (t: number, size: number) => {
      const f = new Uint8Array(size);
      for (let i = 0; i < size; i += 3) f[i] = t === 0 ? 0 : 255;
      return f;
    };
    const env = new WarpFrame(new ScriptedEnv({ shape: [210, 160, 3], frame: red }));
    expect(env.observationSpace).toEqual({
      kind: "box",
      shape: [84, 84, 1],
      low: 0,
      high: 255,
      dtype: "uint8",
    });
    expect(env.reset().observation.every((v) => v === 0)).toBe(true);
    const obs = env.step(0).observation;
    expect(obs.length).toBe(84 * 84);
    expect(obs.every((v) => v === 76)).toBe(true);
  });

  it("resizes grey input directly, to any size", () => {
    // 4 x 4 grey with the left half 0 and the right half 200 -> 2 x 2 [0, 200, 0, 200]
    const halves = (_t: number, size: number) =>
      Uint8Array.from({ length: size }, (_, i) => (i % 4 < 2 ? 0 : 200));
    const env = new WarpFrame(new ScriptedEnv({ shape: [4, 4], frame: halves }), {
      width: 2,
      height: 2,
    });
    expect(Array.from(env.reset().observation)).toEqual([0, 200, 0, 200]);
  });

  it("rejects non-image observations", () => {
    expect(() => new WarpFrame(new ScriptedEnv({ shape: [10] }))).toThrow(/got uint8 \[10\]/);
    expect(() => new WarpFrame(new ScriptedEnv({ shape: [4, 4, 2] }))).toThrow(/\[4, 4, 2\]/);
  });
});

describe("FrameStack", () => {
  it("stacks the last 4 single-channel frames, newest last, filled with the first on reset", () => {
    const env = new FrameStack(new ScriptedEnv({ shape: [1, 2, 1] }));
    expect(env.observationSpace.shape).toEqual([1, 2, 4]);
    // Frames are constant t; pixel-major layout [p0 c0..c3, p1 c0..c3].
    expect(Array.from(env.reset().observation)).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(Array.from(env.step(0).observation)).toEqual([0, 0, 0, 1, 0, 0, 0, 1]);
    env.step(0);
    env.step(0);
    expect(Array.from(env.step(0).observation)).toEqual([1, 2, 3, 4, 1, 2, 3, 4]);
    expect(Array.from(env.reset().observation)).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it("keeps channel order within each stacked frame", () => {
    // Frame t: pixel p channel c holds 10 t + 2 p + c (one pixel row of 2 pixels, 2 channels).
    const frame = (t: number, size: number) =>
      Uint8Array.from({ length: size }, (_, i) => 10 * t + i);
    const env = new FrameStack(new ScriptedEnv({ shape: [1, 2, 2], frame }), { k: 2 });
    expect(env.observationSpace.shape).toEqual([1, 2, 4]);
    env.reset();
    // oldest (t = 0) then newest (t = 1): pixel 0 -> [0, 1, 10, 11], pixel 1 -> [2, 3, 12, 13]
    expect(Array.from(env.step(0).observation)).toEqual([0, 1, 10, 11, 2, 3, 12, 13]);
  });

  it("validates k and needs a reset first", () => {
    expect(() => new FrameStack(new ScriptedEnv(), { k: 0 })).toThrow(
      /k must be a positive integer, got 0/,
    );
    expect(() => new FrameStack(new ScriptedEnv({ shape: [3] }))).toThrow(
      /\[H, W\] or \[H, W, C\], got \[3\]/,
    );
    expect(() => new FrameStack(new ScriptedEnv()).step(0)).toThrow(
      /call reset\(\) before step\(\)/,
    );
  });
});
