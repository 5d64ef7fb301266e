/** `Conv2d` with torch's weight layout `[out, in, kH, kW]`, names and default init. */
import { conv2d } from "../tensor/ops/conv.js";
import type { Tensor } from "../tensor/tensor.js";
import { resolveRng, torchDefaultUniform } from "./init.js";
import { Module, type ModuleConfig, parameterTensor } from "./module.js";
import { checkInt, checkOptions, type LayerOptions } from "./options.js";

export interface Conv2dLayerOptions extends LayerOptions {
  stride?: number;
  padding?: number;
  bias?: boolean;
  /** Axis order of inputs and outputs: "NCHW" (torch, default) or "NHWC" (environment images). */
  layout?: "NCHW" | "NHWC";
}

export class Conv2d extends Module {
  readonly inChannels: number;
  readonly outChannels: number;
  readonly kernelSize: number;
  readonly stride: number;
  readonly padding: number;
  readonly layout: "NCHW" | "NHWC";
  readonly weight: Tensor;
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
