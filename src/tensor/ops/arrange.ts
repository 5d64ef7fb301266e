import { getKernels } from "../../backend/index.js";
import { defineOp } from "../op.js";
import { formatShape, normalizeAxis, sameShape, sizeOf, stridesOf } from "../shape.js";
import { Tensor } from "../tensor.js";
import { checkTensor, checkTensorList, emptyTensor } from "./alloc.js";
import { unsqueeze } from "./view.js";

/** Copies `x` read through `perm` into a new contiguous tensor. */
function permuteData(x: Tensor, perm: readonly number[]): Tensor {
  const shape = perm.map((p) => x.shape[p]);
  const own = stridesOf(x.shape);
  const y = emptyTensor(x.dtype, shape);
  getKernels().stridedCopy(
    shape,
    x.data,
    0,
    perm.map((p) => own[p]),
    y.data,
    0,
    stridesOf(shape),
  );
  return y;
}

const permuteOp = defineOp<readonly number[], readonly number[]>({
  name: "permute",
  inputNames: ["x"],
  forward: ([x], perm) => ({ outputs: [permuteData(x, perm)], saved: perm }),
  backward: ([gy], perm) => {
    const inverse = new Array<number>(perm.length);
    perm.forEach((p, i) => {
      inverse[p] = i;
    });
    return [permuteData(gy, inverse)];
  },
});

/** Reorders the axes: axis i of the result is axis `perm[i]` of `x` (a copy). */
export function permute(x: Tensor, perm: readonly number[]): Tensor {
  checkTensor("permute", "x", x);
  const bad = (): RangeError =>
    new RangeError(
      `permute: perm must order all ${x.ndim} axes of x (shape ${formatShape(x.shape)}), got ${JSON.stringify(perm)}`,
    );
  if (!Array.isArray(perm) || perm.length !== x.ndim) throw bad();
  const axes = perm.map((p) => {
    if (!Number.isInteger(p) || p < -x.ndim || p >= x.ndim) throw bad();
    return p < 0 ? p + x.ndim : p;
  });
  if (new Set(axes).size !== axes.length) throw bad();
  return permuteOp([x], axes)[0];
}

/** Swaps two axes (a copy). */
export function transpose(x: Tensor, axis0: number, axis1: number): Tensor {
  checkTensor("transpose", "x", x);
  const a = normalizeAxis("transpose", "axis0", axis0, x.ndim);
  const b = normalizeAxis("transpose", "axis1", axis1, x.ndim);
  const perm = x.shape.map((_, i) => (i === a ? b : i === b ? a : i));
  return permuteOp([x], perm)[0];
}

interface SliceAttrs {
  readonly axis: number;
  readonly start: number;
  readonly end: number;
}

const sliceOp = defineOp<SliceAttrs, { xShape: readonly number[]; attrs: SliceAttrs }>({
  name: "slice",
  inputNames: ["x"],
  forward: ([x], attrs) => {
    const { axis, start, end } = attrs;
    const shape = x.shape.map((d, i) => (i === axis ? end - start : d));
    const offset = start * stridesOf(x.shape)[axis] || 0;
    let y: Tensor;
    if (sizeOf(x.shape.slice(0, axis)) === 1) {
      // One contiguous block: a view.
      y = new Tensor(x.data.subarray(offset, offset + sizeOf(shape)), shape);
    } else {
      y = emptyTensor(x.dtype, shape);
      getKernels().stridedCopy(
        shape,
        x.data,
        offset,
        stridesOf(x.shape),
        y.data,
        0,
        stridesOf(shape),
      );
    }
    return { outputs: [y], saved: { xShape: x.shape, attrs } };
  },
  backward: ([gy], { xShape, attrs }) => {
    const gx = emptyTensor(gy.dtype, xShape);
    const offset = attrs.start * stridesOf(xShape)[attrs.axis] || 0;
    getKernels().stridedCopy(
      gy.shape,
      gy.data,
      0,
      stridesOf(gy.shape),
      gx.data,
      offset,
      stridesOf(xShape),
    );
    return [gx];
  },
});

