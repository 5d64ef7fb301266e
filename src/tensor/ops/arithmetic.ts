import { type BinaryOp, getKernels } from "../../backend/index.js";
import { allocate } from "../dtype.js";
import { defineOp, type Op } from "../op.js";
import { broadcastShapes, broadcastStrides } from "../shape.js";
import { Tensor } from "../tensor.js";
import { checkTensor, emptyTensor } from "./alloc.js";
import { sumToShape } from "./broadcast.js";

/** An operand of the arithmetic ops: a tensor, or a number that acts as a scalar. */
export type Operand = Tensor | number;

interface BinarySaved {
  readonly a: Tensor;
  readonly b: Tensor;
}

/** The broadcast result of `a op b`. */
function broadcastForward(op: BinaryOp, name: string, a: Tensor, b: Tensor): Tensor {
  const shape = broadcastShapes(name, ["a", "b"], [a.shape, b.shape]);
  const y = emptyTensor(a.dtype, shape);
  const aStrides = broadcastStrides(a.shape, shape);
  const bStrides = broadcastStrides(b.shape, shape);
  getKernels().binary(op, shape, a.data, aStrides, b.data, bStrides, y.data);
  return y;
}

/** Defines a broadcasting binary op from its kernel and the full-shape gradients. */
function binaryOp(
  op: BinaryOp,
  grads: (gy: Tensor, a: Tensor, b: Tensor, need: readonly boolean[]) => (Tensor | null)[],
): Op<void> {
  return defineOp<void, BinarySaved>({
    name: op,
    inputNames: ["a", "b"],
    forward: ([a, b]) => ({ outputs: [broadcastForward(op, op, a, b)], saved: { a, b } }),
    backward: ([gy], { a, b }, need) => {
      const [ga, gb] = grads(gy, a, b, need);
      return [ga && sumToShape(ga, a.shape), gb && sumToShape(gb, b.shape)];
    },
  });
}

const addOp = binaryOp("add", (gy, _a, _b, [na, nb]) => [na ? gy : null, nb ? gy : null]);
const subOp = binaryOp("sub", (gy, _a, _b, [na, nb]) => [na ? gy : null, nb ? neg(gy) : null]);
const mulOp = binaryOp("mul", (gy, a, b, [na, nb]) => [
  na ? mul(gy, b) : null,
  nb ? mul(gy, a) : null,
]);
const divOp = binaryOp("div", (gy, a, b, [na, nb]) => [
  na ? div(gy, b) : null,
  nb ? div(neg(mul(gy, a)), mul(b, b)) : null,
]);
const extremumGrads =
  (isMax: boolean) =>
  (gy: Tensor, a: Tensor, b: Tensor): Tensor[] => {
    const shape = gy.shape;
    const ga = emptyTensor(gy.dtype, shape);
    const gb = emptyTensor(gy.dtype, shape);
    const as = broadcastStrides(a.shape, shape);
    const bs = broadcastStrides(b.shape, shape);
    getKernels().extremumBackward(isMax, shape, a.data, as, b.data, bs, gy.data, ga.data, gb.data);
    return [ga, gb];
  };
const minimumOp = binaryOp("minimum", extremumGrads(false));
const maximumOp = binaryOp("maximum", extremumGrads(true));

interface ScalarAttrs {
  readonly s: number;
  /** True for `s op x`. */
  readonly scalarFirst: boolean;
}

/** Defines `x op s` / `s op x` for a number `s`, from the gradient with respect to x. */
function scalarOp(
  op: BinaryOp,
  grad: (gy: Tensor, x: Tensor, attrs: ScalarAttrs) => Tensor,
): Op<ScalarAttrs> {
  return defineOp<ScalarAttrs, { x: Tensor; attrs: ScalarAttrs }>({
    name: op,
    inputNames: ["x"],
    forward: ([x], attrs) => {
      const y = emptyTensor(x.dtype, x.shape);
      getKernels().scalarOp(op, x.size, x.data, attrs.s, attrs.scalarFirst, y.data);
      return { outputs: [y], saved: { x, attrs } };
    },
    backward: ([gy], { x, attrs }) => [grad(gy, x, attrs)],
  });
}

const addScalarOp = scalarOp("add", (gy) => gy);
const subScalarOp = scalarOp("sub", (gy, _x, { scalarFirst }) => (scalarFirst ? neg(gy) : gy));
const mulScalarOp = scalarOp("mul", (gy, _x, { s }) => mul(gy, s));
// d(x/s) = gy / s; d(s/x) = -gy * s / x^2.
const divScalarOp = scalarOp("div", (gy, x, { s, scalarFirst }) =>
  scalarFirst ? div(mul(neg(gy), s), mul(x, x)) : div(gy, s),
);

