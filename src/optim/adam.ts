/**
 * Adam and AdamW with torch 1.13 semantics (`torch.optim.Adam` / `AdamW`, single-tensor path):
 *
 *   g ← −g if maximize;  Adam: g ← g + weightDecay·p;  AdamW: p ← p·(1 − lr·weightDecay)
 *   m ← β1·m + (1 − β1)·g;   v ← β2·v + (1 − β2)·g²;   (amsgrad) v̂ ← max(v̂, v)
 *   p ← p − lr/(1 − β1ᵗ) · m / (√v(or v̂) / √(1 − β2ᵗ) + eps)
 *
 * Arithmetic is float64; results are stored in the parameter's dtype.
 */
import {
  Optimizer,
  type OptimizerStateDict,
  type ParamGroup,
  type ParamGroupSpec,
} from "./optimizer.js";
import type { FloatArray, ParamLike } from "./types.js";
import {
  copyBuffer,
  type RawRecord,
  readBoolean,
  readBuffer,
  readCount,
  readNumber,
  readPair,
  requireRange,
  withDefaults,
  zerosLike,
} from "./validate.js";

/** Adam/AdamW hyperparameters (torch names in camelCase). */
export type AdamHyperparameters = {
  /** Learning rate. */
  lr: number;
  /** Decay rates of the first and second moment estimates. */
  betas: readonly [number, number];
  /** Added to the denominator for stability. */
  eps: number;
  /** L2 penalty (Adam) or decoupled weight decay (AdamW). */
  weightDecay: number;
  /** Use the maximum of past second moments (AMSGrad). */
  amsgrad: boolean;
  /** Ascend instead of descend. */
  maximize: boolean;
};

/** Per-parameter state: the step count and moment buffers in the parameter's dtype. */
export type AdamParamState = {
  /** Number of updates made. */
  step: number;
  /** First moment estimate. */
  expAvg: FloatArray;
  /** Second moment estimate. */
  expAvgSq: FloatArray;
  /** Present when amsgrad is on. */
  maxExpAvgSq?: FloatArray;
};

/** The state dict of Adam and AdamW. */
export type AdamStateDict = OptimizerStateDict<AdamHyperparameters, AdamParamState>;

/** torch 1.13 defaults of `torch.optim.Adam`. */
export const ADAM_DEFAULTS: Readonly<AdamHyperparameters> = {
  lr: 1e-3,
  betas: [0.9, 0.999],
  eps: 1e-8,
  weightDecay: 0,
  amsgrad: false,
  maximize: false,
};

/** The shared Adam machinery; `decoupled` selects AdamW's weight decay. */
abstract class AdamFamily extends Optimizer<AdamHyperparameters, AdamParamState> {
  protected constructor(
    name: string,
    private readonly decoupled: boolean,
    params: readonly ParamLike[] | readonly ParamGroupSpec<AdamHyperparameters>[],
    defaults: AdamHyperparameters,
    options: Partial<AdamHyperparameters>,
  ) {
    super(name, params, withDefaults(defaults, options));
  }

  protected parseHyperparameters(raw: RawRecord, where: string): AdamHyperparameters {
    const lr = readNumber(raw, "lr", where);
    requireRange(lr >= 0, where, "lr", "must be >= 0", lr);
    const eps = readNumber(raw, "eps", where);
    requireRange(eps >= 0, where, "eps", "must be >= 0", eps);
    const betas = readPair(raw, "betas", where);
    betas.forEach((b, i) => {
      requireRange(b >= 0 && b < 1, where, `betas[${i}]`, "must be in [0, 1)", b);
    });
    const weightDecay = readNumber(raw, "weightDecay", where);
    requireRange(weightDecay >= 0, where, "weightDecay", "must be >= 0", weightDecay);
    const amsgrad = readBoolean(raw, "amsgrad", where);
    const maximize = readBoolean(raw, "maximize", where);
    return { lr, betas, eps, weightDecay, amsgrad, maximize };
  }

