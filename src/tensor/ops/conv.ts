import { type Conv2dGeometry, getKernels } from "../../backend/index.js";
import { defineOp } from "../op.js";
import { formatShape } from "../shape.js";
import type { Tensor } from "../tensor.js";
import { checkTensor, emptyTensor } from "./alloc.js";
import { permute } from "./arrange.js";

/** Options of `conv2d`. */
export interface Conv2dOptions {
  /** Step between windows: one number for both axes, or `[h, w]` (default 1). */
  stride?: number | readonly [number, number];
  /** Zeros added on each side: one number for both axes, or `[h, w]` (default 0). */
  padding?: number | readonly [number, number];
  /**
   * Axis order of `x` and of the result: `"NCHW"` (torch, default) or `"NHWC"` (images as
   * stored by most environments). The weight is `[outChannels, inChannels, kH, kW]` either way.
   */
  layout?: "NCHW" | "NHWC";
}

interface ConvSaved {
  readonly x: Tensor;
  readonly weight: Tensor;
  readonly g: Conv2dGeometry;
  readonly hasBias: boolean;
}

const conv2dOp = defineOp<Conv2dGeometry, ConvSaved>({
  name: "conv2d",
  inputNames: ["x", "weight", "bias"],
  forward: ([x, weight, bias], g) => {
    const y = emptyTensor(x.dtype, [g.batch, g.outChannels, g.outHeight, g.outWidth]);
    getKernels().conv2d(g, x.data, weight.data, bias ? bias.data : null, y.data);
    return { outputs: [y], saved: { x, weight, g, hasBias: bias !== undefined } };
  },
  backward: ([gy], { x, weight, g, hasBias }, [needX, needW, needB]) => {
    const k = getKernels();
    let gx: Tensor | null = null;
    let gw: Tensor | null = null;
    let gb: Tensor | null = null;
    if (needX) {
      gx = emptyTensor(x.dtype, x.shape);
      k.conv2dBackwardInput(g, gy.data, weight.data, gx.data);
    }
    if (needW) {
      gw = emptyTensor(weight.dtype, weight.shape);
      k.conv2dBackwardWeight(g, x.data, gy.data, gw.data);
    }
    if (needB) {
      gb = emptyTensor(gy.dtype, [g.outChannels]);
      k.sumBroadcast(gy.shape, gy.data, gb.data, [0, 1, 0, 0]);
    }
    return hasBias ? [gx, gw, gb] : [gx, gw];
  },
});

/**
 * 2-D convolution (cross-correlation, like torch.nn.functional.conv2d): `x`
 * `[N, C, H, W]` (or `[N, H, W, C]` with layout NHWC), `weight` `[OC, C, kH, kW]`, optional
 * `bias` `[OC]`; the result is `[N, OC, OH, OW]` (or `[N, OH, OW, OC]`) with
 * `OH = floor((H + 2 padH - kH) / strideH) + 1`, likewise OW.
 */
export function conv2d(
  x: Tensor,
  weight: Tensor,
  bias?: Tensor | null,
  options: Conv2dOptions = {},
): Tensor {
  checkTensor("conv2d", "x", x);
  checkTensor("conv2d", "weight", weight);
  const layout = options.layout ?? "NCHW";
  if (layout !== "NCHW" && layout !== "NHWC") {
    throw new RangeError(`conv2d: layout must be "NCHW" or "NHWC", got ${JSON.stringify(layout)}`);
  }
  if (x.ndim !== 4) {
    throw new RangeError(
      `conv2d: x must have 4 axes (${layout}), got shape ${formatShape(x.shape)}`,
    );
  }
  const nchw = layout === "NHWC" ? permute(x, [0, 3, 1, 2]) : x;
  const g = geometry(nchw, weight, bias, options);
  const inputs = bias === undefined || bias === null ? [nchw, weight] : [nchw, weight, bias];
  const y = conv2dOp(inputs, g)[0];
  return layout === "NHWC" ? permute(y, [0, 2, 3, 1]) : y;
}

function pair(arg: string, v: number | readonly [number, number], min: number): [number, number] {
  const p: readonly number[] = typeof v === "number" ? [v, v] : v;
  if (!Array.isArray(p) || p.length !== 2 || !p.every((d) => Number.isInteger(d) && d >= min)) {
    throw new RangeError(
      `conv2d: ${arg} must be an integer >= ${min} or a pair of them, got ${JSON.stringify(v)}`,
    );
  }
  return [p[0], p[1]];
}

function geometry(
  x: Tensor,
  weight: Tensor,
  bias: Tensor | null | undefined,
  options: Conv2dOptions,
): Conv2dGeometry {
  const [batch, inChannels, inHeight, inWidth] = x.shape;
  if (weight.ndim !== 4 || weight.shape[1] !== inChannels) {
    throw new RangeError(
      `conv2d: weight must have shape [outChannels, ${inChannels}, kH, kW] for x of shape ${formatShape(x.shape)} (NCHW), got ${formatShape(weight.shape)}`,
    );
  }
  const [outChannels, , kernelHeight, kernelWidth] = weight.shape;
  if (bias !== undefined && bias !== null) {
    checkTensor("conv2d", "bias", bias);
    if (bias.ndim !== 1 || bias.shape[0] !== outChannels) {
      throw new RangeError(
        `conv2d: bias must have shape [${outChannels}] to match weight of shape ${formatShape(weight.shape)}, got ${formatShape(bias.shape)}`,
      );
    }
  }
  const [strideH, strideW] = pair("stride", options.stride ?? 1, 1);
  const [padH, padW] = pair("padding", options.padding ?? 0, 0);
  const outHeight = Math.floor((inHeight + 2 * padH - kernelHeight) / strideH) + 1;
  const outWidth = Math.floor((inWidth + 2 * padW - kernelWidth) / strideW) + 1;
  if (outHeight < 1 || outWidth < 1) {
    throw new RangeError(
      `conv2d: kernel ${kernelHeight}x${kernelWidth} does not fit x of shape ${formatShape(x.shape)} (NCHW) with padding ${padH},${padW}`,
    );
  }
  return {
    batch,
    inChannels,
    inHeight,
    inWidth,
    outChannels,
    kernelHeight,
    kernelWidth,
    strideH,
    strideW,
    padH,
    padW,
    outHeight,
    outWidth,
  };
}
