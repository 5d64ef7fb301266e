/** Validation of CfC kernel parameters and buffers: bad input names the argument, the expectation and the value. */
import { describe, expect, it } from "vitest";
import {
  type CfcParams,
  cfcSequenceBackward,
  cfcSequenceForward,
  createCfcGrads,
  createCfcPlan,
} from "../../../src/backend/js/cfc.js";
import { loadModelCase } from "../../support/goldenParams.js";
import { cfcInputsFromGolden, cfcParamsFromGolden } from "./cfcGoldenParams.js";

const fc = () => cfcParamsFromGolden(loadModelCase("cfc_fc_default.json"), "float64");
const ncp = () => cfcParamsFromGolden(loadModelCase("cfc_ncp_explicit.json"), "float64");

describe("createCfcPlan", () => {
  it("derives the layer sizes of a fully connected and a wired cell", () => {
    const p = createCfcPlan(fc());
    expect(p.stateSize).toBe(5);
    expect(p.outputSize).toBe(5);
    expect(p.layers[0]).toMatchObject({
      z0Width: 8,
      units: 16,
      depth: 1,
      headInput: 16,
      headOutputs: 20,
    });
    const w = createCfcPlan(ncp());
    expect(w.layers.map((l) => [l.inputSize, l.hiddenSize, l.stateOffset])).toEqual([
      [3, 6, 0],
      [6, 4, 6],
      [4, 2, 10],
    ]);
    expect(w.stateSize).toBe(12);
    expect(w.outputSize).toBe(2);
  });

  it("rejects bad modes, activations, sizes and head sets", () => {
    const bad = (edit: (p: CfcParams) => void) => {
      const p = fc();
      edit(p);
      return () => createCfcPlan(p);
    };
    expect(bad((p) => Object.assign(p, { mode: "fast" }))).toThrow(
      /params.mode: expected one of default, no_gate, pure, got "fast"/,
    );
    expect(bad((p) => Object.assign(p, { backboneActivation: "elu" }))).toThrow(
      /activation: .*got "elu"/,
    );
    expect(bad((p) => p.layers.pop())).toThrow(/params.layers: expected at least one layer, got 0/);
    expect(bad((p) => Object.assign(p.layers[0].ff1, { bias: new Float64Array(4) }))).toThrow(
      /params.layers\[0\].ff1.bias: expected length 5, got 4/,
    );
    expect(
      bad((p) => Object.assign(p.layers[0].backbone[0], { weight: new Float64Array(3) })),
    ).toThrow(/params.layers\[0\].backbone\[0\].weight: expected length 128, got 3/);
    expect(bad((p) => Object.assign(p, { mode: "pure" }))).toThrow(
      /params.layers\[0\].ff2: expected null in mode "pure"/,
    );
    expect(bad((p) => Object.assign(p.layers[0], { timeB: null }))).toThrow(
      /params.layers\[0\].timeB: expected a Linear\(16, 5\), got null/,
    );
    expect(bad((p) => Object.assign(p.layers[0], { sparsityMask: new Float64Array(40) }))).toThrow(
      /sparsityMask: expected null with a backbone/,
    );
  });

  it("rejects wired layers that do not chain and LSTMs of the wrong size", () => {
    const p = ncp();
    p.layers[1].inputSize = 5;
    expect(() => createCfcPlan(p)).toThrow(
      /params.layers\[1\].inputSize: expected the previous layer's hiddenSize 6, got 5/,
    );
    const m = cfcParamsFromGolden(loadModelCase("cfc_fc_mixed_memory.json"), "float64");
    const lstm = m.lstm;
    if (lstm === null) throw new Error("mixed-memory case without LSTM");
    m.lstm = {
      ...lstm,
      hiddenSize: 4,
      recurrentWeight: new Float64Array(64),
      inputWeight: new Float64Array(48),
      inputBias: new Float64Array(16),
    };
    expect(() => createCfcPlan(m)).toThrow(
      /params.lstm: expected inputSize 3 and hiddenSize 5, got 3 and 4/,
    );
  });
});

describe("sequence buffers", () => {
  const c = loadModelCase("cfc_fc_default.json");
  const params = cfcParamsFromGolden(c, "float64");
  const inputs = cfcInputsFromGolden(c, "float64");
  const outputs = () => ({
    readout: new Float64Array(2 * 6 * 5),
    hFinal: new Float64Array(2 * 5),
    cFinal: null,
  });

  it("rejects inputs and outputs of the wrong size, type or presence", () => {
    expect(() =>
      cfcSequenceForward(params, { ...inputs, x: new Float64Array(5) }, outputs(), false),
    ).toThrow(/inputs.x: expected length 36, got 5/);
    expect(() =>
      cfcSequenceForward(params, { ...inputs, x: Float32Array.from(inputs.x) }, outputs(), false),
    ).toThrow(/inputs.x: expected a Float64Array like the parameters, got a Float32Array/);
    expect(() => cfcSequenceForward(params, { ...inputs, steps: 0 }, outputs(), false)).toThrow(
      /inputs.steps: expected an integer >= 1, got 0/,
    );
    expect(() =>
      cfcSequenceForward(params, { ...inputs, c0: new Float64Array(10) }, outputs(), false),
    ).toThrow(/inputs.c0: expected null without mixed memory/);
    expect(() =>
      cfcSequenceForward(params, inputs, { ...outputs(), cFinal: new Float64Array(10) }, false),
    ).toThrow(/outputs.cFinal: expected null without mixed memory/);
    expect(() =>
      cfcSequenceForward(
        params,
        { ...inputs, dropoutMasks: [new Float64Array(2 * 6 * 16)] },
        outputs(),
        false,
      ),
    ).toThrow(/inputs.dropoutMasks\[0\]: expected null/);
  });

  it("rejects backward calls on unsaved activations or with mismatched gradient buffers", () => {
    const saved = cfcSequenceForward(params, inputs, outputs(), true);
    if (saved === null) throw new Error("save=true returned null");
    const good = {
      dx: new Float64Array(36),
      dTimespans: null,
      dh0: new Float64Array(10),
      dc0: null,
      params: createCfcGrads(params),
    };
    const gIn = { dReadout: new Float64Array(60), dhFinal: null, dcFinal: null };
    expect(() => cfcSequenceBackward(saved, gIn, good)).not.toThrow();
    expect(() =>
      cfcSequenceBackward(saved, { ...gIn, dReadout: new Float64Array(59) }, good),
    ).toThrow(/gradInputs.dReadout: expected length 60, got 59/);
    expect(() =>
      cfcSequenceBackward(saved, gIn, { ...good, dTimespans: new Float64Array(12) }),
    ).toThrow(/gradOutputs.dTimespans: expected null when the forward call had no timespans/);
    const wrongGrads = createCfcGrads(params);
    wrongGrads.layers[0].ff2 = null;
    expect(() => cfcSequenceBackward(saved, gIn, { ...good, params: wrongGrads })).toThrow(
      /gradOutputs.params.layers\[0\].ff2: expected gradient buffers, got null/,
    );
  });
});
