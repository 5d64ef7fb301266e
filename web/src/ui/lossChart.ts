/** A training-loss curve on a canvas, log-scaled, redrawn whole each time. */
import { context2d } from "./dom.js";

const PAD = { left: 52, right: 12, top: 12, bottom: 26 };

/** Draws `losses` (one per optimiser step) with a log10 y axis. */
export function drawLossChart(canvas: HTMLCanvasElement, losses: readonly number[]): void {
  const ctx = context2d(canvas);
  const { width, height } = canvas;
  ctx.clearRect(0, 0, width, height);
  const w = width - PAD.left - PAD.right;
  const h = height - PAD.top - PAD.bottom;
  ctx.strokeStyle = "#999";
  ctx.strokeRect(PAD.left, PAD.top, w, h);
  const finite = losses.filter((v) => v > 0 && Number.isFinite(v));
  if (finite.length === 0) return;
  const lo = Math.floor(Math.log10(Math.min(...finite)));
  const hi = Math.max(lo + 1, Math.ceil(Math.log10(Math.max(...finite))));
  const y = (v: number): number => PAD.top + ((hi - Math.log10(v)) / (hi - lo)) * h;
  const x = (i: number): number =>
    PAD.left + (losses.length < 2 ? 0 : (i / (losses.length - 1)) * w);

  ctx.fillStyle = "#555";
  ctx.font = "11px system-ui, sans-serif";
  ctx.textAlign = "right";
  ctx.textBaseline = "middle";
  for (let p = lo; p <= hi; p++) {
    ctx.fillText(`1e${p}`, PAD.left - 6, y(10 ** p));
    ctx.strokeStyle = "#eee";
    ctx.beginPath();
    ctx.moveTo(PAD.left, y(10 ** p));
    ctx.lineTo(PAD.left + w, y(10 ** p));
    ctx.stroke();
  }
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  ctx.fillText(`step ${losses.length}`, PAD.left + w / 2, PAD.top + h + 8);

  ctx.strokeStyle = "#d62728";
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  losses.forEach((v, i) => {
    if (!(v > 0 && Number.isFinite(v))) return;
    if (i === 0) ctx.moveTo(x(i), y(v));
    else ctx.lineTo(x(i), y(v));
  });
  ctx.stroke();
  ctx.lineWidth = 1;
}
