/** The learning curve of a run: one row per iteration, written as CSV and drawn as an SVG plot. */

/** One training iteration. */
export interface CurveRow {
  /** Iterations completed, this one included. */
  iteration: number;
  /** Environment steps sampled since the start of the run. */
  envSteps: number;
  /** Wall-clock seconds of training up to this iteration, over all sessions of the run. */
  seconds: number;
  /** Mean return of the last 100 finished episodes (null before the first). */
  meanReturn: number | null;
  /** Episodes finished since the start of the run. */
  episodes: number;
  /** Env steps per second of this iteration, sampling and updates included. */
  stepsPerSecond: number;
  /** Mean policy (negated clipped-surrogate) loss of the update. */
  policyLoss: number;
  /** Mean value loss of the update. */
  valueLoss: number;
  /** Mean policy entropy of the update, in nats. */
  entropy: number;
  /** Mean KL(old || new) of the update. */
  kl: number;
  /** KL coefficient the update used. */
  klCoeff: number;
  /** Learning rate the update used. */
  lr: number;
}

const COLUMNS: readonly (keyof CurveRow)[] = [
  "iteration",
  "envSteps",
  "seconds",
  "meanReturn",
  "episodes",
  "stepsPerSecond",
  "policyLoss",
  "valueLoss",
  "entropy",
  "kl",
  "klCoeff",
  "lr",
];

/** The curve as CSV with a header row; an empty cell stands for "no episode yet". */
export function curveCsv(rows: readonly CurveRow[]): string {
  const lines = [COLUMNS.join(",")];
  for (const r of rows)
    lines.push(COLUMNS.map((c) => (r[c] === null ? "" : String(r[c]))).join(","));
  return `${lines.join("\n")}\n`;
}

function niceStep(span: number, ticks: number): number {
  const raw = span / ticks;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / mag;
  return (norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10) * mag;
}

function escapeXml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** An SVG line plot of mean return against env steps, titled `title`. */
export function curveSvg(rows: readonly CurveRow[], title: string): string {
  const width = 640;
  const height = 400;
  const left = 60;
  const right = 20;
  const top = 40;
  const bottom = 50;
  const points = rows.filter((r) => r.meanReturn !== null) as (CurveRow & { meanReturn: number })[];
  const xMax = Math.max(1, ...rows.map((r) => r.envSteps));
  const ys = points.map((p) => p.meanReturn);
  let yMin = Math.min(0, ...ys);
  let yMax = Math.max(1, ...ys);
  if (yMax - yMin < 1e-9) yMax = yMin + 1;
  const yStep = niceStep(yMax - yMin, 5);
  yMin = Math.floor(yMin / yStep) * yStep;
  yMax = Math.ceil(yMax / yStep) * yStep;
  const xStep = niceStep(xMax, 5);
  const px = (x: number) => left + ((width - left - right) * x) / xMax;
  const py = (y: number) => top + ((height - top - bottom) * (yMax - y)) / (yMax - yMin);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${width / 2}" y="22" text-anchor="middle" font-size="15">${escapeXml(title)}</text>`,
  ];
  for (let y = yMin; y <= yMax + yStep / 2; y += yStep) {
    const v = Number(y.toPrecision(12));
    out.push(
      `<line x1="${left}" y1="${py(v).toFixed(1)}" x2="${width - right}" y2="${py(v).toFixed(1)}" stroke="#e5e5e5"/>`,
      `<text x="${left - 6}" y="${(py(v) + 4).toFixed(1)}" text-anchor="end">${v}</text>`,
    );
  }
  for (let x = 0; x <= xMax; x += xStep) {
    const label = x >= 1e6 ? `${x / 1e6}M` : x >= 1e3 ? `${x / 1e3}k` : String(x);
    out.push(
      `<line x1="${px(x).toFixed(1)}" y1="${height - bottom}" x2="${px(x).toFixed(1)}" y2="${height - bottom + 5}" stroke="black"/>`,
      `<text x="${px(x).toFixed(1)}" y="${height - bottom + 18}" text-anchor="middle">${label}</text>`,
    );
  }
  out.push(
    `<line x1="${left}" y1="${top}" x2="${left}" y2="${height - bottom}" stroke="black"/>`,
    `<line x1="${left}" y1="${height - bottom}" x2="${width - right}" y2="${height - bottom}" stroke="black"/>`,
    `<text x="${(left + width - right) / 2}" y="${height - 12}" text-anchor="middle">environment steps</text>`,
    `<text x="16" y="${(top + height - bottom) / 2}" text-anchor="middle" transform="rotate(-90 16 ${(top + height - bottom) / 2})">mean return (last 100 episodes)</text>`,
  );
  if (points.length > 0) {
    const d = points.map(
      (p, i) => `${i === 0 ? "M" : "L"}${px(p.envSteps).toFixed(1)},${py(p.meanReturn).toFixed(1)}`,
    );
    out.push(`<path d="${d.join(" ")}" fill="none" stroke="#1f77b4" stroke-width="2"/>`);
  }
  out.push("</svg>", "");
  return out.join("\n");
}
