/**
 * The minimal structural shapes the optimisers need. The library's `Tensor` (with `.data` and
 * `.grad: Tensor | null`) satisfies them, and so does any plain object holding typed arrays.
 */

/** Floating-point storage an optimiser can update in place. */
export type FloatArray = Float32Array | Float64Array;

/** Anything holding a gradient buffer. */
export interface GradLike {
  /** The gradient's values. */
  data: FloatArray;
}

/** A trainable parameter: its values and, after a backward pass, its gradient (or null). */
export interface ParamLike {
  /** The parameter's values, updated in place. */
  data: FloatArray;
  /** The gradient after a backward pass, or null. */
  grad: GradLike | null;
}
