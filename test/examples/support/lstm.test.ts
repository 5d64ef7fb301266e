import { describe, expect, it } from "vitest";
import { LstmSequence } from "../../../examples/support/lstm.js";
import { sum, tensor } from "../../../src/index.js";
import { assertClose } from "../../support/assertClose.js";

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

/** The LSTM of spec/ncps.md 2.4 written out with plain numbers, from a zero state. */
function reference(
  w: Float64Array,
  b: Float64Array,
  u: Float64Array,
  x: number[][],
  inputs: number,
  hidden: number,
): number[][] {
  let h = new Array<number>(hidden).fill(0);
  let c = new Array<number>(hidden).fill(0);
  const out: number[][] = [];
  for (const xt of x) {
    const z = Array.from({ length: 4 * hidden }, (_, r) => {
      let s = b[r];
      for (let k = 0; k < inputs; k++) s += w[r * inputs + k] * xt[k];
      for (let k = 0; k < hidden; k++) s += u[r * hidden + k] * h[k];
      return s;
    });
    const gate = (g: number, j: number) => z[g * hidden + j];
    c = c.map(
      (cj, j) => cj * sigmoid(gate(2, j) + 1) + Math.tanh(gate(0, j)) * sigmoid(gate(1, j)),
    );
    h = c.map((cj, j) => Math.tanh(cj) * sigmoid(gate(3, j)));
    out.push(h);
  }
  return out;
}

describe("LstmSequence", () => {
  it("steps ncps's LSTM cell over time from a zero state", () => {
    const lstm = new LstmSequence(3, 4, { dtype: "float64", seed: 7 });
    const xs = [
      [
        [0.5, -1, 2],
        [0.1, 0.2, -0.3],
        [1, 1, 1],
      ],
      [
        [-2, 0, 0.5],
        [0, 0, 0],
        [0.3, -0.7, 0.9],
      ],
    ];
    const y = lstm.forward(tensor(xs, { dtype: "float64" }));
    expect(y.shape).toEqual([2, 3, 4]);
    const cell = lstm.cell;
    const w = cell.inputMap.weight.data as Float64Array;
    const b = cell.inputMap.bias?.data as Float64Array;
    const u = cell.recurrentMap.weight.data as Float64Array;
    const expected = xs.flatMap((seq) => reference(w, b, u, seq, 3, 4).flat());
    assertClose(y.data, expected, { rtol: 1e-12, atol: 1e-14 }, "LSTM outputs");
  });

  it("backpropagates into every parameter", () => {
    const lstm = new LstmSequence(2, 3, { seed: 1 });
    const loss = sum(
      lstm.forward(
        tensor([
          [
            [1, 2],
            [3, 4],
          ],
        ]),
      ),
    );
    loss.backward();
    for (const p of lstm.parameters()) {
      expect(p.grad).not.toBeNull();
      expect(Array.from(p.grad?.data ?? []).some((g) => g !== 0)).toBe(true);
    }
  });

  it("rejects input of the wrong shape", () => {
    const lstm = new LstmSequence(2, 3);
    expect(() => lstm.forward(tensor([[1, 2]]))).toThrow(
      "LstmSequence: input must have shape [B, T, 2], got [1, 2]",
    );
  });
});
