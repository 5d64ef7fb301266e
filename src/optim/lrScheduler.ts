/**
 * Learning-rate schedules with torch 1.13 semantics, computed from torch's closed forms
 * (`_get_closed_form_lr`): every step sets each group's `lr` to a function of its initial lr
 * and the epoch counter. As in torch, constructing a scheduler records `initialLr` on each
 * group (or, when resuming with `lastEpoch` ≥ 0, requires it) and performs the first step, so
 * the optimiser starts at the epoch-0 rate. Call `optimizer.step()` before `scheduler.step()`.
 */
import { describe, isRecord, readNumber, requireRange } from "./validate.js";

/** What a scheduler needs from an optimiser: its groups' learning rates. */
export interface LrGroups {
  /** The parameter groups whose `lr` the scheduler sets (`initialLr` is recorded on them). */
  readonly paramGroups: ReadonlyArray<{
    /** The group's current learning rate. */
    lr: number;
    /** The group's learning rate at epoch 0, recorded by the first scheduler. */
    initialLr?: number;
  }>;
}

/** A scheduler's resumable state. */
export type LRSchedulerStateDict = {
  /** Number of `step()` calls since epoch 0. */
  lastEpoch: number;
  /** Each group's learning rate at epoch 0. */
  baseLrs: number[];
  /** Each group's latest learning rate. */
  lastLr: number[];
};

/** The base of all schedules: the epoch counter and the per-group base learning rates. */
export abstract class LRScheduler {
  /** Each group's learning rate at epoch 0 (torch's `base_lrs`). */
  baseLrs: number[];
  /** Number of `step()` calls since epoch 0 (−1 before the construction step). */
  lastEpoch: number;
  private lastLr: number[] = [];

  protected constructor(
    /** Class name for error messages (constructor names do not survive minifiers). */
    private readonly kind: string,
    /** The optimiser whose learning rates this scheduler sets. */
    readonly optimizer: LrGroups,
    private readonly lrAt: (baseLr: number, epoch: number) => number,
    lastEpoch = -1,
  ) {
    const where = kind;
    if (!Number.isSafeInteger(lastEpoch) || lastEpoch < -1) {
      throw new RangeError(
        `${where}: lastEpoch must be an integer >= -1, got ${describe(lastEpoch)}`,
      );
    }
    const groups = optimizer.paramGroups;
    if (lastEpoch === -1) {
      for (const group of groups) group.initialLr = group.lr;
    }
    this.baseLrs = groups.map((group, i) => {
      if (group.initialLr === undefined) {
        throw new Error(
          `${where}: param group ${i} has no initialLr; resuming with lastEpoch ${lastEpoch} needs the optimiser state saved with its scheduler`,
        );
      }
      return group.initialLr;
    });
    this.lastEpoch = lastEpoch;
    this.step();
  }

  /** Advances one epoch and sets every group's `lr`. */
  step(): void {
    this.lastEpoch += 1;
    const groups = this.optimizer.paramGroups;
    this.lastLr = groups.map((group, i) => {
      group.lr = this.lrAt(this.baseLrs[i], this.lastEpoch);
      return group.lr;
    });
  }

  /** The learning rates set by the last step, one per group. */
  getLastLr(): number[] {
    return [...this.lastLr];
  }

  /** The scheduler's state, for checkpoints. */
  stateDict(): LRSchedulerStateDict {
    return { lastEpoch: this.lastEpoch, baseLrs: [...this.baseLrs], lastLr: [...this.lastLr] };
  }

  /**
   * Restores a state from {@link LRScheduler.stateDict | stateDict}; the optimiser's lrs are
   * restored with the optimiser.
   */
  loadStateDict(stateDict: unknown): void {
    const where = `${this.kind}.loadStateDict`;
    if (!isRecord(stateDict)) {
      throw new TypeError(
        `${where}: expected an object from stateDict(), got ${describe(stateDict)}`,
      );
    }
    const lastEpoch = readNumber(stateDict, "lastEpoch", where);
    requireRange(
      Number.isSafeInteger(lastEpoch) && lastEpoch >= 0,
      where,
      "lastEpoch",
      "must be an integer >= 0",
      lastEpoch,
    );
    const n = this.optimizer.paramGroups.length;
    const lists = (["baseLrs", "lastLr"] as const).map((key) => {
      const list = stateDict[key];
      if (!Array.isArray(list) || list.length !== n || !list.every((x) => typeof x === "number")) {
        throw new TypeError(
          `${where}: ${key} must be ${n} numbers (one per group), got ${describe(list)}`,
        );
      }
      return [...list];
    });
    this.lastEpoch = lastEpoch;
    this.baseLrs = lists[0];
    this.lastLr = lists[1];
  }
}

function positiveInteger(value: unknown, where: string, key: string): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`${where}: ${key} must be a positive integer, got ${describe(value)}`);
  }
  return value;
}

