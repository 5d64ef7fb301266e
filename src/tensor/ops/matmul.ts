import { getKernels } from "../../backend/index.js";
import { defineOp } from "../op.js";
import { broadcastShapes, broadcastStrides, formatShape, sizeOf } from "../shape.js";
import type { Tensor } from "../tensor.js";
import { checkTensor, emptyTensor } from "./alloc.js";

interface MatmulPlan {
  readonly m: number;
  readonly k: number;
  readonly n: number;
  /** Offset of each output batch's matrix in a and in b (broadcast batches repeat). */
  readonly aOffsets: readonly number[];
  readonly bOffsets: readonly number[];
  readonly outShape: readonly number[];
}

function planMatmul(a: Tensor, b: Tensor): MatmulPlan {
  for (const [arg, t] of [
    ["a", a],
    ["b", b],
  ] as const) {
    if (t.ndim < 2) {
      throw new RangeError(
        `matmul: ${arg} must have at least 2 dimensions, got shape ${formatShape(t.shape)}`,
      );
    }
  }
  const [m, k] = a.shape.slice(-2);
  const [k2, n] = b.shape.slice(-2);
  if (k !== k2) {
    throw new RangeError(
      `matmul: a of shape ${formatShape(a.shape)} and b of shape ${formatShape(b.shape)} do not chain (${k} columns vs ${k2} rows)`,
    );
  }
  const aBatch = a.shape.slice(0, -2);
  const bBatch = b.shape.slice(0, -2);
  const batch = broadcastShapes("matmul", ["a's batch", "b's batch"], [aBatch, bBatch]);
  return {
    m,
    k,
    n,
    aOffsets: batchOffsets(aBatch, batch, m * k),
    bOffsets: batchOffsets(bBatch, batch, k * n),
    outShape: [...batch, m, n],
  };
}

/** For each index of `batch`, the offset of the matching matrix of an operand. */
function batchOffsets(own: readonly number[], batch: readonly number[], matrix: number): number[] {
  const strides = broadcastStrides(own, batch);
  const count = sizeOf(batch);
  const offsets = new Array<number>(count);
  const index = new Array<number>(batch.length).fill(0);
  for (let i = 0; i < count; i++) {
    let off = 0;
    for (let d = 0; d < batch.length; d++) off += index[d] * strides[d];
    offsets[i] = off * matrix;
    for (let d = batch.length - 1; d >= 0; d--) {
      if (++index[d] < batch[d]) break;
      index[d] = 0;
    }
  }
  return offsets;
}

const matmulOp = defineOp<void, { a: Tensor; b: Tensor; plan: MatmulPlan }>({
  name: "matmul",
  inputNames: ["a", "b"],
  forward: ([a, b]) => {
    const plan = planMatmul(a, b);
    const { m, k, n } = plan;
    const y = emptyTensor(a.dtype, plan.outShape);
    const gemm = getKernels().gemm;
    plan.aOffsets.forEach((aOff, i) => {
      const bOff = plan.bOffsets[i];
      gemm(false, false, m, n, k, 1, a.data, aOff, k, b.data, bOff, n, 0, y.data, i * m * n, n);
    });
    return { outputs: [y], saved: { a, b, plan } };
  },
  backward: ([gy], { a, b, plan }, [needA, needB]) => {
    const { m, k, n } = plan;
    const gemm = getKernels().gemm;
    // beta = 1 accumulates over batches that broadcast onto the same operand matrix.
    const ga = needA ? emptyTensor(a.dtype, a.shape) : null;
    const gb = needB ? emptyTensor(b.dtype, b.shape) : null;
    plan.aOffsets.forEach((aOff, i) => {
      const bOff = plan.bOffsets[i];
      const yOff = i * m * n;
      if (ga) gemm(false, true, m, k, n, 1, gy.data, yOff, n, b.data, bOff, n, 1, ga.data, aOff, k);
      if (gb) gemm(true, false, k, n, m, 1, a.data, aOff, k, gy.data, yOff, n, 1, gb.data, bOff, n);
    });
    return [ga, gb];
  },
});

