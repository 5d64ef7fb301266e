/**
 * The fused LTC kernels against every ncps golden LTC case: forward values and final states,
 * then backward with loss = Σ readout · weights, for every parameter, x, timespans, h0, c0.
 * Float64 buffers use the README's tight tolerances, Float32 buffers the loose ones.
 */
import { basename } from "node:path";
import { describe, expect, it } from "vitest";
import { ltcSequenceBackward } from "../../../src/backend/js/ltcBackward.js";
import { type LtcSaved, ltcSequenceForward } from "../../../src/backend/js/ltcForward.js";
import type { FloatArray, LtcParamGrads } from "../../../src/backend/js/ltcTypes.js";
import { GOLDEN_TOLERANCES } from "../../../src/cli/golden/compare.js";
import { type GoldenModelCase, loadGoldenCase } from "../../../src/cli/golden/schema.js";
import { assertClose } from "../../support/assertClose.js";
import { asModelCase, type FloatDType, modelCaseFiles } from "../../support/goldenParams.js";
import {
  LTC_LSTM_NAMES,
  LTC_MAPPING_NAMES,
  LTC_PARAM_NAMES,
  type LtcGoldenSetup,
  replicateBatch,
  setupOf,
} from "./ltcGoldenHarness.js";

const FILES = modelCaseFiles("ltc_");

function zeros(dtype: FloatDType, n: number): FloatArray {
  return dtype === "float64" ? new Float64Array(n) : new Float32Array(n);
}

function lastStep(readout: FloatArray, batch: number, steps: number, m: number): number[] {
  const out: number[] = [];
  for (let b = 0; b < batch; b++) {
    for (let k = 0; k < m; k++) out.push(readout[(b * steps + steps - 1) * m + k]);
  }
  return out;
}

function gradBuffers(s: LtcGoldenSetup, dtype: FloatDType): LtcParamGrads {
  const { units: h, inputSize: c, motorSize: m, inputMapping, outputMapping } = s.config;
  return {
    gleak: zeros(dtype, h),
    vleak: zeros(dtype, h),
    cm: zeros(dtype, h),
    sigma: zeros(dtype, h * h),
    mu: zeros(dtype, h * h),
    w: zeros(dtype, h * h),
    erev: zeros(dtype, h * h),
    sensorySigma: zeros(dtype, c * h),
    sensoryMu: zeros(dtype, c * h),
    sensoryW: zeros(dtype, c * h),
    sensoryErev: zeros(dtype, c * h),
    inputW: inputMapping === "none" ? null : zeros(dtype, c),
    inputB: inputMapping === "affine" ? zeros(dtype, c) : null,
    outputW: outputMapping === "none" ? null : zeros(dtype, m),
    outputB: outputMapping === "affine" ? zeros(dtype, m) : null,
    lstm: s.config.mixedMemory
      ? {
          inputWeight: zeros(dtype, 4 * h * c),
          inputBias: zeros(dtype, 4 * h),
          recurrentWeight: zeros(dtype, 4 * h * h),
        }
      : null,
  };
}

/** Golden name → the gradient buffer the kernel wrote for it. */
function namedGrads(g: LtcParamGrads): Record<string, FloatArray | null> {
  const named: Record<string, FloatArray | null> = {};
  for (const [field, name] of Object.entries(LTC_PARAM_NAMES)) {
    named[name] = g[field as keyof typeof LTC_PARAM_NAMES];
  }
  for (const [field, name] of Object.entries(LTC_MAPPING_NAMES)) {
    named[name] = g[field as keyof typeof LTC_MAPPING_NAMES];
  }
  if (g.lstm !== null) {
    for (const [field, name] of Object.entries(LTC_LSTM_NAMES)) {
      named[name] = g.lstm[field as keyof typeof LTC_LSTM_NAMES];
    }
  }
  return named;
}

interface ForwardRun {
  setup: LtcGoldenSetup;
  outputs: { readout: FloatArray; hFinal: FloatArray; cFinal: FloatArray | null };
  saved: LtcSaved | null;
}

