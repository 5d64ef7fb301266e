/**
 * Reset masks: a sample that resets at step t continues from a zero state, exactly as if its
 * sequence started there; gradients do not cross the reset; other samples are untouched.
 */
import { describe, expect, it } from "vitest";
import { CfC } from "../../src/nn/cfc.js";
import { LTC } from "../../src/nn/ltc.js";
import type { Module } from "../../src/nn/module.js";
import type { RecurrentState, SequenceCall } from "../../src/nn/recurrent/sequenceIO.js";
import { slice } from "../../src/tensor/ops/arrange.js";
import { sum } from "../../src/tensor/ops/reduce.js";
import { Tensor } from "../../src/tensor/tensor.js";
import { AutoNCP } from "../../src/wirings/index.js";
import { assertClose } from "../support/assertClose.js";

type SequenceModel = Module & { forward(x: Tensor, call?: SequenceCall): [Tensor, RecurrentState] };

const B = 2;
const T = 6;
const C = 3;
function input(requiresGrad = false): Tensor {
  const data = new Float64Array(B * T * C).map((_, i) => Math.sin(0.7 * i + 0.3));
  return new Tensor(data, [B, T, C], { requiresGrad });
}
const rows = (t: Tensor, b: number, t0: number, t1: number, width: number) =>
  t.data.slice((b * T + t0) * width, (b * T + t1) * width);

for (const [name, make] of [
  ["CfC", () => new CfC(C, 5, { backboneUnits: 8, dtype: "float64", seed: 1 })],
  [
    "CfC wired, mixed memory",
    () => new CfC(C, new AutoNCP(8, 2), { mixedMemory: true, dtype: "float64", seed: 1 }),
  ],
  ["LTC", () => new LTC(C, new AutoNCP(8, 2), { dtype: "float64", seed: 1 })],
] as [string, () => SequenceModel][]) {
  describe(`${name} with resets`, () => {
    // sample 0 resets at step 3; sample 1 never does
    const resets = new Tensor(Float64Array.from([0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]), [B, T]);

    it("a reset sample continues as a fresh sequence; the other sample is unchanged", () => {
      const model = make();
      const x = input();
      const [y] = model.forward(x, { resets });
      const [plain] = model.forward(x);
      const out = y.shape[2];
      const xTail = new Tensor(x.data.slice(3 * C, T * C), [1, T - 3, C]);
      const [fresh] = model.forward(xTail);
      assertClose(
        rows(y, 0, 0, 3, out),
        rows(plain, 0, 0, 3, out),
        { atol: 0, rtol: 0 },
        "before the reset",
      );
      assertClose(
        rows(y, 0, 3, T, out),
        fresh.data,
        { atol: 1e-14, rtol: 1e-12 },
        "after the reset",
      );
      assertClose(
        rows(y, 1, 0, T, out),
        rows(plain, 1, 0, T, out),
        { atol: 0, rtol: 0 },
        "other sample",
      );
    });

    it("gradients stop at the reset", () => {
      const model = make();
      const x = input(true);
      const [y] = model.forward(x, { resets });
      sum(slice(y, 1, 3, T)).backward();
      const g = x.grad!.data;
      const upToReset = (b: number) => Array.from(g.slice(b * T * C, (b * T + 3) * C));
      expect(upToReset(0).every((v) => v === 0)).toBe(true);
      expect(upToReset(1).some((v) => v !== 0)).toBe(true);
    });
  });
}

describe("resets input", () => {
  it("resets must be 0 or 1 and shaped like the steps", () => {
    const model = new CfC(C, 4, { seed: 1 });
    const x = new Tensor(new Float32Array(B * T * C), [B, T, C]);
    expect(() =>
      model.forward(x, { resets: new Tensor(new Float32Array(B * T).fill(0.5), [B, T]) }),
    ).toThrow(/resets must hold 0 or 1, got 0.5/);
    expect(() =>
      model.forward(x, { resets: new Tensor(new Float32Array(B * (T - 1)), [B, T - 1]) }),
    ).toThrow(/resets must have shape \[2, 6\]/);
  });
});
