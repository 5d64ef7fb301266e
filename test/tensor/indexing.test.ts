import { describe, expect, it } from "vitest";
import { gather, indexSelect, tensor } from "../../src/tensor/index.js";
import { gradcheck, randomTensor, seededRandom } from "../support/gradcheck.js";

const random = seededRandom(29);
const m = tensor([
  [1, 2, 3],
  [4, 5, 6],
]);

describe("indexSelect", () => {
  it("picks entries along an axis, repeats allowed", () => {
    expect(indexSelect(m, 1, [2, 0, 2]).toArray()).toEqual([
      [3, 1, 3],
      [6, 4, 6],
    ]);
    expect(indexSelect(m, 0, Int32Array.of(1)).toArray()).toEqual([[4, 5, 6]]);
  });

  it("rejects an index out of range, naming it", () => {
    expect(() => indexSelect(m, 1, [0, 3])).toThrow(
      "indexSelect: index[1] must be an integer in [0, 2] (axis 1 of x has size 3), got 3",
    );
  });

  it("gradients accumulate at repeated indices", () => {
    const x = randomTensor(random, [2, 4, 3]);
    gradcheck((t) => indexSelect(t, 1, [3, 0, 3, 1]), [x], { name: "indexSelect" });
  });
});

describe("gather", () => {
  it("picks one entry per position like torch.gather (e.g. log-probabilities of actions)", () => {
    expect(gather(m, 1, [2, 0]).toArray()).toEqual([[3], [4]]);
    expect(gather(m, 0, [1, 0, 1]).toArray()).toEqual([[4, 2, 6]]);
    expect(gather(m, 1, [0, 0, 1, 2]).toArray()).toEqual([
      [1, 1],
      [5, 6],
    ]);
  });

  it("checks the index length and range", () => {
    expect(() => gather(m, 1, [0, 1, 2])).toThrow(
      "gather: index length 3 must be a multiple of 2 (x of shape [2,3] without axis 1)",
    );
    expect(() => gather(m, 1, [0, -1])).toThrow(
      "gather: index[1] must be an integer in [0, 2] (axis 1 of x has size 3), got -1",
    );
  });

  it("gradients (finite differences)", () => {
    const x = randomTensor(random, [3, 4]);
    gradcheck((t) => gather(t, 1, [1, 1, 0, 3, 2, 2]), [x], { name: "gather" });
    gradcheck((t) => gather(t, 0, [2, 0, 1, 1]), [x], { name: "gather axis 0" });
  });
});
