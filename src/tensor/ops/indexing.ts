import { getKernels } from "../../backend/index.js";
import { defineOp } from "../op.js";
import { formatShape, normalizeAxis } from "../shape.js";
import type { Tensor } from "../tensor.js";
import { checkTensor, emptyTensor } from "./alloc.js";
import { splitAt } from "./reduce.js";

/** Integer indices: an Int32Array or an array of integers. */
export type IndexArray = Int32Array | readonly number[];

/** Checks that every index is an integer in `[0, n)`; returns a private Int32Array copy. */
function checkIndices(op: string, index: IndexArray, n: number, what: string): Int32Array {
  if (!(index instanceof Int32Array) && !Array.isArray(index)) {
    throw new TypeError(`${op}: index must be an Int32Array or an array of integers`);
  }
  const out = Int32Array.from(index);
  for (let i = 0; i < index.length; i++) {
    const v = index[i];
    if (!Number.isInteger(v) || v < 0 || v >= n) {
      throw new RangeError(
        `${op}: index[${i}] must be an integer in [0, ${n - 1}] (${what}), got ${v}`,
      );
    }
  }
  return out;
}

interface IndexAttrs {
  readonly axis: number;
  readonly index: Int32Array;
}

const indexSelectOp = defineOp<IndexAttrs, { xShape: readonly number[]; attrs: IndexAttrs }>({
  name: "indexSelect",
  inputNames: ["x"],
  forward: ([x], attrs) => {
    const [outer, n, inner] = splitAt(x.shape, attrs.axis);
    const y = emptyTensor(
      x.dtype,
      x.shape.map((d, i) => (i === attrs.axis ? attrs.index.length : d)),
    );
    getKernels().indexSelect(outer, n, inner, x.data, attrs.index, y.data);
    return { outputs: [y], saved: { xShape: x.shape, attrs } };
  },
  backward: ([gy], { xShape, attrs }) => {
    const [outer, n, inner] = splitAt(xShape, attrs.axis);
    const gx = emptyTensor(gy.dtype, xShape);
    getKernels().indexAdd(outer, n, inner, gy.data, attrs.index, gx.data);
    return [gx];
  },
});

/**
 * The entries `indices` along `axis` (torch.index_select): the result has
 * `indices.length` entries on that axis. Repeated indices accumulate gradients.
 */
export function indexSelect(x: Tensor, axis: number, indices: IndexArray): Tensor {
  checkTensor("indexSelect", "x", x);
  const at = normalizeAxis("indexSelect", "axis", axis, x.ndim);
  const index = checkIndices(
    "indexSelect",
    indices,
    x.shape[at],
    `axis ${axis} of x has size ${x.shape[at]}`,
  );
  return indexSelectOp([x], { axis: at, index })[0];
}

const gatherOp = defineOp<IndexAttrs, { xShape: readonly number[]; attrs: IndexAttrs }>({
  name: "gather",
  inputNames: ["x"],
  forward: ([x], attrs) => {
    const [outer, n, inner] = splitAt(x.shape, attrs.axis);
    const k = attrs.index.length / (outer * inner);
    const y = emptyTensor(
      x.dtype,
      x.shape.map((d, i) => (i === attrs.axis ? k : d)),
    );
    getKernels().gather(outer, n, k, inner, x.data, attrs.index, y.data);
    return { outputs: [y], saved: { xShape: x.shape, attrs } };
  },
  backward: ([gy], { xShape, attrs }) => {
    const [outer, n, inner] = splitAt(xShape, attrs.axis);
    const k = attrs.index.length / (outer * inner);
    const gx = emptyTensor(gy.dtype, xShape);
    getKernels().scatterAdd(outer, n, k, inner, gy.data, attrs.index, gx.data);
    return [gx];
  },
});

/**
 * torch.gather along `axis`: `y[..., j, ...] = x[..., index[..., j, ...], ...]`. `index` is
 * row-major with the shape of `x` except along `axis`, where it has `k` entries (so its
 * length must be a multiple of the other axes' product); the result has that shape.
 */
export function gather(x: Tensor, axis: number, index: IndexArray): Tensor {
  checkTensor("gather", "x", x);
  const at = normalizeAxis("gather", "axis", axis, x.ndim);
  const [outer, n, inner] = splitAt(x.shape, at);
  const rest = outer * inner;
  if (rest === 0 || index.length % rest !== 0) {
    throw new RangeError(
      `gather: index length ${index.length} must be a multiple of ${rest} (x of shape ${formatShape(x.shape)} without axis ${axis})`,
    );
  }
  const checked = checkIndices("gather", index, n, `axis ${axis} of x has size ${n}`);
  return gatherOp([x], { axis: at, index: checked })[0];
}
