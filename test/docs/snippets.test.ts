/**
 * Every TypeScript block of the guides in `docs/` runs as written (against the sources, through
 * the vitest aliases for "ncps" and "ncps/rl"), in a scratch folder that is the working
 * directory, so blocks that write files leave nothing behind. Where a guide prints a number that
 * ncps or plain arithmetic fixes, the printed value is checked against that independent source.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it, vi } from "vitest";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const DOCS = join(ROOT, "docs");
const scratch = join(ROOT, ".tmp-docs");
rmSync(scratch, { recursive: true, force: true });
mkdirSync(scratch, { recursive: true });
const cwd = process.cwd();
afterAll(() => {
  process.chdir(cwd);
  rmSync(scratch, { recursive: true, force: true });
});

/** The guides the documentation promises (each must exist and hold runnable examples). */
const GUIDES = ["python.md", "rl.md", "streaming.md", "timespans.md", "wirings.md"];

/** A value a guide prints, and where the expected value comes from. */
interface Printed {
  /** The printed line; the first capture group is compared with `expected`. */
  pattern: RegExp;
  expected: (captured: string) => void;
}

const equals =
  (value: string) =>
  (captured: string): void => {
    expect(captured).toBe(value);
  };
const below =
  (limit: number) =>
  (captured: string): void => {
    expect(Number(captured)).toBeLessThan(limit);
  };
const above =
  (limit: number) =>
  (captured: string): void => {
    expect(Number(captured)).toBeGreaterThan(limit);
  };

const PRINTED: Record<string, Printed[]> = {
  "wirings.md": [
    // python3 spec/numpy_rng_reference.py: auto_ncp(16, 2, 4) → |adjacency| 29, |sensory| 17
    { pattern: /built for 4 inputs: (\d+) synapses/, expected: equals("29") },
    { pattern: /built for 4 inputs: \d+ synapses, (\d+) sensory/, expected: equals("17") },
    // ncps AutoNCP(16, 2): inter 9, command 5, motor 2 (ids: motor 0-1, command 2-6, inter 7-15)
    { pattern: /layer 0: inter neurons ([\d ]+)/, expected: equals("7 8 9 10 11 12 13 14 15") },
    { pattern: /layer 1: command neurons ([\d ]+)/, expected: equals("2 3 4 5 6") },
    { pattern: /layer 2: motor neurons ([\d ]+)/, expected: equals("0 1") },
    // numpy reference: auto_ncp(16, 2, 4) adjacency row 7
    {
      pattern: /synapses leaving neuron 7: ([-\d ]+)/,
      expected: equals("0 0 -1 0 0 1 0 0 0 0 0 0 0 0 0 0"),
    },
    // numpy reference: ncp(6, 4, 2, 3, 2, 3, 2, input_dim=4) → 20 synapses
    { pattern: /NCP 6-4-2: (\d+) synapses/, expected: equals("20") },
    { pattern: /same synapses: (\w+)/, expected: equals("true") },
  ],
  "timespans.md": [
    // each sample's arithmetic is the same batched or alone
    {
      pattern: /CfC: largest difference between batched and one at a time: (\S+)/,
      expected: below(1e-6),
    },
    {
      pattern: /LTC: largest difference between batched and one at a time: (\S+)/,
      expected: below(1e-6),
    },
    { pattern: /with timespans: test accuracy (\S+)/, expected: above(0.95) },
    // the inputs carry no information about the label: 50% is optimal; 0.65 is > 6 sd over 512
    { pattern: /without timespans: test accuracy (\S+)/, expected: below(0.65) },
  ],
  "streaming.md": [
    // forward runs in float32: stepping agrees to float32 rounding
    { pattern: /between stepping and forward: (\S+)/, expected: below(1e-5) },
    { pattern: /state after reset is zero: (\w+)/, expected: equals("true") },
  ],
  "python.md": [
    { pattern: /same outputs after loading: (\w+)/, expected: equals("true") },
    { pattern: /saved from a float64 model: (\w+)/, expected: equals("float64") },
    // AutoNCP(10, 2): 3 layers x (ff1, ff2, time_a, time_b: weight + bias) = 24, plus 3 masks
    { pattern: /(\d+ trainable of \d+)/, expected: equals("24 trainable of 27") },
  ],
  "rl.md": [
    // Gymnasium's CartPole equations in numpy, reset from default_rng(42): the lean policy lasts 500
    { pattern: /CartPole return with the lean policy: (\d+)/, expected: equals("500") },
    // MinAtar Breakout reset: 3 rows of 10 bricks, paddle, ball and its trail
    { pattern: /cells lit at the start: (\d+)/, expected: equals("33") },
    { pattern: /frames \[([\d, ]+)\] uint8/, expected: equals("84, 84, 4") },
    { pattern: /(\d+) bytes per observation/, expected: equals(String(84 * 84 * 4)) },
    { pattern: /same rewards after restoring: (\w+)/, expected: equals("true") },
  ],
};

function guideBlocks(file: string): string[] {
  const text = readFileSync(join(DOCS, file), "utf8");
  return [...text.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
}

/** Runs one block as a module in the scratch folder and returns what it logged. */
async function runBlock(file: string, code: string): Promise<string[]> {
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
  return printed;
}

describe("docs", () => {
  it("has every promised guide", () => {
    const present = readdirSync(DOCS).filter((f) => f.endsWith(".md"));
    for (const guide of GUIDES) expect(present).toContain(guide);
  });
});

for (const guide of readdirSync(DOCS)
  .filter((f) => f.endsWith(".md"))
  .sort()) {
  describe(`docs/${guide}`, () => {
    const blocks = guideBlocks(guide);
    const output: string[] = [];

    it("has TypeScript examples", () => {
      expect(blocks.length).toBeGreaterThan(0);
    });

    blocks.forEach((code, i) => {
      const first = code.split("\n").find((l) => l.trim() !== "" && !l.startsWith("import")) ?? "";
      it(`block ${i + 1} runs: ${first.slice(0, 60)}`, async () => {
        const name = `${guide.replace(/\.md$/, "")}-block-${i + 1}.ts`;
        const printed = await runBlock(join(scratch, name), code);
        expect(printed.length).toBeGreaterThan(0);
        output.push(...printed);
      });
    });

    const checks = PRINTED[guide] ?? [];
    if (checks.length > 0) {
      it("prints the values ncps and arithmetic fix", () => {
        const text = output.join("\n");
        for (const { pattern, expected } of checks) {
          const match = text.match(pattern);
          expect(match, `output matching ${pattern}`).not.toBeNull();
          expected(match?.[1] ?? "");
        }
      });
    }
  });
}
