/** Line plots of equally long series on a shared [-1.2, 1.2] scale (the sine task's target and output). */
import { context2d } from "./dom.js";

/** One line of the plot. */
export interface Series {
  readonly values: ArrayLike<number>;
  readonly color: string;
  readonly label: string;
}

const PAD = 10;
const RANGE = 1.2;

/** Draws the series with a legend in the top-left corner. */
export function drawSeries(canvas: HTMLCanvasElement, series: readonly Series[]): void {
  const ctx = context2d(canvas);
  const { width, height } = canvas;
  ctx.clearRect(0, 0, width, height);
  const w = width - 2 * PAD;
  const h = height - 2 * PAD;
  const y = (v: number): number =>
    PAD + ((RANGE - Math.max(-RANGE, Math.min(RANGE, v))) / (2 * RANGE)) * h;
  ctx.strokeStyle = "#ddd";
  ctx.beginPath();
  ctx.moveTo(PAD, y(0));
  ctx.lineTo(PAD + w, y(0));
  ctx.stroke();
  ctx.font = "11px system-ui, sans-serif";
  ctx.textBaseline = "top";
  series.forEach((s, k) => {
    const n = s.values.length;
    ctx.strokeStyle = s.color;
    ctx.lineWidth = 2;
    ctx.beginPath();
    for (let i = 0; i < n; i++) {
      const px = PAD + (n < 2 ? 0 : (i / (n - 1)) * w);
      if (i === 0) ctx.moveTo(px, y(s.values[i]));
      else ctx.lineTo(px, y(s.values[i]));
    }
    ctx.stroke();
    ctx.fillStyle = s.color;
    ctx.fillText(s.label, PAD + 4, PAD + 2 + 14 * k);
  });
  ctx.lineWidth = 1;
}
