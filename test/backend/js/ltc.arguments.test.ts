/** Argument checking of the LTC sequence kernels: every error names the argument and the value. */
import { describe, expect, it } from "vitest";
import {
  createLtcParamGrads,
  type LtcConfig,
  type LtcSequenceInputs,
  ltcSequenceBackward,
  ltcSequenceForward,
} from "../../../src/backend/js/ltc.js";
import { loadModelCase } from "../../support/goldenParams.js";
import { setupOf } from "./ltcGoldenHarness.js";

const s = setupOf(loadModelCase("ltc_fc_default.json"), "float64");
const { batch, steps } = s.inputs;
const { units: h, motorSize: m, inputSize: c } = s.config;

function outputs() {
  return {
    readout: new Float64Array(batch * steps * m),
    hFinal: new Float64Array(batch * h),
    cFinal: null,
  };
}

function forwardWith(config: Partial<LtcConfig>, inputs: Partial<LtcSequenceInputs> = {}) {
  return () =>
    ltcSequenceForward(
      { ...s.config, ...config },
      s.params,
      { ...s.inputs, ...inputs },
      outputs(),
      false,
    );
}

describe("ltcSequenceForward arguments", () => {
  it("rejects configurations that do not fit, naming the field", () => {
    expect(forwardWith({ motorSize: h + 1 })).toThrow(
      /config\.motorSize: expected at most units = 5, got 6/,
    );
    expect(forwardWith({ odeUnfolds: 0 })).toThrow(
      /config\.odeUnfolds: expected an integer >= 1, got 0/,
    );
    expect(forwardWith({ inputMapping: "affin" as "affine" })).toThrow(
      /config\.inputMapping: expected "affine", "linear" or "none", got "affin"/,
    );
    expect(forwardWith({ epsilon: Number.NaN })).toThrow(
      /config\.epsilon: expected a finite number/,
    );
  });

  it("rejects parameters whose size or presence does not match the configuration", () => {
    expect(forwardWith({ units: 4, motorSize: 4 })).toThrow(
      /params\.gleak: expected length 4, got 5/,
    );
    expect(forwardWith({ inputMapping: "none" })).toThrow(
      /params\.inputW: expected null, got a buffer/,
    );
    expect(forwardWith({ mixedMemory: true })).toThrow(
      /params\.lstm: expected LSTM parameters with mixedMemory, got null/,
    );
  });

  it("rejects inputs of the wrong size", () => {
    expect(forwardWith({}, { x: new Float64Array(3) })).toThrow(
      new RegExp(`inputs\\.x: expected length ${batch * steps * c}, got 3`),
    );
    expect(forwardWith({}, { steps: 0 })).toThrow(/inputs\.steps: expected an integer >= 1, got 0/);
    expect(forwardWith({}, { c0: new Float64Array(batch * h) })).toThrow(
      /inputs\.c0: expected null without mixedMemory/,
    );
  });

  it("returns saved activations only when asked", () => {
    expect(ltcSequenceForward(s.config, s.params, s.inputs, outputs(), false)).toBeNull();
    expect(ltcSequenceForward(s.config, s.params, s.inputs, outputs(), true)).not.toBeNull();
  });
});

describe("ltcSequenceBackward arguments", () => {
  const saved = ltcSequenceForward(s.config, s.params, s.inputs, outputs(), true);
  if (saved === null) throw new Error("forward with save=true returned null");
  const grads = () => createLtcParamGrads(s.config, new Float64Array(0));

  it("rejects a timespans gradient when the forward call had none", () => {
    expect(() =>
      ltcSequenceBackward(
        saved,
        { dReadout: null, dhFinal: null, dcFinal: null },
        {
          params: grads(),
          dx: null,
          dTimespans: new Float64Array(batch * steps),
          dh0: null,
          dc0: null,
        },
      ),
    ).toThrow(/out\.dTimespans: expected null, the forward call had no timespans/);
  });

  it("rejects incoming gradients of the wrong size", () => {
    expect(() =>
      ltcSequenceBackward(
        saved,
        { dReadout: new Float64Array(1), dhFinal: null, dcFinal: null },
        { params: grads(), dx: null, dTimespans: null, dh0: null, dc0: null },
      ),
    ).toThrow(new RegExp(`gradIn\\.dReadout: expected length ${batch * steps * m}, got 1`));
  });

  it("with no incoming gradient, writes zero gradients", () => {
    const g = grads();
    g.w.fill(7);
    const dx = new Float64Array(batch * steps * c).fill(7);
    ltcSequenceBackward(
      saved,
      { dReadout: null, dhFinal: null, dcFinal: null },
      { params: g, dx, dTimespans: null, dh0: null, dc0: null },
    );
    expect(Array.from(g.w).every((v) => v === 0)).toBe(true);
    expect(Array.from(dx).every((v) => v === 0)).toBe(true);
  });
});
