/**
 * Every golden model case (ncps-torch outputs and gradients) through our CfC and LTC modules,
 * in float64 (tight) and float32 (loose) with the tolerances of golden/README.md.
 */
import { describe, expect, it } from "vitest";
import { checkGoldenModel } from "../../src/cli/golden/goldenModel.js";
import {
  type GoldenModelCase,
  listGoldenFiles,
  loadGoldenCase,
} from "../../src/cli/golden/schema.js";
import { GOLDEN } from "../support/paths.js";

const cases = listGoldenFiles(GOLDEN)
  .map((f) => loadGoldenCase(f))
  .filter((c): c is GoldenModelCase => c.kind === "model");

describe("golden model cases", () => {
  it("found all 27 model cases", () => {
    expect(cases.length).toBe(27);
  });
  for (const dtype of ["float64", "float32"] as const) {
    for (const c of cases) {
      it(`${c.case_id} (${dtype}): ${c.description}`, () => {
        const r = checkGoldenModel(c, dtype);
        expect(r.failures).toEqual([]);
        expect(r.ok).toBe(true);
      });
    }
  }
});
