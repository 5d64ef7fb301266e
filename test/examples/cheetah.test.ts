import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../examples/cheetah.js";
import type { ExampleIO } from "../../examples/support/cli.js";
import { encodeNpy } from "../../src/data/npy.js";

/** A folder of 25 small smooth traces (60 steps × 17 features), as .npy files. */
function tinyTraces(): string {
  const dir = join(mkdtempSync(join(tmpdir(), "ncps-cheetah-")), "traces");
  mkdirSync(dir);
  for (let k = 0; k < 25; k++) {
    const data = new Float64Array(60 * 17);
    for (let r = 0; r < 60; r++) {
      for (let f = 0; f < 17; f++) data[r * 17 + f] = Math.sin(0.2 * r + f + k);
    }
    const name = `trace_${String(k).padStart(4, "0")}.npy`;
    writeFileSync(join(dir, name), encodeNpy({ dtype: "float64", shape: [60, 17], data }));
  }
  return dir;
}

describe("examples/cheetah.ts", () => {
  it("trains LTC, CfC and LSTM for an epoch and reports test MSE beside the paper's", async () => {
    const dir = tinyTraces();
    const out = join(dir, "..", "cheetah.svg");
    const lines: string[] = [];
    const io: ExampleIO = { out: (l) => lines.push(l), progress: { write: () => true } };
    expect(await main(["--data", dir, "--epochs", "1", "--out", out], io)).toBe(0);
    const text = lines.join("\n");
    // 60-step traces give windows at 0, 10, 20 (start + 32 < 60): 30 train, 30 test, 15 valid.
    expect(text).toContain("windows train 30, valid 15, test 30");
    expect(text).toMatch(/LTC +\d+\.\d{3} \(epoch 1\) +2\.308 ± 0\.015/);
    expect(text).toMatch(/CfC +\d+\.\d{3} \(epoch 1\)/);
    expect(text).toMatch(/LSTM +\d+\.\d{3} \(epoch 1\) +2\.500 ± 0\.140/);
    const svg = readFileSync(out, "utf8");
    expect(svg).toContain("Validation MSE");
    expect(svg).toContain("next state (truth)");
  });

  it("names a missing or empty data folder", async () => {
    const io: ExampleIO = { out: () => {}, progress: { write: () => true } };
    await expect(main(["--data", "/nonexistent/cheetah"], io)).rejects.toThrow(
      'trace folder "/nonexistent/cheetah" does not exist (set it with --data)',
    );
    const empty = mkdtempSync(join(tmpdir(), "ncps-empty-"));
    await expect(main(["--data", empty], io)).rejects.toThrow(
      `trace folder ${JSON.stringify(empty)} holds no .npy files`,
    );
  });
});
