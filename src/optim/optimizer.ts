/**
 * The optimiser base: parameter groups, the update loop over parameters that have a gradient,
 * `zeroGrad`, and a torch-shaped state dict (per-parameter state keyed by the parameter's
 * position across all groups, plus each group's hyperparameters and parameter indices).
 */
import type { FloatArray, ParamLike } from "./types.js";
import { describe, isRecord, type RawRecord, readNumber, toRecord } from "./validate.js";

/** Hyperparameters every optimiser has: the learning rate that schedulers change. */
export interface LearningRate {
  /** Learning rate. */
  lr: number;
}

/**
 * One parameter group: its parameters and hyperparameters. `initialLr` is set by the first
 * learning-rate scheduler attached (torch's `initial_lr`).
 */
export type ParamGroup<H> = H & {
  /** The group's parameters. */
  params: ParamLike[];
  /** The learning rate at epoch 0, recorded by the first scheduler attached. */
  initialLr?: number;
};

/** A parameter group as passed to a constructor: hyperparameters left out take the defaults. */
export type ParamGroupSpec<H> = Partial<H> & {
  /** The group's parameters. */
  params: readonly ParamLike[];
};

/** A group in a state dict: hyperparameters and the indices of its parameters. */
export type SavedParamGroup<H> = H & {
  /** Indices of the group's parameters, counting through the groups in order. */
  params: number[];
  /** The learning rate at epoch 0, when a scheduler recorded it. */
  initialLr?: number;
};

/**
 * An optimiser's state: per-parameter state keyed by parameter index (counting through the
 * groups in order; parameters without state are absent) and the groups. Buffers are copies.
 */
export type OptimizerStateDict<H, S> = {
  /** Per-parameter state by parameter index. */
  state: Record<number, S>;
  /** The groups, with parameter indices. */
  paramGroups: SavedParamGroup<H>[];
};

function isFloatArray(value: unknown): value is FloatArray {
  return value instanceof Float32Array || value instanceof Float64Array;
}

function checkParam(param: unknown, where: string): ParamLike {
  if (!isRecord(param) || !isFloatArray(param.data)) {
    throw new TypeError(
      `${where}: expected a parameter with a Float32Array or Float64Array .data, got ${describe(param)}`,
    );
  }
  // Structurally checked above; the cast only names the type.
  return param as unknown as ParamLike;
}

/** Base class of Adam, AdamW and SGD. `H`: hyperparameters, `S`: per-parameter state. */
export abstract class Optimizer<H extends LearningRate, S> {
  /** Parameter groups; schedulers and users may change hyperparameters such as `lr`. */
  readonly paramGroups: ParamGroup<H>[];
  /** Per-parameter state, created on a parameter's first update. */
  protected readonly state = new Map<ParamLike, S>();

  protected constructor(
    /** Name used in error messages, e.g. "Adam". */
    protected readonly name: string,
    params: readonly ParamLike[] | readonly ParamGroupSpec<H>[],
    defaults: RawRecord,
  ) {
    if (!Array.isArray(params) || params.length === 0) {
      throw new TypeError(
        `${name}: params must be a non-empty array of parameters or parameter groups, got ${describe(params)}`,
      );
    }
    const specs: RawRecord[] = params.every((p) => isRecord(p) && "params" in p)
      ? params
      : [{ params }];
    const seen = new Set<unknown>();
    this.paramGroups = specs.map((spec, i) => {
      const where = `${name}: param group ${i}`;
      const list = spec.params;
      if (!Array.isArray(list) || list.length === 0) {
        throw new TypeError(`${where}: params must be a non-empty array, got ${describe(list)}`);
      }
      const groupParams = list.map((p: unknown, j: number) => {
        if (seen.has(p)) {
          throw new Error(`${where}: params[${j}] appears more than once across the groups`);
        }
        seen.add(p);
        return checkParam(p, `${where}: params[${j}]`);
      });
      const hyper = this.parseHyperparameters({ ...defaults, ...definedFields(spec) }, where);
      return { ...hyper, params: groupParams };
    });
  }

  /** Reads and validates one group's hyperparameters (constructor and loadStateDict). */
  protected abstract parseHyperparameters(raw: RawRecord, where: string): H;

  /** Updates one parameter in place from its gradient. */
  protected abstract update(param: ParamLike, grad: FloatArray, group: ParamGroup<H>): void;

  /** A copy of one parameter's state for the state dict. */
  protected abstract exportState(state: S): S;

  /** Reads one parameter's saved state, validated and copied into the parameter's dtype. */
  protected abstract importState(raw: RawRecord, param: ParamLike, group: H, where: string): S;

