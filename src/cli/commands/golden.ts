/** `ncps golden <folder>`: check every golden case file (wirings and models) against this library. */

import { backend as activeBackend, setBackend } from "../../backend/select.js";
import { type Command, parseFlags } from "../command.js";
import { checkGoldenModel } from "../golden/goldenModel.js";
import { type CaseResult, checkGoldenWiring } from "../golden/goldenWiring.js";
import { listGoldenFiles, loadGoldenCase } from "../golden/schema.js";

function formatLine(r: CaseResult): string {
  const status = r.ok ? "ok  " : "FAIL";
  const errors = `max abs ${r.maxAbs.toExponential(2)}  max rel ${r.maxRel.toExponential(2)}`;
  return `${status} ${r.caseId.padEnd(34)} ${errors}${r.ok ? "" : `  (${r.failures.join("; ")})`}`;
}

export const goldenCommand: Command = {
  name: "golden",
  summary: "Check every ncps golden case file in a folder (wiring and model cases).",
  positionals: "<folder>",
  flags: {
    backend: { type: "string", value: "js|native", description: "kernel set for model cases" },
    dtype: {
      type: "string",
      value: "float64|float32",
      description: "precision of model cases",
      default: "float64",
    },
  },
  examples: [
    "npx ncps golden ../shared/golden",
    "npx ncps golden ../shared/golden --dtype float32 --backend js",
  ],
  async run(argv) {
    const { flags, positionals } = parseFlags(this, argv);
    if (positionals.length !== 1) {
      throw new Error(
        `expected one folder of golden case files, got ${positionals.length} arguments`,
      );
    }
    const dtype = flags.dtype;
    if (dtype !== "float64" && dtype !== "float32") {
      throw new Error(`--dtype expects float64 or float32, got '${String(dtype)}'`);
    }
    const backend = flags.backend;
    if (backend !== undefined) {
      if (backend !== "js" && backend !== "native") {
        throw new Error(`--backend expects js or native, got '${String(backend)}'`);
      }
      setBackend(backend);
    }
    process.stderr.write(`kernels: ${activeBackend()}, dtype: ${dtype}\n`);
    let passed = 0;
    let failed = 0;
    for (const file of listGoldenFiles(positionals[0])) {
      let result: CaseResult;
      try {
        const c = loadGoldenCase(file);
        if (c.kind === "wiring") {
          result = checkGoldenWiring(c.case_id, c.wiring);
        } else {
          result = checkGoldenModel(c, dtype);
        }
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        result = {
          caseId: file,
          ok: false,
          maxAbs: Number.NaN,
          maxRel: Number.NaN,
          failures: [message],
        };
      }
      if (result.ok) passed++;
      else failed++;
      process.stdout.write(`${formatLine(result)}\n`);
    }
    process.stdout.write(`${passed} passed, ${failed} failed\n`);
    return failed === 0 ? 0 : 1;
  },
};
