/**
 * Replays the MinAtar golden traces (`shared/minatar`) through the TypeScript games, step for
 * step: rewards, terminal flags, every observation channel, executed actions, sticky draws,
 * RNG consumption and ramp indices. Returns results; printing is the CLI's job.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseTraceFile, type ReplayResult, replayTrace } from "./minatar/trace.js";

export type { ReplayResult } from "./minatar/trace.js";

/** Replays every trace of one game file; throws when the file is not a readable trace file. */
export function replayTraceFile(path: string): ReplayResult[] {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, "utf8"));
  } catch (err) {
    throw new Error(`replayTraceFile: cannot read ${path} as JSON: ${(err as Error).message}`);
  }
  const file = parseTraceFile(data, path);
  return file.traces.map((trace) => replayTrace(file, trace));
}

/** Replays every game file (`*.json` except `index.json`) of a folder, in file-name order. */
export function replayFolder(folder: string): ReplayResult[] {
  const files = readdirSync(folder)
    .filter((f) => f.endsWith(".json") && f !== "index.json")
    .sort();
  if (files.length === 0) throw new Error(`replayFolder: no trace files (*.json) in ${folder}`);
  return files.flatMap((f) => replayTraceFile(join(folder, f)));
}
