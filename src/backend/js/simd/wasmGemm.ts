/**
 * The js kernels' matrix product on WebAssembly SIMD (gemm.wat): four times the speed of the
 * scalar loops in V8 and the same bits, since every output is still one in-order sum (see the
 * header of gemm.wat). Operands are copied into the module's memory per call, which costs a
 * few percent at the sizes where it is used. Where WebAssembly SIMD is missing (old browsers)
 * {@link wasmGemm} is null and the scalar loops run.
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
}

const FLAG_BIAS = 1;
const FLAG_ACCUMULATE = 2;
const PAGE_BYTES = 65536;

/** A WebAssembly instance of gemm.wat and its memory, grown on demand. */
export class WasmGemm {
  private readonly exports: GemmExports;
  private view: Float64Array;

  constructor(api: WasmApi, module: WasmModule) {
    this.exports = new api.Instance(module).exports as GemmExports;
    this.view = new Float64Array(this.exports.memory.buffer);
  }

  /**
   * c[cOff + i·ldc + j] = (accumulate ? c[...] : 0) + (Σ_{q<k} a[aOff + i·lda + q] ·
   * w[wOff + j·ldw + q] + (bias ? bias[biasOff + j] : 0)) for i < m, j < n: the contract and
   * the results of the scalar `gemmNT` (cfcGemm.ts).
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
    const n4 = (n + 3) & ~3;
    // Memory layout in doubles: A [m, k] | W [n, k] | packed W [n4, k] | C [m, n4] | bias [n4]
    const aAt = 0;
    const wAt = aAt + m * k;
    const packedAt = wAt + n * k;
    const cAt = packedAt + n4 * k;
    const biasAt = cAt + m * n4;
    this.reserve(biasAt + n4);
    const f = this.view;
    copyRows(m, k, a, aOff, lda, f, aAt, k);
    copyRows(n, k, w, wOff, ldw, f, wAt, k);
    this.exports.pack(wAt * 8, n, k, k, packedAt * 8);
    let flags = 0;
    if (bias !== null) {
      f.set(bias.subarray(biasOff, biasOff + n), biasAt);
      flags |= FLAG_BIAS;
    }
    if (accumulate) {
      copyRows(m, n, c, cOff, ldc, f, cAt, n4);
      flags |= FLAG_ACCUMULATE;
    }
    this.exports.gemm(aAt * 8, m, k, k, packedAt * 8, n, cAt * 8, n4, biasAt * 8, flags);
    copyRows(m, n, f, cAt, n4, c, cOff, ldc);
  }

  /** Makes the memory hold at least `doubles` values. */
  private reserve(doubles: number): void {
    const memory = this.exports.memory;
    const need = doubles * 8 - memory.buffer.byteLength;
    if (need > 0) {
      memory.grow(Math.ceil(need / PAGE_BYTES));
      this.view = new Float64Array(memory.buffer);
    }
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

/** An instance of gemm.wat, or null where WebAssembly SIMD is not available. */
function instantiate(): WasmGemm | null {
  const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  if (api === undefined) return null;
  const binary = atob(GEMM_WASM);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  if (!api.validate(bytes)) return null;
  return new WasmGemm(api, new api.Module(bytes));
}

/** The shared instance of the js kernels, or null without WebAssembly SIMD. */
export const wasmGemm: WasmGemm | null = instantiate();
