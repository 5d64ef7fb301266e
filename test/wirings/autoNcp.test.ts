/** AutoNCP's derived sizes (spec 1.6) and its argument checks. */
import { describe, expect, it } from "vitest";
import { AutoNCP, autoNcpSizes, roundHalfEven } from "../../src/wirings/index.js";

const sizes = (
  inter: number,
  command: number,
  motor: number,
  sensoryFanout: number,
  interFanout: number,
  recurrentCommandSynapses: number,
  motorFanin: number,
) => ({
  interNeurons: inter,
  commandNeurons: command,
  motorNeurons: motor,
  sensoryFanout,
  interFanout,
  recurrentCommandSynapses,
  motorFanin,
});

describe("autoNcpSizes", () => {
  // Python (ncps's formulas, float64, int() truncation):
  //   d = 1.0 - sp; n = units - out; c = max(int(0.4 * n), 1); i = n - c
  //   (i, c, out, max(int(i*d), 1), max(int(c*d), 1), max(int(c*d*2), 1), max(int(c*d), 1))
  it("reproduces the spec's examples at sparsity 0.5", () => {
    expect(autoNcpSizes(16, 4)).toEqual(sizes(8, 4, 4, 4, 2, 4, 2));
    expect(autoNcpSizes(19, 4)).toEqual(sizes(9, 6, 4, 4, 3, 6, 3));
    expect(autoNcpSizes(28, 10)).toEqual(sizes(11, 7, 10, 5, 3, 7, 3));
    expect(autoNcpSizes(64, 8)).toEqual(sizes(34, 22, 8, 17, 11, 22, 11));
  });

  it("truncates float64 products like Python: 45 * 0.7 * 2 = 62.99999999999999 gives 62", () => {
    // AutoNCP(120, 7, sparsity 0.3): n = 113, command = int(45.2) = 45
    expect(autoNcpSizes(120, 7, 0.3)).toEqual(sizes(68, 45, 7, 47, 31, 62, 31));
  });

  it("covers other sparsities, including the accepted bounds 0.1 and 1.0", () => {
    expect(autoNcpSizes(20, 5, 0.8)).toEqual(sizes(9, 6, 5, 1, 1, 2, 1));
    expect(autoNcpSizes(8, 5, 1.0)).toEqual(sizes(2, 1, 5, 1, 1, 1, 1));
    expect(autoNcpSizes(100, 1, 0.1)).toEqual(sizes(60, 39, 1, 54, 35, 70, 35));
  });

  it("AutoNCP is an NCP with those sizes and outputDim = outputSize", () => {
    const w = new AutoNCP(28, 10);
    expect({ ...w.sizes }).toEqual(sizes(11, 7, 10, 5, 3, 7, 3));
    expect(w.units).toBe(28);
    expect(w.outputDim).toBe(10);
    expect(w.seed).toBe(22222);
    expect(w.sparsityLevel).toBe(0.5);
  });

  it("rejects outputs >= units - 2 and sparsity outside [0.1, 1.0]", () => {
    expect(() => new AutoNCP(10, 8)).toThrow(
      /outputSize: expected an integer below units - 2 = 8 .*, got 8/,
    );
    expect(() => new AutoNCP(10, 2, { sparsityLevel: 0.05 })).toThrow(
      /sparsityLevel: expected a number in \[0.1, 1\], got 0.05/,
    );
    expect(() => new AutoNCP(10, 2, { sparsityLevel: 1.01 })).toThrow(/sparsityLevel/);
    expect(() => new AutoNCP(10, 0)).toThrow(/outputSize: expected an integer >= 1, got 0/);
    expect(() => new AutoNCP(-4, 1)).toThrow(/units: expected an integer >= 1, got -4/);
    expect(() => new AutoNCP(10, 2, { seed: 3.5 })).toThrow(/seed: expected an integer, got 3.5/);
  });
});

describe("roundHalfEven (numpy np.round)", () => {
  it("rounds halves to even like numpy", () => {
    // [float(np.round(x)) for x in (0.5, 1.5, 2.5, -0.5, -1.5, 2.4999, 2.5001, 7.0)]
    // -> [0.0, 2.0, 2.0, -0.0, -2.0, 2.0, 3.0, 7.0]
    expect([0.5, 1.5, 2.5, -1.5, 2.4999, 2.5001, 7].map(roundHalfEven)).toEqual([
      0, 2, 2, -2, 2, 3, 7,
    ]);
    expect(roundHalfEven(-0.5) === 0).toBe(true);
  });
});
