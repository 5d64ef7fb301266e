/**
 * Packed weights for streaming: the same products as the unpacked loops, bit for bit, for
 * stacked layers, masks, outputs that do not fill the last panel or the last SIMD block, on
 * WebAssembly SIMD and on the scalar fallback.
 */
import { describe, expect, it } from "vitest";
import { gemmNTMasked, scalarGemmNT } from "../../../src/backend/js/cfcGemm.js";
import { packedProduct, packWeights } from "../../../src/backend/js/packedLinear.js";

function values(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.sin(seed * 1000 + i * 1.7) * (i % 5 === 0 ? 0 : 1);
  return out;
}

describe.each([true, false])("packWeights / packedProduct (simd: %s)", (simd) => {
  it("stacks layers as consecutive outputs with the unpacked products' exact values", () => {
    const k = 13;
    const rows = 3;
    const a = Float64Array.from(values(rows * k, 1));
    const stacks = [[4], [5, 3], [1, 2, 7, 6], [16], [16, 16, 3], [33]].map((sizes, s) => ({
      layers: sizes.map((n, i) => ({
        weight: values(n * k, 10 * s + i),
        bias: values(n, 100 * s + i),
        mask: null,
      })),
      k,
    }));
    const packed = packWeights(stacks, { simd }).linears;
    stacks.forEach(({ layers }, s) => {
      const total = layers.reduce((sum, l) => sum + l.bias.length, 0);
      expect(packed[s].n).toBe(total);
      const got = new Float64Array(rows * total);
      packedProduct(packed[s], rows, a, 0, k, got, 0, total);
      const want = new Float64Array(rows * total);
      let col = 0;
      for (const l of layers) {
        const n = l.bias.length;
        scalarGemmNT(rows, n, k, a, 0, k, l.weight, 0, k, l.bias, 0, want, col, total, false);
        col += n;
      }
      expect(Array.from(got)).toEqual(Array.from(want));
    });
  });

  it("multiplies a sparsity mask into the weights as the masked product does", () => {
    const k = 9;
    const n = 22;
    const a = Float64Array.from(values(2 * k, 3));
    const weight = values(n * k, 4);
    const bias = values(n, 5);
    const mask = values(n * k, 6).map((v) => (v > 0 ? 1 : 0));
    const [p] = packWeights([{ layers: [{ weight, bias, mask }], k }], { simd }).linears;
    const got = new Float64Array(2 * n);
    packedProduct(p, 2, a, 0, k, got, 0, n);
    const want = new Float64Array(2 * n);
    gemmNTMasked(2, n, k, a, 0, k, weight, mask, k, bias, want, 0, n);
    expect(Array.from(got)).toEqual(Array.from(want));
  });

  it("writes only the n outputs of each row, leaving the rest of a wider row alone", () => {
    const k = 4;
    const layers = [{ weight: values(3 * k, 7), bias: values(3, 8), mask: null }];
    const [p] = packWeights([{ layers, k }], { simd }).linears;
    const c = new Float64Array(2 * 5).fill(42);
    packedProduct(p, 2, Float64Array.from(values(2 * k, 9)), 0, k, c, 1, 5);
    expect([c[0], c[4], c[5], c[9]]).toEqual([42, 42, 42, 42]);
    expect(c.filter((v) => v === 42).length).toBe(4);
  });
});
