/**
 * The js kernels' matrix products on WebAssembly SIMD (gemm.wat): about four times the speed of
 * the scalar loops in V8 and the same bits, since every output is still one in-order sum (see
 * the header of gemm.wat). Where WebAssembly SIMD is missing (old browsers) {@link wasmGemm}
 * and {@link createGemmInstance} give null and the scalar loops run.
 */
import type { FloatArray } from "../activations.js";
import { GEMM_WASM } from "./gemmWasm.js";

/** The part of the WebAssembly API used here (the Node typings this project builds with lack it). */
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule) => { readonly exports: unknown };
}
/** A compiled module (opaque here). */
type WasmModule = object;
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

/** The exports of gemm.wat; pointers are byte offsets into `memory`. */
interface GemmExports {
  readonly memory: WasmMemory;
  pack(w: number, n: number, k: number, ldw: number, out: number): void;
  gemm(
    a: number,
    m: number,
    k: number,
    lda: number,
    wp: number,
    n: number,
    c: number,
    ldc: number,
    bias: number,
    flags: number,
  ): void;
  gemv(
    x: number,
    k: number,
    wp: number,
    blocks: number,
    y: number,
    bias: number,
    flags: number,
  ): void;
}

/** `flags` of gemm and gemv: add the bias. */
export const FLAG_BIAS = 1;
/** `flags` of gemm and gemv: add the old value of C. */
export const FLAG_ACCUMULATE = 2;
/** Outputs per panel of packed weights, and per block of {@link GemmInstance.gemv}. */
export const PANEL = 4;
export const GEMV_BLOCK = 16;
const PAGE_BYTES = 65536;

/** One instance of gemm.wat with its own memory, addressed in doubles. */
export class GemmInstance {
  private readonly kernels: GemmExports;
  private memoryView: Float64Array;

  /** @internal Use {@link createGemmInstance}. */
  constructor(api: WasmApi, module: WasmModule) {
    this.kernels = new api.Instance(module).exports as GemmExports;
    this.memoryView = new Float64Array(this.kernels.memory.buffer);
  }

  /** The memory as doubles (a new view after {@link reserve} grew it). */
  get view(): Float64Array {
    return this.memoryView;
  }

  /** Makes the memory hold at least `doubles` values. */
  reserve(doubles: number): void {
    const memory = this.kernels.memory;
    const need = doubles * 8 - memory.buffer.byteLength;
    if (need > 0) {
      memory.grow(Math.ceil(need / PAGE_BYTES));
      this.memoryView = new Float64Array(memory.buffer);
    }
  }

  /** Packs W [n, k] at `w` (rows `ldw` apart) into `ceil(n/4)` panels [k][4] at `out`. */
  pack(w: number, n: number, k: number, ldw: number, out: number): void {
    this.kernels.pack(w * 8, n, k, ldw, out * 8);
  }

  /**
   * C[i, j] = (old C[i, j]) + (Σ_q A[i, q] W[j, q] + bias[j]) for i < m and j < n rounded up to
   * a multiple of 4, W packed at `wp`; which terms apply is in `flags`.
   */
  gemm(
    a: number,
    m: number,
    k: number,
    lda: number,
    wp: number,
    n: number,
    c: number,
    ldc: number,
    bias: number,
    flags: number,
  ): void {
    this.kernels.gemm(a * 8, m, k, lda, wp * 8, n, c * 8, ldc, bias * 8, flags);
  }

  /** The first `16·blocks` outputs of one row: `gemm` with m = 1, faster. */
  gemv(
    x: number,
    k: number,
    wp: number,
    blocks: number,
    y: number,
    bias: number,
    flags: number,
  ): void {
    this.kernels.gemv(x * 8, k, wp * 8, blocks, y * 8, bias * 8, flags);
  }
}

/** A product `A·Wᵀ` per call on the scratch memory of one instance. */
export class WasmGemm {
  constructor(private readonly instance: GemmInstance) {}

  /**
   * c[cOff + i·ldc + j] = (accumulate ? c[...] : 0) + (Σ_{q<k} a[aOff + i·lda + q] ·
   * w[wOff + j·ldw + q] + (bias ? bias[biasOff + j] : 0)) for i < m, j < n: the contract and
   * the results of the scalar `gemmNT` (cfcGemm.ts). W is copied and packed every call.
   */
  gemmNT(
    m: number,
    n: number,
    k: number,
    a: FloatArray,
    aOff: number,
    lda: number,
    w: FloatArray,
    wOff: number,
    ldw: number,
    bias: FloatArray | null,
    biasOff: number,
    c: FloatArray,
    cOff: number,
    ldc: number,
    accumulate: boolean,
  ): void {
    const inst = this.instance;
    const n4 = Math.ceil(n / PANEL) * PANEL;
    // Memory layout in doubles: A [m, k] | W [n, k] | packed W [n4, k] | C [m, n4] | bias [n4]
    const aAt = 0;
    const wAt = aAt + m * k;
    const packedAt = wAt + n * k;
    const cAt = packedAt + n4 * k;
    const biasAt = cAt + m * n4;
    inst.reserve(biasAt + n4);
    const f = inst.view;
    copyRows(m, k, a, aOff, lda, f, aAt, k);
    copyRows(n, k, w, wOff, ldw, f, wAt, k);
    inst.pack(wAt, n, k, k, packedAt);
    let flags = 0;
    if (bias !== null) {
      f.set(bias.subarray(biasOff, biasOff + n), biasAt);
      flags |= FLAG_BIAS;
    }
    if (accumulate) {
      copyRows(m, n, c, cOff, ldc, f, cAt, n4);
      flags |= FLAG_ACCUMULATE;
    }
    inst.gemm(aAt, m, k, k, packedAt, n, cAt, n4, biasAt, flags);
    copyRows(m, n, f, cAt, n4, c, cOff, ldc);
  }
}

/** dst[dOff + i·ldd + j] = src[sOff + i·lds + j] for i < rows, j < cols. */
function copyRows(
  rows: number,
  cols: number,
  src: FloatArray,
  sOff: number,
  lds: number,
  dst: FloatArray,
  dOff: number,
  ldd: number,
): void {
  if (lds === cols && ldd === cols) {
    dst.set(src.subarray(sOff, sOff + rows * cols), dOff);
    return;
  }
  for (let i = 0; i < rows; i++) {
    const s = sOff + i * lds;
    dst.set(src.subarray(s, s + cols), dOff + i * ldd);
  }
}

/** The API and the compiled module, or null where WebAssembly SIMD is not available. */
function compile(): { api: WasmApi; module: WasmModule } | null {
  const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  if (api === undefined) return null;
  const binary = atob(GEMM_WASM);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  if (!api.validate(bytes)) return null;
  return { api, module: new api.Module(bytes) };
}

const COMPILED = compile();

/** A new instance with its own memory, or null without WebAssembly SIMD. */
export function createGemmInstance(): GemmInstance | null {
  return COMPILED === null ? null : new GemmInstance(COMPILED.api, COMPILED.module);
}

/** The shared product of the js kernels, or null without WebAssembly SIMD. */
export const wasmGemm: WasmGemm | null = (() => {
  const instance = createGemmInstance();
  return instance === null ? null : new WasmGemm(instance);
})();

/** Whether the js kernels run their matrix products on WebAssembly SIMD (else scalar loops). */
export function jsSimd(): boolean {
  return wasmGemm !== null;
}
