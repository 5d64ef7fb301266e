/**
 * Every CfC golden case (`golden/cfc_*.json`): forward (readout, final states) and BPTT
 * (gradients of every parameter, x, timespans and initial states) against ncps-torch, in
 * float64 and float32 with the golden README's tolerances.
 *
 * What the kernel leaves to the op layer is adapted here: time-first layout (transpose),
 * return_sequences=false (∂L/∂readout only at the last step) and proj_size (the projection
 * Linear is applied with plain loops and its gradient chained by hand).
 */
import { basename } from "node:path";
import { describe, expect, it } from "vitest";
import type { FloatArray } from "../../../src/backend/js/activations.js";
import {
  cfcSequenceBackward,
  cfcSequenceForward,
  createCfcGrads,
} from "../../../src/backend/js/cfc.js";
import { GOLDEN_TOLERANCES } from "../../../src/cli/golden/compare.js";
import { type GoldenModelCase, loadGoldenCase } from "../../../src/cli/golden/schema.js";
import { assertClose } from "../../support/assertClose.js";
import {
  asModelCase,
  type FloatDType,
  hasParam,
  modelCaseFiles,
  paramOf,
  toTyped,
} from "../../support/goldenParams.js";
import {
  cfcInputsFromGolden,
  cfcParamsFromGolden,
  fromBatchFirst,
  namedCfcGrads,
  toBatchFirst,
} from "./cfcGoldenParams.js";

const files = modelCaseFiles("cfc_");

interface Projection {
  weight: FloatArray;
  bias: FloatArray;
  size: number;
}

/** y[n, p] = Σ_k r[n, k]·W[p, k] + b[p] over rows n of width k. */
function project(r: FloatArray, rows: number, width: number, proj: Projection): number[] {
  const y: number[] = [];
  for (let n = 0; n < rows; n++) {
    for (let p = 0; p < proj.size; p++) {
      let s = proj.bias[p];
      for (let k = 0; k < width; k++) s += r[n * width + k] * proj.weight[p * width + k];
      y.push(s);
    }
  }
  return y;
}

