import { defineOp } from "../op.js";
import { formatShape, normalizeAxis, sizeOf } from "../shape.js";
import { Tensor } from "../tensor.js";
import { checkTensor } from "./alloc.js";

// Views: the output shares the input's data; only the shape changes.

const reshapeOp = defineOp<readonly number[], readonly number[]>({
  name: "reshape",
  inputNames: ["x"],
  forward: ([x], shape) => ({ outputs: [new Tensor(x.data, shape)], saved: x.shape }),
  backward: ([gy], shape) => [new Tensor(gy.data, shape)],
});

/** A view of `x` with `shape` (same number of elements; one entry may be -1, inferred). */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  checkTensor("reshape", "x", x);
  return reshapeOp([x], resolveShape(x, shape))[0];
}

/** Inserts an axis of size 1 at `axis` (a view). */
export function unsqueeze(x: Tensor, axis: number): Tensor {
  checkTensor("unsqueeze", "x", x);
  const at = normalizeAxis("unsqueeze", "axis", axis, x.ndim + 1);
  const shape = x.shape.slice();
  shape.splice(at, 0, 1);
  return reshapeOp([x], shape)[0];
}

/** Removes axis `axis` (which must have size 1), or every size-1 axis when omitted (a view). */
export function squeeze(x: Tensor, axis?: number): Tensor {
  checkTensor("squeeze", "x", x);
  let shape: number[];
  if (axis === undefined) {
    shape = x.shape.filter((d) => d !== 1);
  } else {
    const at = normalizeAxis("squeeze", "axis", axis, x.ndim);
    if (x.shape[at] !== 1) {
      throw new RangeError(
        `squeeze: axis ${axis} of x (shape ${formatShape(x.shape)}) must have size 1, got ${x.shape[at]}`,
      );
    }
    shape = x.shape.filter((_, i) => i !== at);
  }
  return reshapeOp([x], shape)[0];
}

/** Collapses axes `start..end` (inclusive, default all) into one (a view). */
export function flatten(x: Tensor, start = 0, end = -1): Tensor {
  checkTensor("flatten", "x", x);
  if (x.ndim === 0) return reshapeOp([x], [1])[0];
  const s = normalizeAxis("flatten", "start", start, x.ndim);
  const e = normalizeAxis("flatten", "end", end, x.ndim);
  if (e < s) throw new RangeError(`flatten: end (${end}) must not come before start (${start})`);
  const shape = [...x.shape.slice(0, s), sizeOf(x.shape.slice(s, e + 1)), ...x.shape.slice(e + 1)];
  return reshapeOp([x], shape)[0];
}

function resolveShape(x: Tensor, shape: readonly number[]): number[] {
  const bad = (): RangeError =>
    new RangeError(
      `reshape: cannot view x of shape ${formatShape(x.shape)} (${x.size} elements) as ${JSON.stringify(shape)}`,
    );
  if (!Array.isArray(shape)) throw bad();
  const out = shape.slice();
  let infer = -1;
  let known = 1;
  for (let i = 0; i < out.length; i++) {
    const d = out[i];
    if (d === -1 && infer < 0) infer = i;
    else if (Number.isInteger(d) && d >= 0) known *= d;
    else throw bad();
  }
  if (infer >= 0) {
    if (known === 0 || x.size % known !== 0) throw bad();
    out[infer] = x.size / known;
  } else if (known !== x.size) {
    throw bad();
  }
  return out;
}