function finiteNumber(value: unknown, where: string, key: string): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new TypeError(`${where}: ${key} must be a finite number, got ${describe(value)}`);
  }
  return value;
}

/** Options of {@link StepLR}. */
export interface StepLROptions {
  /** Epochs between decays. */
  stepSize: number;
  /** Decay factor, default 0.1. */
  gamma?: number;
  /** Epoch to resume from; default -1 (a fresh start). */
  lastEpoch?: number;
}

/** `torch.optim.lr_scheduler.StepLR`: lr = base · gamma^⌊epoch / stepSize⌋. */
export class StepLR extends LRScheduler {
  /** Epochs between decays. */
  readonly stepSize: number;
  /** Decay factor. */
  readonly gamma: number;

  constructor(optimizer: LrGroups, options: StepLROptions) {
    const stepSize = positiveInteger(options?.stepSize, "StepLR", "stepSize");
    const gamma = finiteNumber(options.gamma ?? 0.1, "StepLR", "gamma");
    super(
      "StepLR",
      optimizer,
      (base, epoch) => base * gamma ** Math.floor(epoch / stepSize),
      options.lastEpoch,
    );
    this.stepSize = stepSize;
    this.gamma = gamma;
  }
}

/** `torch.optim.lr_scheduler.ExponentialLR`: lr = base · gamma^epoch. */
export class ExponentialLR extends LRScheduler {
  /** Decay factor per epoch. */
  readonly gamma: number;

  constructor(optimizer: LrGroups, options: { gamma: number; lastEpoch?: number }) {
    const gamma = finiteNumber(options?.gamma, "ExponentialLR", "gamma");
    super("ExponentialLR", optimizer, (base, epoch) => base * gamma ** epoch, options.lastEpoch);
    this.gamma = gamma;
  }
}

/** Options of {@link CosineAnnealingLR}. */
export interface CosineAnnealingLROptions {
  /** Half period in epochs. */
  tMax: number;
  /** Minimum learning rate, default 0. */
  etaMin?: number;
  /** Epoch to resume from; default -1 (a fresh start). */
  lastEpoch?: number;
}

/**
 * `torch.optim.lr_scheduler.CosineAnnealingLR`:
 * lr = etaMin + (base − etaMin) · (1 + cos(π · epoch / tMax)) / 2, which rises again after tMax.
 */
export class CosineAnnealingLR extends LRScheduler {
  /** Half period in epochs. */
  readonly tMax: number;
  /** Minimum learning rate. */
  readonly etaMin: number;

  constructor(optimizer: LrGroups, options: CosineAnnealingLROptions) {
    const tMax = positiveInteger(options?.tMax, "CosineAnnealingLR", "tMax");
    const etaMin = finiteNumber(options.etaMin ?? 0, "CosineAnnealingLR", "etaMin");
    super(
      "CosineAnnealingLR",
      optimizer,
      (base, epoch) => etaMin + ((base - etaMin) * (1 + Math.cos((Math.PI * epoch) / tMax))) / 2,
      options.lastEpoch,
    );
    this.tMax = tMax;
    this.etaMin = etaMin;
  }
}

/** Options of {@link LinearLR}. */
export interface LinearLROptions {
  /** Factor at epoch 0, in (0, 1]; default 1/3. */
  startFactor?: number;
  /** Factor from `totalIters` on, in [0, 1]; default 1. */
  endFactor?: number;
  /** Epochs of the ramp, default 5. */
  totalIters?: number;
  /** Epoch to resume from; default -1 (a fresh start). */
  lastEpoch?: number;
}

/**
 * `torch.optim.lr_scheduler.LinearLR`: lr = base · (start + (end − start) · min(epoch, total) / total).
 */
export class LinearLR extends LRScheduler {
  /** Factor at epoch 0. */
  readonly startFactor: number;
  /** Factor from `totalIters` on. */
  readonly endFactor: number;
  /** Epochs of the ramp. */
  readonly totalIters: number;

  constructor(optimizer: LrGroups, options: LinearLROptions = {}) {
    const where = "LinearLR";
    const start = finiteNumber(options.startFactor ?? 1 / 3, where, "startFactor");
    requireRange(start > 0 && start <= 1, where, "startFactor", "must be in (0, 1]", start);
    const end = finiteNumber(options.endFactor ?? 1, where, "endFactor");
    requireRange(end >= 0 && end <= 1, where, "endFactor", "must be in [0, 1]", end);
    const total = positiveInteger(options.totalIters ?? 5, where, "totalIters");
    super(
      "LinearLR",
      optimizer,
      (base, epoch) => base * (start + ((end - start) * Math.min(total, epoch)) / total),
      options.lastEpoch,
    );
    this.startFactor = start;
    this.endFactor = end;
    this.totalIters = total;
  }
}
