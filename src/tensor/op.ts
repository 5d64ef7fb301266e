import type { DType } from "./dtype.js";
import { isGradEnabled } from "./gradMode.js";
import type { Tensor } from "./tensor.js";

// This module must not import tensor.ts at run time: op modules call defineOp while they are
// being loaded, and tensor.ts imports op modules, so defineOp has to be ready first.

/** What an op's forward half returns. */
export interface OpForwardResult<Saved> {
  /** Fresh output tensors (never one of the inputs; a view of an input is fine). */
  readonly outputs: readonly Tensor[];
  /** Whatever the backward half needs; only kept when the call was recorded. */
  readonly saved: Saved;
}

/**
 * One differentiable op: forward and backward registered together.
 *
 * - `forward(inputs, attrs, needsGrad)` computes the outputs. `needsGrad[i]` says whether
 *   input i will want a gradient (all false when nothing is recorded), so forward can skip
 *   saving what no gradient needs.
 * - `backward(gradOutputs, saved, needsGrad)` gets one gradient per output (zeros where no
 *   gradient reached that output) and returns one entry per input: a tensor of the input's
 *   shape and dtype, or `null` for "no gradient". Entries whose `needsGrad` is false are
 *   ignored, so backward should skip computing them. It runs with recording off, so it may
 *   call other ops; gradients of gradients are not supported.
 */
export interface OpDefinition<Attrs, Saved> {
  /** Op name, used in error messages. */
  readonly name: string;
  /** Argument names of the inputs, for error messages (default `input0`, `input1`, ...). */
  readonly inputNames?: readonly string[];
  /** Computes the outputs from the inputs; returns them with what backward needs saved. */
  forward(
    inputs: readonly Tensor[],
    attrs: Attrs,
    needsGrad: readonly boolean[],
  ): OpForwardResult<Saved>;
  /** Maps the output gradients to one gradient (or null) per input. */
  backward(
    gradOutputs: readonly Tensor[],
    saved: Saved,
    needsGrad: readonly boolean[],
  ): readonly (Tensor | null)[];
}

/** A registered op: call it with its input tensors and attributes; it returns its outputs. */
export type Op<Attrs> = (inputs: readonly Tensor[], attrs: Attrs) => Tensor[];

/** Backward half of a recorded call, with the saved values bound in. */
export type NodeBackward = (
  gradOutputs: readonly Tensor[],
  needsGrad: readonly boolean[],
) => readonly (Tensor | null)[];

/** A recorded op call: the tape entry that `backward`/`grad` walk. */
export class GraphNode {
  constructor(
    /** The op's name. */
    readonly name: string,
    /** The input tensors, by identity. */
    readonly inputs: readonly Tensor[],
    /** Which inputs required a gradient when the op ran. */
    readonly needsGrad: readonly boolean[],
    /** Shape of each output, for zero gradients. */
    readonly outputShapes: readonly (readonly number[])[],
    /** Dtype of each output, for zero gradients. */
    readonly outputDTypes: readonly DType[],
    /** Computes input gradients from output gradients. */
    readonly backward: NodeBackward,
    /** Argument names of the inputs, for error messages. */
    private readonly inputNames: readonly string[] | undefined,
  ) {}

  /** The argument name of input `i`, for error messages. */
  inputName(i: number): string {
    return inputName(this.inputNames, i);
  }
}

/**
 * Registers an op (see `OpDefinition`). The returned function checks that all inputs share
 * one dtype, runs forward, and, when recording and some input requires a gradient, links the
 * outputs to a `GraphNode` so gradients can flow into any of them.
 */
export function defineOp<Attrs, Saved>(def: OpDefinition<Attrs, Saved>): Op<Attrs> {
  const name = def.name;
  return (inputs: readonly Tensor[], attrs: Attrs): Tensor[] => {
    checkSameDType(name, def.inputNames, inputs);
    let recording = false;
    if (isGradEnabled()) {
      for (const t of inputs) if (t.requiresGrad) recording = true;
    }
    const needsGrad = inputs.map((t) => recording && t.requiresGrad);
    const { outputs, saved } = def.forward(inputs, attrs, needsGrad);
    if (!recording) return outputs.slice();
    for (const out of outputs) {
      if (inputs.includes(out)) {
        throw new Error(`${name}: forward returned one of its inputs; return a new tensor or view`);
      }
    }
    const node = new GraphNode(
      name,
      inputs.slice(),
      needsGrad,
      outputs.map((t) => t.shape),
      outputs.map((t) => t.dtype),
      (gradOutputs, mask) => def.backward(gradOutputs, saved, mask),
      def.inputNames,
    );
    outputs.forEach((out, k) => {
      out.requiresGrad = true;
      out.gradFn = node;
      out.outputIndex = k;
    });
    return outputs.slice();
  };
}

function inputName(names: readonly string[] | undefined, i: number): string {
  return names?.[i] ?? `input${i}`;
}

function checkSameDType(
  name: string,
  names: readonly string[] | undefined,
  inputs: readonly Tensor[],
): void {
  for (let i = 1; i < inputs.length; i++) {
    if (inputs[i].dtype !== inputs[0].dtype) {
      const first = `${inputName(names, 0)} is ${inputs[0].dtype}`;
      throw new TypeError(
        `${name}: dtype mismatch: ${first} but ${inputName(names, i)} is ${inputs[i].dtype}`,
      );
    }
  }
}
