import { describe, expect, it } from "vitest";
import {
  broadcastTo,
  concat,
  flatten,
  permute,
  slice,
  squeeze,
  stack,
  sumToShape,
  tensor,
  transpose,
  unsqueeze,
} from "../../src/tensor/index.js";
import { gradcheck, randomTensor, seededRandom } from "../support/gradcheck.js";

const random = seededRandom(17);
const m = tensor([
  [1, 2, 3],
  [4, 5, 6],
]);

describe("views", () => {
  it("unsqueeze, squeeze and flatten share data", () => {
    expect(unsqueeze(m, 1).shape).toEqual([2, 1, 3]);
    expect(unsqueeze(m, -1).shape).toEqual([2, 3, 1]);
    expect(squeeze(unsqueeze(m, 0)).shape).toEqual([2, 3]);
    expect(squeeze(tensor([[[1], [2]]]), 2).shape).toEqual([1, 2]);
    expect(flatten(tensor([[[1, 2]], [[3, 4]]]), 1).shape).toEqual([2, 2]);
    expect(flatten(m).data).toBe(m.data);
    expect(() => squeeze(m, 0)).toThrow(
      "squeeze: axis 0 of x (shape [2,3]) must have size 1, got 2",
    );
  });

  it("gradients flow through views", () => {
    const x = randomTensor(random, [2, 3]);
    gradcheck((t) => unsqueeze(t, 1), [x], { name: "unsqueeze" });
    gradcheck((t) => flatten(t), [x], { name: "flatten" });
    gradcheck((t) => t.reshape([3, 2]), [x], { name: "reshape" });
  });
});

describe("permute and transpose", () => {
  it("reorders axes", () => {
    expect(transpose(m, 0, 1).toArray()).toEqual([
      [1, 4],
      [2, 5],
      [3, 6],
    ]);
    const t = tensor([
      [
        [1, 2],
        [3, 4],
        [5, 6],
      ],
    ]); // [1,3,2]
    expect(permute(t, [2, 0, 1]).toArray()).toEqual([[[1, 3, 5]], [[2, 4, 6]]]);
  });

  it("rejects something that is not a permutation", () => {
    expect(() => permute(m, [0, 0])).toThrow(
      "permute: perm must order all 2 axes of x (shape [2,3]), got [0,0]",
    );
    expect(() => transpose(m, 0, 2)).toThrow(
      "transpose: axis1 must be an integer in [-2, 1], got 2",
    );
  });

  it("gradients (finite differences)", () => {
    const x = randomTensor(random, [2, 3, 4]);
    gradcheck((t) => permute(t, [2, 0, 1]), [x], { name: "permute" });
    gradcheck((t) => transpose(t, -1, 0), [x], { name: "transpose" });
  });
});

describe("slice", () => {
  it("takes a range along an axis; a leading-axis slice is a view", () => {
    expect(slice(m, 1, 1).toArray()).toEqual([
      [2, 3],
      [5, 6],
    ]);
    expect(slice(m, 1, 0, -1).toArray()).toEqual([
      [1, 2],
      [4, 5],
    ]);
    const rows = slice(m, 0, 1, 2);
    expect(rows.toArray()).toEqual([[4, 5, 6]]);
    expect(rows.data.buffer).toBe(m.data.buffer);
    expect(slice(m, 1, 2, 2).shape).toEqual([2, 0]);
  });

  it("rejects out-of-range bounds, naming them", () => {
    expect(() => slice(m, 1, 0, 4)).toThrow(
      "slice: end must be an integer in [-3, 3] for axis 1 of x (shape [2,3]), got 4",
    );
    expect(() => slice(m, 1, 2, 1)).toThrow("slice: end (1) must not come before start (2)");
  });

  it("gradients (finite differences), view and copy paths", () => {
    const x = randomTensor(random, [3, 4, 2]);
    gradcheck((t) => slice(t, 0, 1, 3), [x], { name: "slice axis 0" });
    gradcheck((t) => slice(t, 1, -3, -1), [x], { name: "slice axis 1" });
  });
});

describe("concat and stack", () => {
  it("joins along an existing or a new axis", () => {
    expect(concat([m, tensor([[7, 8, 9]])], 0).toArray()).toEqual([
      [1, 2, 3],
      [4, 5, 6],
      [7, 8, 9],
    ]);
    expect(concat([m, tensor([[0], [0]])], 1).toArray()).toEqual([
      [1, 2, 3, 0],
      [4, 5, 6, 0],
    ]);
    expect(stack([tensor([1, 2]), tensor([3, 4])], 1).toArray()).toEqual([
      [1, 3],
      [2, 4],
    ]);
  });

  it("names the mismatching tensor", () => {
    expect(() => concat([m, tensor([[1, 2]])], 0)).toThrow(
      "concat: tensors[1] of shape [1,2] does not match tensors[0] of shape [2,3] outside axis 0",
    );
    expect(() => concat([m, tensor([[1, 2, 3]], { dtype: "float64" })], 0)).toThrow(
      "concat: dtype mismatch: tensors[0] is float32 but tensors[1] is float64",
    );
    expect(() => stack([tensor([1]), tensor([1, 2])])).toThrow(
      "stack: tensors[1] of shape [2] differs from tensors[0] of shape [1]",
    );
    expect(() => concat([], 0)).toThrow("concat: tensors must be a non-empty array of tensors");
  });

  it("gradients (finite differences) reach every input", () => {
    const a = randomTensor(random, [2, 3]);
    const b = randomTensor(random, [2, 1]);
    const c = randomTensor(random, [2, 3]);
    gradcheck((x, y) => concat([x, y], 1), [a, b], { name: "concat" });
    gradcheck((x, y) => stack([x, y], 0), [a, c], { name: "stack" });
    gradcheck((x) => concat([x, x], 0), [a], { name: "concat same input twice" });
  });
});

describe("broadcastTo and sumToShape", () => {
  it("expand and reduce back", () => {
    expect(broadcastTo(tensor([[1], [2]]), [2, 3]).toArray()).toEqual([
      [1, 1, 1],
      [2, 2, 2],
    ]);
    expect(sumToShape(m, [1, 3]).toArray()).toEqual([[5, 7, 9]]);
    expect(sumToShape(m, [2, 1]).toArray()).toEqual([[6], [15]]);
    expect(() => broadcastTo(m, [3])).toThrow(
      "broadcastTo: x of shape [2,3] does not broadcast to shape [3]",
    );
    expect(() => broadcastTo(m, [2, 4])).toThrow(
      "broadcastTo: x of shape [2,3] does not broadcast to shape [2,4]",
    );
    expect(() => sumToShape(tensor([1]), [2])).toThrow(
      "sumToShape: shape [2] does not broadcast to x of shape [1]",
    );
  });

  it("gradients (finite differences)", () => {
    gradcheck((t) => broadcastTo(t, [4, 2, 3]), [randomTensor(random, [2, 1])], {
      name: "broadcastTo",
    });
    gradcheck((t) => sumToShape(t, [3, 1]), [randomTensor(random, [2, 3, 4])], {
      name: "sumToShape",
    });
  });
});
