/** `Conv2d` with torch's weight layout `[out, in, kH, kW]`, names and default init. */
import { conv2d } from "../tensor/ops/conv.js";
import type { Tensor } from "../tensor/tensor.js";
import { resolveRng, torchDefaultUniform } from "./init.js";
import { Module, type ModuleConfig, parameterTensor } from "./module.js";
import { checkInt, checkOptions, type LayerOptions } from "./options.js";

/** Options of {@link Conv2d}. */
export interface Conv2dLayerOptions extends LayerOptions {
  /** Step between kernel positions, both axes; default 1. */
  stride?: number;
  /** Zero padding on each side, both axes; default 0. */
  padding?: number;
  /** Learn an additive bias per output channel; default true. */
  bias?: boolean;
  /** Axis order of inputs and outputs: "NCHW" (torch, default) or "NHWC" (environment images). */
  layout?: "NCHW" | "NHWC";
}

/**
 * 2-D convolution with torch's weight layout `[out, in, kH, kW]`, parameter names and default init.
 */
export class Conv2d extends Module {
  /** Input channels. */
  readonly inChannels: number;
  /** Output channels. */
  readonly outChannels: number;
  /** Square kernel side. */
  readonly kernelSize: number;
  /** Step between kernel positions. */
  readonly stride: number;
  /** Zero padding on each side. */
  readonly padding: number;
  /** Axis order of inputs and outputs. */
  readonly layout: "NCHW" | "NHWC";
  /** `[out, in, kH, kW]` weights. */
  readonly weight: Tensor;
  /** `[out]` bias, or `null`. */
  readonly bias: Tensor | null;

  constructor(
    inChannels: number,
    outChannels: number,
    kernelSize: number,
    options?: Conv2dLayerOptions,
  ) {
    super();
    const o = checkOptions("Conv2d", options, ["stride", "padding", "bias", "layout"]);
    this.inChannels = checkInt("Conv2d", "inChannels", inChannels, 1);
    this.outChannels = checkInt("Conv2d", "outChannels", outChannels, 1);
    this.kernelSize = checkInt("Conv2d", "kernelSize", kernelSize, 1);
    this.stride = checkInt("Conv2d", "stride", o.stride ?? 1, 1);
    this.padding = checkInt("Conv2d", "padding", o.padding ?? 0, 0);
    const layout = o.layout ?? "NCHW";
    if (layout !== "NCHW" && layout !== "NHWC") {
      throw new Error(`Conv2d: layout must be "NCHW" or "NHWC", got ${JSON.stringify(layout)}`);
    }
    this.layout = layout;
    const dtype = o.dtype ?? "float32";
    const rng = resolveRng(o);
    const fanIn = inChannels * kernelSize * kernelSize;
    this.weight = this.registerParameter(
      "weight",
      parameterTensor(dtype, [outChannels, inChannels, kernelSize, kernelSize], (d) =>
        torchDefaultUniform(rng, d, fanIn),
      ),
    );
    this.bias =
      (o.bias ?? true)
        ? this.registerParameter(
            "bias",
            parameterTensor(dtype, [outChannels], (d) => torchDefaultUniform(rng, d, fanIn)),
          )
        : null;
  }

  /** Convolves a `[B, C, H, W]` batch (`[B, H, W, C]` with layout `"NHWC"`). */
  forward(x: Tensor): Tensor {
    return conv2d(x, this.weight, this.bias, {
      stride: this.stride,
      padding: this.padding,
      layout: this.layout,
    });
  }

  getConfig(): ModuleConfig {
    return {
      class: "Conv2d",
      inChannels: this.inChannels,
      outChannels: this.outChannels,
      kernelSize: this.kernelSize,
      stride: this.stride,
      padding: this.padding,
      bias: this.bias !== null,
      layout: this.layout,
      dtype: this.dtype,
    };
  }
}
