/** `Linear`: y = x·Wᵀ + b with torch's layout, names (`weight`, `bias`) and default init. */
import { linear } from "../tensor/ops/matmul.js";
import type { Tensor } from "../tensor/tensor.js";
import { resolveRng, torchDefaultUniform } from "./init.js";
import { Module, type ModuleConfig, parameterTensor } from "./module.js";
import { checkInt, checkOptions, type LayerOptions } from "./options.js";

/** Options of {@link Linear}. */
export interface LinearOptions extends LayerOptions {
  /** Learn an additive bias (default true). */
  bias?: boolean;
}

/**
 * Affine map `y = x·Wᵀ + b` with torch's layout, parameter names (`weight`, `bias`) and default
 * init.
 */
export class Linear extends Module {
  /** Input features. */
  readonly inFeatures: number;
  /** Output features. */
  readonly outFeatures: number;
  /** `[out, in]` weights. */
  readonly weight: Tensor;
  /** `[out]` bias, or `null`. */
  readonly bias: Tensor | null;

  constructor(inFeatures: number, outFeatures: number, options?: LinearOptions) {
    super();
    const o = checkOptions("Linear", options, ["bias"]);
    this.inFeatures = checkInt("Linear", "inFeatures", inFeatures, 1);
    this.outFeatures = checkInt("Linear", "outFeatures", outFeatures, 1);
    const dtype = o.dtype ?? "float32";
    const rng = resolveRng(o);
    this.weight = this.registerParameter(
      "weight",
      parameterTensor(dtype, [outFeatures, inFeatures], (d) =>
        torchDefaultUniform(rng, d, inFeatures),
      ),
    );
    this.bias =
      (o.bias ?? true)
        ? this.registerParameter(
            "bias",
            parameterTensor(dtype, [outFeatures], (d) => torchDefaultUniform(rng, d, inFeatures)),
          )
        : null;
  }

  /** x: [..., inFeatures] → [..., outFeatures]. */
  forward(x: Tensor): Tensor {
    return linear(x, this.weight, this.bias);
  }

  getConfig(): ModuleConfig {
    return {
      class: "Linear",
      inFeatures: this.inFeatures,
      outFeatures: this.outFeatures,
      bias: this.bias !== null,
      dtype: this.dtype,
    };
  }
}
