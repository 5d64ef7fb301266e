import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  nextStateWindows,
  splitCheetah,
  type Trace,
  traceFromNpy,
  windowBatch,
} from "../../src/data/cheetah.js";
import { parseNpy } from "../../src/data/npy.js";
import { SHARED } from "../support/paths.js";

/** A trace whose value at (row r, feature f) is 100·r + f, so windows are easy to check. */
function ramp(rows: number, features: number): Trace {
  const data = new Float64Array(rows * features);
  for (let r = 0; r < rows; r++)
    for (let f = 0; f < features; f++) data[r * features + f] = 100 * r + f;
  return { rows, features, data };
}

describe("nextStateWindows", () => {
  it("cuts windows every stride steps with targets one step ahead", () => {
    const set = nextStateWindows([ramp(10, 2)], { window: 3, stride: 2 });
    // starts 0, 2, 4, 6 (6 + 3 < 10); 8 would need row 11.
    expect(set.count).toBe(4);
    expect(set.window).toBe(3);
    expect(set.features).toBe(2);
    expect(Array.from(set.inputs.subarray(6, 12))).toEqual([200, 201, 300, 301, 400, 401]);
    expect(Array.from(set.targets.subarray(6, 12))).toEqual([300, 301, 400, 401, 500, 501]);
    expect(Array.from(set.targets.subarray(18, 24))).toEqual([700, 701, 800, 801, 900, 901]);
  });

  it("gives 97 windows of 32 per 1000-step trace (the paper's 970 / 970 / 485)", () => {
    const traces = Array.from({ length: 25 }, () => ramp(1000, 17));
    const split = splitCheetah(traces);
    expect(nextStateWindows(split.train).count).toBe(970);
    expect(nextStateWindows(split.test).count).toBe(970);
    expect(nextStateWindows(split.valid).count).toBe(485);
  });

  it("rejects mismatched traces and bad sizes", () => {
    expect(() => nextStateWindows([ramp(10, 2), ramp(10, 3)])).toThrow(
      "nextStateWindows: trace 1 has 3 features",
    );
    expect(() => nextStateWindows([ramp(10, 2)], { stride: 0 })).toThrow(
      "nextStateWindows: stride must be an integer >= 1, got 0",
    );
    expect(() => nextStateWindows([])).toThrow("nextStateWindows: traces must not be empty");
  });
});

describe("splitCheetah", () => {
  it("takes valid 0-4, test 5-14, train 15-24 and leaves the rest", () => {
    const ids = Array.from({ length: 31 }, (_, i) => i);
    const s = splitCheetah(ids);
    expect(s.valid).toEqual([0, 1, 2, 3, 4]);
    expect(s.test).toEqual([5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    expect(s.train).toEqual([15, 16, 17, 18, 19, 20, 21, 22, 23, 24]);
    expect(() => splitCheetah(ids.slice(0, 24))).toThrow(
      "splitCheetah: the paper's split needs at least 25 traces, got 24",
    );
  });
});

describe("windowBatch and the real traces", () => {
  it("batches windows as [B, 32, 17] tensors", () => {
    const set = nextStateWindows([ramp(100, 17)]);
    const { x, y } = windowBatch(set, [1, 0], "float64");
    expect(x.shape).toEqual([2, 32, 17]);
    expect(y.shape).toEqual([2, 32, 17]);
    expect(x.data[0]).toBe(1000); // window 1 starts at row 10
    expect(y.data[0]).toBe(1100);
    expect(x.data[32 * 17]).toBe(0);
    expect(() => windowBatch(set, [9])).toThrow(
      "windowBatch: indices must be integers in [0, 7), got 9 at position 0",
    );
  });

  it("the shared traces hold 31 float64 arrays of 1000 x 17", () => {
    const dir = `${SHARED}data/cheetah`;
    const files = readdirSync(dir)
      .filter((f) => f.endsWith(".npy"))
      .sort();
    expect(files.length).toBe(31);
    const t = traceFromNpy(
      parseNpy(new Uint8Array(readFileSync(`${dir}/${files[15]}`))),
      files[15],
    );
    expect([t.rows, t.features]).toEqual([1000, 17]);
    expect(() =>
      traceFromNpy({ dtype: "float32", shape: [2, 2], data: new Float32Array(4) }, "x.npy"),
    ).toThrow("traceFromNpy: x.npy must be a 2-D float64 array, got float32 of shape [2, 2]");
  });
});
