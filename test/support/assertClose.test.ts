import { describe, expect, it } from "vitest";
import { assertClose } from "./assertClose.js";

describe("assertClose", () => {
  it("accepts values within atol + rtol*|expected|", () => {
    expect(() => assertClose([1, 2.0000001], [1, 2], { atol: 0, rtol: 1e-6 })).not.toThrow();
  });
  it("rejects values outside the tolerance and NaN, naming the first bad index", () => {
    expect(() => assertClose([1, 2.1], [1, 2], { atol: 1e-3, rtol: 0 }, "y")).toThrow(/y: .*\[1\]/);
    expect(() => assertClose([Number.NaN], [0], { atol: 1, rtol: 1 })).toThrow(/not close/);
  });
});
