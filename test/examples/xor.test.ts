import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ExampleIO } from "../../examples/support/cli.js";
import { main, XOR_FLAGS, xorConfig } from "../../examples/xor.js";

describe("examples/xor.ts", () => {
  it("trains on both encodings briefly, prints the paper's rows and writes the SVG", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "ncps-xor-")), "xor.svg");
    const lines: string[] = [];
    const io: ExampleIO = { out: (l) => lines.push(l), progress: { write: () => true } };
    const argv = ["--train", "300", "--test", "200", "--epochs", "1", "--out", out];
    expect(await main(argv, io)).toBe(0);
    const text = lines.join("\n");
    expect(text).toMatch(/dense +\d+\.\d\d% +100\.00 ± 0\.00%/);
    expect(text).toMatch(/event +\d+\.\d\d% +99\.42 ± 0\.42%/);
    expect(text).toContain("timespans in bit periods");
    const svg = readFileSync(out, "utf8");
    expect(svg).toContain("Final test accuracy by stream length");
    expect(svg).toContain("event-based");
  });

  it("--full selects the paper's sizes and the paper's time normalisation", () => {
    const defaults = {
      encoding: "both",
      full: true,
      epochs: 3,
      train: 50000,
      test: 10000,
      timeUnit: "auto",
      seed: 1,
      out: "x",
    } as const;
    const full = xorConfig("event", defaults);
    expect(full).toMatchObject({
      trainSize: 100_000,
      testSize: 10_000,
      epochs: 200,
      hidden: 192,
      backboneUnits: 128,
      batchSize: 128,
      lrDecay: 0.95,
      timeUnit: "pad",
    });
    expect(xorConfig("event", { ...defaults, full: false }).timeUnit).toBe("bit");
    expect(Object.keys(XOR_FLAGS)).toContain("timeUnit");
  });

  it("rejects a bad encoding", async () => {
    const io: ExampleIO = { out: () => {}, progress: { write: () => true } };
    await expect(main(["--encoding", "sparse"], io)).rejects.toThrow(
      'xor: --encoding must be one of both, event, dense, got "sparse"',
    );
  });
});
