/**
 * BPTT against central finite differences of the forward kernel, for configurations the
 * golden cases do not cover together: training-mode backbone dropout, mixed memory with
 * timespans and gradients into hFinal/cFinal, multi-layer wired pure mode, and every backbone
 * activation. Loss L = Σ readout·wR + Σ hFinal·wH + Σ cFinal·wC.
 */
import { describe, expect, it } from "vitest";
import type { BackboneActivation, FloatArray } from "../../../src/backend/js/activations.js";
import {
  type CfcLayerParams,
  type CfcLinear,
  type CfcMode,
  type CfcParams,
  type CfcSequenceInputs,
  cfcSequenceBackward,
  cfcSequenceForward,
  createCfcGrads,
} from "../../../src/backend/js/cfc.js";
import { assertClose } from "../../support/assertClose.js";

/** A small deterministic generator (mulberry32) for test data; uniform in [lo, hi). */
function makeRandom(seed: number): (lo: number, hi: number) => number {
  let s = seed >>> 0;
  return (lo, hi) => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const u = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    return lo + (hi - lo) * u;
  };
}

interface LayerSpec {
  inputSize: number;
  hiddenSize: number;
  depth: number;
  units: number;
  masked: boolean;
}

interface Config {
  name: string;
  mode: CfcMode;
  activation: BackboneActivation;
  layers: LayerSpec[];
  lstm: boolean;
  dropout: boolean;
  timespans: boolean;
  h0: boolean;
  batch: number;
  steps: number;
}

function build(cfg: Config, seed: number) {
  const rnd = makeRandom(seed);
  const vec = (n: number, scale = 0.8) =>
    Float64Array.from({ length: n }, () => rnd(-scale, scale));
  const lin = (out: number, inp: number): CfcLinear => ({
    weight: vec(out * inp),
    bias: vec(out, 0.3),
  });
  const pure = cfg.mode === "pure";
  const layers: CfcLayerParams[] = cfg.layers.map((s) => {
    const d = s.depth > 0 ? s.units : s.inputSize + s.hiddenSize;
    return {
      inputSize: s.inputSize,
      hiddenSize: s.hiddenSize,
      backbone: Array.from({ length: s.depth }, (_, i) =>
        lin(s.units, i === 0 ? s.inputSize + s.hiddenSize : s.units),
      ),
      ff1: lin(s.hiddenSize, d),
      ff2: pure ? null : lin(s.hiddenSize, d),
      timeA: pure ? null : lin(s.hiddenSize, d),
      timeB: pure ? null : lin(s.hiddenSize, d),
      wTau: pure ? vec(s.hiddenSize) : null,
      a: pure ? vec(s.hiddenSize) : null,
      sparsityMask: s.masked
        ? Float64Array.from({ length: s.hiddenSize * d }, () => (rnd(0, 1) < 0.6 ? 1 : 0))
        : null,
    };
  });
  const nIn = cfg.layers[0].inputSize;
  const nH = cfg.layers.reduce((a, s) => a + s.hiddenSize, 0);
  const params: CfcParams = {
    mode: cfg.mode,
    backboneActivation: cfg.activation,
    layers,
    lstm: cfg.lstm
      ? {
          inputSize: nIn,
          hiddenSize: nH,
          inputWeight: vec(4 * nH * nIn, 0.6),
          inputBias: vec(4 * nH, 0.1),
          recurrentWeight: vec(4 * nH * nH, 0.6),
        }
      : null,
  };
  const { batch: nB, steps: nT } = cfg;
  const l0 = cfg.layers[0];
  const keep = 1 / (1 - 0.3);
  const inputs: CfcSequenceInputs = {
    batch: nB,
    steps: nT,
    x: vec(nB * nT * nIn, 1),
    timespans: cfg.timespans ? Float64Array.from({ length: nB * nT }, () => rnd(0.2, 2)) : null,
    h0: cfg.h0 ? vec(nB * nH, 0.5) : null,
    c0: cfg.lstm && cfg.h0 ? vec(nB * nH, 0.5) : null,
    dropoutMasks: cfg.dropout
      ? Array.from({ length: l0.depth }, (_, i) =>
          i === 0
            ? null
            : Float64Array.from({ length: nB * nT * l0.units }, () => (rnd(0, 1) < 0.3 ? 0 : keep)),
        )
      : null,
  };
  const nOut = cfg.layers[cfg.layers.length - 1].hiddenSize;
  const weights = {
    readout: vec(nB * nT * nOut, 1),
    h: vec(nB * nH, 1),
    c: vec(nB * nH, 1),
  };
  return { params, inputs, weights, nH, nOut };
}

