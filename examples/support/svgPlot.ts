/**
 * Dependency-free SVG line plots for the examples: a figure of panels in a grid, each with
 * axes, "nice" ticks, an optional log-scaled y axis, a legend and one polyline per series.
 * Non-finite points (and non-positive ones on a log axis) break the line instead of
 * corrupting it; a point with no neighbour is drawn as a dot.
 */

/** One line. */
export interface Series {
  label: string;
  /** The values. */
  y: ArrayLike<number>;
  /** Abscissae (default 0, 1, 2, ...). */
  x?: ArrayLike<number>;
  /** CSS colour (default from the palette). */
  color?: string;
  dashed?: boolean;
}

/** One plot of the figure. */
export interface Panel {
  title: string;
  series: readonly Series[];
  xLabel?: string;
  yLabel?: string;
  /** Log-scaled y axis (for losses). */
  logY?: boolean;
}

/** Layout of a figure. */
export interface FigureOptions {
  /** Title above all panels. */
  title?: string;
  /** Panels per row (default: all in one row, at most 2). */
  columns?: number;
  panelWidth?: number;
  panelHeight?: number;
}

/** Colour-blind-friendly palette (Okabe–Ito). */
export const PALETTE = [
  "#0072B2",
  "#D55E00",
  "#009E73",
  "#CC79A7",
  "#E69F00",
  "#56B4E9",
  "#000000",
];

const MARGIN = { left: 62, right: 16, top: 34, bottom: 52 };

/** Escapes text for SVG content and attributes. */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

/**
 * About `target` round tick values (steps of 1, 2 or 5 × 10^k) covering [min, max].
 * A degenerate range is widened around its value.
 */
export function niceTicks(min: number, max: number, target = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) {
    throw new RangeError(`niceTicks: min and max must be finite, got ${min} and ${max}`);
  }
  if (max < min) [min, max] = [max, min];
  if (max === min) {
    const pad = min === 0 ? 1 : Math.abs(min) * 0.1;
    min -= pad;
    max += pad;
  }
  const raw = (max - min) / Math.max(1, target);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const first = Math.floor(min / step + 1e-9);
  const last = Math.ceil(max / step - 1e-9);
  const ticks: number[] = [];
  // Multiplying integers by the step (instead of summing) avoids drift like 0.30000000000000004.
  for (let k = first; k <= last; k++) ticks.push(Number((k * step).toPrecision(12)));
  return ticks;
}

/** Exponents of the powers of ten covering [10^minExp, 10^maxExp] (at least two). */
export function logTicks(minExp: number, maxExp: number): number[] {
  const lo = Math.floor(minExp + 1e-9);
  const hi = Math.max(Math.ceil(maxExp - 1e-9), lo + 1);
  const out: number[] = [];
  for (let e = lo; e <= hi; e++) out.push(e);
  return out;
}

/** A short tick label: 0.25, 1e-3, 1200, 2.5e+6. */
export function formatTick(v: number): string {
  if (v === 0) return "0";
  const a = Math.abs(v);
  if (a >= 1e-2 && a < 1e5) return String(Number(v.toPrecision(6)));
  return v.toExponential().replace(/\.?0+e/, "e");
}

/** Renders `panels` as one SVG document. */
export function figureSvg(panels: readonly Panel[], options: FigureOptions = {}): string {
  if (panels.length === 0) throw new RangeError("figureSvg: panels must not be empty");
  const columns = Math.max(
    1,
    Math.min(options.columns ?? Math.min(2, panels.length), panels.length),
  );
  const pw = options.panelWidth ?? 480;
  const ph = options.panelHeight ?? 300;
  const titleH = options.title ? 30 : 0;
  const rows = Math.ceil(panels.length / columns);
  const width = columns * pw;
  const height = titleH + rows * ph;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
  ];
  if (options.title) {
    parts.push(
      `<text x="${width / 2}" y="20" text-anchor="middle" font-size="15" font-weight="bold">${escapeXml(options.title)}</text>`,
    );
  }
  panels.forEach((panel, i) => {
    const ox = (i % columns) * pw;
    const oy = titleH + Math.floor(i / columns) * ph;
    parts.push(`<g transform="translate(${ox},${oy})">${panelSvg(panel, pw, ph)}</g>`);
  });
  parts.push("</svg>");
  return `${parts.join("\n")}\n`;
}

interface Point {
  x: number;
  y: number;
}

function seriesPoints(s: Series, logY: boolean): (Point | null)[] {
  if (s.x !== undefined && s.x.length !== s.y.length) {
    throw new RangeError(
      `figureSvg: series "${s.label}" has ${s.x.length} x values but ${s.y.length} y values`,
    );
  }
  const out: (Point | null)[] = [];
  for (let i = 0; i < s.y.length; i++) {
    const x = s.x === undefined ? i : s.x[i];
    const y = s.y[i];
    const ok = Number.isFinite(x) && Number.isFinite(y) && (!logY || y > 0);
    out.push(ok ? { x, y: logY ? Math.log10(y) : y } : null);
  }
  return out;
}

