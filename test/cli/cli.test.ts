/** The `ncps` command, run in-process: golden, replay, wiring, help and flag errors. */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { runCli } from "../../src/cli/run.js";
import { GOLDEN, MINATAR } from "../support/paths.js";

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const o = vi.spyOn(process.stdout, "write").mockImplementation((s) => {
    out += String(s);
    return true;
  });
  const e = vi.spyOn(process.stderr, "write").mockImplementation((s) => {
    err += String(s);
    return true;
  });
  try {
    const code = await runCli(argv);
    return { code, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

const dir = mkdtempSync(join(tmpdir(), "ncps-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("ncps golden", () => {
  it("passes every case of the shared golden folder and ends with the tally line", async () => {
    const { code, out } = await run(["golden", GOLDEN]);
    const lines = out.trim().split("\n");
    expect(lines.at(-1)).toBe("39 passed, 0 failed");
    expect(lines.filter((l) => l.startsWith("ok ")).length).toBe(39);
    expect(code).toBe(0);
  });

  it("runs on the kernel set --backend names (js here), and refuses an unknown one", async () => {
    const { code, out, err } = await run([
      "golden",
      GOLDEN,
      "--backend",
      "js",
      "--dtype",
      "float32",
    ]);
    expect(err).toContain("kernels: js, dtype: float32");
    expect(out.trim().split("\n").at(-1)).toBe("39 passed, 0 failed");
    expect(code).toBe(0);
    expect((await run(["golden", GOLDEN, "--backend", "gpu"])).err).toMatch(
      /--backend expects js or native, got 'gpu'/,
    );
  });

  it("fails (exit 1) on a folder whose cases do not match", async () => {
    const { code, out } = await run(["golden", join(GOLDEN, "..", "minatar")]);
    expect(out.trim().split("\n").at(-1)).toMatch(/^0 passed, [1-9]\d* failed$/);
    expect(code).toBe(1);
  });
});

describe("ncps replay", () => {
  it("replays every MinAtar trace", async () => {
    const { code, out } = await run(["replay", MINATAR]);
    expect(out.trim().split("\n").at(-1)).toBe("22 passed, 0 failed");
    expect(code).toBe(0);
  });
});

describe("ncps wiring", () => {
  it("draws an SVG and prints the config with the matrices", async () => {
    const file = join(dir, "w.svg");
    const { code, out } = await run([
      "wiring",
      "--auto-ncp",
      "28,4",
      "--input",
      "20",
      "--out",
      file,
      "--json",
    ]);
    expect(code).toBe(0);
    expect(readFileSync(file, "utf8")).toMatch(/<svg[^>]*>[\s\S]*<\/svg>\s*$/);
    const config = JSON.parse(out);
    expect(config.class).toBe("AutoNCP");
    expect(config.adjacencyMatrix.length).toBe(28);
  });

  it("explains wrong flags and values", async () => {
    expect((await run(["wiring", "--auto", "28,4"])).err).toMatch(
      /Unknown option '--auto'.*accepted options: --auto-ncp/,
    );
    expect((await run(["wiring", "--auto-ncp", "28", "--input", "3", "--json"])).err).toMatch(
      /--auto-ncp expects 2 comma-separated integers, got '28'/,
    );
    expect((await run(["wiring", "--auto-ncp", "28,4", "--json"])).err).toMatch(
      /--input <n> is required/,
    );
  });
});

describe("help", () => {
  it("lists the commands, and every command has --help with examples", async () => {
    const { out } = await run(["--help"]);
    for (const name of ["wiring", "golden", "replay"]) {
      expect(out).toContain(name);
      const help = await run([name, "--help"]);
      expect(help.code).toBe(0);
      expect(help.out).toMatch(/Examples:\n {2}npx ncps/);
    }
  });

  it("rejects an unknown command", async () => {
    const { code, err } = await run(["trian"]);
    expect(code).toBe(2);
    expect(err).toMatch(/unknown command 'trian'; expected one of/);
  });
});
