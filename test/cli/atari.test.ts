/**
 * `ncps atari`, run in-process against a scripted terminal, clock and Ctrl-C: the report format
 * and schedule, checkpoints and learning-curve files, exact continuation with `--cont`, Ctrl-C,
 * the progress line, the pixel pipeline (clone + DeepMind wrappers + Conv-CfC + PPO) and the
 * errors that protect existing checkpoints.
 */
import { createHash } from "node:crypto";
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { AtariIO } from "../../src/cli/atari/io.js";
import { CLEAR_LINE } from "../../src/cli/atari/progress.js";
import { runAtari } from "../../src/cli/commands/atari.js";
import { loadCheckpoint } from "../../src/io/checkpoint.js";

const ESC = "\u001b";
const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});
function tempRoot(): string {
  const r = mkdtempSync(join(tmpdir(), "ncps-atari-"));
  roots.push(r);
  return r;
}

/** A scripted terminal: each sleep between iterations advances the clock by `minutesPerSleep`. */
function scripted(
  options: { isTTY?: boolean; minutesPerSleep?: number; interruptAtSleep?: number } = {},
) {
  let clock = 0;
  let sleeps = 0;
  let handler: (() => void) | null = null;
  const state = { out: "", err: "" };
  const io: AtariIO = {
    out: (t) => {
      state.out += t;
    },
    err: (t) => {
      state.err += t;
    },
    isTTY: options.isTTY ?? false,
    now: () => clock,
    sleep: async () => {
      sleeps++;
      clock += (options.minutesPerSleep ?? 0) * 60_000;
      if (sleeps === options.interruptAtSleep) handler?.();
    },
    onInterrupt(h) {
      handler = h;
      return () => {
        if (handler === h) handler = null;
      };
    },
  };
  return { io, state };
}

const MINATAR = [
  "--env",
  "MinAtar/Breakout-v1",
  "--envs",
  "4",
  "--rollout",
  "64",
  "--minibatch",
  "128",
  "--units",
  "16",
];
const REPORT =
  /^Ran (\d+\.\d) hours\n {4}sampled (\d+)k steps\n {4}policy reward: (nan|-?\d+\.\d)\n {4}saved checkpoint '([^']+)'$/;

function reports(out: string) {
  const lines = out.split("\n");
  const found: { hours: string; k: string; reward: string; path: string }[] = [];
  for (let i = 0; i + 3 < lines.length; i++) {
    const m = REPORT.exec(lines.slice(i, i + 4).join("\n"));
    if (m) found.push({ hours: m[1], k: m[2], reward: m[3], path: m[4] });
  }
  return found;
}

function fileHashes(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[p] = createHash("sha256").update(readFileSync(p)).digest("hex");
    }
  };
  walk(dir);
  return out;
}

