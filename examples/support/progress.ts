/**
 * Progress reporting for long loops. On a terminal: one self-rewriting line with a bar, the
 * count, the rate and the time left. Elsewhere (CI logs, pipes): a plain line every tenth of
 * the way and at the end, so logs stay short and readable.
 */

/** Where progress goes: `process.stderr` or anything with `write`. */
export interface ProgressSink {
  write(text: string): unknown;
  /** True on a terminal: the line is redrawn in place. */
  isTTY?: boolean;
  /** Terminal width, if known. */
  columns?: number;
}

/** Options of {@link Progress}. */
export interface ProgressOptions {
  /** Number of units of work. */
  total: number;
  /** What is counted, e.g. "LTC steps". */
  label: string;
  /** Default `process.stderr`. */
  sink?: ProgressSink;
  /** Clock in milliseconds (injectable for tests); default `performance.now`. */
  now?: () => number;
  /** Least milliseconds between two redraws on a terminal (default 100). */
  redrawMs?: number;
}

/** `75.2` → "1:15", `3725` → "1:02:05"; non-finite → "--:--". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "--:--";
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}

/** A bar of `width` cells, `fraction` of them filled. */
export function renderBar(fraction: number, width: number): string {
  const f = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
  const filled = Math.round(f * width);
  return `[${"#".repeat(filled)}${"-".repeat(width - filled)}]`;
}

/** Reports progress through `total` units of work. */
export class Progress {
  private readonly total: number;
  private readonly label: string;
  private readonly sink: ProgressSink;
  private readonly now: () => number;
  private readonly redrawMs: number;
  private readonly start: number;
  private lastDraw = Number.NEGATIVE_INFINITY;
  private nextPlainTenth = 1;
  private done = 0;
  private finished = false;

  constructor(options: ProgressOptions) {
    if (!Number.isInteger(options.total) || options.total < 1) {
      throw new RangeError(`Progress: total must be an integer >= 1, got ${options.total}`);
    }
    this.total = options.total;
    this.label = options.label;
    this.sink = options.sink ?? process.stderr;
    this.now = options.now ?? (() => performance.now());
    this.redrawMs = options.redrawMs ?? 100;
    this.start = this.now();
  }

  /** Records that `done` units are complete; `info` (e.g. the loss) is shown beside. */
  update(done: number, info = ""): void {
    if (this.finished) return;
    this.done = Math.min(this.total, Math.max(0, done));
    const t = this.now();
    if (this.sink.isTTY) {
      if (t - this.lastDraw >= this.redrawMs || this.done === this.total) {
        this.lastDraw = t;
        this.sink.write(`\r${this.line(t, info, true)}\x1b[K`);
      }
    } else if (this.done >= (this.nextPlainTenth * this.total) / 10) {
      while (this.done >= (this.nextPlainTenth * this.total) / 10) this.nextPlainTenth++;
      this.sink.write(`${this.line(t, info, false)}\n`);
    }
  }

  /** Ends the report with a final line (on a terminal, ends the redrawn line). */
  finish(info = ""): void {
    if (this.finished) return;
    const t = this.now();
    if (this.sink.isTTY) {
      this.sink.write(`\r${this.line(t, info, true)}\x1b[K\n`);
    } else if (this.nextPlainTenth <= 10 || this.done < this.total) {
      this.sink.write(`${this.line(t, info, false)}\n`);
    }
    this.finished = true;
  }

  /** The status text at time `t` (ms). */
  private line(t: number, info: string, bar: boolean): string {
    const elapsed = (t - this.start) / 1000;
    const rate = elapsed > 0 ? this.done / elapsed : Number.NaN;
    const left = this.done > 0 ? (this.total - this.done) / rate : Number.NaN;
    const pct = `${Math.floor((100 * this.done) / this.total)}%`.padStart(4);
    const count = `${this.done}/${this.total}`;
    const speed = Number.isFinite(rate) ? `${rate.toFixed(rate >= 100 ? 0 : 1)}/s` : "-/s";
    const time = `${formatDuration(elapsed)} elapsed, ${formatDuration(left)} left`;
    const tail = info === "" ? "" : `  ${info}`;
    const head = bar ? `${this.label} ${renderBar(this.done / this.total, 24)}` : this.label;
    return `${head} ${pct} ${count} ${speed} ${time}${tail}`;
  }
}
