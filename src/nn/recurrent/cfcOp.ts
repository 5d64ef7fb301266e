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
import { Tensor } from "../../tensor/tensor.js";

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

export interface CfcOpAttrs {
  /** The parameter set; its trainable buffers are the data of the parameter inputs. */
  params: CfcParams;
  hasTimespans: boolean;
  hasH0: boolean;
  hasC0: boolean;
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
    let i = 1;
    const timespans = attrs.hasTimespans ? inputs[i++].data : null;
    const h0 = attrs.hasH0 ? inputs[i++].data : null;
    const c0 = attrs.hasC0 ? inputs[i++].data : null;
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
    const like = (t: Tensor): FloatArray => emptyTensor(t.dtype, t.shape).data;
    let i = 1;
    const tsIndex = attrs.hasTimespans ? i++ : -1;
    const h0Index = attrs.hasH0 ? i++ : -1;
    const c0Index = attrs.hasC0 ? i++ : -1;
    const dx = needsGrad[0] ? like(inputs[0]) : null;
    const dts = tsIndex >= 0 && needsGrad[tsIndex] ? like(inputs[tsIndex]) : null;
    const dh0 = h0Index >= 0 && needsGrad[h0Index] ? like(inputs[h0Index]) : null;
    const dc0 = c0Index >= 0 && needsGrad[c0Index] ? like(inputs[c0Index]) : null;
    kernels.cfcSequenceBackward(
      kernel,
      {
        dReadout: gradOutputs[0].data,
        dhFinal: gradOutputs[1].data,
        dcFinal: gradOutputs.length > 2 ? gradOutputs[2].data : null,
      },
      { dx, dTimespans: dts, dh0, dc0, params: grads },
    );
    const result: (Tensor | null)[] = inputs.map(() => null);
    const wrap = (data: FloatArray | null, k: number): void => {
      if (data !== null && k >= 0) result[k] = new Tensor(data, inputs[k].shape);
    };
    wrap(dx, 0);
    wrap(dts, tsIndex);
    wrap(dh0, h0Index);
    wrap(dc0, c0Index);
    cfcTrainableBuffers(grads).forEach((g, j) => {
      wrap(g, i + j);
    });
    return result;
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
  options: { timespans: Tensor | null; h0: Tensor | null; c0: Tensor | null },
  params: CfcParams,
  paramTensors: readonly Tensor[],
  dropoutMasks: (FloatArray | null)[] | null = null,
): CfcSequenceResult {
  const { timespans, h0, c0 } = options;
  const inputs = [x];
  if (timespans !== null) inputs.push(timespans);
  if (h0 !== null) inputs.push(h0);
  if (c0 !== null) inputs.push(c0);
  inputs.push(...paramTensors);
  const outputs = cfcOp(inputs, {
    params,
    hasTimespans: timespans !== null,
    hasH0: h0 !== null,
    hasC0: c0 !== null,
    dropoutMasks,
  });
  return { readout: outputs[0], hFinal: outputs[1], cFinal: outputs[2] ?? null };
}
