/** Element-wise activations as parameter-free modules, named as in ncps (`"lecun_tanh"`, ...). */

import { gelu, lecunTanh, relu, sigmoid, silu, tanh } from "../tensor/ops/unary.js";
import type { Tensor } from "../tensor/tensor.js";
import { Module, type ModuleConfig } from "./module.js";

/** The backbone activations ncps accepts, plus sigmoid. */
export type ActivationName = "lecun_tanh" | "tanh" | "relu" | "silu" | "gelu" | "sigmoid";

const FUNCTIONS: Record<ActivationName, (x: Tensor) => Tensor> = {
  lecun_tanh: lecunTanh,
  tanh,
  relu,
  silu,
  gelu,
  sigmoid,
};

/** Throws unless `name` is an activation; `what` names the argument in the message. */
export function checkActivation(what: string, name: unknown): ActivationName {
  if (typeof name === "string" && Object.hasOwn(FUNCTIONS, name)) return name as ActivationName;
  throw new Error(
    `${what} must be one of ${Object.keys(FUNCTIONS)
      .map((n) => `"${n}"`)
      .join(", ")}, got ${JSON.stringify(name)}`,
  );
}

/**
 * An element-wise activation as a parameter-free module, named as in ncps (`"lecun_tanh"`, ...).
 */
export class Activation extends Module {
  /** The activation's name. */
  readonly name: ActivationName;

  constructor(name: ActivationName) {
    super();
    this.name = checkActivation("Activation: name", name);
  }

  /** Applies the activation element-wise. */
  forward(x: Tensor): Tensor {
    return FUNCTIONS[this.name](x);
  }

  getConfig(): ModuleConfig {
    return { class: "Activation", name: this.name };
  }
}
