import { describe, expect, it } from "vitest";
import { dropout, tensor } from "../../src/tensor/index.js";
import { gradcheck, randomTensor, seededRandom } from "../support/gradcheck.js";

describe("dropout", () => {
  const x = tensor([1, 2, 3, 4], { dtype: "float64", requiresGrad: true });

  it("keeps an element when random() < 1 - p and scales it by 1 / (1 - p)", () => {
    const draws = [0.1, 0.9, 0.74, 0.75];
    let i = 0;
    const y = dropout(x, 0.25, true, () => draws[i++]);
    // keep = 0.75: draws 0.1 and 0.74 keep, 0.9 and 0.75 drop; scale 4/3.
    expect(y.toArray()).toEqual([1 / 0.75, 0, 3 / 0.75, 0]);
    expect(i).toBe(4);
  });

  it("is the identity when not training or when p is 0, and zero when p is 1", () => {
    const never = (): number => {
      throw new Error("random must not be drawn");
    };
    expect(dropout(x, 0.5, false, never)).toBe(x);
    expect(dropout(x, 0, true, never)).toBe(x);
    expect(dropout(x, 1, true, () => 0).toArray()).toEqual([0, 0, 0, 0]);
  });

  it("rejects a bad probability or source", () => {
    expect(() => dropout(x, 1.5, true, Math.random)).toThrow(
      "dropout: p must be a probability in [0, 1], got 1.5",
    );
    expect(() => dropout(x, 0.5, true, 3 as unknown as () => number)).toThrow(
      "dropout: random must be a function returning uniform doubles, got number",
    );
  });

  it("gradient is the same mask (finite differences with a replayed source)", () => {
    const t = randomTensor(seededRandom(2), [3, 4]);
    // The same seed each call: gradcheck re-runs the function, which must see the same mask.
    gradcheck((a) => dropout(a, 0.4, true, seededRandom(9)), [t], { name: "dropout" });
  });
});
