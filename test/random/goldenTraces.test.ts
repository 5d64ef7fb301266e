/** The `rng_trace` of every golden wiring case, reproduced from its seed. */
import { describe, expect, it } from "vitest";
import {
  type GoldenWiringCase,
  listGoldenFiles,
  loadGoldenCase,
} from "../../src/cli/golden/schema.js";
import { defaultRng, MT19937, PCG64 } from "../../src/random/index.js";
import { GOLDEN } from "../support/paths.js";

const wiringCases = listGoldenFiles(GOLDEN)
  .map((f) => loadGoldenCase(f))
  .filter((c): c is GoldenWiringCase => c.kind === "wiring");

interface MtTrace {
  seed: number;
  first_uint32: number[];
}
interface PcgTrace {
  seed: number;
  pcg64_state_after_seeding: { state_hex: string; inc_hex: string };
  first_uint64: string[];
  first_16_choice_m1_1_1: number[];
}

describe("golden rng_trace", () => {
  it("covers every wiring case", () => {
    expect(wiringCases.length).toBeGreaterThanOrEqual(12);
  });

  for (const c of wiringCases) {
    it(`${c.case_id}`, () => {
      const trace = c.rng_trace;
      if ("first_uint32" in trace) {
        const t = trace as unknown as MtTrace;
        const mt = new MT19937(t.seed);
        expect(t.first_uint32.map(() => mt.nextUint32())).toEqual(t.first_uint32);
      } else {
        const t = trace as unknown as PcgTrace;
        const bg = new PCG64(t.seed);
        expect(`0x${bg.state128.toString(16)}`).toBe(t.pcg64_state_after_seeding.state_hex);
        expect(`0x${bg.increment128.toString(16)}`).toBe(t.pcg64_state_after_seeding.inc_hex);
        expect(t.first_uint64.map(() => bg.nextUint64().toString())).toEqual(t.first_uint64);
        const g = defaultRng(t.seed);
        expect(t.first_16_choice_m1_1_1.map(() => g.choice([-1, 1, 1]))).toEqual(
          t.first_16_choice_m1_1_1,
        );
      }
    });
  }
});
