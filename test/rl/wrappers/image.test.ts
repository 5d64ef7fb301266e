/** Grey conversion and area resize against OpenCV's known values and an exact Python reference. */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { AreaResize, greyOf, rgbToGrey } from "../../../src/rl/wrappers/image.js";

describe("grey", () => {
  it("matches OpenCV's RGB2GRAY for pure colours (76, 150, 29) and keeps greys", () => {
    expect([greyOf(255, 0, 0), greyOf(0, 255, 0), greyOf(0, 0, 255)]).toEqual([76, 150, 29]);
    expect([greyOf(0, 0, 0), greyOf(142, 142, 142), greyOf(255, 255, 255)]).toEqual([0, 142, 255]);
  });

  it("converts whole images (Breakout's brick colours)", () => {
    // python: (r*4899 + g*9617 + b*1868 + 8192) >> 14 for the six row colours
    const rgb = Uint8Array.of(
      200,
      72,
      72,
      198,
      108,
      58,
      180,
      122,
      48,
      162,
      162,
      42,
      72,
      160,
      72,
      66,
      72,
      200,
    );
    const grey = new Uint8Array(6);
    rgbToGrey(rgb, grey);
    expect(Array.from(grey)).toEqual([110, 129, 131, 148, 124, 85]);
    expect(() => rgbToGrey(rgb, new Uint8Array(5))).toThrow(
      /3 bytes per output pixel \(15\), got 18/,
    );
  });
});

describe("AreaResize", () => {
  it("averages 2 x 2 blocks for an exact halving", () => {
    const src = Uint8Array.of(0, 4, 10, 20, 8, 4, 30, 40, 1, 1, 5, 5, 1, 2, 5, 5);
    const out = new Uint8Array(4);
    new AreaResize(4, 4, 2, 2).apply(src, out);
    // (0+4+8+4)/4 = 4, (10+20+30+40)/4 = 25, (1+1+1+2)/4 = 1.25, 5
    expect(Array.from(out)).toEqual([4, 25, 1, 5]);
  });

  it("rounds ties to even", () => {
    const out = new Uint8Array(1);
    const r = new AreaResize(1, 2, 1, 1);
    r.apply(Uint8Array.of(1, 2), out);
    expect(out[0]).toBe(2); // 1.5
    r.apply(Uint8Array.of(2, 3), out);
    expect(out[0]).toBe(2); // 2.5
  });

  it("weights partly covered pixels (5 x 7 -> 2 x 3, exact reference)", () => {
    // python: src = np.random.default_rng(0).integers(0, 256, (5, 7)); every output is the
    // exact area mean computed with fractions.Fraction, rounded half to even.
    const src = Uint8Array.from(
      [
        [217, 163, 130, 69, 78, 10, 19],
        [4, 44, 208, 166, 233, 128, 155],
        [248, 186, 161, 139, 143, 239, 71],
        [208, 171, 0, 100, 219, 141, 8],
        [195, 186, 216, 44, 22, 220, 5],
      ].flat(),
    );
    const out = new Uint8Array(6);
    new AreaResize(5, 7, 2, 3).apply(src, out);
    expect(Array.from(out)).toEqual([134, 144, 102, 184, 106, 109]);
  });

  it("resizes 210 x 160 to 84 x 84 exactly as the reference", () => {
    // python: same Fraction reference on ((y*7 + x*13 + (x*y) % 11) % 256) for y < 210, x < 160;
    // sha1 of the 84 x 84 bytes, their sum, and out[0,0], out[41,42], out[83,83].
    const src = new Uint8Array(210 * 160);
    for (let y = 0; y < 210; y++) {
      for (let x = 0; x < 160; x++) src[y * 160 + x] = (y * 7 + x * 13 + ((x * y) % 11)) % 256;
    }
    const out = new Uint8Array(84 * 84);
    new AreaResize(210, 160, 84, 84).apply(src, out);
    expect([out[0], out[41 * 84 + 42], out[83 * 84 + 83]]).toEqual([12, 237, 193]);
    expect(out.reduce((a, b) => a + b, 0)).toBe(899128);
    expect(createHash("sha1").update(out).digest("hex")).toBe(
      "10057ba364a577f09103cb43bf5cc79cae6fe6b3",
    );
  });

  it("checks sizes", () => {
    expect(() => new AreaResize(0, 2, 1, 1)).toThrow(/inHeight must be a positive integer, got 0/);
    const r = new AreaResize(2, 2, 1, 1);
    expect(() => r.apply(new Uint8Array(3), new Uint8Array(1))).toThrow(
      /src must have 4 bytes, got 3/,
    );
    expect(() => r.apply(new Uint8Array(4), new Uint8Array(2))).toThrow(
      /out must have 1 bytes, got 2/,
    );
  });
});
