import type { FloatArray } from "../backend/index.js";
import { type DType, dtypeOfArray } from "./dtype.js";
import { backwardFrom } from "./engine.js";
import type { GraphNode } from "./op.js";
import { astype, clone } from "./ops/copy.js";
import { reshape } from "./ops/view.js";
import { checkShape, formatShape, sizeOf } from "./shape.js";

/** Nested arrays of numbers, as produced by `toArray` (a plain number for a scalar). */
export type NestedNumbers = number | NestedNumbers[];

/** Options of the low-level `Tensor` constructor. */
export interface TensorOptions {
  /** Whether gradients should be computed for this tensor (default false). */
  requiresGrad?: boolean;
}

/**
 * An n-dimensional array: a contiguous row-major typed array, a shape and a dtype, plus the
 * autograd state. Ops never mutate their inputs; reshape and contiguous slices share `data`.
 */
export class Tensor {
  /** The elements, row-major; exactly `size` long. */
  readonly data: FloatArray;
  /** The extent of each axis (frozen). */
  readonly shape: readonly number[];
  /** `"float32"` or `"float64"`, from the type of `data`. */
  readonly dtype: DType;
  /** Number of elements. */
  readonly size: number;
  /** Whether gradients flow to (leaf) or through (op output) this tensor. */
  requiresGrad: boolean;
  /** Accumulated gradient of a leaf after `backward()`, or null. */
  grad: Tensor | null = null;
  /** The recorded op call that produced this tensor; null for leaves. Set by `defineOp`. */
  gradFn: GraphNode | null = null;
  /** Which output of `gradFn` this tensor is. */
  outputIndex = 0;

  /**
   * Wraps `data` (not copied) as a tensor of `shape`; `data.length` must equal the product of
   * `shape`. Most code uses `tensor()`, `zeros()`... instead.
   */
  constructor(data: FloatArray, shape: readonly number[], options: TensorOptions = {}) {
    if (!(data instanceof Float32Array || data instanceof Float64Array)) {
      throw new TypeError("Tensor: data must be a Float32Array or Float64Array");
    }
    this.shape = checkShape("Tensor", shape);
    this.size = sizeOf(this.shape);
    if (data.length !== this.size) {
      throw new RangeError(
        `Tensor: data has ${data.length} elements but shape ${formatShape(this.shape)} needs ${this.size}`,
      );
    }
    this.data = data;
    this.dtype = dtypeOfArray(data);
    this.requiresGrad = options.requiresGrad ?? false;
  }

  /** Number of axes. */
  get ndim(): number {
    return this.shape.length;
  }

  /** True when no recorded op produced this tensor (parameters, inputs, constants). */
  get isLeaf(): boolean {
    return this.gradFn === null;
  }

  /** The elements as nested arrays (a plain number for a scalar tensor). */
  toArray(): NestedNumbers {
    const build = (axis: number, offset: number): NestedNumbers => {
      if (axis === this.shape.length) return this.data[offset];
      const step = sizeOf(this.shape.slice(axis + 1));
      const out: NestedNumbers[] = [];
      for (let i = 0; i < this.shape[axis]; i++) out.push(build(axis + 1, offset + i * step));
      return out;
    };
    return build(0, 0);
  }

  /** The single element of a one-element tensor. */
  item(): number {
    if (this.size !== 1) {
      throw new RangeError(
        `item: tensor must have exactly one element, got shape ${formatShape(this.shape)}`,
      );
    }
    return this.data[0];
  }

  /** The same data as a new leaf that does not require grad. */
  detach(): Tensor {
    return new Tensor(this.data, this.shape);
  }

  /**
   * Accumulates into `.grad` of every leaf that requires grad the gradient of
   * `sum(this * gradOut)`. `gradOut` defaults to 1 for a one-element tensor.
   */
  backward(gradOut?: Tensor): void {
    backwardFrom(this, gradOut);
  }

  /** A view with another shape of the same size; one entry may be -1 (inferred). */
  reshape(shape: readonly number[]): Tensor {
    return reshape(this, shape);
  }

  /** A copy with its own data (differentiable). */
  clone(): Tensor {
    return clone(this);
  }

  /** This tensor converted to `dtype` (differentiable); itself when it already has it. */
  astype(dtype: DType): Tensor {
    return astype(this, dtype);
  }
}
