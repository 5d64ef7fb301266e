import { getKernels } from "../backend/index.js";
import { allocate } from "./dtype.js";
import { withGradMode } from "./gradMode.js";
import type { GraphNode } from "./op.js";
import { formatShape, sameShape, sizeOf } from "./shape.js";
import { Tensor } from "./tensor.js";

// Reverse-mode differentiation over the recorded graph. Gradients are keyed by tensor
// identity: an op output's gradient lives in its node's slot, a leaf's in a map.

/** Implements `Tensor.backward`: accumulates into `.grad` of the leaves that require grad. */
export function backwardFrom(root: Tensor, gradOut?: Tensor): void {
  if (!root.requiresGrad) {
    throw new Error(
      "backward: the tensor does not require grad (no input of its ops had requiresGrad)",
    );
  }
  const seed = gradOut ?? defaultSeed("backward", root);
  checkSeed("backward", "gradOut", root, seed);
  const leafGrads = propagate([root], [seed], null);
  for (const [leaf, g] of leafGrads) {
    if (leaf.grad === null) {
      leaf.grad = new Tensor(g.data.slice(), g.shape);
    } else {
      getKernels().axpy(g.size, 1, g.data, leaf.grad.data);
    }
  }
}

/**
 * Gradients of `sum_i sum(outputs[i] * gradOutputs[i])` with respect to each of `inputs`
 * (leaves or intermediate tensors), without touching any `.grad`. `gradOutputs` defaults to
 * ones for one-element outputs. An input the outputs do not depend on gets zeros.
 */
export function grad(
  outputs: Tensor | readonly Tensor[],
  inputs: Tensor | readonly Tensor[],
  gradOutputs?: Tensor | readonly (Tensor | undefined)[],
): Tensor[] {
  const outs = outputs instanceof Tensor ? [outputs] : outputs.slice();
  const ins = inputs instanceof Tensor ? [inputs] : inputs.slice();
  const given = gradOutputs instanceof Tensor ? [gradOutputs] : (gradOutputs ?? []);
  if (given.length > outs.length) {
    throw new RangeError(
      `grad: gradOutputs must have at most one entry per output (${outs.length}), got ${given.length}`,
    );
  }
  ins.forEach((t, i) => {
    if (!(t instanceof Tensor) || !t.requiresGrad) {
      throw new TypeError(`grad: inputs[${i}] must be a tensor that requires grad`);
    }
  });
  const seeds = outs.map((out, i) => {
    if (!(out instanceof Tensor)) throw new TypeError(`grad: outputs[${i}] must be a tensor`);
    const seed = given[i] ?? defaultSeed(`grad: outputs[${i}]`, out);
    checkSeed("grad", `gradOutputs[${i}]`, out, seed);
    return seed;
  });
  const roots = outs.filter((out) => out.requiresGrad);
  const rootSeeds = seeds.filter((_, i) => outs[i].requiresGrad);
  const found = propagate(roots, rootSeeds, new Set(ins));
  return ins.map((t) => found.get(t) ?? zerosOf(t));
}

function defaultSeed(what: string, root: Tensor): Tensor {
  if (root.size !== 1) {
    throw new RangeError(
      `${what}: a gradient is required for a tensor of shape ${formatShape(root.shape)} (only one-element tensors default to 1)`,
    );
  }
  const data = allocate(root.dtype, 1);
  data[0] = 1;
  return new Tensor(data, root.shape);
}

function checkSeed(op: string, arg: string, root: Tensor, seed: Tensor): void {
  if (
    !(seed instanceof Tensor) ||
    !sameShape(seed.shape, root.shape) ||
    seed.dtype !== root.dtype
  ) {
    const got = seed instanceof Tensor ? `${seed.dtype} ${formatShape(seed.shape)}` : String(seed);
    throw new TypeError(
      `${op}: ${arg} must be a ${root.dtype} tensor of shape ${formatShape(root.shape)}, got ${got}`,
    );
  }
}

function zerosOf(t: Tensor): Tensor {
  return new Tensor(allocate(t.dtype, t.size), t.shape);
}

function addGrads(a: Tensor, b: Tensor): Tensor {
  const out = a.data.slice();
  getKernels().axpy(out.length, 1, b.data, out);
  return new Tensor(out, a.shape);
}

/**
 * Runs the backward pass from `roots` seeded with `seeds`. With `targets`, returns the
 * gradient reaching each target (leaf or not) and prunes branches that lead to none; with
 * null, every leaf that requires grad is a target and the result maps leaves to gradients.
 */
