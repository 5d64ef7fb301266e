/** The returns of the most recent finished episodes, for "policy reward" and learning curves. */

/** Keeps the last `capacity` episode returns and lengths, and counts all episodes seen. */
export class EpisodeWindow {
  /** The most episodes kept. */
  readonly capacity: number;
  private returns: number[] = [];
  private lengths: number[] = [];
  /** Episodes finished since the window was created (or restored). */
  total = 0;

  /** An empty window of `capacity` episodes (a positive integer; default 100). */
  constructor(capacity = 100) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`EpisodeWindow: capacity must be a positive integer, got ${capacity}`);
    }
    this.capacity = capacity;
  }

  /** Records one finished episode. */
  add(episodeReturn: number, episodeLength: number): void {
    this.returns.push(episodeReturn);
    this.lengths.push(episodeLength);
    if (this.returns.length > this.capacity) {
      this.returns.shift();
      this.lengths.shift();
    }
    this.total += 1;
  }

  /** Episodes in the window. */
  get size(): number {
    return this.returns.length;
  }

  /** Mean return of the last `lastN` episodes of the window (all by default), or NaN when it is empty. */
  meanReturn(lastN = this.capacity): number {
    const r = this.returns.slice(-lastN);
    return r.length === 0 ? Number.NaN : r.reduce((a, b) => a + b, 0) / r.length;
  }

  /** Mean episode length over the window, or NaN when it is empty. */
  meanLength(): number {
    const l = this.lengths;
    return l.length === 0 ? Number.NaN : l.reduce((a, b) => a + b, 0) / l.length;
  }

  /** A JSON snapshot. */
  getState(): {
    /** Returns of the episodes in the window, oldest first. */
    returns: number[];
    /** Their lengths in steps. */
    lengths: number[];
    /** All episodes counted, including those that left the window. */
    total: number;
  } {
    return { returns: [...this.returns], lengths: [...this.lengths], total: this.total };
  }

  /** Restores {@link getState}'s output; throws a TypeError naming a malformed field. */
  setState(state: unknown): void {
    const s = state as { returns?: unknown; lengths?: unknown; total?: unknown };
    const isNumbers = (v: unknown): v is number[] =>
      Array.isArray(v) && v.every((x) => typeof x === "number" && Number.isFinite(x));
    if (typeof state !== "object" || state === null) {
      throw new TypeError(`EpisodeWindow.setState: state must be an object, got ${String(state)}`);
    }
    if (!isNumbers(s.returns) || !isNumbers(s.lengths) || s.returns.length !== s.lengths.length) {
      throw new TypeError(
        "EpisodeWindow.setState: returns and lengths must be equal-length number arrays",
      );
    }
    if (!Number.isInteger(s.total) || (s.total as number) < s.returns.length) {
      throw new TypeError(
        `EpisodeWindow.setState: total must be an integer >= the window size, got ${String(s.total)}`,
      );
    }
    this.returns = s.returns.slice(-this.capacity);
    this.lengths = s.lengths.slice(-this.capacity);
    this.total = s.total as number;
  }
}
