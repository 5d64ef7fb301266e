/**
 * SGD with torch 1.13 semantics (`torch.optim.SGD`, single-tensor path):
 *
 *   g ← −g if maximize;  g ← g + weightDecay·p
 *   momentum ≠ 0:  b ← g on the first step (torch clones the gradient), else
 *                  b ← momentum·b + (1 − dampening)·g;
 *                  g ← g + momentum·b (nesterov) or g ← b
 *   p ← p − lr·g
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
  describe,
  type RawRecord,
  readBoolean,
  readBuffer,
  readNumber,
  requireRange,
  withDefaults,
  zerosLike,
} from "./validate.js";

/** SGD hyperparameters (torch names in camelCase). */
export type SGDHyperparameters = {
  /** Learning rate. */
  lr: number;
  /** Momentum factor (0: plain SGD). */
  momentum: number;
  /** Dampening of the momentum. */
  dampening: number;
  /** L2 penalty. */
  weightDecay: number;
  /** Use Nesterov momentum. */
  nesterov: boolean;
  /** Ascend instead of descend. */
  maximize: boolean;
};

/** Per-parameter state: the momentum buffer, null while momentum is 0 (as torch). */
export type SGDParamState = {
  /** The momentum buffer, or null while momentum is 0. */
  momentumBuffer: FloatArray | null;
};

/** The state dict of SGD. */
export type SGDStateDict = OptimizerStateDict<SGDHyperparameters, SGDParamState>;

/** torch 1.13 defaults of `torch.optim.SGD`; lr has none and must be given. */
export const SGD_DEFAULTS: Readonly<Omit<SGDHyperparameters, "lr">> = {
  momentum: 0,
  dampening: 0,
  weightDecay: 0,
  nesterov: false,
  maximize: false,
};

/**
 * `torch.optim.SGD`. `lr` is required (in the options or in every group); nesterov needs
 * momentum > 0 and dampening 0.
 */
export class SGD extends Optimizer<SGDHyperparameters, SGDParamState> {
  constructor(
    params: readonly ParamLike[] | readonly ParamGroupSpec<SGDHyperparameters>[],
    options: Partial<SGDHyperparameters> = {},
  ) {
    super("SGD", params, withDefaults(SGD_DEFAULTS, options));
  }

  /** Typed view of the base state dict. */
  override stateDict(): SGDStateDict {
    return super.stateDict();
  }

  protected parseHyperparameters(raw: RawRecord, where: string): SGDHyperparameters {
    if (raw.lr === undefined) {
      throw new TypeError(`${where}: lr is required (SGD has no default learning rate)`);
    }
    const lr = readNumber(raw, "lr", where);
    requireRange(lr >= 0, where, "lr", "must be >= 0", lr);
    const momentum = readNumber(raw, "momentum", where);
    requireRange(momentum >= 0, where, "momentum", "must be >= 0", momentum);
    const dampening = readNumber(raw, "dampening", where);
    const weightDecay = readNumber(raw, "weightDecay", where);
    requireRange(weightDecay >= 0, where, "weightDecay", "must be >= 0", weightDecay);
    const nesterov = readBoolean(raw, "nesterov", where);
    if (nesterov && (momentum <= 0 || dampening !== 0)) {
      throw new RangeError(
        `${where}: nesterov needs momentum > 0 and dampening 0, got momentum ${momentum} and dampening ${dampening}`,
      );
    }
    const maximize = readBoolean(raw, "maximize", where);
    return { lr, momentum, dampening, weightDecay, nesterov, maximize };
  }

  protected update(param: ParamLike, grad: FloatArray, group: ParamGroup<SGDHyperparameters>) {
    const { lr, momentum, dampening, weightDecay, nesterov, maximize } = group;
    let state = this.state.get(param);
    if (state === undefined) {
      state = { momentumBuffer: null };
      this.state.set(param, state);
    }
    const p = param.data;
    let buffer: FloatArray | null = null;
    let firstStep = false;
    if (momentum !== 0) {
      if (state.momentumBuffer === null) {
        state.momentumBuffer = zerosLike(p);
        firstStep = true;
      }
      buffer = state.momentumBuffer;
    }
    for (let i = 0; i < p.length; i++) {
      let g = maximize ? -grad[i] : grad[i];
      if (weightDecay !== 0) g += weightDecay * p[i];
      if (buffer !== null) {
        buffer[i] = firstStep ? g : buffer[i] * momentum + (1 - dampening) * g;
        g = nesterov ? g + momentum * buffer[i] : buffer[i];
      }
      p[i] += -lr * g;
    }
  }

  protected exportState(state: SGDParamState): SGDParamState {
    return {
      momentumBuffer: state.momentumBuffer === null ? null : copyBuffer(state.momentumBuffer),
    };
  }

  protected importState(
    raw: RawRecord,
    param: ParamLike,
    _group: SGDHyperparameters,
    where: string,
  ) {
    if (!("momentumBuffer" in raw)) {
      throw new TypeError(`${where}: momentumBuffer is missing, got ${describe(raw)}`);
    }
    return {
      /** The saved momentum buffer, copied into the parameter's dtype (null while momentum is 0). */
      momentumBuffer:
        raw.momentumBuffer === null ? null : readBuffer(raw, "momentumBuffer", param.data, where),
    };
  }
}
