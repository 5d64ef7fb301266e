#!/usr/bin/env node
/**
 * The MinAtar Breakout acceptance run (spec rl.md 6.3): two seeds trained side by side (one
 * process, hence one core, each) with `ncps atari` for 1M env steps, within 90 minutes.
 * Bar: the mean return of the last 100 training episodes >= 10 at 1M steps, for each seed.
 *
 *   npm run build && node scripts/minatar-breakout.mjs [--steps 1000000] [--minutes 90]
 *       [--seeds 1,2] [--dir rl_ckpt/minatar-breakout] [--report-minutes 5]
 *
 * Runs the built CLI (dist/cli/main.js) when it has the atari command, else (or with
 * --from-source) the TypeScript sources through vite-node. Each seed writes `<dir>/seed-<s>/MinAtar/Breakout-v1/` (checkpoints,
 * learning-curve.csv/.svg) and its log to `<dir>/seed-<s>.log`; the summary is printed at the
 * end as text and JSON. `--resume` continues stopped runs from each seed's latest checkpoint,
 * with the time already spent counted against `--minutes`.
 */
import { spawn } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..");
const { values, positionals } = parseArgs({
  options: {
    steps: { type: "string", default: "1000000" },
    minutes: { type: "string", default: "90" },
    seeds: { type: "string", default: "1,2" },
    dir: { type: "string", default: join("rl_ckpt", "minatar-breakout") },
    "report-minutes": { type: "string", default: "5" },
    bar: { type: "string", default: "10" },
    "from-source": { type: "boolean", default: false },
    resume: { type: "boolean", default: false },
  },
  allowPositionals: true,
});
const steps = Number(values.steps);
const minutes = Number(values.minutes);
const bar = Number(values.bar);
const seeds = values.seeds.split(",").map(Number);
if (!(steps > 0) || !(minutes > 0) || seeds.some((s) => !Number.isInteger(s) || s < 0)) {
  console.error(`minatar-breakout: bad arguments ${JSON.stringify(values)}`);
  process.exit(2);
}
// The built CLI when it has the atari command (run `npm run build` after changes), else sources.
const built = join(repo, "dist", "cli", "main.js");
const useBuilt =
  !values["from-source"] && existsSync(join(repo, "dist", "cli", "commands", "atari.js"));
const command = useBuilt
  ? [built]
  : [join(repo, "node_modules", "vite-node", "vite-node.mjs"), join(repo, "src", "cli", "main.ts")];
mkdirSync(values.dir, { recursive: true });

/** The seed's folder of checkpoints and curve. */
function runFolder(seed) {
  return join(values.dir, `seed-${seed}`, "MinAtar", "Breakout-v1");
}

/** The rows of a seed's learning-curve.csv as objects (empty when there is none yet). */
function curveOf(seed) {
  const csv = join(runFolder(seed), "learning-curve.csv");
  if (!existsSync(csv)) return [];
  const [header, ...rows] = readFileSync(csv, "utf8").trim().split("\n");
  const cols = header.split(",");
  return rows.map((r) =>
    Object.fromEntries(r.split(",").map((v, i) => [cols[i], v === "" ? null : Number(v)])),
  );
}

/** `--cont <latest>` and the minutes left when resuming, else nothing and all the minutes. */
function resumeArgs(seed) {
  if (!values.resume || !existsSync(runFolder(seed))) return { cont: [], minutesLeft: minutes };
  const numbers = readdirSync(runFolder(seed))
    .map((n) => /^checkpoint-(\d+)$/.exec(n))
    .filter(Boolean)
    .map((m) => Number(m[1]));
  if (numbers.length === 0) return { cont: [], minutesLeft: minutes };
  const latest = Math.max(...numbers);
  const spent = curveOf(seed).find((r) => r.iteration === latest)?.seconds ?? 0;
  return { cont: ["--cont", String(latest)], minutesLeft: Math.max(0, minutes - spent / 60) };
}

function run(seed) {
  const { cont, minutesLeft } = resumeArgs(seed);
  const args = [
    ...command,
    "atari",
    "--env",
    "MinAtar/Breakout-v1",
    "--seed",
    String(seed),
    "--steps",
    String(steps),
    "--hours",
    String(minutesLeft / 60),
    "--report-minutes",
    values["report-minutes"],
    "--dir",
    join(values.dir, `seed-${seed}`),
    ...cont,
    ...positionals,
  ];
  const log = createWriteStream(join(values.dir, `seed-${seed}.log`), { flags: "a" });
  const child = spawn(process.execPath, args, { cwd: repo, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout.on("data", (d) => {
    log.write(d);
    for (const line of String(d).split("\n"))
      if (line.trim() !== "") console.log(`[seed ${seed}] ${line}`);
  });
  child.stderr.on("data", (d) => {
    log.write(d);
    process.stderr.write(`[seed ${seed}] ${d}`);
  });
  return new Promise((resolve) => child.on("exit", (code) => resolve({ seed, code })));
}

function summarize(seed) {
  const table = curveOf(seed);
  if (table.length === 0) return { seed, error: `no learning curve in ${runFolder(seed)}` };
  const last = table[table.length - 1];
  const atSteps = table.find((r) => r.envSteps >= steps) ?? null;
  const curve = [100e3, 250e3, 500e3, 750e3, 1e6]
    .map((s) => table.find((r) => r.envSteps >= s))
    .filter(Boolean)
    .map((r) => ({
      envSteps: r.envSteps,
      minutes: +(r.seconds / 60).toFixed(1),
      meanReturn: r.meanReturn,
    }));
  return {
    seed,
    envSteps: last.envSteps,
    minutes: +(last.seconds / 60).toFixed(1),
    stepsPerSecond: +(last.envSteps / last.seconds).toFixed(1),
    meanReturnLast100: last.meanReturn,
    curve,
    passed: atSteps !== null && atSteps.seconds <= minutes * 60 && (atSteps.meanReturn ?? 0) >= bar,
  };
}

const started = Date.now();
const exits = await Promise.all(seeds.map(run));
const results = seeds.map(summarize);
console.log(
  `\nMinAtar Breakout, ${seeds.length} seeds side by side, ${((Date.now() - started) / 60000).toFixed(1)} min wall time`,
);
for (const r of results) {
  if (r.error) {
    console.log(`  seed ${r.seed}: ${r.error}`);
    continue;
  }
  console.log(
    `  seed ${r.seed}: ${r.envSteps} steps in ${r.minutes} min (${r.stepsPerSecond} steps/s incl. updates), mean return of the last 100 episodes ${r.meanReturnLast100} -> ${r.passed ? "PASS" : "not passed"} (bar: >= ${bar} at ${steps} steps within ${minutes} min)`,
  );
}
console.log(JSON.stringify({ exits, results }, null, 2));
process.exitCode = results.every((r) => r.passed) ? 0 : 1;
