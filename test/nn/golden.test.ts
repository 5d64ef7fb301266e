/**
 * Every golden model case (ncps-torch outputs and gradients) through our CfC and LTC modules,
 * in float64 (tight) and float32 (loose) with the tolerances of golden/README.md, on every
 * kernel set this process can load (js always; native when the addon is built).
 */
import { afterAll, describe, expect, it } from "vitest";
import { availableBackends, backend, setBackend } from "../../src/backend/index.js";
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
const initial = backend();
afterAll(() => setBackend(initial));

describe("golden model cases", () => {
  it("found all 27 model cases", () => {
    expect(cases.length).toBe(27);
  });
  for (const kernels of availableBackends()) {
    for (const dtype of ["float64", "float32"] as const) {
      for (const c of cases) {
        it(`${kernels} ${dtype} ${c.case_id}: ${c.description}`, () => {
          setBackend(kernels);
          const r = checkGoldenModel(c, dtype);
          expect(r.failures).toEqual([]);
          expect(r.ok).toBe(true);
        });
      }
    }
  }
});
