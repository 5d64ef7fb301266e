/**
 * What every example shares: where its text goes (injectable, so tests run `main` in-process
 * and read the output), and running `main` when the file is the entry point.
 */
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { ProgressSink } from "./progress.js";

/** Where an example writes: results to `out`, progress to `progress`. */
export interface ExampleIO {
  /** One line of results (a newline is added). */
  out: (line: string) => void;
  /** Progress bars and notes (default `process.stderr`). */
  progress: ProgressSink;
}

/** stdout for results, stderr for progress. */
export function consoleIO(): ExampleIO {
  return { out: (line) => process.stdout.write(`${line}\n`), progress: process.stderr };
}

/** Whether the module at `moduleUrl` is the script node was started with. */
export function isEntryPoint(moduleUrl: string): boolean {
  const entry = process.argv[1];
  return entry !== undefined && resolve(entry) === fileURLToPath(moduleUrl);
}

/**
 * Runs `main(argv)` when `moduleUrl` is the entry point, sets the exit code from its result,
 * and reports a thrown error as one line (exit code 2) instead of a stack trace.
 */
export function runIfEntryPoint(
  moduleUrl: string,
  main: (argv: readonly string[]) => Promise<number>,
): void {
  if (!isEntryPoint(moduleUrl)) return;
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 2;
    },
  );
}

/** "12.3 s" or "2.1 min". */
export function formatSeconds(seconds: number): string {
  return seconds < 120 ? `${seconds.toFixed(1)} s` : `${(seconds / 60).toFixed(1)} min`;
}
