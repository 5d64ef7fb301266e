/**
 * The native convolution kernels against the definition (direct sums in float64) and the js
 * kernels, over strides, padding, 1x1 and whole-image kernels, odd sizes, with and without
 * bias, and batches large enough to be shared between both cores, on every instruction set
 * the product has on this CPU. The tolerance is the rounding-error bound of the longest sum
 * involved (see `dotErrorBound`), scaled by the largest sum of absolute terms.
 */
import { afterAll, beforeAll, describe, it } from "vitest";
import { jsKernels } from "../../../src/backend/js/index.js";
import type { Conv2dGeometry, FloatArray, Kernels } from "../../../src/backend/kernels.js";
import { assertClose } from "../../support/assertClose.js";
import {
  DTYPES,
  type DType,
  dotErrorBound,
  fusedAddon,
  native,
  simdLevels,
  uniform,
  useSimdLevel,
  zeros,
} from "./support.js";

// The products run on every instruction set this CPU has (capped through the addon's hook).
const addon = fusedAddon("cfcSequenceForward");
const LEVELS = simdLevels(addon);

type Shape = Omit<Conv2dGeometry, "outHeight" | "outWidth">;

function geometry(s: Shape): Conv2dGeometry {
  return {
    ...s,
    outHeight: Math.floor((s.inHeight + 2 * s.padH - s.kernelHeight) / s.strideH) + 1,
    outWidth: Math.floor((s.inWidth + 2 * s.padW - s.kernelWidth) / s.strideW) + 1,
  };
}

const base = { strideH: 1, strideW: 1, padH: 0, padW: 0 };
const GEOMETRIES: readonly Conv2dGeometry[] = [
  geometry({
    ...base,
    batch: 1,
    inChannels: 1,
    inHeight: 5,
    inWidth: 5,
    outChannels: 1,
    kernelHeight: 3,
    kernelWidth: 3,
  }),
  geometry({
    ...base,
    batch: 2,
    inChannels: 3,
    inHeight: 7,
    inWidth: 6,
    outChannels: 4,
    kernelHeight: 3,
    kernelWidth: 2,
    padH: 1,
    padW: 2,
  }),
  geometry({
    ...base,
    batch: 3,
    inChannels: 2,
    inHeight: 9,
    inWidth: 11,
    outChannels: 5,
    kernelHeight: 3,
    kernelWidth: 3,
    strideH: 2,
    strideW: 3,
    padH: 1,
    padW: 1,
  }),
  // 1x1 kernel, and a kernel covering the whole image.
  geometry({
    ...base,
    batch: 2,
    inChannels: 4,
    inHeight: 3,
    inWidth: 5,
    outChannels: 3,
    kernelHeight: 1,
    kernelWidth: 1,
  }),
  geometry({
    ...base,
    batch: 2,
    inChannels: 2,
    inHeight: 4,
    inWidth: 3,
    outChannels: 3,
    kernelHeight: 4,
    kernelWidth: 3,
  }),
  // MinAtar-like (10x10, 4 channels in, 16 out, 3x3, same padding): 4 images, enough work
  // (2.3e5 multiply-adds) to share the images between both cores.
  geometry({
    ...base,
    batch: 4,
    inChannels: 4,
    inHeight: 10,
    inWidth: 10,
    outChannels: 16,
    kernelHeight: 3,
    kernelWidth: 3,
    padH: 1,
    padW: 1,
  }),
  // One image with enough work: the product inside uses both cores instead.
  geometry({
    ...base,
    batch: 1,
    inChannels: 8,
    inHeight: 20,
    inWidth: 20,
    outChannels: 16,
    kernelHeight: 3,
    kernelWidth: 3,
    padH: 1,
    padW: 1,
  }),
  // An odd batch shared between the cores (2 and 3 images), stride 2 (Breakout-like).
  geometry({
    ...base,
    batch: 5,
    inChannels: 4,
    inHeight: 21,
    inWidth: 21,
    outChannels: 8,
    kernelHeight: 4,
    kernelWidth: 4,
    strideH: 2,
    strideW: 2,
  }),
  // Shared between the cores without padding, where each core writes its column matrices
  // straight into the product's packed layout: column strides split into phases (17 columns,
  // stride 3), depth over one packing block (288 = 32 x 3 x 3), 3-pixel runs straddling the
  // panels, a few small images per product.
  geometry({
    ...base,
    batch: 4,
    inChannels: 32,
    inHeight: 15,
    inWidth: 17,
    outChannels: 12,
    kernelHeight: 3,
    kernelWidth: 3,
    strideH: 2,
    strideW: 3,
  }),
  // The same with many output pixels per image (1444: the weight gradient's depth spans
  // several packing blocks) and a DQN-like 8x8 kernel with stride 4.
  geometry({
    ...base,
    batch: 2,
    inChannels: 2,
    inHeight: 40,
    inWidth: 40,
    outChannels: 8,
    kernelHeight: 3,
    kernelWidth: 3,
  }),
  geometry({
    ...base,
    batch: 3,
    inChannels: 4,
    inHeight: 36,
    inWidth: 38,
    outChannels: 32,
    kernelHeight: 8,
    kernelWidth: 8,
    strideH: 4,
    strideW: 4,
  }),
];

