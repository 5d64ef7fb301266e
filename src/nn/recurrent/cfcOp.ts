/**
 * The whole CfC recurrence (every mode, fully connected or wired, optional mixed memory) as one
 * differentiable op over the fused kernels: the time loop and its BPTT run inside the kernel,
 * so a sequence of any length is one tape entry.
 */

import type { FusedRecurrences, FusedSaved } from "../../backend/fused.js";
import { type CfcGrads, type CfcParams, createCfcGrads } from "../../backend/js/cfc.js";
import type { FloatArray } from "../../backend/kernels.js";
import { fusedKernels } from "../../backend/select.js";
import { defineOp } from "../../tensor/op.js";
import { emptyTensor } from "../../tensor/ops/alloc.js";
import type { Tensor } from "../../tensor/tensor.js";
import {
  allocateInputGrads,
  gradientsByInput,
  type OptionalInputs,
  optionalData,
  outputGrads,
  type SequenceOptionals,
  sequenceOpInputs,
} from "./sequenceOpInputs.js";

/** Every trainable buffer of a parameter (or gradient) set, in the op's canonical order. */
export function cfcTrainableBuffers(p: CfcParams | CfcGrads): FloatArray[] {
  const out: FloatArray[] = [];
  for (const layer of p.layers) {
    for (const lin of layer.backbone) out.push(lin.weight, lin.bias);
    out.push(layer.ff1.weight, layer.ff1.bias);
    for (const lin of [layer.ff2, layer.timeA, layer.timeB]) {
      if (lin !== null) out.push(lin.weight, lin.bias);
    }
    if (layer.wTau !== null) out.push(layer.wTau);
    if (layer.a !== null) out.push(layer.a);
  }
  if (p.lstm !== null) out.push(p.lstm.inputWeight, p.lstm.inputBias, p.lstm.recurrentWeight);
  return out;
}

export interface CfcOpAttrs extends OptionalInputs {
  /** The parameter set; its trainable buffers are the data of the parameter inputs. */
  params: CfcParams;
  /** Training-mode backbone dropout keep masks (see CfcSequenceInputs.dropoutMasks). */
  dropoutMasks: (FloatArray | null)[] | null;
}

interface CfcOpSaved {
  /** The kernel set that ran forward: its backward must read what it saved. */
  kernels: FusedRecurrences;
  kernel: FusedSaved | null;
  attrs: CfcOpAttrs;
  inputs: readonly Tensor[];
}

const cfcOp = defineOp<CfcOpAttrs, CfcOpSaved>({
  name: "cfcSequence",
  forward(inputs, attrs, needsGrad) {
    const x = inputs[0];
    const [batch, steps] = x.shape;
    const { timespans, h0, c0 } = optionalData(inputs, attrs);
    const layers = attrs.params.layers;
    const stateSize = layers.reduce((s, l) => s + l.hiddenSize, 0);
    const outSize = layers[layers.length - 1].hiddenSize;
    const readout = emptyTensor(x.dtype, [batch, steps, outSize]);
    const hFinal = emptyTensor(x.dtype, [batch, stateSize]);
    const mixed = attrs.params.lstm !== null;
    const cFinal = mixed ? emptyTensor(x.dtype, [batch, stateSize]) : null;
    const save = needsGrad.some((n) => n);
    const kernels = fusedKernels();
    const kernel = kernels.cfcSequenceForward(
      attrs.params,
      { batch, steps, x: x.data, timespans, h0, c0, dropoutMasks: attrs.dropoutMasks },
      { readout: readout.data, hFinal: hFinal.data, cFinal: cFinal?.data ?? null },
      save,
    );
    const outputs = cFinal === null ? [readout, hFinal] : [readout, hFinal, cFinal];
    return { outputs, saved: { kernels, kernel, attrs, inputs } };
  },
  backward(gradOutputs, saved, needsGrad) {
    const { kernels, kernel, attrs, inputs } = saved;
    if (kernel === null) throw new Error("cfcSequence: backward without saved activations");
    const grads = createCfcGrads(attrs.params);
    const inputGrads = allocateInputGrads(inputs, attrs, needsGrad);
    kernels.cfcSequenceBackward(kernel, outputGrads(gradOutputs), { ...inputGrads, params: grads });
    return gradientsByInput(inputs, attrs, inputGrads, cfcTrainableBuffers(grads));
  },
});

/** The results of a CfC sequence call. */
export interface CfcSequenceResult {
  /** [B, T, H_last]. */
  readout: Tensor;
  /** [B, H]. */
  hFinal: Tensor;
  /** [B, H] with mixed memory, else null. */
  cFinal: Tensor | null;
}

/**
 * Runs the recurrence. `paramTensors` must be the tensors whose data are
 * `cfcTrainableBuffers(params)`, in that order, so gradients reach them.
 */
export function cfcSequence(
  x: Tensor,
  options: SequenceOptionals,
  params: CfcParams,
  paramTensors: readonly Tensor[],
  dropoutMasks: (FloatArray | null)[] | null = null,
): CfcSequenceResult {
  const { inputs, flags } = sequenceOpInputs(x, options, paramTensors);
  const outputs = cfcOp(inputs, {
    params,
    ...flags,
    dropoutMasks,
  });
  return { readout: outputs[0], hFinal: outputs[1], cFinal: outputs[2] ?? null };
}
