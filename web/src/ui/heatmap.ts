/**
 * A scrolling heatmap strip of a recurrent state: one row per neuron, one column per time
 * step, newest on the right; blue below zero, red above, white at zero (values clipped to
 * [-1, 1]).
 */
import { context2d } from "./dom.js";

/** The colour of a value in [-1, 1] on a blue-white-red scale. */
export function divergingColor(value: number): string {
  const v = Math.max(-1, Math.min(1, Number.isFinite(value) ? value : 0));
  const fade = Math.round(255 * (1 - Math.abs(v)));
  return v >= 0 ? `rgb(255,${fade},${fade})` : `rgb(${fade},${fade},255)`;
}

/** The strip; `push` adds a column, `clear` starts over. */
export class StateHeatmap {
  private readonly canvas: HTMLCanvasElement;
  private readonly labels: readonly string[];
  private readonly labelWidth = 34;
  private readonly columnWidth = 3;

  /** `labels` names each row (neuron), top to bottom. */
  constructor(canvas: HTMLCanvasElement, labels: readonly string[]) {
    this.canvas = canvas;
    this.labels = labels;
    this.clear();
  }

  private get rowHeight(): number {
    return this.canvas.height / this.labels.length;
  }

  /** Blanks the strip and redraws the row labels. */
  clear(): void {
    const ctx = context2d(this.canvas);
    ctx.fillStyle = "#fff";
    ctx.fillRect(0, 0, this.canvas.width, this.canvas.height);
    ctx.fillStyle = "#444";
    ctx.font = `${Math.min(11, this.rowHeight - 1)}px system-ui, sans-serif`;
    ctx.textBaseline = "middle";
    this.labels.forEach((label, r) => {
      ctx.fillText(label, 2, (r + 0.5) * this.rowHeight);
    });
  }

  /** Scrolls left by one column and paints `state` (one value per row) on the right. */
  push(state: ArrayLike<number>): void {
    if (state.length !== this.labels.length) {
      throw new RangeError(`state must have ${this.labels.length} values, got ${state.length}`);
    }
    const ctx = context2d(this.canvas);
    const x0 = this.labelWidth;
    const w = this.canvas.width - x0;
    const cw = this.columnWidth;
    ctx.drawImage(
      this.canvas,
      x0 + cw,
      0,
      w - cw,
      this.canvas.height,
      x0,
      0,
      w - cw,
      this.canvas.height,
    );
    const rh = this.rowHeight;
    for (let r = 0; r < state.length; r++) {
      ctx.fillStyle = divergingColor(state[r]);
      ctx.fillRect(x0 + w - cw, r * rh, cw, Math.ceil(rh));
    }
  }
}
