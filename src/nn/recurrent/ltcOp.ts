/**
 * The whole LTC recurrence (unfolded semi-implicit solver, optional mixed memory) as one
 * differentiable op over the fused kernels.
 */

import type { FusedRecurrences, FusedSaved } from "../../backend/fused.js";
import type { LtcConfig, LtcParamGrads, LtcParams } from "../../backend/js/ltcTypes.js";
import type { FloatArray } from "../../backend/kernels.js";
import { fusedKernels } from "../../backend/select.js";
import { defineOp } from "../../tensor/op.js";
import { emptyTensor } from "../../tensor/ops/alloc.js";
import { Tensor } from "../../tensor/tensor.js";

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

function zerosOf(b: FloatArray): FloatArray {
  return b instanceof Float64Array ? new Float64Array(b.length) : new Float32Array(b.length);
}

function createLtcGrads(p: LtcParams): LtcParamGrads {
  const z = (b: FloatArray | null) => (b === null ? null : zerosOf(b));
  return {
    gleak: zerosOf(p.gleak),
    vleak: zerosOf(p.vleak),
    cm: zerosOf(p.cm),
    sigma: zerosOf(p.sigma),
    mu: zerosOf(p.mu),
    w: zerosOf(p.w),
    erev: zerosOf(p.erev),
    sensorySigma: zerosOf(p.sensorySigma),
    sensoryMu: zerosOf(p.sensoryMu),
    sensoryW: zerosOf(p.sensoryW),
    sensoryErev: zerosOf(p.sensoryErev),
    inputW: z(p.inputW),
    inputB: z(p.inputB),
    outputW: z(p.outputW),
    outputB: z(p.outputB),
    lstm:
      p.lstm === null
        ? null
        : {
            inputWeight: zerosOf(p.lstm.inputWeight),
            inputBias: zerosOf(p.lstm.inputBias),
            recurrentWeight: zerosOf(p.lstm.recurrentWeight),
          },
  };
}

interface LtcOpAttrs {
  config: LtcConfig;
  params: LtcParams;
  hasTimespans: boolean;
  hasH0: boolean;
  hasC0: boolean;
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
    let i = 1;
    const timespans = attrs.hasTimespans ? inputs[i++].data : null;
    const h0 = attrs.hasH0 ? inputs[i++].data : null;
    const c0 = attrs.hasC0 ? inputs[i++].data : null;
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
    const grads = createLtcGrads(attrs.params);
    const like = (t: Tensor): FloatArray => emptyTensor(t.dtype, t.shape).data;
    let i = 1;
    const tsIndex = attrs.hasTimespans ? i++ : -1;
    const h0Index = attrs.hasH0 ? i++ : -1;
    const c0Index = attrs.hasC0 ? i++ : -1;
    const dx = needsGrad[0] ? like(inputs[0]) : null;
    const dts = tsIndex >= 0 && needsGrad[tsIndex] ? like(inputs[tsIndex]) : null;
    const dh0 = h0Index >= 0 && needsGrad[h0Index] ? like(inputs[h0Index]) : null;
    const dc0 = c0Index >= 0 && needsGrad[c0Index] ? like(inputs[c0Index]) : null;
    kernels.ltcSequenceBackward(
      kernel,
      {
        dReadout: gradOutputs[0].data,
        dhFinal: gradOutputs[1].data,
        dcFinal: gradOutputs.length > 2 ? gradOutputs[2].data : null,
      },
      { params: grads, dx, dTimespans: dts, dh0, dc0 },
    );
    const result: (Tensor | null)[] = inputs.map(() => null);
    const wrap = (data: FloatArray | null, k: number): void => {
      if (data !== null && k >= 0) result[k] = new Tensor(data, inputs[k].shape);
    };
    wrap(dx, 0);
    wrap(dts, tsIndex);
    wrap(dh0, h0Index);
    wrap(dc0, c0Index);
    ltcTrainableBuffers(grads).forEach((g, j) => {
      wrap(g, i + j);
    });
    return result;
  },
});

/**
 * Runs the LTC recurrence. `paramTensors` must be the tensors whose data are
 * `ltcTrainableBuffers(params)`, in that order, so gradients reach them.
 */
export function ltcSequence(
  x: Tensor,
  options: { timespans: Tensor | null; h0: Tensor | null; c0: Tensor | null },
  config: LtcConfig,
  params: LtcParams,
  paramTensors: readonly Tensor[],
): { readout: Tensor; hFinal: Tensor; cFinal: Tensor | null } {
  const { timespans, h0, c0 } = options;
  const inputs = [x];
  if (timespans !== null) inputs.push(timespans);
  if (h0 !== null) inputs.push(h0);
  if (c0 !== null) inputs.push(c0);
  inputs.push(...paramTensors);
  const outputs = ltcOp(inputs, {
    config,
    params,
    hasTimespans: timespans !== null,
    hasH0: h0 !== null,
    hasC0: c0 !== null,
  });
  return { readout: outputs[0], hFinal: outputs[1], cFinal: outputs[2] ?? null };
}
