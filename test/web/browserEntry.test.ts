/**
 * src/browser.ts stays browser-safe: nothing it loads imports a Node.js built-in (or any
 * package), and Vite bundles it for the browser into one self-contained chunk.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build, type Rollup } from "vite";
import { describe, expect, it } from "vitest";
import { browserSafety, isNodeBuiltin } from "../../web/browserSafety.js";
import { walkLoadTimeGraph } from "./importGraph.js";

const ENTRY = fileURLToPath(new URL("../../src/browser.ts", import.meta.url));

/** Bundles `entry` as an ES library for the browser, in memory, with the safety plugin. */
async function bundle(entry: string): Promise<Rollup.OutputChunk[]> {
  const result = await build({
    configFile: false,
    logLevel: "silent",
    plugins: [browserSafety()],
    build: {
      write: false,
      minify: false,
      target: "es2022",
      lib: { entry, formats: ["es"], fileName: "ncps-browser" },
    },
  });
  const outputs = (Array.isArray(result) ? result : [result]) as Rollup.RollupOutput[];
  return outputs.flatMap((o) =>
    o.output.filter((f): f is Rollup.OutputChunk => f.type === "chunk"),
  );
}

describe("src/browser.ts import graph", () => {
  it("reaches no Node.js built-in and no package at load time", () => {
    const { files, external } = walkLoadTimeGraph(ENTRY);
    expect(files.length).toBeGreaterThan(50);
    expect(files.some((f) => f.endsWith("src/nn/cfc.ts"))).toBe(true);
    expect(files.some((f) => f.endsWith("src/rl/minatar/breakout.ts"))).toBe(true);
    expect(files.some((f) => f.endsWith("src/io/atomic.ts"))).toBe(false);
    expect(external).toEqual([]);
  });

  it("would notice a built-in: the io index (Node file helpers) is not browser-safe", () => {
    const io = fileURLToPath(new URL("../../src/io/index.ts", import.meta.url));
    const builtins = walkLoadTimeGraph(io).external.filter((i) => isNodeBuiltin(i.specifier));
    expect(builtins.map((i) => i.specifier)).toContain("node:fs");
  });
});

describe("src/browser.ts bundled for the browser", () => {
  it("gives one chunk with no imports left, exporting the browser API", async () => {
    const chunks = await bundle(ENTRY);
    expect(chunks).toHaveLength(1);
    const [chunk] = chunks;
    expect(chunk.imports).toEqual([]);
    expect(chunk.dynamicImports).toEqual([]);
    for (const name of [
      "AutoNCP",
      "drawWiring",
      "tensor",
      "CfC",
      "LTC",
      "Adam",
      "RandomState",
      "encodeSafetensors",
      "decodeSafetensors",
      "MinAtarEnv",
      "Breakout",
      "CartPole",
    ]) {
      expect(chunk.exports, name).toContain(name);
    }
    for (const nodeOnly of [
      "saveSafetensors",
      "loadSafetensors",
      "writeFileAtomic",
      "saveCheckpoint",
    ]) {
      expect(chunk.exports, nodeOnly).not.toContain(nodeOnly);
    }
  });

  it("fails, naming the importer, when a module imports a Node.js built-in", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ncps-browser-entry-"));
    try {
      const entry = join(dir, "usesFs.ts");
      await writeFile(
        entry,
        'import { readFileSync } from "node:fs";\nexport const read = readFileSync;\n',
      );
      await expect(bundle(entry)).rejects.toThrow(
        /usesFs\.ts imports the Node\.js built-in "node:fs"/,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
