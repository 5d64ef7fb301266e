/**
 * Weights packed for streaming: a product of a few rows with fixed weights (the stepper's case)
 * is bound by reading the weights, and V8 reads them fastest as one float64 stream walked by a
 * single index. So the weights are copied once, four output rows interleaved per panel. Every
 * output is still summed over k in order and then gets its bias, exactly as {@link gemmNT}
 * computes it, so packed and unpacked products agree bit for bit.
 */
import type { FloatArray } from "./activations.js";

/** Outputs interleaved per panel: four running sums fit V8's registers with their loads. */
const PANEL = 4;

/** One or more Linear layers stacked as `[n, k]` weights, packed in 4-output panels. */
export interface PackedLinear {
  /** Outputs (rows of the stacked weights). */
  readonly n: number;
  /** Inputs per output. */
  readonly k: number;
  /** `ceil(n/4)` panels of `[k][4]`, the missing outputs of the last panel zero. */
  readonly panels: Float64Array;
  /** `[n]` biases. */
  readonly bias: Float64Array;
}

/** A torch-layout Linear to pack: `weight` `[out, k]`, `bias` `[out]`, optional 0/1 `mask`. */
export interface LinearToPack {
  readonly weight: FloatArray;
  readonly bias: FloatArray;
  readonly mask: FloatArray | null;
}

/**
 * Packs `layers` (all with `k` inputs) stacked in order: output `j` of layer `i` becomes output
 * `offset_i + j`. A mask multiplies its weights here, as the masked product does per element.
 */
export function packLinear(layers: readonly LinearToPack[], k: number): PackedLinear {
  let n = 0;
  for (const l of layers) n += l.bias.length;
  const panels = new Float64Array(Math.ceil(n / PANEL) * PANEL * k);
  const bias = new Float64Array(n);
  let row = 0;
  for (const { weight, bias: b, mask } of layers) {
    for (let j = 0; j < b.length; j++, row++) {
      bias[row] = b[j];
      const base = Math.floor(row / PANEL) * PANEL * k + (row % PANEL);
      for (let q = 0; q < k; q++) {
        const w = weight[j * k + q];
        panels[base + q * PANEL] = mask === null ? w : w * mask[j * k + q];
      }
    }
  }
  return { n, k, panels, bias };
}

/**
 * c[cOff + i·ldc + j] = bias[j] + Σ_q a[aOff + i·lda + q] · W[j, q] for i < rows, j < n,
 * each row one pass over the panels.
 */
export function packedProduct(
  p: PackedLinear,
  rows: number,
  a: Float64Array,
  aOff: number,
  lda: number,
  c: Float64Array,
  cOff: number,
  ldc: number,
): void {
  const { n, k, panels, bias } = p;
  for (let i = 0; i < rows; i++) {
    const a0 = aOff + i * lda;
    const c0 = cOff + i * ldc;
    let w = 0;
    for (let j = 0; j < n; j += PANEL) {
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let q = 0; q < k; q++, w += PANEL) {
        const x = a[a0 + q];
        s0 += x * panels[w];
        s1 += x * panels[w + 1];
        s2 += x * panels[w + 2];
        s3 += x * panels[w + 3];
      }
      if (j + PANEL <= n) {
        c[c0 + j] = s0 + bias[j];
        c[c0 + j + 1] = s1 + bias[j + 1];
        c[c0 + j + 2] = s2 + bias[j + 2];
        c[c0 + j + 3] = s3 + bias[j + 3];
      } else {
        // The last, partial panel: one to three outputs.
        c[c0 + j] = s0 + bias[j];
        if (j + 1 < n) c[c0 + j + 1] = s1 + bias[j + 1];
        if (j + 2 < n) c[c0 + j + 2] = s2 + bias[j + 2];
      }
    }
  }
}
