/**
 * Finite-difference checks of the LTC backward kernel on paths the golden cases do not drive:
 * incoming gradients on the final state (and cell state), timespans together with mixed memory
 * and masks, and h0/c0. Loss = Σ readout·wR + Σ hFinal·wH (+ Σ cFinal·wC), float64, central
 * differences with step 1e-6 (truncation and rounding error both around 1e-10 here).
 */
import { describe, it } from "vitest";
import { ltcSequenceBackward } from "../../../src/backend/js/ltcBackward.js";
import { ltcSequenceForward } from "../../../src/backend/js/ltcForward.js";
import type { LtcParamGrads, LtcParams } from "../../../src/backend/js/ltcTypes.js";
import { assertClose } from "../../support/assertClose.js";
import { loadModelCase } from "../../support/goldenParams.js";
import { type LtcGoldenSetup, setupOf } from "./ltcGoldenHarness.js";

const STEP = 1e-6;
const FD_TOL = { atol: 1e-8, rtol: 1e-6 };

/** Deterministic values in [lo, hi) (a fixed LCG; any spread of values will do). */
function spread(n: number, seed: number, lo: number, hi: number): Float64Array {
  const out = new Float64Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = lo + ((hi - lo) * s) / 2 ** 32;
  }
  return out;
}

interface Problem {
  setup: LtcGoldenSetup;
  wR: Float64Array;
  wH: Float64Array;
  wC: Float64Array | null;
}

/** A golden case's parameters with new inputs: B = 2, T = 4, timespans, h0 (and c0). */
function problemOf(file: string): Problem {
  const setup = setupOf(loadModelCase(file), "float64");
  const batch = 2;
  const steps = 4;
  const { units: h, inputSize: c, motorSize: m, mixedMemory } = setup.config;
  setup.inputs = {
    batch,
    steps,
    x: spread(batch * steps * c, 1, -1, 1),
    timespans: spread(batch * steps, 2, 0.5, 1.5),
    h0: spread(batch * h, 3, -0.5, 0.5),
    c0: mixedMemory ? spread(batch * h, 4, -0.5, 0.5) : null,
  };
  return {
    setup,
    wR: spread(batch * steps * m, 5, -1, 1),
    wH: spread(batch * h, 6, -1, 1),
    wC: mixedMemory ? spread(batch * h, 7, -1, 1) : null,
  };
}

function loss(p: Problem): number {
  const { batch, steps } = p.setup.inputs;
  const { units: h, motorSize: m, mixedMemory } = p.setup.config;
  const out = {
    readout: new Float64Array(batch * steps * m),
    hFinal: new Float64Array(batch * h),
    cFinal: mixedMemory ? new Float64Array(batch * h) : null,
  };
  ltcSequenceForward(p.setup.config, p.setup.params, p.setup.inputs, out, false);
  let sum = 0;
  for (let i = 0; i < out.readout.length; i++) sum += out.readout[i] * p.wR[i];
  for (let i = 0; i < out.hFinal.length; i++) sum += out.hFinal[i] * p.wH[i];
  if (out.cFinal !== null && p.wC !== null) {
    for (let i = 0; i < out.cFinal.length; i++) sum += out.cFinal[i] * p.wC[i];
  }
  return sum;
}

/** Central differences of the loss w.r.t. every entry of `buf` (restored afterwards). */
function numericGrad(p: Problem, buf: Float64Array | Float32Array): number[] {
  const g: number[] = [];
  for (let i = 0; i < buf.length; i++) {
    const keep = buf[i];
    buf[i] = keep + STEP;
    const up = loss(p);
    buf[i] = keep - STEP;
    const down = loss(p);
    buf[i] = keep;
    g.push((up - down) / (2 * STEP));
  }
  return g;
}

