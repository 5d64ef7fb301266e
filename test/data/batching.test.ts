import { describe, expect, it } from "vitest";
import { lengthBatches } from "../../src/data/batching.js";
import { RandomState } from "../../src/random/randomState.js";

describe("lengthBatches", () => {
  const lengths = [3, 1, 3, 2, 3, 1, 3, 3];

  it("without a generator: by increasing length, in sample order, at most batchSize each", () => {
    const batches = lengthBatches(lengths, { batchSize: 2 });
    expect(batches.map((b) => [b.length, Array.from(b.indices)])).toEqual([
      [1, [1, 5]],
      [2, [3]],
      [3, [0, 2]],
      [3, [4, 6]],
      [3, [7]],
    ]);
  });

  it("with a generator: every sample exactly once, each batch of one length, order shuffled", () => {
    const many = Array.from({ length: 500 }, (_, i) => 1 + ((i * 7) % 5));
    const batches = lengthBatches(many, { batchSize: 16, rng: new RandomState(1) });
    const seen = batches.flatMap((b) => Array.from(b.indices)).sort((a, b) => a - b);
    expect(seen).toEqual(Array.from({ length: 500 }, (_, i) => i));
    for (const b of batches) {
      expect(b.indices.length).toBeLessThanOrEqual(16);
      for (const i of b.indices) expect(many[i]).toBe(b.length);
    }
    const order = batches.map((b) => b.length);
    expect(order).not.toEqual([...order].sort((a, b) => a - b));
    // The same seed gives the same batches.
    const again = lengthBatches(many, { batchSize: 16, rng: new RandomState(1) });
    expect(again.map((b) => Array.from(b.indices))).toEqual(
      batches.map((b) => Array.from(b.indices)),
    );
  });

  it("rejects a bad batch size or length", () => {
    expect(() => lengthBatches(lengths, { batchSize: 0 })).toThrow(
      "lengthBatches: batchSize must be an integer >= 1, got 0",
    );
    expect(() => lengthBatches([2, 0], { batchSize: 4 })).toThrow(
      "lengthBatches: lengths must be integers >= 1, got 0 at index 1",
    );
  });
});
