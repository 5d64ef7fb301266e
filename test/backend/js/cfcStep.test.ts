/**
 * The streaming step against the sequence kernel: stepping a golden model through its inputs
 * must give the same readout at every step and the same final states as one sequence call.
 */
import { describe, expect, it } from "vitest";
import {
  cfcSequenceForward,
  cfcStep,
  createCfcStepWorkspace,
} from "../../../src/backend/js/cfc.js";
import { loadModelCase, toTyped } from "../../support/goldenParams.js";
import { cfcInputsFromGolden, cfcParamsFromGolden } from "./cfcGoldenParams.js";

const CASES = [
  "cfc_fc_default.json",
  "cfc_fc_mixed_memory.json",
  "cfc_fc_timespans.json",
  "cfc_fc_timespans_b1.json",
  "cfc_autoncp_timespans_hx.json",
  "cfc_ncp_explicit.json",
  "cfc_fc_bb2_silu.json",
];

describe("cfcStep", () => {
  for (const file of CASES) {
    for (const dtype of ["float64", "float32"] as const) {
      it(`reproduces the sequence kernel step by step: ${file} (${dtype})`, () => {
        const c = loadModelCase(file);
        const params = cfcParamsFromGolden(c, dtype);
        const inputs = cfcInputsFromGolden(c, dtype);
        const { batch: nB, steps: nT } = inputs;
        const nIn = params.layers[0].inputSize;
        const nH = c.model.state_size;
        const nOut = params.layers[params.layers.length - 1].hiddenSize;
        const mixed = params.lstm !== null;
        const zeros = (n: number) => toTyped(new Array<number>(n).fill(0), dtype);
        const seq = {
          readout: zeros(nB * nT * nOut),
          hFinal: zeros(nB * nH),
          cFinal: mixed ? zeros(nB * nH) : null,
        };
        cfcSequenceForward(params, inputs, seq, false);

        const ws = createCfcStepWorkspace(params, nB);
        if (inputs.h0 !== null) ws.h.set(inputs.h0);
        if (inputs.c0 !== null && ws.c !== null) ws.c.set(inputs.c0);
        const x = zeros(nB * nIn);
        const ts = inputs.timespans === null ? null : zeros(nB);
        const readoutBuffer = ws.readout;
        // The stepper keeps float64 state like the sequence kernel, which rounds only its outputs.
        const stored = (a: ArrayLike<number>) =>
          Array.from(a, dtype === "float32" ? Math.fround : Number);
        for (let t = 0; t < nT; t++) {
          for (let b = 0; b < nB; b++) {
            x.set(inputs.x.subarray((b * nT + t) * nIn, (b * nT + t + 1) * nIn), b * nIn);
            if (ts !== null && inputs.timespans !== null) ts[b] = inputs.timespans[b * nT + t];
          }
          cfcStep(ws, x, ts);
          for (let b = 0; b < nB; b++) {
            const expected = Array.from(
              seq.readout.subarray((b * nT + t) * nOut, (b * nT + t + 1) * nOut),
            );
            expect(stored(ws.readout.subarray(b * nOut, (b + 1) * nOut))).toEqual(expected);
          }
        }
        expect(ws.readout).toBe(readoutBuffer);
        expect(stored(ws.h)).toEqual(Array.from(seq.hFinal));
        if (seq.cFinal !== null) expect(stored(ws.c ?? [])).toEqual(Array.from(seq.cFinal));
      });
    }
  }

  it("keeps results identical when the sequence kernel saves activations", () => {
    const c = loadModelCase("cfc_fc_mixed_memory.json");
    const params = cfcParamsFromGolden(c, "float64");
    const inputs = cfcInputsFromGolden(c, "float64");
    const run = (save: boolean) => {
      const out = {
        readout: new Float64Array(inputs.batch * inputs.steps * 5),
        hFinal: new Float64Array(inputs.batch * 5),
        cFinal: new Float64Array(inputs.batch * 5),
      };
      cfcSequenceForward(params, inputs, out, save);
      return out;
    };
    const a = run(false);
    const b = run(true);
    expect(Array.from(a.readout)).toEqual(Array.from(b.readout));
    expect(Array.from(a.cFinal)).toEqual(Array.from(b.cFinal));
  });

  it("takes the weights when made: later in-place changes reach new workspaces only", () => {
    const c = loadModelCase("cfc_fc_default.json");
    const params = cfcParamsFromGolden(c, "float64");
    const x = new Float64Array(3).fill(0.5);
    const before = createCfcStepWorkspace(params, 1);
    params.layers[0].ff1.weight[0] += 0.5;
    const after = createCfcStepWorkspace(params, 1);
    params.layers[0].ff1.weight[0] -= 0.5;
    const fresh = createCfcStepWorkspace(params, 1);
    for (const ws of [before, after, fresh]) cfcStep(ws, x, null);
    expect(Array.from(before.readout)).toEqual(Array.from(fresh.readout));
    expect(Array.from(after.readout)).not.toEqual(Array.from(fresh.readout));
  });

  it("rejects inputs of the wrong size or element type, naming them", () => {
    const c = loadModelCase("cfc_fc_default.json");
    const ws = createCfcStepWorkspace(cfcParamsFromGolden(c, "float64"), 2);
    expect(() => cfcStep(ws, new Float64Array(5), null)).toThrow(/x: expected length 6, got 5/);
    expect(() => cfcStep(ws, new Float32Array(6), null)).toThrow(/x: expected a Float64Array/);
    expect(() => cfcStep(ws, new Float64Array(6), new Float64Array(3))).toThrow(
      /timespans: expected length 2, got 3/,
    );
    expect(() => createCfcStepWorkspace(cfcParamsFromGolden(c, "float64"), 0)).toThrow(
      /batch: expected an integer >= 1, got 0/,
    );
  });
});