/**
 * Matrix product of the last two axes, `[..., m, k] x [..., k, n] -> [..., m, n]`, with the
 * leading (batch) axes broadcast like torch.matmul. Both operands need at least 2 axes.
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  checkTensor("matmul", "a", a);
  checkTensor("matmul", "b", b);
  return matmulOp([a, b])[0];
}

interface LinearSaved {
  readonly x: Tensor;
  readonly weight: Tensor;
  readonly rows: number;
  readonly hasBias: boolean;
}

const linearOp = defineOp<void, LinearSaved>({
  name: "linear",
  inputNames: ["x", "weight", "bias"],
  forward: ([x, weight, bias]) => {
    const [out, inF] = weight.shape;
    const rows = sizeOf(x.shape.slice(0, -1));
    const y = emptyTensor(x.dtype, [...x.shape.slice(0, -1), out]);
    let beta = 0;
    if (bias !== undefined) {
      for (let r = 0; r < rows; r++) y.data.set(bias.data, r * out);
      beta = 1;
    }
    getKernels().gemm(
      false,
      true,
      rows,
      out,
      inF,
      1,
      x.data,
      0,
      inF,
      weight.data,
      0,
      inF,
      beta,
      y.data,
      0,
      out,
    );
    return { outputs: [y], saved: { x, weight, rows, hasBias: bias !== undefined } };
  },
  backward: ([gy], { x, weight, rows, hasBias }, [needX, needW, needB]) => {
    const [out, inF] = weight.shape;
    const k = getKernels();
    let gx: Tensor | null = null;
    let gw: Tensor | null = null;
    let gb: Tensor | null = null;
    if (needX) {
      gx = emptyTensor(x.dtype, x.shape);
      k.gemm(
        false,
        false,
        rows,
        inF,
        out,
        1,
        gy.data,
        0,
        out,
        weight.data,
        0,
        inF,
        0,
        gx.data,
        0,
        inF,
      );
    }
    if (needW) {
      gw = emptyTensor(weight.dtype, weight.shape);
      k.gemm(true, false, out, inF, rows, 1, gy.data, 0, out, x.data, 0, inF, 0, gw.data, 0, inF);
    }
    if (needB) {
      gb = emptyTensor(gy.dtype, [out]);
      k.sumBroadcast([rows, out], gy.data, gb.data, [0, 1]);
    }
    return hasBias ? [gx, gw, gb] : [gx, gw];
  },
});

/**
 * `x . weight^T + bias` like torch.nn.functional.linear: `x` `[..., in]`, `weight`
 * `[out, in]`, optional `bias` `[out]`; the result is `[..., out]`.
 */
export function linear(x: Tensor, weight: Tensor, bias?: Tensor | null): Tensor {
  checkTensor("linear", "x", x);
  checkTensor("linear", "weight", weight);
  if (weight.ndim !== 2) {
    throw new RangeError(
      `linear: weight must have shape [out, in], got ${formatShape(weight.shape)}`,
    );
  }
  const [out, inF] = weight.shape;
  if (x.ndim < 1 || x.shape[x.ndim - 1] !== inF) {
    throw new RangeError(
      `linear: x of shape ${formatShape(x.shape)} must end in ${inF} features to match weight of shape ${formatShape(weight.shape)}`,
    );
  }
  if (bias === undefined || bias === null) return linearOp([x, weight])[0];
  checkTensor("linear", "bias", bias);
  if (bias.ndim !== 1 || bias.shape[0] !== out) {
    throw new RangeError(
      `linear: bias must have shape [${out}] to match weight of shape ${formatShape(weight.shape)}, got ${formatShape(bias.shape)}`,
    );
  }
  return linearOp([x, weight, bias])[0];
}
