import { describe, expect, it } from "vitest";
import type { FloatArray } from "../../../src/backend/js/activations.js";
import {
  type LstmGrads,
  type LstmParams,
  lstmSaveSize,
  lstmStepBackward,
  lstmStepForward,
  validateLstmParams,
} from "../../../src/backend/js/lstm.js";
import { assertClose } from "../../support/assertClose.js";

/** sin(a·i + b) for i < n: deterministic values that numpy can rebuild exactly. */
function sinSeq(n: number, a: number, b: number, scale = 1): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.sin(a * i + b) * scale;
  return out;
}

function makeParams(c: number, h: number): LstmParams {
  return {
    inputSize: c,
    hiddenSize: h,
    inputWeight: sinSeq(4 * h * c, 0.7, 0.3, 0.8),
    inputBias: sinSeq(4 * h, 1.3, 0.1, 0.2),
    recurrentWeight: sinSeq(4 * h * h, 0.9, -0.4, 0.7),
  };
}

function forward(p: LstmParams, x: FloatArray, h: FloatArray, c: FloatArray) {
  const hOut = new Float64Array(p.hiddenSize);
  const cOut = new Float64Array(p.hiddenSize);
  const save = new Float64Array(lstmSaveSize(p.hiddenSize));
  lstmStepForward(p, x, 0, h, 0, c, 0, hOut, 0, cOut, 0, save, 0);
  return { hOut, cOut, save };
}

describe("lstmStepForward", () => {
  it("matches numpy for C=3, H=2", () => {
    // numpy: z = wi@x + bi + wr@h; i,ig,fg,og = split(z, 4);
    // c' = c*sigmoid(fg+1) + tanh(i)*sigmoid(ig); h' = tanh(c')*sigmoid(og), with the same sin inputs.
    const p = makeParams(3, 2);
    const { hOut, cOut } = forward(
      p,
      sinSeq(3, 1.1, 0.5),
      sinSeq(2, 2.1, 0.2, 0.5),
      sinSeq(2, 0.4, 1.0),
    );
    const tol = { atol: 1e-15, rtol: 1e-14 };
    assertClose(hOut, [0.4992227614463811, 0.3668496941125694], tol, "h'");
    assertClose(cOut, [0.8200614742987054, 0.8111214377831328], tol, "c'");
  });

  it("allows updating h and c in place, and float32 buffers", () => {
    const p = makeParams(3, 2);
    const x = sinSeq(3, 1.1, 0.5);
    const ref = forward(p, x, sinSeq(2, 2.1, 0.2, 0.5), sinSeq(2, 0.4, 1.0));
    const h = sinSeq(2, 2.1, 0.2, 0.5);
    const c = sinSeq(2, 0.4, 1.0);
    const save = new Float64Array(lstmSaveSize(2));
    lstmStepForward(p, x, 0, h, 0, c, 0, h, 0, c, 0, save, 0);
    expect(Array.from(h)).toEqual(Array.from(ref.hOut));
    expect(Array.from(c)).toEqual(Array.from(ref.cOut));

    const p32: LstmParams = {
      ...p,
      inputWeight: Float32Array.from(p.inputWeight),
      inputBias: Float32Array.from(p.inputBias),
      recurrentWeight: Float32Array.from(p.recurrentWeight),
    };
    const h32 = Float32Array.from(sinSeq(2, 2.1, 0.2, 0.5));
    const c32 = Float32Array.from(sinSeq(2, 0.4, 1.0));
    const save32 = new Float32Array(lstmSaveSize(2));
    lstmStepForward(p32, Float32Array.from(x), 0, h32, 0, c32, 0, h32, 0, c32, 0, save32, 0);
    assertClose(h32, ref.hOut, { atol: 1e-6, rtol: 1e-5 }, "h' float32");
    assertClose(c32, ref.cOut, { atol: 1e-6, rtol: 1e-5 }, "c' float32");
  });

  it("rejects arrays of the wrong length, naming them", () => {
    const p = makeParams(3, 2);
    expect(() => validateLstmParams({ ...p, inputBias: new Float64Array(7) })).toThrow(
      /lstm inputBias: expected length 8, got 7/,
    );
    expect(() => validateLstmParams({ ...p, hiddenSize: 0 })).toThrow(/hiddenSize/);
  });
});

