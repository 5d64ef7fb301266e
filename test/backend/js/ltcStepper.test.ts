/**
 * The streaming stepper against the sequence kernel: stepping through a golden case one step
 * at a time must give the sequence's readouts and final state (bit for bit in float64, where
 * both keep the state in float64; within the float32 value tolerance in float32, where the
 * stepper's state round-trips through the caller's Float32Array between steps).
 */
import { basename } from "node:path";
import { describe, expect, it } from "vitest";
import { ltcSequenceForward } from "../../../src/backend/js/ltcForward.js";
import { LtcStepper } from "../../../src/backend/js/ltcStepper.js";
import type { FloatArray } from "../../../src/backend/js/ltcTypes.js";
import { GOLDEN_TOLERANCES } from "../../../src/cli/golden/compare.js";
import { loadGoldenCase } from "../../../src/cli/golden/schema.js";
import { assertClose } from "../../support/assertClose.js";
import {
  asModelCase,
  type FloatDType,
  loadModelCase,
  modelCaseFiles,
} from "../../support/goldenParams.js";
import { type LtcGoldenSetup, replicateBatch, setupOf } from "./ltcGoldenHarness.js";

function zeros(dtype: FloatDType, n: number): FloatArray {
  return dtype === "float64" ? new Float64Array(n) : new Float32Array(n);
}

interface Streamed {
  readout: FloatArray;
  hFinal: FloatArray;
  cFinal: FloatArray | null;
}

/** Runs the stepper over the case's sequence, in place on one state buffer. */
function stream(s: LtcGoldenSetup, dtype: FloatDType, perSampleElapsed: boolean): Streamed {
  const { batch, steps, x, timespans } = s.inputs;
  const { units: h, inputSize: c, motorSize: m } = s.config;
  const stepper = new LtcStepper(s.config, s.params, batch);
  const state = zeros(dtype, batch * h);
  if (s.inputs.h0 !== null) state.set(s.inputs.h0);
  const cell = s.config.mixedMemory ? zeros(dtype, batch * h) : null;
  if (cell !== null && s.inputs.c0 !== null) cell.set(s.inputs.c0);
  const xt = zeros(dtype, batch * c);
  const et = zeros(dtype, batch);
  const yt = zeros(dtype, batch * m);
  const readout = zeros(dtype, batch * steps * m);
  for (let t = 0; t < steps; t++) {
    for (let b = 0; b < batch; b++) {
      for (let k = 0; k < c; k++) xt[b * c + k] = x[(b * steps + t) * c + k];
      if (timespans !== null) et[b] = timespans[b * steps + t];
    }
    let elapsed: number | FloatArray | null = null;
    if (timespans !== null) elapsed = perSampleElapsed || batch > 1 ? et : et[0];
    stepper.step(xt, elapsed, state, state, yt, cell, cell);
    for (let b = 0; b < batch; b++) {
      for (let k = 0; k < m; k++) readout[(b * steps + t) * m + k] = yt[b * m + k];
    }
  }
  return { readout, hFinal: state, cFinal: cell };
}

function sequence(s: LtcGoldenSetup, dtype: FloatDType): Streamed {
  const { batch, steps } = s.inputs;
  const { units: h, motorSize: m } = s.config;
  const out = {
    readout: zeros(dtype, batch * steps * m),
    hFinal: zeros(dtype, batch * h),
    cFinal: s.config.mixedMemory ? zeros(dtype, batch * h) : null,
  };
  ltcSequenceForward(s.config, s.params, s.inputs, out, false);
  return out;
}

