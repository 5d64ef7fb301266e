import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { replayFolder, replayTraceFile } from "../../src/rl/replay.js";
import { MINATAR } from "../support/paths.js";

interface IndexFile {
  files: { file: string; game: string; traces: { trace_id: string; steps: number }[] }[];
}

const index = JSON.parse(readFileSync(join(MINATAR, "index.json"), "utf8")) as IndexFile;
const tmp = mkdtempSync(join(tmpdir(), "ncps-replay-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A copy of breakout.json with `edit` applied, written to the temp folder. */
function corruptedBreakout(
  name: string,
  edit: (data: { traces: { episodes: Record<string, unknown>[] }[] }) => void,
): string {
  const data = JSON.parse(readFileSync(join(MINATAR, "breakout.json"), "utf8"));
  edit(data);
  const path = join(tmp, name);
  writeFileSync(path, JSON.stringify(data));
  return path;
}

describe("MinAtar trace replay", () => {
  it("reproduces every trace of shared/minatar step for step", () => {
    const results = replayFolder(MINATAR);
    const expected = index.files.flatMap((f) =>
      f.traces.map((t) => ({ traceId: t.trace_id, game: f.game, steps: t.steps, ok: true })),
    );
    const failures = results.filter((r) => !r.ok).map((r) => `${r.traceId}: ${r.firstMismatch}`);
    expect(failures).toEqual([]);
    expect(results.map(({ traceId, game, steps, ok }) => ({ traceId, game, steps, ok }))).toEqual(
      expect.arrayContaining(expected),
    );
    expect(results).toHaveLength(expected.length);
  });

  it("reports a corrupted observation with its episode, step and channel", () => {
    const path = corruptedBreakout("ball.json", (d) => {
      const obs = d.traces[0].episodes[0].obs as number[][][];
      obs[4][1] = [0]; // the ball moved to row 0, column 0 at step 5
    });
    const [first, ...rest] = replayTraceFile(path);
    expect(first.ok).toBe(false);
    expect(first.steps).toBe(5);
    expect(first.firstMismatch).toMatch(
      /^episode 0, step 5 \(action \d\): channel 1 \(ball\) has cells \(row,col\) \[\(\d,\d\)\], expected \[\(0,0\)\]$/,
    );
    expect(rest.every((r) => r.ok)).toBe(true);
  });

  it("reports a corrupted reward and terminal flag", () => {
    const path = corruptedBreakout("reward.json", (d) => {
      const ep = d.traces[1].episodes[2];
      (ep.rewards as number[])[0] = 3;
      (ep.terminals as number[])[0] = 1;
    });
    const results = replayTraceFile(path);
    expect(results[1].ok).toBe(false);
    expect(results[1].firstMismatch).toMatch(
      /^episode 2, step 1 \(action \d\): reward 0, expected 3; terminal 0, expected 1$/,
    );
  });

  it("reports a wrong seed as an RNG-driven mismatch at reset", () => {
    const path = corruptedBreakout("seed.json", (d) => {
      (d.traces[2] as unknown as { seed: number }).seed = 14; // trace 4's seed starts the ball on the other side
    });
    const results = replayTraceFile(path);
    expect(results[2].ok).toBe(false);
    expect(results[2].firstMismatch).toMatch(/^episode 0, after reset: channel 1 \(ball\)/);
  });

  it("throws for files that are not trace files", () => {
    const bad = join(tmp, "bad.json");
    writeFileSync(bad, "{ not json");
    expect(() => replayTraceFile(bad)).toThrow(/cannot read .*bad\.json as JSON/);
    writeFileSync(bad, JSON.stringify({ schema_version: 2 }));
    expect(() => replayTraceFile(bad)).toThrow(/schema_version must be 1, got 2/);
    const empty = mkdtempSync(join(tmp, "empty-"));
    expect(() => replayFolder(empty)).toThrow(/no trace files/);
  });
});
