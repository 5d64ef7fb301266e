import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../examples/sine.js";
import type { ExampleIO } from "../../examples/support/cli.js";

function capture(): { io: ExampleIO; lines: string[]; progress: string[] } {
  const lines: string[] = [];
  const progress: string[] = [];
  return {
    io: { out: (l) => lines.push(l), progress: { write: (s: string) => progress.push(s) } },
    lines,
    progress,
  };
}

describe("examples/sine.ts", () => {
  it("trains both models a few steps and writes the SVG", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "ncps-sine-")), "sine.svg");
    const c = capture();
    expect(await main(["--steps", "5", "--out", out], c.io)).toBe(0);
    const text = c.lines.join("\n");
    expect(text).toMatch(/LTC \+ AutoNCP\(16, 1\): final MSE \d\.\d{3}e-?\d+/);
    expect(text).toMatch(/CfC \+ AutoNCP\(16, 1\): final MSE/);
    expect(text).toContain(`wrote ${out}`);
    expect(c.progress.join("")).toContain("LTC steps 100% 5/5");
    const svg = readFileSync(out, "utf8");
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain("LTC trained");
    expect(svg).toContain("Training loss (MSE)");
  });

  it("trains one model when asked", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "ncps-sine-")), "cfc.svg");
    const c = capture();
    await main(["--steps", "2", "--model", "cfc", "--out", out], c.io);
    expect(c.lines.some((l) => l.startsWith("CfC"))).toBe(true);
    expect(c.lines.some((l) => l.startsWith("LTC +"))).toBe(false);
  });

  it("prints help, and rejects unknown flags", async () => {
    const c = capture();
    expect(await main(["--help"], c.io)).toBe(0);
    expect(c.lines[0]).toContain("--model both|ltc|cfc");
    await expect(main(["--epochs", "3"], c.io)).rejects.toThrow("sine: unknown flag --epochs");
  });
});
