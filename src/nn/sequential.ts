/** `Sequential`: children named "0", "1", ... applied in order, as torch's nn.Sequential. */
import type { Tensor } from "../tensor/tensor.js";
import { Module, type ModuleConfig } from "./module.js";

/** A module with a one-tensor forward. */
export interface Layer extends Module {
  /** Maps one tensor to one tensor. */
  forward(x: Tensor): Tensor;
}

/**
 * Applies its layers in order; children are named `"0"`, `"1"`, ... as in torch's `nn.Sequential`.
 */
export class Sequential extends Module {
  /** The layers, in order. */
  readonly layers: readonly Layer[];

  constructor(...layers: Layer[]) {
    super();
    layers.forEach((layer, i) => {
      this.registerModule(String(i), layer);
    });
    this.layers = layers;
  }

  /** Runs `x` through every layer in order. */
  forward(x: Tensor): Tensor {
    let y = x;
    for (const layer of this.layers) y = layer.forward(y);
    return y;
  }

  getConfig(): ModuleConfig {
    return { class: "Sequential", layers: this.layers.map((l) => l.getConfig()) };
  }
}
