/**
 * The whole LTC recurrence (unfolded semi-implicit solver, optional mixed memory) as one
 * differentiable op over the fused kernels.
 */

import type { FusedRecurrences, FusedSaved } from "../../backend/fused.js";
import {
  createLtcParamGrads,
  type LtcConfig,
  type LtcParamGrads,
  type LtcParams,
} from "../../backend/js/ltcTypes.js";
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
export function ltcTrainableBuffers(p: LtcParams | LtcParamGrads): FloatArray[] {
  const out = [
    p.gleak,
    p.vleak,
    p.cm,
    p.sigma,
    p.mu,
    p.w,
    p.erev,
    p.sensorySigma,
    p.sensoryMu,
    p.sensoryW,
    p.sensoryErev,
  ];
  for (const b of [p.inputW, p.inputB, p.outputW, p.outputB]) if (b !== null) out.push(b);
  if (p.lstm !== null) out.push(p.lstm.inputWeight, p.lstm.inputBias, p.lstm.recurrentWeight);
  return out;
}

interface LtcOpAttrs extends OptionalInputs {
  config: LtcConfig;
  params: LtcParams;
}

interface LtcOpSaved {
  /** The kernel set that ran forward: its backward must read what it saved. */
  kernels: FusedRecurrences;
  kernel: FusedSaved | null;
  attrs: LtcOpAttrs;
  inputs: readonly Tensor[];
}

const ltcOp = defineOp<LtcOpAttrs, LtcOpSaved>({
  name: "ltcSequence",
  forward(inputs, attrs, needsGrad) {
    const x = inputs[0];
    const [batch, steps] = x.shape;
    const { timespans, h0, c0 } = optionalData(inputs, attrs);
    const { units, motorSize, mixedMemory } = attrs.config;
    const readout = emptyTensor(x.dtype, [batch, steps, motorSize]);
    const hFinal = emptyTensor(x.dtype, [batch, units]);
    const cFinal = mixedMemory ? emptyTensor(x.dtype, [batch, units]) : null;
    const kernels = fusedKernels();
    const kernel = kernels.ltcSequenceForward(
      attrs.config,
      attrs.params,
      { batch, steps, x: x.data, timespans, h0, c0 },
      { readout: readout.data, hFinal: hFinal.data, cFinal: cFinal?.data ?? null },
      needsGrad.some((n) => n),
    );
    const outputs = cFinal === null ? [readout, hFinal] : [readout, hFinal, cFinal];
    return { outputs, saved: { kernels, kernel, attrs, inputs } };
  },
  backward(gradOutputs, saved, needsGrad) {
    const { kernels, kernel, attrs, inputs } = saved;
    if (kernel === null) throw new Error("ltcSequence: backward without saved activations");
    const grads = createLtcParamGrads(attrs.config, attrs.params.gleak);
    const inputGrads = allocateInputGrads(inputs, attrs, needsGrad);
    kernels.ltcSequenceBackward(kernel, outputGrads(gradOutputs), { ...inputGrads, params: grads });
    return gradientsByInput(inputs, attrs, inputGrads, ltcTrainableBuffers(grads));
  },
});

/**
 * Runs the LTC recurrence. `paramTensors` must be the tensors whose data are
 * `ltcTrainableBuffers(params)`, in that order, so gradients reach them.
 */
export function ltcSequence(
  x: Tensor,
  options: SequenceOptionals,
  config: LtcConfig,
  params: LtcParams,
  paramTensors: readonly Tensor[],
): { readout: Tensor; hFinal: Tensor; cFinal: Tensor | null } {
  const { inputs, flags } = sequenceOpInputs(x, options, paramTensors);
  const outputs = ltcOp(inputs, {
    config,
    params,
    ...flags,
  });
  return { readout: outputs[0], hFinal: outputs[1], cFinal: outputs[2] ?? null };
}
