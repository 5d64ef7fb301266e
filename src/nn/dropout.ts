/** `Dropout`: zeroes elements with probability p in training mode and rescales by 1/(1-p). */
import { dropout } from "../tensor/ops/dropout.js";
import type { Tensor } from "../tensor/tensor.js";
import { type RandomSource, resolveRng } from "./init.js";
import { Module, type ModuleConfig } from "./module.js";

/**
 * Zeroes each element with probability `p` in training mode and scales the rest by `1/(1-p)`; the
 * identity in evaluation mode.
 */
export class Dropout extends Module {
  /** Drop probability. */
  readonly p: number;
  /** The generator drawing the keep masks; replace it to make training repeatable. */
  rng: RandomSource;

  constructor(p = 0.5, options: { rng?: RandomSource; seed?: number } = {}) {
    super();
    if (!(typeof p === "number" && p >= 0 && p < 1)) {
      throw new RangeError(`Dropout: p must be a number in [0, 1), got ${String(p)}`);
    }
    this.p = p;
    this.rng = resolveRng(options);
  }

  /** Applies dropout in training mode; returns `x` unchanged in evaluation mode. */
  forward(x: Tensor): Tensor {
    return dropout(x, this.p, this.training, () => this.rng.random());
  }

  getConfig(): ModuleConfig {
    return { class: "Dropout", p: this.p };
  }
}
