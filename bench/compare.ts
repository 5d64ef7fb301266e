/**
 * Side-by-side table of benchmark records: ours (`npm run bench -- --json`) against ncps-torch
 * (`bench/ncps_torch.py`, possibly several runs with different `--threads`), as ratios of
 * medians, each workload against torch's fastest run, with the targets.
 * Usage: npx tsx bench/compare.ts ours.jsonl torch-1.jsonl [torch-2.jsonl ...]
 */
import { readFileSync } from "node:fs";

interface BenchRecord {
  workload: string;
  backend: string;
  unit: string;
  median: number;
  threads?: number;
}

/** How many times faster than torch a backend must be (a max of torch's time when < 1). */
const TARGETS: Record<string, Partial<Record<"native" | "js", number>>> = {
  "cfc64-train": { native: 1.5, js: 1 / 6 },
  "cfc-autoncp64-train": { native: 1.5, js: 1 / 6 },
  "ltc64-train": { native: 5, js: 1 / 6 },
  "cfc-ncp19-step": { native: 30, js: 3 },
  "ltc-ncp19-step": { native: 30, js: 3 },
  "cfc64-step": { native: 30, js: 3 },
  "cfc64-infer-b256": { native: 1.5 },
  "cfc-autoncp64-infer-b256": { native: 1.5 },
  "ltc64-infer-b256": { native: 5 },
  "dqn-conv-train": { native: 0.5 },
};

function readRecords(path: string): BenchRecord[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((line) => line.trim().startsWith("{"))
    .map((line) => JSON.parse(line) as BenchRecord);
}

function ratioText(speedup: number): string {
  return speedup >= 1 ? `${speedup.toFixed(1)}x faster` : `${(1 / speedup).toFixed(1)}x slower`;
}

function targetText(speedup: number, target: number | undefined): string {
  if (target === undefined) return "";
  const met = speedup >= target ? "met" : "MISSED";
  const want = target >= 1 ? `>= ${target}x faster` : `<= ${(1 / target).toFixed(0)}x torch's time`;
  return ` (${want}: ${met})`;
}

function main(paths: string[]): void {
  if (paths.length < 2) {
    throw new Error("usage: npx tsx bench/compare.ts ours.jsonl torch.jsonl [torch.jsonl ...]");
  }
  const records = paths.flatMap(readRecords);
  const torch = new Map<string, BenchRecord>();
  for (const r of records) {
    if (r.backend !== "ncps-torch") continue;
    const best = torch.get(r.workload);
    if (best === undefined || r.median < best.median) torch.set(r.workload, r);
  }
  const rows = [
    "| workload | backend | ours | ncps-torch (threads) | ratio |",
    "| --- | --- | --- | --- | --- |",
  ];
  for (const r of records) {
    const ref = torch.get(r.workload);
    if (r.backend === "ncps-torch" || ref === undefined) continue;
    const speedup = ref.median / r.median;
    const backend = r.backend === "native" || r.backend === "js" ? r.backend : undefined;
    const target = backend === undefined ? undefined : TARGETS[r.workload]?.[backend];
    rows.push(
      `| ${r.workload} | ${r.backend} | ${r.median.toPrecision(3)} ${r.unit} | ` +
        `${ref.median.toPrecision(3)} ${ref.unit} (${ref.threads ?? "?"}) | ` +
        `${ratioText(speedup)}${targetText(speedup, target)} |`,
    );
  }
  console.log(rows.join("\n"));
}

main(process.argv.slice(2));