/**
 * Elements `start <= i < end` along `axis` (step 1). Negative `start`/`end` count from the
 * end; `end` defaults to the axis length. A slice of one contiguous block is a view.
 */
export function slice(x: Tensor, axis: number, start: number, end?: number): Tensor {
  checkTensor("slice", "x", x);
  const at = normalizeAxis("slice", "axis", axis, x.ndim);
  const n = x.shape[at];
  const resolve = (arg: string, v: number): number => {
    if (!Number.isInteger(v) || v < -n || v > n) {
      throw new RangeError(
        `slice: ${arg} must be an integer in [${-n}, ${n}] for axis ${axis} of x (shape ${formatShape(x.shape)}), got ${v}`,
      );
    }
    return v < 0 ? v + n : v;
  };
  const s = resolve("start", start);
  const e = resolve("end", end ?? n);
  if (e < s) throw new RangeError(`slice: end (${end}) must not come before start (${start})`);
  return sliceOp([x], { axis: at, start: s, end: e })[0];
}

const concatOp = defineOp<number, { shapes: (readonly number[])[]; axis: number }>({
  name: "concat",
  forward: (inputs, axis) => {
    const shape = inputs[0].shape.slice();
    shape[axis] = inputs.reduce((total, t) => total + t.shape[axis], 0);
    const y = emptyTensor(inputs[0].dtype, shape);
    const yStrides = stridesOf(shape);
    let at = 0;
    for (const t of inputs) {
      const offset = at * yStrides[axis];
      getKernels().stridedCopy(t.shape, t.data, 0, stridesOf(t.shape), y.data, offset, yStrides);
      at += t.shape[axis];
    }
    return { outputs: [y], saved: { shapes: inputs.map((t) => t.shape), axis } };
  },
  backward: ([gy], { shapes, axis }, need) => {
    const gyStrides = stridesOf(gy.shape);
    let at = 0;
    return shapes.map((shape, i) => {
      const offset = at * gyStrides[axis];
      at += shape[axis];
      if (!need[i]) return null;
      const g = emptyTensor(gy.dtype, shape);
      getKernels().stridedCopy(shape, gy.data, offset, gyStrides, g.data, 0, stridesOf(shape));
      return g;
    });
  },
});

/** Joins tensors along an existing axis; all other axes must match. */
export function concat(tensors: readonly Tensor[], axis: number): Tensor {
  checkTensorList("concat", "tensors", tensors);
  const first = tensors[0];
  const at = normalizeAxis("concat", "axis", axis, first.ndim);
  tensors.forEach((t, i) => {
    const fits = t.ndim === first.ndim && t.shape.every((d, j) => j === at || d === first.shape[j]);
    if (!fits) {
      throw new RangeError(
        `concat: tensors[${i}] of shape ${formatShape(t.shape)} does not match tensors[0] of shape ${formatShape(first.shape)} outside axis ${axis}`,
      );
    }
    if (t.dtype !== first.dtype) {
      throw new TypeError(
        `concat: dtype mismatch: tensors[0] is ${first.dtype} but tensors[${i}] is ${t.dtype}`,
      );
    }
  });
  return concatOp(tensors, at)[0];
}

/** Joins same-shaped tensors along a new axis `axis`. */
export function stack(tensors: readonly Tensor[], axis = 0): Tensor {
  checkTensorList("stack", "tensors", tensors);
  tensors.forEach((t, i) => {
    if (!sameShape(t.shape, tensors[0].shape)) {
      throw new RangeError(
        `stack: tensors[${i}] of shape ${formatShape(t.shape)} differs from tensors[0] of shape ${formatShape(tensors[0].shape)}`,
      );
    }
  });
  const at = normalizeAxis("stack", "axis", axis, tensors[0].ndim + 1);
  return concat(
    tensors.map((t) => unsqueeze(t, at)),
    at,
  );
}