  protected update(param: ParamLike, grad: FloatArray, group: ParamGroup<AdamHyperparameters>) {
    let state = this.state.get(param);
    if (state === undefined) {
      state = { step: 0, expAvg: zerosLike(param.data), expAvgSq: zerosLike(param.data) };
      if (group.amsgrad) state.maxExpAvgSq = zerosLike(param.data);
      this.state.set(param, state);
    }
    const { lr, eps, weightDecay, maximize } = group;
    const [beta1, beta2] = group.betas;
    state.step += 1;
    const stepSize = lr / (1 - beta1 ** state.step);
    const bias2Sqrt = Math.sqrt(1 - beta2 ** state.step);
    const decay = this.decoupled ? 1 - lr * weightDecay : 1;
    const l2 = this.decoupled ? 0 : weightDecay;
    const p = param.data;
    const m = state.expAvg;
    const v = state.expAvgSq;
    let vMax: FloatArray | undefined;
    if (group.amsgrad) {
      // A state restored without the buffer (amsgrad switched on later) starts from zeros.
      state.maxExpAvgSq ??= zerosLike(p);
      vMax = state.maxExpAvgSq;
    }
    for (let i = 0; i < p.length; i++) {
      let g = maximize ? -grad[i] : grad[i];
      if (decay !== 1) p[i] *= decay;
      if (l2 !== 0) g += l2 * p[i];
      m[i] = m[i] * beta1 + g * (1 - beta1);
      // Operation order follows ATen's addcmul/addcdiv kernels: (value·a)·b and (value·a)/b.
      v[i] = v[i] * beta2 + (1 - beta2) * g * g;
      let second = v[i];
      if (vMax !== undefined) {
        if (vMax[i] < second || Number.isNaN(second)) vMax[i] = second;
        second = vMax[i];
      }
      p[i] += (-stepSize * m[i]) / (Math.sqrt(second) / bias2Sqrt + eps);
    }
  }

  protected exportState(state: AdamParamState): AdamParamState {
    const out: AdamParamState = {
      step: state.step,
      expAvg: copyBuffer(state.expAvg),
      expAvgSq: copyBuffer(state.expAvgSq),
    };
    if (state.maxExpAvgSq !== undefined) out.maxExpAvgSq = copyBuffer(state.maxExpAvgSq);
    return out;
  }

  protected importState(
    raw: RawRecord,
    param: ParamLike,
    group: AdamHyperparameters,
    where: string,
  ): AdamParamState {
    const state: AdamParamState = {
      step: readCount(raw, "step", where),
      expAvg: readBuffer(raw, "expAvg", param.data, where),
      expAvgSq: readBuffer(raw, "expAvgSq", param.data, where),
    };
    if (raw.maxExpAvgSq !== undefined || group.amsgrad) {
      state.maxExpAvgSq = readBuffer(raw, "maxExpAvgSq", param.data, where);
    }
    return state;
  }
}

/**
 * `torch.optim.Adam`: weight decay is L2 added to the gradient. Options left out take torch's
 * defaults (lr 1e-3, betas [0.9, 0.999], eps 1e-8, no weight decay, no amsgrad).
 */
export class Adam extends AdamFamily {
  constructor(
    params: readonly ParamLike[] | readonly ParamGroupSpec<AdamHyperparameters>[],
    options: Partial<AdamHyperparameters> = {},
  ) {
    super("Adam", false, params, ADAM_DEFAULTS, options);
  }

  /** Typed view of the base state dict. */
  override stateDict(): AdamStateDict {
    return super.stateDict();
  }
}

/**
 * `torch.optim.AdamW`: decoupled weight decay `p ← p·(1 − lr·weightDecay)` before the Adam
 * update. Defaults as Adam except weightDecay 0.01.
 */
export class AdamW extends AdamFamily {
  constructor(
    params: readonly ParamLike[] | readonly ParamGroupSpec<AdamHyperparameters>[],
    options: Partial<AdamHyperparameters> = {},
  ) {
    super("AdamW", true, params, { ...ADAM_DEFAULTS, weightDecay: 1e-2 }, options);
  }

  /** Typed view of the base state dict. */
  override stateDict(): AdamStateDict {
    return super.stateDict();
  }
}