function checkConfig(cfg: Config): void {
  const { params, inputs, weights, nH, nOut } = build(cfg, 1234);
  const { batch: nB, steps: nT } = inputs;
  const mixed = params.lstm !== null;
  const outputs = () => ({
    readout: new Float64Array(nB * nT * nOut),
    hFinal: new Float64Array(nB * nH),
    cFinal: mixed ? new Float64Array(nB * nH) : null,
  });
  const loss = (): number => {
    const o = outputs();
    cfcSequenceForward(params, inputs, o, false);
    let s = 0;
    for (let i = 0; i < o.readout.length; i++) s += o.readout[i] * weights.readout[i];
    for (let i = 0; i < o.hFinal.length; i++) s += o.hFinal[i] * weights.h[i];
    if (o.cFinal !== null)
      for (let i = 0; i < o.cFinal.length; i++) s += o.cFinal[i] * weights.c[i];
    return s;
  };
  const o = outputs();
  const saved = cfcSequenceForward(params, inputs, o, true);
  if (saved === null) throw new Error("forward with save=true returned null");
  const grads = createCfcGrads(params);
  const out = {
    dx: new Float64Array(inputs.x.length),
    dTimespans: inputs.timespans === null ? null : new Float64Array(nB * nT),
    dh0: new Float64Array(nB * nH),
    dc0: mixed ? new Float64Array(nB * nH) : null,
    params: grads,
  };
  cfcSequenceBackward(
    saved,
    { dReadout: weights.readout, dhFinal: weights.h, dcFinal: mixed ? weights.c : null },
    out,
  );

  const tol = { atol: 1e-7, rtol: 1e-5 };
  const numeric = (a: FloatArray): Float64Array => {
    const g = new Float64Array(a.length);
    const eps = 1e-6;
    for (let i = 0; i < a.length; i++) {
      const keep = a[i];
      a[i] = keep + eps;
      const up = loss();
      a[i] = keep - eps;
      const down = loss();
      a[i] = keep;
      g[i] = (up - down) / (2 * eps);
    }
    return g;
  };
  const check = (what: string, analytic: FloatArray, param: FloatArray) =>
    assertClose(analytic, numeric(param), tol, `${cfg.name} ${what}`);
  const checkLin = (what: string, g: CfcLinear | null, p: CfcLinear | null) => {
    expect(g === null).toBe(p === null);
    if (g === null || p === null) return;
    check(`${what}.weight`, g.weight, p.weight);
    check(`${what}.bias`, g.bias, p.bias);
  };
  params.layers.forEach((lp, l) => {
    const gl = grads.layers[l];
    lp.backbone.forEach((lin, i) => {
      checkLin(`layers[${l}].backbone[${i}]`, gl.backbone[i], lin);
    });
    checkLin(`layers[${l}].ff1`, gl.ff1, lp.ff1);
    checkLin(`layers[${l}].ff2`, gl.ff2, lp.ff2);
    checkLin(`layers[${l}].timeA`, gl.timeA, lp.timeA);
    checkLin(`layers[${l}].timeB`, gl.timeB, lp.timeB);
    if (lp.wTau !== null && gl.wTau !== null) check(`layers[${l}].wTau`, gl.wTau, lp.wTau);
    if (lp.a !== null && gl.a !== null) check(`layers[${l}].a`, gl.a, lp.a);
  });
  if (params.lstm !== null && grads.lstm !== null) {
    check("lstm.inputWeight", grads.lstm.inputWeight, params.lstm.inputWeight);
    check("lstm.inputBias", grads.lstm.inputBias, params.lstm.inputBias);
    check("lstm.recurrentWeight", grads.lstm.recurrentWeight, params.lstm.recurrentWeight);
  }
  check("x", out.dx, inputs.x);
  if (inputs.timespans !== null && out.dTimespans !== null) {
    check("timespans", out.dTimespans, inputs.timespans);
  }
  if (inputs.h0 !== null) check("h0", out.dh0, inputs.h0);
  if (inputs.c0 !== null && out.dc0 !== null) check("c0", out.dc0, inputs.c0);
}