describe("ncps atari training", () => {
  it("reports every --report-minutes in the ncps format, checkpoints and writes the learning curve", async () => {
    const dir = tempRoot();
    const { io, state } = scripted({ minutesPerSleep: 3 });
    // 256 steps per iteration; 3 minutes per iteration: reports at 0, 6, 12 and 18 minutes
    // (iterations 1, 3, 5, 7); --hours 0.25 stops after the iteration that passes 15 minutes.
    const code = await runAtari([...MINATAR, "--dir", dir, "--hours", "0.25"], io);
    expect(code, state.err).toBe(0);
    const r = reports(state.out);
    const folder = join(dir, "MinAtar", "Breakout-v1");
    expect(r.map((x) => [x.hours, x.k, x.path])).toEqual([
      ["0.0", "0", join(folder, "checkpoint-1")],
      ["0.1", "1", join(folder, "checkpoint-3")],
      ["0.2", "1", join(folder, "checkpoint-5")],
      ["0.3", "2", join(folder, "checkpoint-7")],
    ]);
    // Nothing but the reports and the closing throughput line.
    expect(state.out.split("\n").filter((l) => l !== "")).toHaveLength(17);
    expect(state.out).toMatch(
      /trained 1792 env steps in \d+\.\d s: \d+\.\d env steps\/s including updates\n$/,
    );
    expect(readdirSync(folder).sort()).toEqual(
      [
        "checkpoint-1",
        "checkpoint-3",
        "checkpoint-5",
        "checkpoint-7",
        "learning-curve.csv",
        "learning-curve.svg",
      ].sort(),
    );
    const csv = readFileSync(join(folder, "learning-curve.csv"), "utf8").trim().split("\n");
    expect(csv[0]).toBe(
      "iteration,envSteps,seconds,meanReturn,episodes,stepsPerSecond,policyLoss,valueLoss,entropy,kl,klCoeff,lr",
    );
    expect(csv.slice(1).map((l) => l.split(",").slice(0, 2).join(","))).toEqual(
      [1, 2, 3, 4, 5, 6, 7].map((i) => `${i},${256 * i}`),
    );
    // The printed reward is the CSV's mean return of the report's iteration, rounded to 0.1.
    for (const [k, it] of [
      [0, 1],
      [1, 3],
      [2, 5],
      [3, 7],
    ]) {
      const mean = csv[it].split(",")[3];
      if (mean === "") expect(r[k].reward).toBe("nan");
      else expect(Math.abs(Number(r[k].reward) - Number(mean))).toBeLessThanOrEqual(0.05 + 1e-12);
    }
    expect(readFileSync(join(folder, "learning-curve.svg"), "utf8")).toMatch(
      /^<svg [^>]*>[\s\S]*PPO on MinAtar\/Breakout-v1[\s\S]*<\/svg>\n$/,
    );
    const ckpt = await loadCheckpoint(join(folder, "checkpoint-7"));
    expect(ckpt.config).toMatchObject({
      format: "ncps-atari-run",
      env: "MinAtar/Breakout-v1",
      seed: 0,
    });
    expect(Object.keys(ckpt.tensors)).toContain("cfc.rnn_cell.ff1.weight");
  });

  it("continues exactly where it stopped: 4 iterations straight equal 2 + --cont 2 + 2", async () => {
    const a = tempRoot();
    const b = tempRoot();
    const run = async (args: string[]) => {
      const { io, state } = scripted();
      const code = await runAtari([...args, "--report-minutes", "0"], io);
      expect(code, state.err).toBe(0);
      return state.out;
    };
    const straight = await run([...MINATAR, "--dir", a, "--seed", "3", "--steps", "1024"]);
    await run([...MINATAR, "--dir", b, "--seed", "3", "--steps", "512"]);
    const resumed = await run([
      "--env",
      "MinAtar/Breakout-v1",
      "--dir",
      b,
      "--cont",
      "2",
      "--steps",
      "1024",
    ]);
    const tail = (out: string) => reports(out).map((x) => [x.k, x.reward, x.path.split("/").pop()]);
    expect(tail(resumed)).toEqual(tail(straight).slice(2));
    const ckpt = (root: string) => join(root, "MinAtar", "Breakout-v1", "checkpoint-4");
    for (const file of ["model.safetensors", "state.safetensors", "config.json"]) {
      expect(
        readFileSync(join(ckpt(b), file)).equals(readFileSync(join(ckpt(a), file))),
        file,
      ).toBe(true);
    }
    const trainerState = (root: string) =>
      JSON.parse(readFileSync(join(ckpt(root), "state.json"), "utf8")).trainer;
    expect(trainerState(b)).toEqual(trainerState(a));
  });

  it("stops after the current iteration on Ctrl-C and saves it", async () => {
    const dir = tempRoot();
    const { io, state } = scripted({ interruptAtSleep: 1 });
    const code = await runAtari([...MINATAR, "--dir", dir, "--report-minutes", "60"], io);
    expect(code).toBe(0);
    expect(state.err).toMatch(/Ctrl-C: stopping after this iteration to save a checkpoint/);
    expect(reports(state.out).map((x) => x.path.split("/").pop())).toEqual([
      "checkpoint-1",
      "checkpoint-2",
    ]);
    expect(state.out).toMatch(/\(stopped by Ctrl-C\)\n$/);
  });

  it("draws a live progress line between reports on a terminal", async () => {
    const dir = tempRoot();
    const { io, state } = scripted({ isTTY: true, minutesPerSleep: 1 });
    await runAtari([...MINATAR, "--dir", dir, "--steps", "768"], io);
    const segments = state.out.split(CLEAR_LINE);
    const progress = segments.filter((s) => s.startsWith("["));
    expect(progress).toHaveLength(1);
    expect(progress[0]).toMatch(
      /^\[#{5}\.{19}\] {2}20% to next report \| 1k steps \| \d+ steps\/s \| (reward -?\d+\.\d|no episode yet)$/,
    );
    const text = segments.filter((s) => !s.startsWith("[")).join("");
    expect(reports(text).map((x) => x.k)).toEqual(["0", "1"]);
  });
});

describe("ncps atari with a wiring", () => {
  it("replaces the fully connected CfC by the wiring given with --wiring", async () => {
    const dir = tempRoot();
    const { io, state } = scripted();
    const args = [
      "--env",
      "CartPole-v1",
      "--dir",
      dir,
      "--envs",
      "2",
      "--rollout",
      "16",
      "--minibatch",
      "32",
      "--steps",
      "32",
    ];
    expect(await runAtari([...args, "--wiring", "auto-ncp:12,3"], io), state.err).toBe(0);
    const ckpt = await loadCheckpoint(join(dir, "CartPole-v1", "checkpoint-1"));
    expect(ckpt.config).toMatchObject({
      model: { core: { kind: "cfc", units: { class: "AutoNCP", units: 12, outputSize: 3 } } },
    });
    expect(ckpt.tensors["policy_head.weight"].shape).toEqual([2, 3]);
    await expect(runAtari([...args, "--wiring", "auto-ncp:12"], scripted().io)).rejects.toThrow(
      /--wiring expects auto-ncp:<units>,<motor>\[,<sparsity>\] or random:<units>\[,<sparsity>\], got 'auto-ncp:12'/,
    );
    await expect(
      runAtari([...args, "--wiring", "random:8", "--units", "8"], scripted().io),
    ).rejects.toThrow(/give --units or --wiring, not both/);
  });
});

describe("ncps atari errors", () => {
  it("refuses bad input and never overwrites or loses a checkpoint", async () => {
    const dir = tempRoot();
    const first = scripted();
    expect(
      await runAtari(
        [...MINATAR, "--dir", dir, "--steps", "512", "--report-minutes", "0"],
        first.io,
      ),
    ).toBe(0);
    const before = fileHashes(dir);
    const fail = (args: string[]) => runAtari(args, scripted().io);
    await expect(fail(["--env", "ALE/Breakout-v5", "--dir", dir])).rejects.toThrow(
      /unknown environment id "ALE\/Breakout-v5"; known ids: .*MinAtar\/Breakout-v1/,
    );
    await expect(fail([...MINATAR, "--dir", dir])).rejects.toThrow(
      /already holds checkpoints of an earlier run \(1, 2\); continue it with --cont 2, or train into another --dir/,
    );
    await expect(fail(["--dir", dir, "--cont", "1"])).rejects.toThrow(
      /holds checkpoints after 1 \(2\); continuing from 1 would branch that run/,
    );
    await expect(fail(["--dir", dir, "--cont", "9"])).rejects.toThrow(
      /no checkpoint '.*checkpoint-9'; available: 1, 2/,
    );
    await expect(fail(["--dir", dir, "--cont", "2", "--units", "32"])).rejects.toThrow(
      /checkpoint-2' holds another run: model.core.units is 16 there, the flags ask for 32/,
    );
    await expect(fail(["--dir", dir, "--cont", "2", "--lr", "0.5"])).rejects.toThrow(
      /ppo.lr is 0.001 there, the flags ask for 0.5/,
    );
    await expect(fail(["--dir", dir, "--envs", "0"])).rejects.toThrow(
      /--envs expects an integer >= 1, got '0'/,
    );
    await expect(fail(["--dir", dir, "--frobnicate"])).rejects.toThrow(
      /accepted options: --env, --hours/,
    );
    expect(fileHashes(dir)).toEqual(before);

    // A checkpoint copied into another environment's folder is recognised as foreign.
    const other = tempRoot();
    cpSync(
      join(dir, "MinAtar", "Breakout-v1", "checkpoint-2"),
      join(other, "MinAtar", "Asterix-v1", "checkpoint-2"),
      { recursive: true },
    );
    await expect(
      fail(["--env", "MinAtar/Asterix-v1", "--dir", other, "--cont", "2"]),
    ).rejects.toThrow(/was trained on MinAtar\/Breakout-v1, not on MinAtar\/Asterix-v1/);
    // A damaged checkpoint fails its checksum instead of loading.
    const damaged = tempRoot();
    const copy = join(damaged, "MinAtar", "Breakout-v1", "checkpoint-2");
    cpSync(join(dir, "MinAtar", "Breakout-v1", "checkpoint-2"), copy, { recursive: true });
    const model = readFileSync(join(copy, "model.safetensors"));
    const flipped = Buffer.from(model);
    flipped[flipped.length - 1] ^= 0xff;
    writeFileSync(join(copy, "model.safetensors"), flipped);
    await expect(fail(["--dir", damaged, "--cont", "2"])).rejects.toThrow(
      /model.safetensors fails its checksum/,
    );
    writeFileSync(join(copy, "model.safetensors"), model);
    rmSync(join(copy, "state.json"));
    await expect(fail(["--dir", damaged, "--cont", "2"])).rejects.toThrow(/state.json is missing/);
    expect(fileHashes(dir)).toEqual(before);
  });
});

describe("ncps atari on pixels", () => {
  it("trains the Conv-CfC on the Breakout clone through the DeepMind wrappers, resumes and renders", async () => {
    const dir = tempRoot();
    const tiny = ["--env", "PixelBreakout-DeepMind-v5", "--dir", dir, "--report-minutes", "0"];
    const a = scripted();
    const code = await runAtari(
      [
        ...tiny,
        "--channels",
        "4,4,4,4",
        "--units",
        "8",
        "--envs",
        "2",
        "--rollout",
        "8",
        "--minibatch",
        "16",
        "--epochs",
        "1",
        "--steps",
        "32",
      ],
      a.io,
    );
    expect(code, a.state.err).toBe(0);
    expect(reports(a.state.out).map((x) => x.path.split("/").pop())).toEqual([
      "checkpoint-1",
      "checkpoint-2",
    ]);
    const ckpt = await loadCheckpoint(join(dir, "PixelBreakout-DeepMind-v5", "checkpoint-2"));
    expect(ckpt.config).toMatchObject({
      env: "PixelBreakout-DeepMind-v5",
      model: { observationShape: [84, 84, 4], numActions: 4, observationScale: 1 / 255 },
      ppo: { klCoeff: 0.5, clipParam: 0.1, vfClipParam: 10, numEpochs: 1, maxSeqLen: 20 },
    });
    const b = scripted();
    expect(await runAtari([...tiny, "--cont", "2", "--steps", "48"], b.io)).toBe(0);
    expect(reports(b.state.out).map((x) => x.path.split("/").pop())).toEqual(["checkpoint-3"]);
    const c = scripted();
    expect(
      await runAtari([...tiny, "--cont", "3", "--render", "--episodes", "1", "--fps", "0"], c.io),
    ).toBe(0);
    expect(c.state.out).toMatch(new RegExp(`${ESC}\\[38;2;\\d+;\\d+;\\d+m`)); // 24-bit colour frames
    expect(c.state.out).toMatch(/played 1 games: mean return \d+\.\d \(greedy policy\)\n$/);
    expect(existsSync(join(dir, "PixelBreakout-DeepMind-v5", "checkpoint-4"))).toBe(false);
  });
});