function runCase(c: GoldenModelCase, dtype: FloatDType): void {
  const tol = GOLDEN_TOLERANCES[dtype];
  const params = cfcParamsFromGolden(c, dtype);
  const inputs = cfcInputsFromGolden(c, dtype);
  const { batch: nB, steps: nT } = inputs;
  const nH = c.model.state_size;
  const nOut = params.layers[params.layers.length - 1].hiddenSize;
  const make = (n: number) => toTyped(new Array<number>(n).fill(0), dtype);
  const mixed = params.lstm !== null;
  const outputs = {
    readout: make(nB * nT * nOut),
    hFinal: make(nB * nH),
    cFinal: mixed ? make(nB * nH) : null,
  };
  const saved = cfcSequenceForward(params, inputs, outputs, true);
  if (saved === null) throw new Error("forward with save=true returned null");

  const proj: Projection | null = hasParam(c, "fc.weight")
    ? {
        weight: paramOf(c, "fc.weight", dtype).data,
        bias: paramOf(c, "fc.bias", dtype).data,
        size: paramOf(c, "fc.bias", dtype).data.length,
      }
    : null;
  const returnSequences = c.model.kwargs.return_sequences !== false;
  const ySize = proj === null ? nOut : proj.size;
  // Readout rows used by y: every (b, t), or only t = T-1.
  const rowsUsed: number[] = [];
  for (let b = 0; b < nB; b++) {
    for (let t = returnSequences ? 0 : nT - 1; t < nT; t++) rowsUsed.push(b * nT + t);
  }
  const used = toTyped(
    rowsUsed.flatMap((n) => Array.from(outputs.readout.subarray(n * nOut, (n + 1) * nOut))),
    "float64",
  );
  const yBatchFirst = proj === null ? Array.from(used) : project(used, rowsUsed.length, nOut, proj);
  const yShape = returnSequences ? [nB, nT, ySize] : [nB, ySize];
  const y = returnSequences
    ? fromBatchFirst(c, { shape: yShape, data: toTyped(yBatchFirst, "float64") })
    : yBatchFirst;
  assertClose(y, c.outputs.y.values, tol.values, `${c.case_id} ${dtype} y`);
  assertClose(
    outputs.hFinal,
    c.outputs.h_final.values,
    tol.values,
    `${c.case_id} ${dtype} h_final`,
  );
  if (c.outputs.c_final !== null) {
    expect(outputs.cFinal).not.toBeNull();
    assertClose(
      outputs.cFinal ?? [],
      c.outputs.c_final.values,
      tol.values,
      `${c.case_id} ${dtype} c_final`,
    );
  }

  // loss = Σ y·weights  ⇒  ∂L/∂y = weights, chained through the projection.
  const w = returnSequences
    ? Array.from(toBatchFirst(c, c.loss.weights, "float64").data)
    : c.loss.weights.values;
  const dReadout = make(nB * nT * nOut);
  const dProjW = new Array<number>(proj === null ? 0 : proj.size * nOut).fill(0);
  const dProjB = new Array<number>(proj === null ? 0 : proj.size).fill(0);
  rowsUsed.forEach((n, i) => {
    for (let k = 0; k < nOut; k++) {
      if (proj === null) {
        dReadout[n * nOut + k] = w[i * nOut + k];
        continue;
      }
      let s = 0;
      for (let p = 0; p < proj.size; p++) {
        const wp = w[i * proj.size + p];
        s += wp * proj.weight[p * nOut + k];
        dProjW[p * nOut + k] += wp * outputs.readout[n * nOut + k];
      }
      dReadout[n * nOut + k] = s;
    }
    if (proj !== null) for (let p = 0; p < proj.size; p++) dProjB[p] += w[i * proj.size + p];
  });

  const grads = createCfcGrads(params);
  const gradOut = {
    dx: make(nB * nT * params.layers[0].inputSize),
    dTimespans: inputs.timespans === null ? null : make(nB * nT),
    dh0: make(nB * nH),
    dc0: mixed ? make(nB * nH) : null,
    params: grads,
  };
  cfcSequenceBackward(saved, { dReadout, dhFinal: null, dcFinal: null }, gradOut);

  const named = namedCfcGrads(c, grads);
  for (const [name, expected] of Object.entries(c.grads.params)) {
    if (expected === null) continue; // sparsity masks
    if (name === "fc.weight") {
      assertClose(dProjW, expected.values, tol.grads, `${c.case_id} ${dtype} d${name}`);
      continue;
    }
    if (name === "fc.bias") {
      assertClose(dProjB, expected.values, tol.grads, `${c.case_id} ${dtype} d${name}`);
      continue;
    }
    const actual = named.get(name);
    if (actual === undefined) throw new Error(`${c.case_id}: no kernel gradient for ${name}`);
    assertClose(actual, expected.values, tol.grads, `${c.case_id} ${dtype} d${name}`);
  }
  const xShape = [nB, nT, params.layers[0].inputSize];
  assertClose(
    fromBatchFirst(c, { shape: xShape, data: gradOut.dx }),
    c.grads.x.values,
    tol.grads,
    `${c.case_id} ${dtype} dx`,
  );
  if (c.grads.timespans !== null) {
    expect(gradOut.dTimespans).not.toBeNull();
    assertClose(
      fromBatchFirst(c, { shape: [nB, nT], data: gradOut.dTimespans ?? make(0) }),
      c.grads.timespans.values,
      tol.grads,
      `${c.case_id} ${dtype} dtimespans`,
    );
  }
  if (c.grads.hx !== null) {
    assertClose(gradOut.dh0, c.grads.hx.h0.values, tol.grads, `${c.case_id} ${dtype} dh0`);
    if (c.grads.hx.c0 !== undefined) {
      assertClose(gradOut.dc0 ?? [], c.grads.hx.c0.values, tol.grads, `${c.case_id} ${dtype} dc0`);
    }
  }
}

describe("CfC kernels against the golden cases", () => {
  it("finds the CfC cases", () => {
    expect(files.length).toBeGreaterThanOrEqual(19);
  });
  for (const file of files) {
    const c = asModelCase(loadGoldenCase(file), file);
    for (const dtype of ["float64", "float32"] as const) {
      it(`${basename(file)} (${dtype})`, () => runCase(c, dtype));
    }
  }
});