/** Applies a binary op to two operands, at least one of them a tensor. */
function apply(
  name: string,
  tensorOp: Op<void>,
  numberOp: Op<ScalarAttrs> | null,
  a: Operand,
  b: Operand,
): Tensor {
  const aIsNumber = typeof a === "number";
  const bIsNumber = typeof b === "number";
  if (aIsNumber && bIsNumber) {
    throw new TypeError(`${name}: a and b must not both be numbers; pass at least one Tensor`);
  }
  if (!aIsNumber) checkTensor(name, "a", a);
  if (!bIsNumber) checkTensor(name, "b", b);
  if (aIsNumber || bIsNumber) {
    const x = (aIsNumber ? b : a) as Tensor;
    const s = (aIsNumber ? a : b) as number;
    if (numberOp !== null) return numberOp([x], { s, scalarFirst: aIsNumber })[0];
    const scalar = scalarTensor(s, x);
    return tensorOp(aIsNumber ? [scalar, x] : [x, scalar])[0];
  }
  return tensorOp([a as Tensor, b as Tensor])[0];
}

/** A 0-d tensor holding `s` with the dtype of `like`. */
function scalarTensor(s: number, like: Tensor): Tensor {
  const data = allocate(like.dtype, 1);
  data[0] = s;
  return new Tensor(data, []);
}

/** `a + b` with broadcasting; either side may be a number. */
export function add(a: Operand, b: Operand): Tensor {
  return apply("add", addOp, addScalarOp, a, b);
}

/** `a - b` with broadcasting; either side may be a number. */
export function sub(a: Operand, b: Operand): Tensor {
  return apply("sub", subOp, subScalarOp, a, b);
}

/** `a * b` with broadcasting; either side may be a number. */
export function mul(a: Operand, b: Operand): Tensor {
  return apply("mul", mulOp, mulScalarOp, a, b);
}

/** `a / b` with broadcasting; either side may be a number. */
export function div(a: Operand, b: Operand): Tensor {
  return apply("div", divOp, divScalarOp, a, b);
}

/** Element-wise minimum with broadcasting (NaN wins; a tie splits the gradient evenly). */
export function minimum(a: Operand, b: Operand): Tensor {
  return apply("minimum", minimumOp, null, a, b);
}

/** Element-wise maximum with broadcasting (NaN wins; a tie splits the gradient evenly). */
export function maximum(a: Operand, b: Operand): Tensor {
  return apply("maximum", maximumOp, null, a, b);
}

/** `-x`. */
export function neg(x: Tensor): Tensor {
  return mulScalarOp([checkTensor("neg", "x", x)], { s: -1, scalarFirst: false })[0];
}

// Inputs in the order a, b, cond, so that a dtype mismatch names a and b.
const whereOp = defineOp<void, { cond: Tensor; a: Tensor; b: Tensor }>({
  name: "where",
  inputNames: ["a", "b", "cond"],
  forward: ([a, b, cond]) => {
    const shape = broadcastShapes("where", ["cond", "a", "b"], [cond.shape, a.shape, b.shape]);
    const y = emptyTensor(a.dtype, shape);
    const cs = broadcastStrides(cond.shape, shape);
    const as = broadcastStrides(a.shape, shape);
    const bs = broadcastStrides(b.shape, shape);
    getKernels().where(shape, cond.data, cs, a.data, as, b.data, bs, y.data);
    return { outputs: [y], saved: { cond, a, b } };
  },
  backward: ([gy], { cond, a, b }, [na, nb]) => {
    const zero = scalarTensor(0, gy);
    return [
      na ? sumToShape(where(cond, gy, zero), a.shape) : null,
      nb ? sumToShape(where(cond, zero, gy), b.shape) : null,
      null,
    ];
  },
});

/**
 * `cond != 0 ? a : b` element-wise, all three broadcast together. `cond` is a mask tensor of
 * any dtype (never differentiated); `a` or `b` may be a number.
 */
export function where(cond: Tensor, a: Operand, b: Operand): Tensor {
  checkTensor("where", "cond", cond);
  if (typeof a === "number" && typeof b === "number") {
    throw new TypeError("where: a and b must not both be numbers; pass at least one Tensor");
  }
  const ta = typeof a === "number" ? scalarTensor(a, b as Tensor) : checkTensor("where", "a", a);
  const tb = typeof b === "number" ? scalarTensor(b, ta) : checkTensor("where", "b", b);
  // The mask is data, not a differentiable operand: bring it to the operands' dtype.
  const mask = cond.dtype === ta.dtype ? cond.detach() : cond.detach().astype(ta.dtype);
  return whereOp([ta, tb, mask])[0];
}
