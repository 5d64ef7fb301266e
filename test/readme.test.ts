/**
 * Every TypeScript block of the README runs as written (against the sources), in a scratch
 * folder that holds the ncps-torch weights file the weight-import example names.
 */
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it, vi } from "vitest";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const readme = readFileSync(join(ROOT, "README.md"), "utf8");
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
const scratch = join(ROOT, ".tmp-readme");
rmSync(scratch, { recursive: true, force: true });
mkdirSync(scratch, { recursive: true });
copyFileSync(
  join(ROOT, "test/fixtures/torch/cfc_autoncp.safetensors"),
  join(scratch, "cfc.safetensors"),
);
const cwd = process.cwd();
afterAll(() => {
  process.chdir(cwd);
  rmSync(scratch, { recursive: true, force: true });
});

describe("README", () => {
  it("has TypeScript examples", () => {
    expect(blocks.length).toBeGreaterThanOrEqual(3);
  });
  blocks.forEach((code, i) => {
    const first = code.split("\n").find((l) => l.trim() !== "" && !l.startsWith("import")) ?? "";
    it(`block ${i + 1} runs: ${first.slice(0, 60)}`, async () => {
      const file = join(scratch, `block-${i + 1}.ts`);
      writeFileSync(file, code);
      const printed: string[] = [];
      const log = vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => {
        printed.push(args.map(String).join(" "));
      });
      process.chdir(scratch);
      try {
        await import(/* @vite-ignore */ file);
      } finally {
        process.chdir(cwd);
        log.mockRestore();
      }
      expect(printed.length).toBeGreaterThan(0);
      const mse = printed.join("\n").match(/MSE after training: ([\d.]+)/);
      if (mse !== null) expect(Number(mse[1])).toBeLessThan(0.05);
    });
  });
});
