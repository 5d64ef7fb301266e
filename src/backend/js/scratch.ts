import type { FloatArray } from "../kernels.js";

// Reusable work buffers (packed matrices, im2col columns). JavaScript runs one kernel at a
// time per thread, so a kernel may hold a scratch buffer until it returns; it must not call
// another kernel that asks for the same slot while it holds one.
const slots32: Float32Array[] = [];
const slots64: Float64Array[] = [];

/**
 * A work buffer of at least `n` elements with the element type of `like`, from `slot`
 * (distinct slots for buffers needed at the same time). Contents are arbitrary.
 */
export function scratch<T extends FloatArray>(like: T, slot: number, n: number): T {
  if (like instanceof Float64Array) {
    let s = slots64[slot];
    if (s === undefined || s.length < n) {
      s = new Float64Array(grow(n));
      slots64[slot] = s;
    }
    return s as T;
  }
  let s = slots32[slot];
  if (s === undefined || s.length < n) {
    s = new Float32Array(grow(n));
    slots32[slot] = s;
  }
  return s as T;
}

/** Rounds a requested size up so that slowly growing requests do not reallocate each time. */
function grow(n: number): number {
  let size = 1024;
  while (size < n) size *= 2;
  return size;
}