  /**
   * One optimisation step over every parameter whose gradient is not null. The optional
   * closure re-evaluates the model and returns the loss, which `step` returns.
   */
  step(closure?: () => number): number | undefined {
    const loss = closure === undefined ? undefined : closure();
    let index = 0;
    for (const group of this.paramGroups) {
      for (const param of group.params) {
        const grad = param.grad;
        if (grad !== null) {
          if (grad.data.length !== param.data.length) {
            throw new RangeError(
              `${this.name}: parameter ${index} has ${param.data.length} elements but its gradient has ${grad.data.length}`,
            );
          }
          this.update(param, grad.data, group);
        }
        index++;
      }
    }
    return loss;
  }

  /**
   * Clears every gradient: fills it with zeros, or with `setToNone` sets `grad` to null
   * (torch 1.13's default is zeros; a null gradient makes the next step skip the parameter).
   */
  zeroGrad(setToNone = false): void {
    for (const group of this.paramGroups) {
      for (const param of group.params) {
        if (param.grad === null) continue;
        if (setToNone) param.grad = null;
        else param.grad.data.fill(0);
      }
    }
  }

  /** The optimiser's state (copies of its buffers), for checkpoints. */
  stateDict(): OptimizerStateDict<H, S> {
    const state: Record<number, S> = {};
    let index = 0;
    const paramGroups = this.paramGroups.map((group, i) => {
      const indices: number[] = [];
      for (const param of group.params) {
        const s = this.state.get(param);
        if (s !== undefined) state[index] = this.exportState(s);
        indices.push(index++);
      }
      const saved: SavedParamGroup<H> = {
        ...this.parseHyperparameters(toRecord(group), `${this.name}: param group ${i}`),
        params: indices,
      };
      if (group.initialLr !== undefined) saved.initialLr = group.initialLr;
      return saved;
    });
    return { state, paramGroups };
  }

  /**
   * Restores a state from {@link Optimizer.stateDict | stateDict} (for instance read back from a
   * checkpoint). The groups must hold as many parameters as this optimiser's; their
   * hyperparameters replace the current ones. Everything is validated before anything changes.
   */
  loadStateDict(stateDict: unknown): void {
    const where = `${this.name}.loadStateDict`;
    if (!isRecord(stateDict) || !Array.isArray(stateDict.paramGroups)) {
      throw new TypeError(
        `${where}: expected { state, paramGroups } as returned by stateDict(), got ${describe(stateDict)}`,
      );
    }
    const savedGroups: unknown[] = stateDict.paramGroups;
    if (savedGroups.length !== this.paramGroups.length) {
      throw new RangeError(
        `${where}: the state dict has ${savedGroups.length} parameter groups, the optimiser has ${this.paramGroups.length}`,
      );
    }
    const byId = new Map<number, { param: ParamLike; hyper: H }>();
    const groups = savedGroups.map((saved, i) => {
      const at = `${where}: paramGroups[${i}]`;
      const current = this.paramGroups[i];
      if (!isRecord(saved) || !Array.isArray(saved.params)) {
        throw new TypeError(`${at}: expected a group with a params array, got ${describe(saved)}`);
      }
      const ids: unknown[] = saved.params;
      if (ids.length !== current.params.length) {
        throw new RangeError(
          `${at}: holds ${ids.length} parameters, the optimiser's group holds ${current.params.length}`,
        );
      }
      const hyper = this.parseHyperparameters(saved, at);
      ids.forEach((id, j) => {
        if (typeof id !== "number" || !Number.isSafeInteger(id) || byId.has(id)) {
          throw new TypeError(
            `${at}: params[${j}] must be a unique integer index, got ${describe(id)}`,
          );
        }
        byId.set(id, { param: current.params[j], hyper });
      });
      const group: ParamGroup<H> = { ...hyper, params: current.params };
      if (saved.initialLr !== undefined) group.initialLr = readNumber(saved, "initialLr", at);
      return group;
    });
    if (!isRecord(stateDict.state)) {
      throw new TypeError(`${where}: state must be an object, got ${describe(stateDict.state)}`);
    }
    const restored = new Map<ParamLike, S>();
    for (const [key, raw] of Object.entries(stateDict.state)) {
      const at = `${where}: state[${key}]`;
      const target = byId.get(Number(key));
      if (target === undefined) {
        throw new RangeError(`${at}: no parameter has index ${key} in paramGroups`);
      }
      if (!isRecord(raw)) throw new TypeError(`${at}: expected an object, got ${describe(raw)}`);
      restored.set(target.param, this.importState(raw, target.param, target.hyper, at));
    }
    groups.forEach((group, i) => {
      this.paramGroups[i] = group;
    });
    this.state.clear();
    for (const [param, s] of restored) this.state.set(param, s);
  }
}

/** The fields of a group spec other than `params` whose value is not undefined. */
function definedFields(spec: RawRecord): RawRecord {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(spec)) {
    if (key !== "params" && value !== undefined) out[key] = value;
  }
  return out;
}
