import { describe, expect, it } from "vitest";
import { rgbToAnsi } from "../../../src/rl/breakout/ansi.js";

const ESC = "\x1b";

describe("rgbToAnsi", () => {
  it("puts the upper block in the foreground and the lower one in the background", () => {
    // 2 rows x 1 column: red above blue, one pixel per block.
    const frame = Uint8Array.of(255, 0, 0, 0, 0, 255);
    expect(rgbToAnsi(frame, 2, 1, { blockWidth: 1, blockHeight: 1 })).toBe(
      `${ESC}[38;2;255;0;0m${ESC}[48;2;0;0;255m\u2580${ESC}[0m`,
    );
  });

  it("shows the brightest pixel of each block and repeats no unchanged colour", () => {
    // 1 row x 4 columns, blocks of 2 x 1: [dark, bright] [bright, dark]; odd row count.
    const frame = Uint8Array.of(10, 10, 10, 200, 0, 0, 200, 0, 0, 5, 5, 5);
    expect(rgbToAnsi(frame, 1, 4, { blockWidth: 2, blockHeight: 1 })).toBe(
      `${ESC}[38;2;200;0;0m${ESC}[48;2;0;0;0m\u2580\u2580${ESC}[0m`,
    );
  });

  it("rejects a frame of the wrong length and bad block sizes", () => {
    expect(() => rgbToAnsi(new Uint8Array(5), 1, 2)).toThrow(/6 bytes, got 5/);
    expect(() => rgbToAnsi(new Uint8Array(6), 1, 2, { blockWidth: 0 })).toThrow(/blockWidth/);
  });
});