describe("lstmStepBackward", () => {
  // Loss L = Σ wh·h' + Σ wc·c'; analytic gradients against central finite differences.
  const C = 3;
  const H = 4;
  const p = makeParams(C, H);
  const x = sinSeq(C, 1.1, 0.5);
  const h = sinSeq(H, 2.1, 0.2, 0.5);
  const c = sinSeq(H, 0.4, 1.0);
  const wh = sinSeq(H, 0.77, 0.9);
  const wc = sinSeq(H, 1.9, -0.3);

  function loss(): number {
    const { hOut, cOut } = forward(p, x, h, c);
    let s = 0;
    for (let j = 0; j < H; j++) s += wh[j] * hOut[j] + wc[j] * cOut[j];
    return s;
  }

  function numericGrad(a: Float64Array): Float64Array {
    const g = new Float64Array(a.length);
    const eps = 1e-6;
    for (let i = 0; i < a.length; i++) {
      const keep = a[i];
      a[i] = keep + eps;
      const up = loss();
      a[i] = keep - eps;
      const down = loss();
      a[i] = keep;
      g[i] = (up - down) / (2 * eps);
    }
    return g;
  }

  it("matches finite differences for every input and weight", () => {
    const { save } = forward(p, x, h, c);
    const g: LstmGrads = {
      inputWeight: new Float64Array(4 * H * C),
      inputBias: new Float64Array(4 * H),
      recurrentWeight: new Float64Array(4 * H * H),
    };
    const dz = new Float64Array(4 * H);
    // Offsets into larger buffers exercise the (array, offset) addressing.
    const dx = new Float64Array(C + 2);
    const dh = new Float64Array(H + 1);
    const dc = new Float64Array(H + 3);
    lstmStepBackward(p, g, x, 0, h, 0, c, 0, save, 0, wh, 0, wc, 0, dz, dx, 2, dh, 1, dc, 3);
    const tol = { atol: 1e-8, rtol: 1e-6 };
    assertClose(dx.subarray(2), numericGrad(x), tol, "dx");
    assertClose(dh.subarray(1), numericGrad(h), tol, "dh");
    assertClose(dc.subarray(3), numericGrad(c), tol, "dc");
    assertClose(g.inputWeight, numericGrad(p.inputWeight as Float64Array), tol, "dWi");
    assertClose(g.inputBias, numericGrad(p.inputBias as Float64Array), tol, "dbi");
    assertClose(g.recurrentWeight, numericGrad(p.recurrentWeight as Float64Array), tol, "dWr");
  });

  it("accumulates into weight gradients, dx and dh, and treats a null dcNext as zero", () => {
    const { save } = forward(p, x, h, c);
    const run = (dcNext: Float64Array | null, seed: number) => {
      const g: LstmGrads = {
        inputWeight: new Float64Array(4 * H * C).fill(seed),
        inputBias: new Float64Array(4 * H).fill(seed),
        recurrentWeight: new Float64Array(4 * H * H).fill(seed),
      };
      const dx = new Float64Array(C).fill(seed);
      const dh = new Float64Array(H).fill(seed);
      const dc = new Float64Array(H).fill(123);
      lstmStepBackward(
        p,
        g,
        x,
        0,
        h,
        0,
        c,
        0,
        save,
        0,
        wh,
        0,
        dcNext,
        0,
        new Float64Array(4 * H),
        dx,
        0,
        dh,
        0,
        dc,
        0,
      );
      return { g, dx, dh, dc };
    };
    const zero = run(new Float64Array(H), 0);
    const nul = run(null, 0);
    expect(Array.from(nul.dc)).toEqual(Array.from(zero.dc));
    expect(Array.from(nul.dx)).toEqual(Array.from(zero.dx));
    const acc = run(null, 1);
    const tol = { atol: 1e-15, rtol: 1e-15 };
    assertClose(
      acc.dx,
      Array.from(zero.dx, (v) => v + 1),
      tol,
      "dx accumulates",
    );
    assertClose(
      acc.dh,
      Array.from(zero.dh, (v) => v + 1),
      tol,
      "dh accumulates",
    );
    assertClose(
      acc.g.inputWeight,
      Array.from(zero.g.inputWeight, (v) => v + 1),
      tol,
      "dWi accumulates",
    );
    assertClose(acc.dc, zero.dc, tol, "dc is written, not accumulated");
  });
});
