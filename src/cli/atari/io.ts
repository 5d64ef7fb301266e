/** The outside world of `ncps atari`, injectable so tests can drive it in-process. */

/** Output, clock, pacing and Ctrl-C: everything `ncps atari` touches outside the library. */
export interface AtariIO {
  /** Writes to standard output. */
  out(text: string): void;
  /** Writes to standard error. */
  err(text: string): void;
  /** Whether standard output is a terminal (live progress bar, in-place frames). */
  isTTY: boolean;
  /** Milliseconds on a monotonic clock. */
  now(): number;
  /** Waits `ms` milliseconds (render pacing); also lets signal handlers run. */
  sleep(ms: number): Promise<void>;
  /**
   * Registers the Ctrl-C handler; returns its removal. The first Ctrl-C asks the command to
   * stop after saving; the command decides what a second one does.
   */
  onInterrupt(handler: () => void): () => void;
}

/** The process's stdout/stderr, clock and SIGINT. */
export function processIO(): AtariIO {
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    isTTY: process.stdout.isTTY === true,
    now: () => performance.now(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    onInterrupt(handler) {
      process.on("SIGINT", handler);
      return () => {
        process.off("SIGINT", handler);
      };
    },
  };
}
