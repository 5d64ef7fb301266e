import type { Conv2dGeometry, FloatArray } from "../kernels.js";
import { gemm } from "./gemm.js";
import { scratch } from "./scratch.js";

// Convolution as im2col + gemm, one image at a time. The column matrix of image b is
// col[(c * KH + kh) * KW + kw, oh * OW + ow] = x[b, c, oh * sh - ph + kh, ow * sw - pw + kw]
// (zero outside the image), so that y[b] = W[OC, C*KH*KW] . col[C*KH*KW, OH*OW].

const SLOT_COL = 2; // gemm uses slots 0 and 1

/** y = conv(x, weight) + bias (see `Kernels.conv2d`). */
export function conv2d<T extends FloatArray>(
  g: Conv2dGeometry,
  x: T,
  weight: T,
  bias: T | null,
  y: T,
): void {
  const ckk = g.inChannels * g.kernelHeight * g.kernelWidth;
  const ohw = g.outHeight * g.outWidth;
  const col = scratch(x, SLOT_COL, ckk * ohw);
  for (let b = 0; b < g.batch; b++) {
    im2col(g, x, b * g.inChannels * g.inHeight * g.inWidth, col);
    const yOff = b * g.outChannels * ohw;
    let beta = 0;
    if (bias !== null) {
      for (let oc = 0; oc < g.outChannels; oc++) {
        y.fill(bias[oc], yOff + oc * ohw, yOff + (oc + 1) * ohw);
      }
      beta = 1;
    }
    gemm(false, false, g.outChannels, ohw, ckk, 1, weight, 0, ckk, col, 0, ohw, beta, y, yOff, ohw);
  }
}

/** gx = conv^T(gy, weight): column gradients by gemm, then folded back onto the image. */
export function conv2dBackwardInput<T extends FloatArray>(
  g: Conv2dGeometry,
  gy: T,
  weight: T,
  gx: T,
): void {
  const ckk = g.inChannels * g.kernelHeight * g.kernelWidth;
  const ohw = g.outHeight * g.outWidth;
  const imageSize = g.inChannels * g.inHeight * g.inWidth;
  const col = scratch(gy, SLOT_COL, ckk * ohw);
  gx.fill(0, 0, g.batch * imageSize);
  for (let b = 0; b < g.batch; b++) {
    const gyOff = b * g.outChannels * ohw;
    gemm(true, false, ckk, ohw, g.outChannels, 1, weight, 0, ckk, gy, gyOff, ohw, 0, col, 0, ohw);
    col2imAdd(g, col, gx, b * imageSize);
  }
}

/** gw = sum over images of gy[b] . col[b]^T. */
export function conv2dBackwardWeight<T extends FloatArray>(
  g: Conv2dGeometry,
  x: T,
  gy: T,
  gw: T,
): void {
  const ckk = g.inChannels * g.kernelHeight * g.kernelWidth;
  const ohw = g.outHeight * g.outWidth;
  const col = scratch(x, SLOT_COL, ckk * ohw);
  gw.fill(0, 0, g.outChannels * ckk);
  for (let b = 0; b < g.batch; b++) {
    im2col(g, x, b * g.inChannels * g.inHeight * g.inWidth, col);
    const gyOff = b * g.outChannels * ohw;
    gemm(false, true, g.outChannels, ckk, ohw, 1, gy, gyOff, ohw, col, 0, ohw, 1, gw, 0, ckk);
  }
}

/** Fills `col` `[C*KH*KW, OH*OW]` from the image starting at `xOff`. */
function im2col(g: Conv2dGeometry, x: FloatArray, xOff: number, col: FloatArray): void {
  const { inHeight: H, inWidth: W, outHeight: OH, outWidth: OW } = g;
  let row = 0;
  for (let c = 0; c < g.inChannels; c++) {
    const plane = xOff + c * H * W;
    for (let kh = 0; kh < g.kernelHeight; kh++) {
      for (let kw = 0; kw < g.kernelWidth; kw++, row++) {
        let at = row * OH * OW;
        for (let oh = 0; oh < OH; oh++) {
          const ih = oh * g.strideH - g.padH + kh;
          if (ih < 0 || ih >= H) {
            col.fill(0, at, at + OW);
            at += OW;
            continue;
          }
          const line = plane + ih * W;
          for (let ow = 0; ow < OW; ow++, at++) {
            const iw = ow * g.strideW - g.padW + kw;
            col[at] = iw >= 0 && iw < W ? x[line + iw] : 0;
          }
        }
      }
    }
  }
}

/** The adjoint of im2col: adds every column entry back onto its image pixel. */
function col2imAdd(g: Conv2dGeometry, col: FloatArray, gx: FloatArray, gxOff: number): void {
  const { inHeight: H, inWidth: W, outHeight: OH, outWidth: OW } = g;
  let row = 0;
  for (let c = 0; c < g.inChannels; c++) {
    const plane = gxOff + c * H * W;
    for (let kh = 0; kh < g.kernelHeight; kh++) {
      for (let kw = 0; kw < g.kernelWidth; kw++, row++) {
        let at = row * OH * OW;
        for (let oh = 0; oh < OH; oh++) {
          const ih = oh * g.strideH - g.padH + kh;
          if (ih < 0 || ih >= H) {
            at += OW;
            continue;
          }
          const line = plane + ih * W;
          for (let ow = 0; ow < OW; ow++, at++) {
            const iw = ow * g.strideW - g.padW + kw;
            if (iw >= 0 && iw < W) gx[line + iw] += col[at];
          }
        }
      }
    }
  }
}