function propagate(
  roots: readonly Tensor[],
  seeds: readonly Tensor[],
  targets: ReadonlySet<Tensor> | null,
): Map<Tensor, Tensor> {
  const isTarget = (t: Tensor): boolean => (targets === null ? t.gradFn === null : targets.has(t));
  const order = postOrder(roots);

  // A node is worth running when one of its inputs is a target or leads to one.
  const needed = new Set<GraphNode>();
  const wants = (node: GraphNode, i: number): boolean => {
    if (!node.needsGrad[i]) return false;
    const input = node.inputs[i];
    return isTarget(input) || (input.gradFn !== null && needed.has(input.gradFn));
  };
  for (const node of order) {
    if (node.inputs.some((_, i) => wants(node, i))) needed.add(node);
  }

  const targetNodes = new Set<GraphNode>();
  for (const t of targets ?? []) if (t.gradFn !== null) targetNodes.add(t.gradFn);
  const slots = new Map<GraphNode, (Tensor | null)[]>();
  const leafGrads = new Map<Tensor, Tensor>();
  const deliver = (t: Tensor, g: Tensor): void => {
    if (t.gradFn === null) {
      const prev = leafGrads.get(t);
      leafGrads.set(t, prev ? addGrads(prev, g) : g);
      return;
    }
    let slot = slots.get(t.gradFn);
    if (slot === undefined) {
      slot = new Array<Tensor | null>(t.gradFn.outputShapes.length).fill(null);
      slots.set(t.gradFn, slot);
    }
    const prev = slot[t.outputIndex];
    slot[t.outputIndex] = prev ? addGrads(prev, g) : g;
  };

  roots.forEach((r, i) => {
    if (r.gradFn !== null || isTarget(r)) deliver(r, seeds[i]);
  });

  withGradMode(false, () => {
    for (let k = order.length - 1; k >= 0; k--) {
      const node = order[k];
      const slot = slots.get(node);
      if (!needed.has(node) || slot === undefined) continue;
      const gradOutputs = slot.map(
        (g, j) =>
          g ??
          new Tensor(
            allocate(node.outputDTypes[j], sizeOf(node.outputShapes[j])),
            node.outputShapes[j],
          ),
      );
      const mask = node.inputs.map((_, i) => wants(node, i));
      const inputGrads = node.backward(gradOutputs, mask);
      if (!Array.isArray(inputGrads) || inputGrads.length !== node.inputs.length) {
        throw new Error(
          `${node.name}: backward must return ${node.inputs.length} gradients, got ${Array.isArray(inputGrads) ? inputGrads.length : typeof inputGrads}`,
        );
      }
      node.inputs.forEach((input, i) => {
        const g = inputGrads[i];
        if (!mask[i] || g === null || g === undefined) return;
        checkInputGrad(node, i, input, g);
        deliver(input, g);
      });
      // Done with this node's output gradients, unless a target reads them at the end.
      if (!targetNodes.has(node)) slots.delete(node);
    }
  });

  if (targets === null) return leafGrads;
  const found = new Map<Tensor, Tensor>();
  for (const t of targets) {
    const g = t.gradFn === null ? leafGrads.get(t) : slots.get(t.gradFn)?.[t.outputIndex];
    if (g) found.set(t, g);
  }
  return found;
}

function checkInputGrad(node: GraphNode, i: number, input: Tensor, g: Tensor): void {
  if (!(g instanceof Tensor) || !sameShape(g.shape, input.shape) || g.dtype !== input.dtype) {
    const got = g instanceof Tensor ? `${g.dtype} ${formatShape(g.shape)}` : String(g);
    throw new Error(
      `${node.name}: backward returned a gradient for ${node.inputName(i)} of ${got}, expected ${input.dtype} ${formatShape(input.shape)}`,
    );
  }
}

/** The nodes reachable from `roots`, each after all nodes that produced its inputs. */
function postOrder(roots: readonly Tensor[]): GraphNode[] {
  const order: GraphNode[] = [];
  const seen = new Set<GraphNode>();
  // Iterative depth-first search: long recurrences would overflow the call stack.
  const stack: { node: GraphNode; next: number }[] = [];
  for (const r of roots) {
    if (r.gradFn === null || seen.has(r.gradFn)) continue;
    seen.add(r.gradFn);
    stack.push({ node: r.gradFn, next: 0 });
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (top.next < top.node.inputs.length) {
        const child = top.node.inputs[top.next++].gradFn;
        if (child !== null && !seen.has(child)) {
          seen.add(child);
          stack.push({ node: child, next: 0 });
        }
      } else {
        order.push(top.node);
        stack.pop();
      }
    }
  }
  return order;
}
