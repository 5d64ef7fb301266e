/**
 * The image operations of the Atari preprocessing, exact in integer arithmetic:
 * RGB to grey with OpenCV's fixed-point BT.601 weights, and area-averaging resize
 * (OpenCV's `INTER_AREA` for downscaling) with exact round-half-to-even.
 */

/**
 * Grey level of one RGB pixel as OpenCV's `cvtColor(RGB2GRAY)` computes it for uint8:
 * `(4899 R + 9617 G + 1868 B + 8192) >> 14`, i.e. 0.299 R + 0.587 G + 0.114 B rounded.
 */
export function greyOf(r: number, g: number, b: number): number {
  return (r * 4899 + g * 9617 + b * 1868 + 8192) >> 14;
}

/** Converts a channel-last RGB image `[height*width*3]` to grey `[height*width]`. */
export function rgbToGrey(rgb: Uint8Array, out: Uint8Array): void {
  if (rgb.length !== out.length * 3) {
    throw new RangeError(
      `rgbToGrey: rgb must have 3 bytes per output pixel (${out.length * 3}), got ${rgb.length}`,
    );
  }
  for (let i = 0, j = 0; i < out.length; i++, j += 3) {
    out[i] = (rgb[j] * 4899 + rgb[j + 1] * 9617 + rgb[j + 2] * 1868 + 8192) >> 14;
  }
}

/**
 * Overlap of input cells with output cells along one axis, in integer units: input cell i
 * spans `[i*outSize, (i+1)*outSize)` and output cell o spans `[o*inSize, (o+1)*inSize)`,
 * so each output's weights sum to `inSize`. Stored densely, `taps` entries per output
 * (padded with zero weights), so the resize loops have a fixed trip count.
 */
interface AxisTaps {
  taps: number;
  index: Int32Array;
  weight: Int32Array;
}

function axisTaps(inSize: number, outSize: number): AxisTaps {
  const lists: [number, number][][] = [];
  for (let o = 0; o < outSize; o++) {
    const lo = o * inSize;
    const hi = lo + inSize;
    const list: [number, number][] = [];
    for (let i = Math.floor(lo / outSize); i * outSize < hi; i++) {
      list.push([i, Math.min(hi, (i + 1) * outSize) - Math.max(lo, i * outSize)]);
    }
    lists.push(list);
  }
  const taps = Math.max(...lists.map((l) => l.length));
  const index = new Int32Array(outSize * taps);
  const weight = new Int32Array(outSize * taps);
  lists.forEach((list, o) => {
    list.forEach(([i, w], k) => {
      index[o * taps + k] = i;
      weight[o * taps + k] = w;
    });
    // Padding taps repeat the first index with weight 0.
    for (let k = list.length; k < taps; k++) index[o * taps + k] = list[0][0];
  });
  return { taps, index, weight };
}

/** Rounds `num / den` (non-negative 31-bit integers) to the nearest integer, ties to even. */
function divRoundHalfEven(num: number, den: number): number {
  const q = (num / den) | 0;
  const twice = 2 * (num - q * den);
  return twice > den || (twice === den && (q & 1) === 1) ? q + 1 : q;
}

/**
 * A prepared area-averaging resize of single-channel uint8 images `[inH, inW]` to
 * `[outH, outW]`: every output pixel is the mean of the input area it covers, weighting
 * partly covered pixels by their covered fraction. For downscaling this is OpenCV's
 * `INTER_AREA` (which the DeepMind wrappers use); here the sums are exact integers and
 * the result is rounded half to even, where OpenCV accumulates float32 weights.
 */
export class AreaResize {
  private readonly wx: AxisTaps;
  private readonly wy: AxisTaps;
  /** Horizontal sums `[inHeight, outWidth]`. */
  private readonly rows: Int32Array;
  /** Vertical accumulator for one output row (at most 255 * inHeight * inWidth < 2^31). */
  private readonly acc: Int32Array;
  private readonly denominator: number;

  constructor(
    /** Input image height. */
    readonly inHeight: number,
    /** Input image width. */
    readonly inWidth: number,
    /** Output image height. */
    readonly outHeight: number,
    /** Output image width. */
    readonly outWidth: number,
  ) {
    for (const [name, v] of [
      ["inHeight", inHeight],
      ["inWidth", inWidth],
      ["outHeight", outHeight],
      ["outWidth", outWidth],
    ] as const) {
      if (!Number.isInteger(v) || v < 1) {
        throw new RangeError(`AreaResize: ${name} must be a positive integer, got ${v}`);
      }
    }
    this.denominator = inWidth * inHeight;
    if (255 * this.denominator > 2 ** 31 - 1) {
      throw new RangeError(
        `AreaResize: inHeight*inWidth must be below 2^23 for exact 32-bit sums, got ${this.denominator}`,
      );
    }
    this.wx = axisTaps(inWidth, outWidth);
    this.wy = axisTaps(inHeight, outHeight);
    this.rows = new Int32Array(inHeight * outWidth);
    this.acc = new Int32Array(outWidth);
  }

  /** Resizes `src` (`inHeight*inWidth` bytes) into `out` (`outHeight*outWidth` bytes). */
  apply(src: Uint8Array, out: Uint8Array): void {
    const { inHeight, inWidth, outHeight, outWidth, rows, acc, denominator } = this;
    if (src.length !== inHeight * inWidth) {
      throw new RangeError(
        `AreaResize: src must have ${inHeight * inWidth} bytes, got ${src.length}`,
      );
    }
    if (out.length !== outHeight * outWidth) {
      throw new RangeError(
        `AreaResize: out must have ${outHeight * outWidth} bytes, got ${out.length}`,
      );
    }
    // Horizontal pass: each input row into outWidth weighted sums.
    const xTaps = this.wx.taps;
    const xIndex = this.wx.index;
    const xWeight = this.wx.weight;
    for (let y = 0; y < inHeight; y++) {
      const rowIn = y * inWidth;
      const rowOut = y * outWidth;
      for (let ox = 0; ox < outWidth; ox++) {
        const k = ox * xTaps;
        let sum = 0;
        for (let t = 0; t < xTaps; t++) sum += xWeight[k + t] * src[rowIn + xIndex[k + t]];
        rows[rowOut + ox] = sum;
      }
    }
    // Vertical pass over whole rows of sums, then the exact division.
    const yTaps = this.wy.taps;
    const yIndex = this.wy.index;
    const yWeight = this.wy.weight;
    for (let oy = 0; oy < outHeight; oy++) {
      acc.fill(0);
      for (let t = 0; t < yTaps; t++) {
        const w = yWeight[oy * yTaps + t];
        if (w === 0) continue;
        const base = yIndex[oy * yTaps + t] * outWidth;
        for (let ox = 0; ox < outWidth; ox++) acc[ox] += w * rows[base + ox];
      }
      const o = oy * outWidth;
      for (let ox = 0; ox < outWidth; ox++) out[o + ox] = divRoundHalfEven(acc[ox], denominator);
    }
  }
}
