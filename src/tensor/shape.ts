import { contiguousStrides } from "../backend/index.js";

// Shape arithmetic shared by tensors and ops. Messages name the op and the argument.

/** Row-major strides of a contiguous array of `shape`. */
export const stridesOf = contiguousStrides;

/** `[2,3]` style, for error messages. */
export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(",")}]`;
}

/** Number of elements of `shape` (1 for a scalar shape `[]`). */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** True when both shapes are equal. */
export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Returns a frozen copy of `shape`, after checking it holds non-negative integers. */
export function checkShape(what: string, shape: readonly number[]): readonly number[] {
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new TypeError(
      `${what}: shape must be an array of non-negative integers, got ${JSON.stringify(shape)}`,
    );
  }
  return Object.freeze(shape.slice());
}

/**
 * The broadcast shape of several operands (numpy rules: align on the right, sizes equal or
 * 1). `names` label the operands in the error.
 */
export function broadcastShapes(
  op: string,
  names: readonly string[],
  shapes: readonly (readonly number[])[],
): number[] {
  const ndim = Math.max(...shapes.map((s) => s.length));
  const out = new Array<number>(ndim).fill(1);
  for (const s of shapes) {
    for (let i = 0; i < s.length; i++) {
      const d = ndim - s.length + i;
      if (s[i] === out[d] || s[i] === 1) continue;
      if (out[d] === 1) {
        out[d] = s[i];
        continue;
      }
      const described = shapes.map((sh, k) => `${names[k]} of shape ${formatShape(sh)}`);
      throw new RangeError(`${op}: cannot broadcast ${described.join(" with ")}`);
    }
  }
  return out;
}

/**
 * Strides that read a contiguous array of `shape` as if it had the broadcast shape `out`:
 * 0 along axes it lacks or has as size 1.
 */
export function broadcastStrides(shape: readonly number[], out: readonly number[]): number[] {
  const own = contiguousStrides(shape);
  const strides = new Array<number>(out.length).fill(0);
  for (let i = 0; i < shape.length; i++) {
    const d = out.length - shape.length + i;
    strides[d] = shape[i] === 1 && out[d] !== 1 ? 0 : own[i];
  }
  return strides;
}

/** Resolves a possibly negative axis against `ndim`. */
export function normalizeAxis(op: string, arg: string, axis: number, ndim: number): number {
  if (!Number.isInteger(axis) || axis < -ndim || axis >= ndim) {
    const range = ndim === 0 ? "no axes (a scalar)" : `an integer in [${-ndim}, ${ndim - 1}]`;
    throw new RangeError(`${op}: ${arg} must be ${range}, got ${axis}`);
  }
  return axis < 0 ? axis + ndim : axis;
}

/** Resolves a list of axes (all when undefined), sorted, without repeats. */
export function normalizeAxes(
  op: string,
  arg: string,
  axes: number | readonly number[] | undefined,
  ndim: number,
): number[] {
  if (axes === undefined) return Array.from({ length: ndim }, (_, i) => i);
  const list = typeof axes === "number" ? [axes] : axes;
  const out = list.map((a) => normalizeAxis(op, arg, a, ndim));
  if (new Set(out).size !== out.length) {
    throw new RangeError(`${op}: ${arg} must not repeat an axis, got ${JSON.stringify(axes)}`);
  }
  return out.sort((a, b) => a - b);
}
