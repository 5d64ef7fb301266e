/** A real Ctrl-C (SIGINT) to a running `ncps atari` process: it saves a checkpoint and exits 0. */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { loadCheckpoint } from "../../src/io/checkpoint.js";

const root = mkdtempSync(join(tmpdir(), "ncps-sigint-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const repo = fileURLToPath(new URL("../../", import.meta.url));

describe("ncps atari and SIGINT", () => {
  it("stops after the running iteration, saves it and exits cleanly", async () => {
    const child = spawn(
      process.execPath,
      [
        join(repo, "node_modules/vite-node/vite-node.mjs"),
        join(repo, "src/cli/main.ts"),
        "atari",
        "--dir",
        root,
        "--envs",
        "2",
        "--rollout",
        "16",
        "--minibatch",
        "32",
        "--units",
        "8",
        "--report-minutes",
        "60",
      ],
      { cwd: repo, stdio: ["ignore", "pipe", "pipe"] },
    );
    let out = "";
    let err = "";
    child.stderr.on("data", (d) => {
      err += String(d);
    });
    const exited = new Promise<number | null>((resolve) =>
      child.on("exit", (code) => resolve(code)),
    );
    await new Promise<void>((resolve) => {
      child.stdout.on("data", (d) => {
        out += String(d);
        if (out.includes("saved checkpoint")) resolve();
      });
      child.on("exit", () => resolve());
    });
    child.kill("SIGINT");
    const code = await exited;
    expect(code, err).toBe(0);
    expect(err).toMatch(/Ctrl-C: stopping after this iteration to save a checkpoint/);
    const saved = [...out.matchAll(/saved checkpoint '([^']+)'/g)].map((m) => m[1]);
    expect(saved.length).toBe(2);
    const last = await loadCheckpoint(saved[1]);
    expect(last.config).toMatchObject({ env: "MinAtar/Breakout-v1" });
    expect(out).toMatch(/\(stopped by Ctrl-C\)\n$/);
  }, 60_000);
});