describe.each(modelCaseFiles("ltc_").map((f) => [basename(f, ".json"), f]))(
  "stepper on %s",
  (_id, file) => {
    const golden = asModelCase(loadGoldenCase(file), file);

    it("float64: identical to the sequence kernel", () => {
      const s = setupOf(golden, "float64");
      const seq = sequence(s, "float64");
      const st = stream(s, "float64", true);
      expect(Array.from(st.readout)).toEqual(Array.from(seq.readout));
      expect(Array.from(st.hFinal)).toEqual(Array.from(seq.hFinal));
      expect(st.cFinal === null ? null : Array.from(st.cFinal)).toEqual(
        seq.cFinal === null ? null : Array.from(seq.cFinal),
      );
    });

    it("float32: within the float32 value tolerance of the sequence kernel", () => {
      const s = setupOf(golden, "float32");
      const seq = sequence(s, "float32");
      const st = stream(s, "float32", false);
      const tol = GOLDEN_TOLERANCES.float32.values;
      assertClose(st.readout, seq.readout, tol, "readout");
      assertClose(st.hFinal, seq.hFinal, tol, "hFinal");
      if (seq.cFinal !== null) assertClose(st.cFinal ?? [], seq.cFinal, tol, "cFinal");
    });
  },
);

describe("batch-size independence", () => {
  it("a batch-1 stepper per sample reproduces a batch-9 sequence bit for bit (float64)", () => {
    const s = replicateBatch(setupOf(loadModelCase("ltc_fc_timespans.json"), "float64"), 3);
    const seq = sequence(s, "float64");
    const { batch, steps } = s.inputs;
    const { units: h, inputSize: c, motorSize: m } = s.config;
    for (let b = 0; b < batch; b++) {
      const one: LtcGoldenSetup = {
        ...s,
        inputs: {
          batch: 1,
          steps,
          x: s.inputs.x.slice(b * steps * c, (b + 1) * steps * c),
          timespans: s.inputs.timespans?.slice(b * steps, (b + 1) * steps) ?? null,
          h0: s.inputs.h0?.slice(b * h, (b + 1) * h) ?? null,
          c0: null,
        },
      };
      const st = stream(one, "float64", false);
      expect(Array.from(st.readout)).toEqual(
        Array.from(seq.readout.slice(b * steps * m, (b + 1) * steps * m)),
      );
      expect(Array.from(st.hFinal)).toEqual(Array.from(seq.hFinal.slice(b * h, (b + 1) * h)));
    }
  });
});

describe("LtcStepper arguments", () => {
  const s = setupOf(loadModelCase("ltc_fc_timespans.json"), "float64");
  const { batch } = s.inputs;
  const { units: h, inputSize: c, motorSize: m } = s.config;

  it("takes one elapsed time for all samples or one per sample", () => {
    const a = new LtcStepper(s.config, s.params, batch);
    const b = new LtcStepper(s.config, s.params, batch);
    const x = new Float64Array(batch * c).fill(0.3);
    const ha = new Float64Array(batch * h);
    const hb = new Float64Array(batch * h);
    const ya = new Float64Array(batch * m);
    const yb = new Float64Array(batch * m);
    a.step(x, 0.7, ha, ha, ya);
    b.step(x, new Float64Array(batch).fill(0.7), hb, hb, yb);
    expect(Array.from(ha)).toEqual(Array.from(hb));
    expect(Array.from(ya)).toEqual(Array.from(yb));
  });

  it("rejects buffers of the wrong size, naming them", () => {
    const stepper = new LtcStepper(s.config, s.params, batch);
    const hState = new Float64Array(batch * h);
    const y = new Float64Array(batch * m);
    expect(() => stepper.step(new Float64Array(c), null, hState, hState, y)).toThrow(
      /x: expected length 9, got 3/,
    );
    expect(() =>
      stepper.step(new Float64Array(batch * c), new Float64Array(1), hState, hState, y),
    ).toThrow(/elapsed: expected length 3, got 1/);
    expect(() =>
      stepper.step(new Float64Array(batch * c), null, hState, hState, y, hState, hState),
    ).toThrow(/cIn\/cOut: expected null without mixed memory/);
  });

  it("rejects a batch that is not a positive integer", () => {
    expect(() => new LtcStepper(s.config, s.params, 0)).toThrow(
      /batch: expected an integer >= 1, got 0/,
    );
  });
});
