/**
 * ncps's mixed-memory `LSTMCell` (spec/ncps.md 2.4): `input_map` Linear(C, 4H) and bias-free
 * `recurrent_map` Linear(H, 4H); gates in the order input-activation, input, forget (+1), output.
 */
import type { LstmParams } from "../backend/js/lstm.js";
import { add, mul } from "../tensor/ops/arithmetic.js";
import { slice } from "../tensor/ops/arrange.js";
import { sigmoid, tanh } from "../tensor/ops/unary.js";
import type { Tensor } from "../tensor/tensor.js";
import { orthogonal, resolveRng, uniform, xavierUniform } from "./init.js";
import { Linear } from "./linear.js";
import { Module, type ModuleConfig } from "./module.js";
import { checkInt, checkOptions, type LayerOptions } from "./options.js";

/**
 * ncps-torch's mixed-memory `LSTMCell`: `input_map` Linear(C, 4H) and bias-free `recurrent_map`
 * Linear(H, 4H); gates in the order input activation, input, forget (+1), output.
 */
export class LSTMCell extends Module {
  /** Input features C. */
  readonly inputSize: number;
  /** State width H. */
  readonly hiddenSize: number;
  /** `input_map`: Linear(C, 4H). */
  readonly inputMap: Linear;
  /** `recurrent_map`: Linear(H, 4H) without bias. */
  readonly recurrentMap: Linear;

  constructor(inputSize: number, hiddenSize: number, options?: LayerOptions) {
    super();
    const o = checkOptions("LSTMCell", options, []);
    this.inputSize = checkInt("LSTMCell", "inputSize", inputSize, 1);
    this.hiddenSize = checkInt("LSTMCell", "hiddenSize", hiddenSize, 1);
    const rng = resolveRng(o);
    const dtype = o.dtype ?? "float32";
    this.inputMap = this.registerModule(
      "input_map",
      new Linear(inputSize, 4 * hiddenSize, { dtype, rng }),
    );
    this.recurrentMap = this.registerModule(
      "recurrent_map",
      new Linear(hiddenSize, 4 * hiddenSize, { dtype, rng, bias: false }),
    );
    xavierUniform(rng, this.inputMap.weight.data, 4 * hiddenSize, inputSize);
    uniform(rng, this.inputMap.bias?.data ?? new Float64Array(0), -0.1, 0.1);
    orthogonal(rng, this.recurrentMap.weight.data, 4 * hiddenSize, hiddenSize);
  }

  /** One step: x [B, C], state [h, c] each [B, H] → [h', c']. */
  forward(x: Tensor, state: readonly [Tensor, Tensor]): [Tensor, Tensor] {
    const [h, c] = state;
    const z = add(this.inputMap.forward(x), this.recurrentMap.forward(h));
    const H = this.hiddenSize;
    const gate = (k: number): Tensor => slice(z, -1, k * H, (k + 1) * H);
    const cNew = add(mul(c, sigmoid(add(gate(2), 1))), mul(tanh(gate(0)), sigmoid(gate(1))));
    const hNew = mul(tanh(cNew), sigmoid(gate(3)));
    return [hNew, cNew];
  }

  /**
   * The kernel view of the parameters (live references to the tensors' data).
   * @internal
   */
  kernelParams(): LstmParams {
    return {
      inputSize: this.inputSize,
      hiddenSize: this.hiddenSize,
      inputWeight: this.inputMap.weight.data,
      inputBias: this.inputMap.bias!.data,
      recurrentWeight: this.recurrentMap.weight.data,
    };
  }

  /**
   * The parameter tensors in kernel order (input weight, input bias, recurrent weight).
   * @internal
   */
  kernelTensors(): Tensor[] {
    return [this.inputMap.weight, this.inputMap.bias!, this.recurrentMap.weight];
  }

  getConfig(): ModuleConfig {
    return {
      class: "LSTMCell",
      inputSize: this.inputSize,
      hiddenSize: this.hiddenSize,
      dtype: this.dtype,
    };
  }
}