function gradBuffers(p: Problem): LtcParamGrads {
  const { units: h, inputSize: c, motorSize: m } = p.setup.config;
  const params = p.setup.params;
  const like = (a: ArrayLike<number> | null): Float64Array | null =>
    a === null ? null : new Float64Array(a.length);
  return {
    gleak: new Float64Array(h),
    vleak: new Float64Array(h),
    cm: new Float64Array(h),
    sigma: new Float64Array(h * h),
    mu: new Float64Array(h * h),
    w: new Float64Array(h * h),
    erev: new Float64Array(h * h),
    sensorySigma: new Float64Array(c * h),
    sensoryMu: new Float64Array(c * h),
    sensoryW: new Float64Array(c * h),
    sensoryErev: new Float64Array(c * h),
    inputW: like(params.inputW),
    inputB: like(params.inputB),
    outputW: params.outputW === null ? null : new Float64Array(m),
    outputB: params.outputB === null ? null : new Float64Array(m),
    lstm:
      params.lstm === null
        ? null
        : {
            inputWeight: new Float64Array(params.lstm.inputWeight.length),
            inputBias: new Float64Array(params.lstm.inputBias.length),
            recurrentWeight: new Float64Array(params.lstm.recurrentWeight.length),
          },
  };
}

function checkCase(file: string, paramKeys: (keyof LtcParams)[]): void {
  const p = problemOf(file);
  const { batch, steps } = p.setup.inputs;
  const { units: h, inputSize: c } = p.setup.config;
  const out = {
    readout: new Float64Array(batch * steps * p.setup.config.motorSize),
    hFinal: new Float64Array(batch * h),
    cFinal: p.wC === null ? null : new Float64Array(batch * h),
  };
  const saved = ltcSequenceForward(p.setup.config, p.setup.params, p.setup.inputs, out, true);
  if (saved === null) throw new Error("forward with save=true returned null");
  const params = gradBuffers(p);
  const dx = new Float64Array(batch * steps * c);
  const dTimespans = new Float64Array(batch * steps);
  const dh0 = new Float64Array(batch * h);
  const dc0 = p.wC === null ? null : new Float64Array(batch * h);
  ltcSequenceBackward(
    saved,
    { dReadout: p.wR, dhFinal: p.wH, dcFinal: p.wC },
    { params, dx, dTimespans, dh0, dc0 },
  );
  const { x, timespans, h0, c0 } = p.setup.inputs;
  assertClose(dx, numericGrad(p, x), FD_TOL, "dx");
  if (timespans !== null) assertClose(dTimespans, numericGrad(p, timespans), FD_TOL, "dTimespans");
  if (h0 !== null) assertClose(dh0, numericGrad(p, h0), FD_TOL, "dh0");
  if (c0 !== null && dc0 !== null) assertClose(dc0, numericGrad(p, c0), FD_TOL, "dc0");
  for (const key of paramKeys) {
    const buf = p.setup.params[key];
    const g = params[key as keyof LtcParamGrads];
    if (
      buf === null ||
      g === null ||
      !(buf instanceof Float64Array) ||
      !(g instanceof Float64Array)
    ) {
      throw new Error(`parameter ${key}: expected float64 buffers`);
    }
    assertClose(g, numericGrad(p, buf), FD_TOL, `d ${key}`);
  }
  if (params.lstm !== null && p.setup.params.lstm !== null) {
    const lstm = p.setup.params.lstm;
    assertClose(params.lstm.inputWeight, numericGrad(p, lstm.inputWeight), FD_TOL, "d lstm Wi");
    assertClose(
      params.lstm.recurrentWeight,
      numericGrad(p, lstm.recurrentWeight),
      FD_TOL,
      "d lstm Wr",
    );
  }
}

describe("LTC backward vs central differences", () => {
  it("mixed memory with dhFinal, dcFinal, timespans, h0 and c0", () => {
    checkCase("ltc_mixed_memory_return_last.json", ["cm", "gleak", "w", "sigma", "sensoryW"]);
  });

  it("sparse AutoNCP wiring (masked synapses) with dhFinal and timespans", () => {
    checkCase("ltc_autoncp.json", ["w", "mu", "erev", "sensorySigma", "sensoryMu", "outputW"]);
  });

  it("explicit constraints and a linear mapping", () => {
    checkCase("ltc_fc_explicit_constraints.json", ["cm", "gleak", "vleak", "w", "inputW"]);
    checkCase("ltc_fc_unfolds3_linear_map.json", ["w", "inputW", "outputW"]);
  });
});
