/** Draws a MinAtar Breakout observation (`[10, 10, 4]`: paddle, ball, trail, brick) on a canvas. */
import { BREAKOUT_CHANNELS, BREAKOUT_GRID } from "../breakout/observation.js";
import { context2d } from "./dom.js";

/** Cell colours by channel; the later channel wins where two overlap (the ball over its trail). */
const COLORS = ["#1f77b4", "#d62728", "#f4a3a3", "#8c564b"] as const;
const DRAW_ORDER = [3, 2, 0, 1] as const;

/** Paints the grid: bricks, then trail, paddle and ball, on a light background. */
export function drawBoard(canvas: HTMLCanvasElement, observation: ArrayLike<number>): void {
  const ctx = context2d(canvas);
  const cell = Math.floor(Math.min(canvas.width, canvas.height) / BREAKOUT_GRID);
  ctx.fillStyle = "#f7f7f7";
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  for (const c of DRAW_ORDER) {
    ctx.fillStyle = COLORS[c];
    for (let i = 0; i < BREAKOUT_GRID * BREAKOUT_GRID; i++) {
      if (observation[i * BREAKOUT_CHANNELS + c] === 0) continue;
      const x = (i % BREAKOUT_GRID) * cell;
      const y = Math.floor(i / BREAKOUT_GRID) * cell;
      ctx.fillRect(x + 1, y + 1, cell - 2, cell - 2);
    }
  }
}
