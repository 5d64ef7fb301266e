/** Draws a {@link BreakoutGame} into an ALE-like 210 x 160 x 3 RGB frame. */
import type { BreakoutGame } from "./game.js";
import {
  BALL_HEIGHT,
  BALL_WIDTH,
  BRICK_COLS,
  BRICK_HEIGHT,
  BRICK_ROWS,
  BRICK_WIDTH,
  BRICK_X0,
  BRICK_Y0,
  DIGIT_Y,
  LIVES_X,
  PADDLE_COLOUR,
  PADDLE_HEIGHT,
  PADDLE_Y,
  PLAY_RIGHT,
  type Rgb,
  ROW_COLOURS,
  SCORE_X,
  SCREEN_HEIGHT,
  SCREEN_WIDTH,
  SIDE_WALL_END_Y,
  SIDE_WALL_WIDTH,
  SUBPIXELS,
  TOP_WALL_END_Y,
  TOP_WALL_Y,
  WALL_COLOUR,
} from "./layout.js";

/** Bytes in one frame: 210 * 160 * 3. */
export const FRAME_BYTES = SCREEN_HEIGHT * SCREEN_WIDTH * 3;

/** 3 x 5 digit glyphs, one string of 15 cells per digit, row by row. */
const DIGITS: readonly string[] = [
  "111101101101111",
  "010110010010111",
  "111001111100111",
  "111001111001111",
  "101101111001001",
  "111100111001111",
  "111100111101111",
  "111001001001001",
  "111101111101111",
  "111101111001111",
];
const DIGIT_CELL_W = 4;
const DIGIT_CELL_H = 2;
const DIGIT_ADVANCE = 4 * DIGIT_CELL_W;

/** Fills a rectangle, clipped to the screen. */
function fillRect(out: Uint8Array, x: number, y: number, w: number, h: number, c: Rgb): void {
  const x0 = Math.max(0, x);
  const y0 = Math.max(0, y);
  const x1 = Math.min(SCREEN_WIDTH, x + w);
  const y1 = Math.min(SCREEN_HEIGHT, y + h);
  const [r, g, b] = c;
  for (let yy = y0; yy < y1; yy++) {
    let i = (yy * SCREEN_WIDTH + x0) * 3;
    for (let xx = x0; xx < x1; xx++) {
      out[i] = r;
      out[i + 1] = g;
      out[i + 2] = b;
      i += 3;
    }
  }
}

function drawNumber(out: Uint8Array, value: number, digits: number, x: number): void {
  let v = value;
  for (let d = digits - 1; d >= 0; d--) {
    const glyph = DIGITS[v % 10];
    v = Math.floor(v / 10);
    const gx = x + d * DIGIT_ADVANCE;
    for (let cell = 0; cell < 15; cell++) {
      if (glyph[cell] !== "1") continue;
      const cx = gx + (cell % 3) * DIGIT_CELL_W;
      const cy = DIGIT_Y + Math.floor(cell / 3) * DIGIT_CELL_H;
      fillRect(out, cx, cy, DIGIT_CELL_W, DIGIT_CELL_H, WALL_COLOUR);
    }
  }
}

/**
 * Draws the whole frame (row-major, channel-last RGB) into `out`: score and lives at the top,
 * grey walls, the standing bricks, the paddle and the ball when it is in play.
 */
export function drawFrame(game: BreakoutGame, out: Uint8Array): void {
  if (out.length !== FRAME_BYTES) {
    throw new RangeError(`drawFrame: out must have ${FRAME_BYTES} bytes, got ${out.length}`);
  }
  out.fill(0);
  drawNumber(out, game.score % 1000, 3, SCORE_X);
  drawNumber(out, game.lives, 1, LIVES_X);
  fillRect(out, 0, TOP_WALL_Y, SCREEN_WIDTH, TOP_WALL_END_Y - TOP_WALL_Y, WALL_COLOUR);
  const sideH = SIDE_WALL_END_Y - TOP_WALL_END_Y;
  fillRect(out, 0, TOP_WALL_END_Y, SIDE_WALL_WIDTH, sideH, WALL_COLOUR);
  fillRect(out, PLAY_RIGHT, TOP_WALL_END_Y, SIDE_WALL_WIDTH, sideH, WALL_COLOUR);
  for (let r = 0; r < BRICK_ROWS; r++) {
    const y = BRICK_Y0 + r * BRICK_HEIGHT;
    for (let c = 0; c < BRICK_COLS; c++) {
      if (game.bricks[r * BRICK_COLS + c] === 0) continue;
      fillRect(out, BRICK_X0 + c * BRICK_WIDTH, y, BRICK_WIDTH, BRICK_HEIGHT, ROW_COLOURS[r]);
    }
  }
  fillRect(out, game.paddleX, PADDLE_Y, game.paddleWidth, PADDLE_HEIGHT, PADDLE_COLOUR);
  if (game.ballInPlay) {
    const bx = Math.floor(game.ballX / SUBPIXELS);
    const by = Math.floor(game.ballY / SUBPIXELS);
    fillRect(out, bx, by, BALL_WIDTH, BALL_HEIGHT, PADDLE_COLOUR);
  }
}