function label(g: Conv2dGeometry): string {
  return `b${g.batch} c${g.inChannels} ${g.inHeight}x${g.inWidth} oc${g.outChannels} k${g.kernelHeight}x${g.kernelWidth} s${g.strideH},${g.strideW} p${g.padH},${g.padW}`;
}

/** Index of input pixel (b, c, ih, iw), or -1 in the padding. */
function pixel(g: Conv2dGeometry, b: number, c: number, ih: number, iw: number): number {
  if (ih < 0 || ih >= g.inHeight || iw < 0 || iw >= g.inWidth) return -1;
  return ((b * g.inChannels + c) * g.inHeight + ih) * g.inWidth + iw;
}

/**
 * The convolution, its input gradient and its weight gradient by their definitions, in
 * float64, each with the largest sum of absolute terms.
 */
function definitions(
  g: Conv2dGeometry,
  x: FloatArray,
  w: FloatArray,
  bias: FloatArray,
  gy: FloatArray,
) {
  const y = new Float64Array(g.batch * g.outChannels * g.outHeight * g.outWidth);
  const gx = new Float64Array(x.length);
  const gw = new Float64Array(w.length);
  const absY = new Float64Array(y.length);
  const absGx = new Float64Array(gx.length);
  const absGw = new Float64Array(gw.length);
  for (let b = 0; b < g.batch; b++) {
    for (let oc = 0; oc < g.outChannels; oc++) {
      for (let oh = 0; oh < g.outHeight; oh++) {
        for (let ow = 0; ow < g.outWidth; ow++) {
          const at = ((b * g.outChannels + oc) * g.outHeight + oh) * g.outWidth + ow;
          y[at] = bias[oc];
          absY[at] = Math.abs(bias[oc]);
          for (let c = 0; c < g.inChannels; c++) {
            for (let kh = 0; kh < g.kernelHeight; kh++) {
              for (let kw = 0; kw < g.kernelWidth; kw++) {
                const p = pixel(
                  g,
                  b,
                  c,
                  oh * g.strideH - g.padH + kh,
                  ow * g.strideW - g.padW + kw,
                );
                if (p < 0) continue;
                const wi = ((oc * g.inChannels + c) * g.kernelHeight + kh) * g.kernelWidth + kw;
                y[at] += w[wi] * x[p];
                absY[at] += Math.abs(w[wi] * x[p]);
                gx[p] += w[wi] * gy[at];
                absGx[p] += Math.abs(w[wi] * gy[at]);
                gw[wi] += x[p] * gy[at];
                absGw[wi] += Math.abs(x[p] * gy[at]);
              }
            }
          }
        }
      }
    }
  }
  const max = (a: Float64Array) => a.reduce((m, v) => Math.max(m, v), 0);
  return { y, gx, gw, scaleY: max(absY), scaleGx: max(absGx), scaleGw: max(absGw) };
}