/** Batch copies per case: 1, and enough to reach the kernels' unrolled batch loop plus a tail. */
function copiesFor(golden: GoldenModelCase): number[] {
  const batch = golden.call.unbatched ? 1 : golden.inputs.x.shape[golden.call.batch_first ? 0 : 1];
  let copies = 2;
  while (batch * copies < 5 || (batch * copies) % 4 === 0) copies++;
  return [1, copies];
}

function runForward(golden: GoldenModelCase, dtype: FloatDType, copies: number): ForwardRun {
  const setup = replicateBatch(setupOf(golden, dtype), copies);
  const { batch, steps } = setup.inputs;
  const { units: h, motorSize: m, mixedMemory } = setup.config;
  const outputs = {
    readout: zeros(dtype, batch * steps * m),
    hFinal: zeros(dtype, batch * h),
    cFinal: mixedMemory ? zeros(dtype, batch * h) : null,
  };
  const saved = ltcSequenceForward(setup.config, setup.params, setup.inputs, outputs, true);
  return { setup, outputs, saved };
}

describe.each(FILES.map((f) => [basename(f, ".json"), f]))("golden %s", (_id, file) => {
  const golden = asModelCase(loadGoldenCase(file), file);
  const cases = copiesFor(golden).flatMap((copies) =>
    (["float64", "float32"] as const).map((dtype) => [dtype, copies] as const),
  );
  describe.each(cases)("%s, batch ×%i", (dtype, copies) => {
    const tol = GOLDEN_TOLERANCES[dtype];

    it("forward: readout, final state (and cell state)", () => {
      const { setup: s, outputs } = runForward(golden, dtype, copies);
      const { batch, steps } = s.inputs;
      const m = s.config.motorSize;
      const y = s.returnSequences ? outputs.readout : lastStep(outputs.readout, batch, steps, m);
      assertClose(y, s.expected.y, tol.values, "y");
      assertClose(outputs.hFinal, s.expected.hFinal, tol.values, "h_final");
      if (s.expected.cFinal !== null) {
        expect(outputs.cFinal).not.toBeNull();
        assertClose(outputs.cFinal ?? [], s.expected.cFinal, tol.values, "c_final");
      }
    });

    it("backward: every parameter, x, timespans, h0 (and c0)", () => {
      const { setup: s, saved } = runForward(golden, dtype, copies);
      expect(saved).not.toBeNull();
      if (saved === null) return;
      const { batch, steps } = s.inputs;
      const h = s.config.units;
      const params = gradBuffers(s, dtype);
      const dx = zeros(dtype, batch * steps * s.config.inputSize);
      const dTimespans = s.inputs.timespans === null ? null : zeros(dtype, batch * steps);
      const dh0 = s.inputs.h0 === null ? null : zeros(dtype, batch * h);
      const dc0 = s.inputs.c0 === null ? null : zeros(dtype, batch * h);
      ltcSequenceBackward(
        saved,
        { dReadout: s.dReadout, dhFinal: null, dcFinal: null },
        { params, dx, dTimespans, dh0, dc0 },
      );
      const named = namedGrads(params);
      const expectedNames = Object.keys(s.expected.params).sort();
      const written = Object.keys(named)
        .filter((k) => named[k] !== null)
        .sort();
      expect(written).toEqual(expectedNames);
      for (const name of expectedNames) {
        assertClose(named[name] ?? [], s.expected.params[name], tol.grads, `grad ${name}`);
      }
      assertClose(dx, s.expected.dx, tol.grads, "grad x");
      if (s.expected.dTimespans !== null) {
        assertClose(dTimespans ?? [], s.expected.dTimespans, tol.grads, "grad timespans");
      }
      if (s.expected.dh0 !== null) assertClose(dh0 ?? [], s.expected.dh0, tol.grads, "grad h0");
      if (s.expected.dc0 !== null) assertClose(dc0 ?? [], s.expected.dc0, tol.grads, "grad c0");
    });
  });
});

describe("golden coverage", () => {
  it("finds the LTC cases", () => {
    expect(FILES.length).toBeGreaterThanOrEqual(7);
  });
});
