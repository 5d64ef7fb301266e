import { describe, expect, it } from "vitest";
import { decodeXorSample, generateXorData, type XorDataset, xorBatch } from "../../src/data/xor.js";

/** The (value, raw elapsed) events of a sample. */
function events(data: XorDataset, s: number): [number, number][] {
  const row = s * data.padSize;
  return Array.from({ length: data.lengths[s] }, (_, k) => [
    data.values[row + k],
    Math.round(data.elapsed[row + k] * data.padSize),
  ]);
}

const mean = (a: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s / a.length;
};

describe("generateXorData replays the CfC paper's sets (spec/papers.md A.6.1)", () => {
  // Statistics of the published generator with the published seeds: spec/papers.md A.6.1,
  // recomputed with numpy (RandomState(1234984), 100k streams; RandomState(48736), 10k).
  it("train set, RandomState(1234984), 100k event-based streams", () => {
    const train = generateXorData({ samples: 100_000, seed: 1234984, encoding: "event" });
    expect(train.size).toBe(100_000);
    expect(mean(train.bitCounts)).toBeCloseTo(16.51203, 10);
    expect(Math.min(...train.bitCounts)).toBe(2);
    expect(Math.max(...train.bitCounts)).toBe(31);
    expect(mean(train.lengths)).toBeCloseTo(9.25057, 10);
    expect(Math.max(...train.lengths)).toBe(26);
    expect(mean(train.labels)).toBeCloseTo(0.50054, 10);
    expect(train.bitCounts[0]).toBe(18);
    expect(events(train, 0)).toEqual([
      [0, 1],
      [1, 2],
      [0, 1],
      [1, 3],
      [0, 3],
      [1, 1],
      [0, 3],
      [1, 1],
      [0, 1],
      [0, 2],
    ]);
    expect(train.labels[0]).toBe(0);
  });

  it("test set, RandomState(48736), 10k event-based streams", () => {
    const test = generateXorData({ samples: 10_000, seed: 48736, encoding: "event" });
    expect(mean(test.bitCounts)).toBeCloseTo(16.612, 10);
    expect(mean(test.lengths)).toBeCloseTo(9.3144, 10);
    expect(Math.max(...test.lengths)).toBe(24);
    expect(mean(test.labels)).toBeCloseTo(0.5089, 10);
  });

  it("first streams of the test seed, event and dense, as numpy draws them", () => {
    // numpy: rng = RandomState(48736); length = rng.randint(2, 32); bits = [rng.randint(0, 2)
    // for _ in range(length)], encoded by an independent Python transcription of A.6.1.
    const ev = generateXorData({ samples: 3, seed: 48736, encoding: "event" });
    expect(events(ev, 0)).toEqual([
      [0, 1],
      [1, 1],
      [0, 3],
      [1, 1],
      [0, 1],
      [1, 1],
      [0, 3],
      [1, 3],
      [0, 1],
      [1, 1],
      [1, 1],
    ]);
    expect(events(ev, 1)).toEqual([
      [1, 1],
      [0, 2],
      [1, 2],
      [0, 1],
      [1, 2],
      [1, 1],
    ]);
    expect(events(ev, 2)).toEqual([
      [1, 1],
      [0, 2],
      [1, 4],
    ]);
    expect(Array.from(ev.labels)).toEqual([0, 1, 1]);

    const dense = generateXorData({ samples: 3, seed: 48736, encoding: "dense" });
    expect(Array.from(dense.lengths)).toEqual([17, 9, 7]);
    expect(decodeXorSample(dense, 0)).toEqual([0, 1, 1, 1, 0, 1, 0, 1, 1, 1, 0, 0, 0, 1, 0, 1, 1]);
    expect(decodeXorSample(dense, 2)).toEqual([1, 1, 0, 0, 0, 0, 1]);
    expect(events(dense, 1).every(([, t]) => t === 1)).toBe(true);
    expect(Array.from(dense.labels)).toEqual([0, 1, 1]);
  });
});

describe("the encodings carry the whole stream", () => {
  it("decoding every event-based stream gives its bit count and parity", () => {
    const data = generateXorData({ samples: 5000, seed: 11, encoding: "event" });
    for (let s = 0; s < data.size; s++) {
      const bits = decodeXorSample(data, s);
      expect(bits.length).toBe(data.bitCounts[s]);
      expect(bits.reduce((a, b) => a + b, 0) % 2).toBe(data.labels[s]);
    }
  });

  it("padding is zero and elapsed times are divided by the pad size", () => {
    const data = generateXorData({ samples: 200, seed: 3, encoding: "dense", padSize: 16 });
    for (let s = 0; s < data.size; s++) {
      const row = s * 16;
      const n = data.lengths[s];
      expect(n).toBe(data.bitCounts[s]);
      expect(n).toBeGreaterThanOrEqual(2);
      expect(n).toBeLessThanOrEqual(15);
      for (let k = 0; k < 16; k++) {
        expect(data.elapsed[row + k]).toBe(k < n ? 1 / 16 : 0);
        if (k >= n) expect(data.values[row + k]).toBe(0);
      }
    }
  });

  it("rejects bad options", () => {
    expect(() => generateXorData({ samples: 0, seed: 1, encoding: "event" })).toThrow(
      "generateXorData: samples must be an integer >= 1, got 0",
    );
    expect(() => generateXorData({ samples: 1, seed: 1.5, encoding: "event" })).toThrow(
      "generateXorData: seed must be an integer >= 0, got 1.5",
    );
    expect(() =>
      generateXorData({ samples: 1, seed: 1, encoding: "sparse" as unknown as "event" }),
    ).toThrow('generateXorData: encoding must be "event" or "dense", got "sparse"');
    expect(() => generateXorData({ samples: 1, seed: 1, encoding: "dense", padSize: 2 })).toThrow(
      "generateXorData: padSize must be an integer >= 3, got 2",
    );
  });
});

describe("xorBatch", () => {
  const data = generateXorData({ samples: 3, seed: 48736, encoding: "event" });

  it("stacks the first steps of the chosen samples", () => {
    const b = xorBatch(data, [2, 0], 3, "float64");
    expect(b.x.shape).toEqual([2, 3, 1]);
    expect(b.timespans.shape).toEqual([2, 3]);
    expect(b.targets.shape).toEqual([2, 1]);
    expect(Array.from(b.x.data)).toEqual([1, 0, 1, 0, 1, 0]);
    expect(Array.from(b.timespans.data)).toEqual([1 / 32, 2 / 32, 4 / 32, 1 / 32, 1 / 32, 3 / 32]);
    expect(Array.from(b.targets.data)).toEqual([1, 0]);
    expect(xorBatch(data, [0], 1).x.dtype).toBe("float32");
  });

  it("rejects bad indices and lengths", () => {
    expect(() => xorBatch(data, [], 2)).toThrow("xorBatch: indices must not be empty");
    expect(() => xorBatch(data, [3], 2)).toThrow(
      "xorBatch: indices must be integers in [0, 3), got 3 at position 0",
    );
    expect(() => xorBatch(data, [0], 33)).toThrow(
      "xorBatch: length must be an integer in [1, 32], got 33",
    );
  });
});
