/**
 * An LSTM sequence layer for the baselines of the examples: ncps's `LSTMCell` (forget-gate
 * bias +1) stepped over time, returning the output of every step. Built from ordinary
 * differentiable ops, so it trains with `backward()` like any module.
 */
import {
  type LayerOptions,
  LSTMCell,
  Module,
  type ModuleConfig,
  reshape,
  slice,
  stack,
  type Tensor,
  zeros,
} from "../../src/index.js";

/** LSTM over `[B, T, C]` inputs, giving `[B, T, H]` outputs. */
export class LstmSequence extends Module {
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly cell: LSTMCell;

  constructor(inputSize: number, hiddenSize: number, options: LayerOptions = {}) {
    super();
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    this.cell = this.registerModule("cell", new LSTMCell(inputSize, hiddenSize, options));
  }

  /** Runs the sequence from a zero state; returns the hidden output of every step. */
  forward(x: Tensor): Tensor {
    if (x.ndim !== 3 || x.shape[2] !== this.inputSize) {
      throw new RangeError(
        `LstmSequence: input must have shape [B, T, ${this.inputSize}], got [${x.shape.join(", ")}]`,
      );
    }
    const [batch, steps] = x.shape;
    const dtype = this.cell.dtype;
    let state: [Tensor, Tensor] = [
      zeros([batch, this.hiddenSize], { dtype }),
      zeros([batch, this.hiddenSize], { dtype }),
    ];
    const outputs: Tensor[] = [];
    for (let t = 0; t < steps; t++) {
      const xt = reshape(slice(x, 1, t, t + 1), [batch, this.inputSize]);
      state = this.cell.forward(xt, state);
      outputs.push(state[0]);
    }
    return stack(outputs, 1);
  }

  getConfig(): ModuleConfig {
    return { class: "LstmSequence", inputSize: this.inputSize, hiddenSize: this.hiddenSize };
  }
}
