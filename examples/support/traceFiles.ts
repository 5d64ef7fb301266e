/** Reads a folder of `.npy` traces (Node only: the data module itself works on bytes). */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { type Trace, traceFromNpy } from "../../src/data/cheetah.js";
import { parseNpy } from "../../src/data/npy.js";

/** Every `.npy` file of `dir`, sorted by name, as traces. */
export function loadTraceDir(dir: string): { names: string[]; traces: Trace[] } {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new Error(`trace folder ${JSON.stringify(dir)} does not exist (set it with --data)`);
  }
  const names = readdirSync(dir)
    .filter((f) => f.endsWith(".npy"))
    .sort();
  if (names.length === 0)
    throw new Error(`trace folder ${JSON.stringify(dir)} holds no .npy files`);
  const traces = names.map((name) => {
    const path = join(dir, name);
    return traceFromNpy(parseNpy(new Uint8Array(readFileSync(path)), path), path);
  });
  return { names, traces };
}