const CONFIGS: Config[] = [
  {
    name: "fc default, silu backbone of 3 with dropout, mixed memory, timespans, h0/c0",
    mode: "default",
    activation: "silu",
    layers: [{ inputSize: 3, hiddenSize: 4, depth: 3, units: 5, masked: false }],
    lstm: true,
    dropout: true,
    timespans: true,
    h0: true,
    batch: 2,
    steps: 4,
  },
  {
    name: "wired pure, 3 masked layers, timespans, h0",
    mode: "pure",
    activation: "lecun_tanh",
    layers: [
      { inputSize: 3, hiddenSize: 4, depth: 0, units: 0, masked: true },
      { inputSize: 4, hiddenSize: 3, depth: 0, units: 0, masked: true },
      { inputSize: 3, hiddenSize: 2, depth: 0, units: 0, masked: true },
    ],
    lstm: false,
    dropout: false,
    timespans: true,
    h0: true,
    batch: 3,
    steps: 3,
  },
  {
    name: "wired no_gate with mixed memory",
    mode: "no_gate",
    activation: "lecun_tanh",
    layers: [
      { inputSize: 2, hiddenSize: 3, depth: 0, units: 0, masked: true },
      { inputSize: 3, hiddenSize: 2, depth: 0, units: 0, masked: true },
    ],
    lstm: true,
    dropout: false,
    timespans: false,
    h0: false,
    batch: 1,
    steps: 5,
  },
  {
    name: "fc gelu backbone of 2",
    mode: "default",
    activation: "gelu",
    layers: [{ inputSize: 2, hiddenSize: 3, depth: 2, units: 4, masked: false }],
    lstm: false,
    dropout: false,
    timespans: true,
    h0: true,
    batch: 3,
    steps: 3,
  },
  {
    name: "fc tanh backbone, pure with dropout",
    mode: "pure",
    activation: "tanh",
    layers: [{ inputSize: 2, hiddenSize: 3, depth: 2, units: 4, masked: false }],
    lstm: false,
    dropout: true,
    timespans: false,
    h0: false,
    batch: 2,
    steps: 3,
  },
];

describe("cfcSequenceBackward", () => {
  for (const cfg of CONFIGS) {
    it(`matches finite differences: ${cfg.name}`, () => checkConfig(cfg));
  }

  it("applies dropout keep masks to the backbone output", () => {
    const cfg = CONFIGS[0];
    const { params, inputs } = build(cfg, 99);
    const run = (masks: CfcSequenceInputs["dropoutMasks"]) => {
      const o = {
        readout: new Float64Array(inputs.batch * inputs.steps * 4),
        hFinal: new Float64Array(inputs.batch * 4),
        cFinal: new Float64Array(inputs.batch * 4),
      };
      cfcSequenceForward(params, { ...inputs, dropoutMasks: masks }, o, false);
      return Array.from(o.readout);
    };
    const ones = (n: number) => new Float64Array(n).fill(1);
    const size = inputs.batch * inputs.steps * 5;
    expect(run([null, ones(size), ones(size)])).toEqual(run(null));
    expect(run([null, ones(size), new Float64Array(size)])).not.toEqual(run(null));
  });
});
