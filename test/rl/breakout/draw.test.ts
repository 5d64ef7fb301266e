/** The frame layout of spec/rl.md 3.2, pixel by pixel at known coordinates. */
import { describe, expect, it } from "vitest";
import { drawFrame, FRAME_BYTES } from "../../../src/rl/breakout/draw.js";
import { BreakoutGame } from "../../../src/rl/breakout/game.js";

function pixel(frame: Uint8Array, y: number, x: number): number[] {
  const i = (y * 160 + x) * 3;
  return [frame[i], frame[i + 1], frame[i + 2]];
}

function drawn(game: BreakoutGame): Uint8Array {
  const f = new Uint8Array(FRAME_BYTES);
  drawFrame(game, f);
  return f;
}

const GREY = [142, 142, 142];
const BLACK = [0, 0, 0];
const RED = [200, 72, 72];

describe("drawFrame", () => {
  const frame = drawn(new BreakoutGame());

  it("is 210 x 160 x 3 bytes", () => {
    expect(FRAME_BYTES).toBe(210 * 160 * 3);
  });

  it("draws the grey top wall on rows 17..31 across the screen", () => {
    for (const [y, x] of [
      [17, 0],
      [31, 159],
      [24, 80],
    ]) {
      expect(pixel(frame, y, x)).toEqual(GREY);
    }
    expect(pixel(frame, 16, 0)).toEqual(BLACK);
    expect(pixel(frame, 32, 80)).toEqual(BLACK);
  });

  it("draws 8 px side walls below it", () => {
    expect(pixel(frame, 100, 0)).toEqual(GREY);
    expect(pixel(frame, 100, 7)).toEqual(GREY);
    expect(pixel(frame, 100, 8)).toEqual(BLACK);
    expect(pixel(frame, 100, 151)).toEqual(BLACK);
    expect(pixel(frame, 100, 152)).toEqual(GREY);
    expect(pixel(frame, 100, 159)).toEqual(GREY);
  });

  it("draws six rows of bricks from y 57 in the row colours", () => {
    const colours = [
      [200, 72, 72],
      [198, 108, 58],
      [180, 122, 48],
      [162, 162, 42],
      [72, 160, 72],
      [66, 72, 200],
    ];
    for (let r = 0; r < 6; r++) {
      expect(pixel(frame, 57 + 6 * r, 8)).toEqual(colours[r]);
      expect(pixel(frame, 62 + 6 * r, 151)).toEqual(colours[r]);
    }
    expect(pixel(frame, 56, 80)).toEqual(BLACK);
    expect(pixel(frame, 93, 80)).toEqual(BLACK);
    let lit = 0;
    for (let y = 57; y < 93; y++) {
      for (let x = 8; x < 152; x++) if (pixel(frame, y, x).some((v) => v > 0)) lit++;
    }
    expect(lit).toBe(108 * 8 * 6);
  });

  it("draws the 16 x 4 paddle at y 189 from x 72", () => {
    expect(pixel(frame, 189, 72)).toEqual(RED);
    expect(pixel(frame, 192, 87)).toEqual(RED);
    expect(pixel(frame, 189, 71)).toEqual(BLACK);
    expect(pixel(frame, 189, 88)).toEqual(BLACK);
    expect(pixel(frame, 193, 80)).toEqual(BLACK);
  });

  it("draws the 2 x 4 ball only while it is in play", () => {
    const g = new BreakoutGame();
    expect(pixel(drawn(g), 122, 100)).toEqual(BLACK);
    g.setState({ ...g.getState(), ballInPlay: true, ballX: 100 * 8 + 5, ballY: 122 * 8 + 7 });
    const f = drawn(g);
    expect(pixel(f, 122, 100)).toEqual(RED);
    expect(pixel(f, 125, 101)).toEqual(RED);
    expect(pixel(f, 126, 100)).toEqual(BLACK);
    expect(pixel(f, 122, 102)).toEqual(BLACK);
  });

  it("shows score and lives as grey digits above the wall", () => {
    // The lives digit "5" starts with a full top bar: cells of 4 x 2 px from x 104, y 5.
    for (const x of [104, 108, 112]) expect(pixel(frame, 5, x)).toEqual(GREY);
    // Second glyph row of "5": only the left cell.
    expect(pixel(frame, 7, 104)).toEqual(GREY);
    expect(pixel(frame, 7, 112)).toEqual(BLACK);
    // "000": the middle cell of the glyph's middle row is empty.
    expect(pixel(frame, 9, 36 + 4)).toEqual(BLACK);
    expect(pixel(frame, 9, 36)).toEqual(GREY);
  });

  it("rejects a buffer of the wrong size", () => {
    expect(() => drawFrame(new BreakoutGame(), new Uint8Array(10))).toThrow(/100800 bytes, got 10/);
  });
});