function runAll(
  k: Kernels,
  dtype: DType,
  g: Conv2dGeometry,
  x: FloatArray,
  w: FloatArray,
  bias: FloatArray | null,
  gy: FloatArray,
) {
  const y = zeros(dtype, gy.length).fill(Number.NaN);
  const gx = zeros(dtype, x.length).fill(Number.NaN);
  const gw = zeros(dtype, w.length).fill(Number.NaN);
  k.conv2d(g, x, w, bias, y);
  k.conv2dBackwardInput(g, gy, w, gx);
  k.conv2dBackwardWeight(g, x, gy, gw);
  return { y, gx, gw };
}

for (const level of LEVELS) {
  describe(`native conv2d (${level})`, () => {
    beforeAll(() => useSimdLevel(addon!, level));
    afterAll(() => useSimdLevel(addon!, "avx512"));
    for (const dtype of DTYPES) {
      it(`${dtype}: forward and both gradients equal the definition and the js kernels`, () => {
        GEOMETRIES.forEach((g, i) => {
          const ckk = g.inChannels * g.kernelHeight * g.kernelWidth;
          const outSize = g.batch * g.outChannels * g.outHeight * g.outWidth;
          const x = uniform(dtype, 200 + i, g.batch * g.inChannels * g.inHeight * g.inWidth);
          const w = uniform(dtype, 220 + i, g.outChannels * ckk);
          const bias = uniform(dtype, 240 + i, g.outChannels);
          const gy = uniform(dtype, 260 + i, outSize);
          const d = definitions(g, x, w, bias, gy);
          // The longest sums: ckk products plus the bias; outChannels x kernel taps; batch x
          // output pixels. Native and reference each contribute their rounding.
          const terms = {
            y: ckk + 1,
            gx: g.outChannels * g.kernelHeight * g.kernelWidth,
            gw: g.batch * g.outHeight * g.outWidth,
          };
          const tol = (terms: number, scale: number) => ({
            rtol: 0,
            atol:
              dotErrorBound(dtype, terms + 1, scale) + dotErrorBound("float64", terms + 1, scale),
          });
          const got = runAll(native!, dtype, g, x, w, bias, gy);
          const js = runAll(jsKernels, dtype, g, x, w, bias, gy);
          const what = `${dtype} ${label(g)}`;
          assertClose(got.y, d.y, tol(terms.y, d.scaleY), `y ${what}`);
          assertClose(got.gx, d.gx, tol(terms.gx, d.scaleGx), `gx ${what}`);
          assertClose(got.gw, d.gw, tol(terms.gw, d.scaleGw), `gw ${what}`);
          const twice = (t: { rtol: number; atol: number }) => ({ rtol: 0, atol: 2 * t.atol });
          assertClose(got.y, js.y, twice(tol(terms.y, d.scaleY)), `js y ${what}`);
          assertClose(got.gx, js.gx, twice(tol(terms.gx, d.scaleGx)), `js gx ${what}`);
          assertClose(got.gw, js.gw, twice(tol(terms.gw, d.scaleGw)), `js gw ${what}`);
        });
      });

      it(`${dtype}: without bias the output is the bare convolution`, () => {
        const g = GEOMETRIES[2];
        const x = uniform(dtype, 300, g.batch * g.inChannels * g.inHeight * g.inWidth);
        const w = uniform(
          dtype,
          301,
          g.outChannels * g.inChannels * g.kernelHeight * g.kernelWidth,
        );
        const gy = zeros(dtype, g.batch * g.outChannels * g.outHeight * g.outWidth);
        const d = definitions(g, x, w, zeros(dtype, g.outChannels), gy);
        const got = runAll(native!, dtype, g, x, w, null, gy);
        const ckk = g.inChannels * g.kernelHeight * g.kernelWidth;
        const atol =
          dotErrorBound(dtype, ckk + 1, d.scaleY) + dotErrorBound("float64", ckk + 1, d.scaleY);
        assertClose(got.y, d.y, { rtol: 0, atol }, `${dtype} no bias`);
      });
    }
  });
}
