/**
 * The input list shared by the fused sequence ops: `[x, timespans?, h0?, c0?, ...parameters]`,
 * where the optional inputs are present only when given. Forward reads the data arrays from
 * it; backward allocates the wanted gradients and returns them in the same positions.
 */
import type { FloatArray } from "../../backend/kernels.js";
import { emptyTensor } from "../../tensor/ops/alloc.js";
import { Tensor } from "../../tensor/tensor.js";

/** Which optional inputs a call has. */
export interface OptionalInputs {
  hasTimespans: boolean;
  hasH0: boolean;
  hasC0: boolean;
}

export interface SequenceOptionals {
  timespans: Tensor | null;
  h0: Tensor | null;
  c0: Tensor | null;
}

/** Positions of the optional inputs (-1 when absent) and of the first parameter. */
interface Layout {
  ts: number;
  h0: number;
  c0: number;
  params: number;
}

function layout(flags: OptionalInputs): Layout {
  let i = 1;
  const ts = flags.hasTimespans ? i++ : -1;
  const h0 = flags.hasH0 ? i++ : -1;
  const c0 = flags.hasC0 ? i++ : -1;
  return { ts, h0, c0, params: i };
}

/** The op's input list and the flags saying which optional inputs it holds. */
export function sequenceOpInputs(
  x: Tensor,
  optionals: SequenceOptionals,
  paramTensors: readonly Tensor[],
): { inputs: Tensor[]; flags: OptionalInputs } {
  const { timespans, h0, c0 } = optionals;
  const inputs = [x];
  if (timespans !== null) inputs.push(timespans);
  if (h0 !== null) inputs.push(h0);
  if (c0 !== null) inputs.push(c0);
  inputs.push(...paramTensors);
  return {
    inputs,
    flags: { hasTimespans: timespans !== null, hasH0: h0 !== null, hasC0: c0 !== null },
  };
}

/** The data arrays of the optional inputs (null when absent). */
export function optionalData(
  inputs: readonly Tensor[],
  flags: OptionalInputs,
): { timespans: FloatArray | null; h0: FloatArray | null; c0: FloatArray | null } {
  const at = layout(flags);
  const data = (k: number) => (k >= 0 ? inputs[k].data : null);
  return { timespans: data(at.ts), h0: data(at.h0), c0: data(at.c0) };
}

/** Gradient buffers for the inputs that want one: x, timespans, h0, c0 (null when not wanted). */
export interface SequenceGradBuffers {
  dx: FloatArray | null;
  dTimespans: FloatArray | null;
  dh0: FloatArray | null;
  dc0: FloatArray | null;
}

export function allocateInputGrads(
  inputs: readonly Tensor[],
  flags: OptionalInputs,
  needsGrad: readonly boolean[],
): SequenceGradBuffers {
  const at = layout(flags);
  const alloc = (k: number) =>
    k >= 0 && needsGrad[k] ? emptyTensor(inputs[k].dtype, inputs[k].shape).data : null;
  return { dx: alloc(0), dTimespans: alloc(at.ts), dh0: alloc(at.h0), dc0: alloc(at.c0) };
}

/** The backward result: each gradient as a tensor at its input's position, null elsewhere. */
export function gradientsByInput(
  inputs: readonly Tensor[],
  flags: OptionalInputs,
  grads: SequenceGradBuffers,
  paramGrads: readonly FloatArray[],
): (Tensor | null)[] {
  const at = layout(flags);
  const result: (Tensor | null)[] = inputs.map(() => null);
  const put = (data: FloatArray | null, k: number): void => {
    if (data !== null && k >= 0) result[k] = new Tensor(data, inputs[k].shape);
  };
  put(grads.dx, 0);
  put(grads.dTimespans, at.ts);
  put(grads.dh0, at.h0);
  put(grads.dc0, at.c0);
  paramGrads.forEach((g, j) => {
    put(g, at.params + j);
  });
  return result;
}

/** The gradients reaching the outputs [readout, hFinal, cFinal?] as kernel arguments. */
export function outputGrads(gradOutputs: readonly Tensor[]): {
  dReadout: FloatArray;
  dhFinal: FloatArray;
  dcFinal: FloatArray | null;
} {
  return {
    dReadout: gradOutputs[0].data,
    dhFinal: gradOutputs[1].data,
    dcFinal: gradOutputs.length > 2 ? gradOutputs[2].data : null,
  };
}