function panelSvg(panel: Panel, pw: number, ph: number): string {
  const logY = panel.logY ?? false;
  const all = panel.series.map((s) => seriesPoints(s, logY));
  const pts = all.flat().filter((p): p is Point => p !== null);
  const plotW = pw - MARGIN.left - MARGIN.right;
  const legend = legendLayout(panel.series, plotW);
  const plotH = ph - MARGIN.top - MARGIN.bottom - legend.height;
  const out: string[] = [
    `<text x="${pw / 2}" y="18" text-anchor="middle" font-size="13" font-weight="bold">${escapeXml(panel.title)}</text>`,
  ];
  if (pts.length === 0) {
    out.push(`<text x="${pw / 2}" y="${ph / 2}" text-anchor="middle" fill="#888">no data</text>`);
    return out.join("\n");
  }
  const xs = pts.map((p) => p.x);
  const ys = pts.map((p) => p.y);
  const xTicks = niceTicks(Math.min(...xs), Math.max(...xs));
  const yTicks = logY
    ? logTicks(Math.min(...ys), Math.max(...ys))
    : niceTicks(Math.min(...ys), Math.max(...ys));
  const [x0, x1] = [xTicks[0], xTicks[xTicks.length - 1]];
  const [y0, y1] = [yTicks[0], yTicks[yTicks.length - 1]];
  const sx = (x: number) => MARGIN.left + ((x - x0) / (x1 - x0)) * plotW;
  const sy = (y: number) => MARGIN.top + plotH - ((y - y0) / (y1 - y0)) * plotH;
  const r = (v: number) => v.toFixed(1);

  for (const t of yTicks) {
    out.push(
      `<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${r(sy(t))}" y2="${r(sy(t))}" stroke="#e5e5e5"/>`,
      `<text x="${MARGIN.left - 6}" y="${r(sy(t) + 4)}" text-anchor="end">${formatTick(logY ? Number(`1e${t}`) : t)}</text>`,
    );
  }
  for (const t of xTicks) {
    out.push(
      `<line x1="${r(sx(t))}" x2="${r(sx(t))}" y1="${MARGIN.top + plotH}" y2="${MARGIN.top + plotH + 4}" stroke="#333"/>`,
      `<text x="${r(sx(t))}" y="${MARGIN.top + plotH + 17}" text-anchor="middle">${formatTick(t)}</text>`,
    );
  }
  out.push(
    `<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#333"/>`,
  );
  if (panel.xLabel) {
    out.push(
      `<text x="${MARGIN.left + plotW / 2}" y="${MARGIN.top + plotH + 34}" text-anchor="middle">${escapeXml(panel.xLabel)}</text>`,
    );
  }
  if (panel.yLabel) {
    const cy = MARGIN.top + plotH / 2;
    out.push(
      `<text x="14" y="${cy}" text-anchor="middle" transform="rotate(-90 14 ${cy})">${escapeXml(panel.yLabel)}</text>`,
    );
  }
  const legendTop = MARGIN.top + plotH + MARGIN.bottom;
  panel.series.forEach((s, k) => {
    const color = s.color ?? PALETTE[k % PALETTE.length];
    const dash = s.dashed ? ` stroke-dasharray="6 4"` : "";
    for (const run of runs(all[k])) {
      if (run.length === 1) {
        // A lone point has no line to draw: mark it.
        const [p] = run;
        out.push(`<circle cx="${r(sx(p.x))}" cy="${r(sy(p.y))}" r="3" fill="${color}"/>`);
        continue;
      }
      const d = run.map((p) => `${r(sx(p.x))},${r(sy(p.y))}`).join(" ");
      out.push(`<polyline points="${d}" fill="none" stroke="${color}" stroke-width="1.8"${dash}/>`);
    }
    const { x, row } = legend.slots[k];
    const lx = MARGIN.left + x;
    const ly = legendTop + 16 * row;
    out.push(
      `<line x1="${lx}" x2="${lx + 22}" y1="${ly - 4}" y2="${ly - 4}" stroke="${color}" stroke-width="2"${dash}/>`,
      `<text x="${lx + 28}" y="${ly}">${escapeXml(s.label)}</text>`,
    );
  });
  return out.join("\n");
}

/** Legend entries flow left to right below the axes, wrapping at the plot width. */
function legendLayout(
  series: readonly Series[],
  width: number,
): { slots: { x: number; row: number }[]; height: number } {
  const slots: { x: number; row: number }[] = [];
  let x = 0;
  let row = 0;
  for (const s of series) {
    // Rough text width: 7 px a character at 12 px.
    const w = 40 + 7 * s.label.length;
    if (x > 0 && x + w > width) {
      x = 0;
      row++;
    }
    slots.push({ x, row });
    x += w;
  }
  return { slots, height: series.length === 0 ? 0 : 16 * (row + 1) };
}

/** Splits points at the gaps (nulls) into drawable runs. */
function runs(points: readonly (Point | null)[]): Point[][] {
  const out: Point[][] = [];
  let current: Point[] = [];
  for (const p of points) {
    if (p === null) {
      if (current.length > 0) out.push(current);
      current = [];
    } else {
      current.push(p);
    }
  }
  if (current.length > 0) out.push(current);
  return out;
}
