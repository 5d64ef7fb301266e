import { describe, expect, it } from "vitest";
import { linear, matmul, type Tensor, tensor } from "../../src/tensor/index.js";
import { assertClose } from "../support/assertClose.js";
import { gradcheck, randomTensor, seededRandom } from "../support/gradcheck.js";

const random = seededRandom(21);

/** Textbook matrix product of one [m,k] and one [k,n] block, for comparison. */
function naive(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  m: number,
  k: number,
  n: number,
): number[] {
  const out: number[] = [];
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a[i * k + p] * b[p * n + j];
      out.push(s);
    }
  }
  return out;
}

describe("matmul", () => {
  it("multiplies 2-D matrices", () => {
    const a = tensor([
      [1, 2],
      [3, 4],
    ]);
    const b = tensor([
      [5, 6, 7],
      [8, 9, 10],
    ]);
    expect(matmul(a, b).toArray()).toEqual([
      [21, 24, 27],
      [47, 54, 61],
    ]);
  });

  it("broadcasts batch axes like torch", () => {
    const a = randomTensor(random, [2, 1, 3, 4], { requiresGrad: false });
    const b = randomTensor(random, [5, 4, 2], { requiresGrad: false });
    const y = matmul(a, b);
    expect(y.shape).toEqual([2, 5, 3, 2]);
    for (let i = 0; i < 2; i++) {
      for (let j = 0; j < 5; j++) {
        const block = y.data.subarray((i * 5 + j) * 6, (i * 5 + j + 1) * 6);
        const expected = naive(
          a.data.subarray(i * 12, i * 12 + 12),
          b.data.subarray(j * 8, j * 8 + 8),
          3,
          4,
          2,
        );
        assertClose(block, expected, { atol: 1e-15, rtol: 1e-14 }, `batch ${i},${j}`);
      }
    }
  });

  it("names both shapes when they do not chain", () => {
    expect(() => matmul(tensor([[1, 2]]), tensor([[1, 2]]))).toThrow(
      "matmul: a of shape [1,2] and b of shape [1,2] do not chain (2 columns vs 1 rows)",
    );
    expect(() => matmul(tensor([1, 2]), tensor([[1], [2]]))).toThrow(
      "matmul: a must have at least 2 dimensions, got shape [2]",
    );
    expect(() => matmul(tensor([[[1]], [[1]]]), tensor([[[1]], [[1]], [[1]]]))).toThrow(
      "matmul: cannot broadcast a's batch of shape [2] with b's batch of shape [3]",
    );
  });

  it("gradients (finite differences), including broadcast batches", () => {
    gradcheck(matmul, [randomTensor(random, [3, 4]), randomTensor(random, [4, 2])], {
      name: "2-D",
    });
    gradcheck(matmul, [randomTensor(random, [2, 3, 4]), randomTensor(random, [4, 5])], {
      name: "batched a",
    });
    gradcheck(matmul, [randomTensor(random, [2, 1, 2, 3]), randomTensor(random, [3, 3, 2])], {
      name: "broadcast batches",
    });
  });
});

describe("linear", () => {
  const x = tensor([
    [1, 2, 3],
    [4, 5, 6],
  ]);
  const w = tensor([
    [1, 0, -1],
    [0.5, 0.5, 0.5],
  ]);
  const b = tensor([10, 20]);

  it("computes x W^T + b like torch", () => {
    // row 0: [1-3, 3] + b; row 1: [4-6, 7.5] + b
    expect(linear(x, w, b).toArray()).toEqual([
      [8, 23],
      [8, 27.5],
    ]);
    expect(linear(x, w).toArray()).toEqual([
      [-2, 3],
      [-2, 7.5],
    ]);
  });

  it("accepts any number of leading axes, including none", () => {
    expect(linear(tensor([1, 2, 3]), w, b).toArray()).toEqual([8, 23]);
    expect(linear(tensor([[[1, 2, 3]], [[4, 5, 6]]]), w, b).shape).toEqual([2, 1, 2]);
  });

  it("checks shapes, naming them", () => {
    expect(() => linear(tensor([[1, 2]]), w)).toThrow(
      "linear: x of shape [1,2] must end in 3 features to match weight of shape [2,3]",
    );
    expect(() => linear(x, w, tensor([1, 2, 3]))).toThrow(
      "linear: bias must have shape [2] to match weight of shape [2,3], got [3]",
    );
    expect(() => linear(x, tensor([1, 2, 3]))).toThrow(
      "linear: weight must have shape [out, in], got [3]",
    );
  });

  it("gradients (finite differences) for x, weight and bias", () => {
    const xs = randomTensor(random, [2, 3, 4]);
    const ws = randomTensor(random, [5, 4]);
    const bs = randomTensor(random, [5]);
    gradcheck(linear, [xs, ws, bs], { name: "linear" });
    gradcheck((a: Tensor, c: Tensor) => linear(a, c), [xs, ws], { name: "linear no bias" });
  });

  it("matches matmul on a large batch (the packed gemm path)", () => {
    const xs = randomTensor(random, [70, 40], { requiresGrad: false });
    const ws = randomTensor(random, [30, 40], { requiresGrad: false });
    const y = linear(xs, ws);
    const wt = new Float64Array(40 * 30);
    for (let i = 0; i < 30; i++) for (let j = 0; j < 40; j++) wt[j * 30 + i] = ws.data[i * 40 + j];
    assertClose(y.data, naive(xs.data, wt, 70, 40, 30), { atol: 1e-13, rtol: 1e-13 }, "linear");
  });
});
