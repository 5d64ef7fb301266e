/**
 * Weights packed for streaming: a product of a few rows with fixed weights (the stepper's case)
 * is bound by reading the weights, so they are copied once, as float64, four output rows
 * interleaved per panel, into the memory of a WebAssembly SIMD instance (simd/gemm.wat) when
 * there is one, else into an array the scalar loop below walks with a single index. Every
 * output is still summed over k in order and then gets its bias, exactly as `gemmNT` computes
 * it, so packed and unpacked products agree bit for bit.
 */
import type { FloatArray } from "./activations.js";
import {
  createGemmInstance,
  FLAG_BIAS,
  GEMV_BLOCK,
  type GemmInstance,
  PANEL,
} from "./simd/wasmGemm.js";

/** A torch-layout Linear to pack: `weight` `[out, k]`, `bias` `[out]`, optional 0/1 `mask`. */
export interface LinearToPack {
  readonly weight: FloatArray;
  readonly bias: FloatArray;
  readonly mask: FloatArray | null;
}

/** Linear layers with the same `k` inputs, stacked into one product of their outputs. */
export interface LinearStack {
  readonly layers: readonly LinearToPack[];
  readonly k: number;
}

/** A packed stack: `n` outputs (the layers' in order) of `k` inputs, in a {@link PackedWeights}. */
export interface PackedLinear {
  readonly weights: PackedWeights;
  readonly n: number;
  readonly k: number;
  /** Offsets, in doubles, of its `ceil(n/4)` panels `[k][4]` and of its biases. */
  readonly panelsAt: number;
  readonly biasAt: number;
}

/** Rounds up to whole panels. */
const panels = (n: number): number => Math.ceil(n / PANEL) * PANEL;

/** The packed weights of one stepper, allocated once. */
export class PackedWeights {
  /** One entry per stack given to {@link packWeights}, in order. */
  readonly linears: readonly PackedLinear[];
  private readonly simd: GemmInstance | null;
  private readonly data: Float64Array;
  /** Scratch row of inputs and outputs for the SIMD product (in `data`). */
  private readonly xAt: number;
  private readonly yAt: number;

  /** @internal Use {@link packWeights}. */
  constructor(stacks: readonly LinearStack[], simd: boolean) {
    let size = 0;
    let maxK = 0;
    let maxN = 0;
    const places = stacks.map(({ layers, k }) => {
      const n = layers.reduce((s, l) => s + l.bias.length, 0);
      const at = { n, k, panelsAt: size, biasAt: size + panels(n) * k };
      size = at.biasAt + panels(n);
      maxK = Math.max(maxK, k);
      maxN = Math.max(maxN, panels(n));
      return at;
    });
    this.xAt = size;
    this.yAt = size + maxK;
    this.simd = simd ? createGemmInstance() : null;
    if (this.simd !== null) this.simd.reserve(this.yAt + maxN);
    this.data = this.simd === null ? new Float64Array(size) : this.simd.view;
    this.linears = places.map((at) => ({ weights: this, ...at }));
    for (let i = 0; i < stacks.length; i++) this.fill(this.linears[i], stacks[i].layers);
  }

  /**
   * c[cOff + i·ldc + j] = bias[j] + Σ_q a[aOff + i·lda + q] · W[j, q] for i < rows, j < p.n.
   * Allocates nothing.
   */
  product(
    p: PackedLinear,
    rows: number,
    a: Float64Array,
    aOff: number,
    lda: number,
    c: Float64Array,
    cOff: number,
    ldc: number,
  ): void {
    const simd = this.simd;
    if (simd === null) {
      scalarProduct(this.data, p, rows, a, aOff, lda, c, cOff, ldc);
      return;
    }
    const { n, k, panelsAt, biasAt } = p;
    const f = this.data;
    const blocks = Math.floor(n / GEMV_BLOCK);
    const done = blocks * GEMV_BLOCK;
    for (let i = 0; i < rows; i++) {
      const a0 = aOff + i * lda;
      for (let q = 0; q < k; q++) f[this.xAt + q] = a[a0 + q];
      simd.gemv(this.xAt, k, panelsAt, blocks, this.yAt, biasAt, FLAG_BIAS);
      if (done < n) {
        simd.gemm(
          this.xAt,
          1,
          k,
          k,
          panelsAt + done * k,
          n - done,
          this.yAt + done,
          0,
          biasAt + done,
          FLAG_BIAS,
        );
      }
      const c0 = cOff + i * ldc;
      for (let j = 0; j < n; j++) c[c0 + j] = f[this.yAt + j];
    }
  }

  /** Writes the stack's weights (masked) and biases in place. */
  private fill(p: PackedLinear, layers: readonly LinearToPack[]): void {
    const { k, panelsAt, biasAt } = p;
    const f = this.data;
    let row = 0;
    for (const { weight, bias, mask } of layers) {
      for (let j = 0; j < bias.length; j++, row++) {
        f[biasAt + row] = bias[j];
        const base = panelsAt + Math.floor(row / PANEL) * PANEL * k + (row % PANEL);
        for (let q = 0; q < k; q++) {
          const w = weight[j * k + q];
          // A mask multiplies its weights here, as the masked product does per element.
          f[base + q * PANEL] = mask === null ? w : w * mask[j * k + q];
        }
      }
    }
  }
}

/**
 * Packs each stack (output `j` of a stack's layer `i` becomes output `offset_i + j`) into one
 * new {@link PackedWeights}, on WebAssembly SIMD where available unless `simd` is false.
 */
export function packWeights(
  stacks: readonly LinearStack[],
  { simd = true }: { simd?: boolean } = {},
): PackedWeights {
  return new PackedWeights(stacks, simd);
}

/** {@link PackedWeights.product} of the weights `p` belongs to. */
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
  p.weights.product(p, rows, a, aOff, lda, c, cOff, ldc);
}

/** {@link PackedWeights.product} on the panels in `f`, in scalar loops. */
function scalarProduct(
  f: Float64Array,
  p: PackedLinear,
  rows: number,
  a: Float64Array,
  aOff: number,
  lda: number,
  c: Float64Array,
  cOff: number,
  ldc: number,
): void {
  const { n, k, panelsAt, biasAt } = p;
  for (let i = 0; i < rows; i++) {
    const a0 = aOff + i * lda;
    const c0 = cOff + i * ldc;
    let w = panelsAt;
    for (let j = 0; j < n; j += PANEL) {
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let q = 0; q < k; q++, w += PANEL) {
        const x = a[a0 + q];
        s0 += x * f[w];
        s1 += x * f[w + 1];
        s2 += x * f[w + 2];
        s3 += x * f[w + 3];
      }
      const b = biasAt + j;
      c[c0 + j] = s0 + f[b];
      // The last panel may hold one to three outputs.
      if (j + 1 < n) c[c0 + j + 1] = s1 + f[b + 1];
      if (j + 2 < n) c[c0 + j + 2] = s2 + f[b + 2];
      if (j + 3 < n) c[c0 + j + 3] = s3 + f[b + 3];
    }
  }
}
