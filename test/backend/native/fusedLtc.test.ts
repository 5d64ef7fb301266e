/**
 * The native fused LTC (native/fused_ltc*.cc through src/backend/native/fused.ts) against the js
 * kernels on random cells: dense and sparse synapse masks, implicit and explicit constraints,
 * affine/linear/none mappings, 1 to 6 unfolds, timespans, h0/c0, mixed memory, batches of one
 * sample (narrow vectors), a few, and enough to run on both cores, float64 and float32; NaN
 * and ±∞ where js has them when an input or the initial state holds ±∞, NaN or a value that
 * saturates every exp (float32); then the streaming step, argument errors and memory.
 *
 * Tolerances: in float64 both sets compute in float64; they differ in the synapse exp (js: a
 * table-based exp within 2 ulp; native: a polynomial within 2 ulp) and in the order of a few
 * sums, so results agree to ~1e-15 relative per step and the golden float64 output tolerances
 * (atol 1e-12, rtol 1e-10) leave room for their growth through the sequence, for gradients as
 * well. In float32 the js kernels still compute in float64 and round once, while the native
 * ones compute in float32 (twice the SIMD lanes; exp within 2 ulp of float32), so their results
 * differ by float32 rounding accumulated through the synapse sums, unfolds and steps: they are
 * held to the golden float32 tolerances (golden/README.md), atol 1e-5 / rtol 1e-4 for outputs
 * and states, atol 5e-5 / rtol 1e-3 for gradients.
 */
import v8 from "node:v8";
import vm from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FusedRecurrences } from "../../../src/backend/fused.js";
import { jsFused } from "../../../src/backend/js/fused.js";
import type { LtcSequenceInputs } from "../../../src/backend/js/ltcForward.js";
import {
  createLtcParamGrads,
  type LtcConfig,
  type LtcMapping,
  type LtcParamGrads,
  type LtcParams,
} from "../../../src/backend/js/ltcTypes.js";
import type { FloatArray } from "../../../src/backend/kernels.js";
import { GOLDEN_TOLERANCES } from "../../../src/cli/golden/compare.js";
import { RandomState } from "../../../src/random/index.js";
import { assertClose } from "../../support/assertClose.js";
import {
  EXTREMES,
  expectSameKinds,
  expectSameKindsOfRun,
  fusedAddon,
  native,
  type SequenceResults,
  type SimdLevel,
  simdLevels,
  useSimdLevel,
} from "./support.js";

const addon = fusedAddon("ltcSequenceForward");
const nativeFused: Partial<FusedRecurrences> = native?.fused ?? {};
const available = addon !== null;
const LEVELS = simdLevels(addon);

function useLevel(level: SimdLevel): string {
  if (addon === null) throw new Error("the addon is not built");
  return useSimdLevel(addon, level);
}

type DType = "float64" | "float32";

/** Tolerances of outputs and states (`values`) and of gradients, per element type. */
const TOL = {
  float64: { values: { atol: 1e-12, rtol: 1e-10 }, grads: { atol: 1e-12, rtol: 1e-10 } },
  float32: GOLDEN_TOLERANCES.float32,
} as const;

interface Config {
  name: string;
  inputSize: number;
  units: number;
  motorSize: number;
  odeUnfolds: number;
  implicit: boolean;
  inputMapping: LtcMapping;
  outputMapping: LtcMapping;
  mixed: boolean;
  /** Fraction of synapses kept by the masks. */
  density: number;
  timespans: boolean;
  h0: boolean;
  batch: number;
  steps: number;
}

const base = {
  implicit: true,
  inputMapping: "affine" as LtcMapping,
  outputMapping: "affine" as LtcMapping,
  mixed: false,
  density: 1,
  timespans: false,
  h0: false,
  odeUnfolds: 6,
};

const CONFIGS: Config[] = [
  {
    ...base,
    name: "dense, affine, implicit",
    inputSize: 3,
    units: 5,
    motorSize: 2,
    batch: 3,
    steps: 5,
  },
  {
    ...base,
    name: "sparse, explicit constraints, linear/none, 3 unfolds, timespans, h0",
    inputSize: 4,
    units: 7,
    motorSize: 3,
    odeUnfolds: 3,
    implicit: false,
    inputMapping: "linear",
    outputMapping: "none",
    density: 0.5,
    timespans: true,
    h0: true,
    batch: 3,
    steps: 6,
  },
  {
    ...base,
    name: "mixed memory, timespans, h0/c0",
    inputSize: 3,
    units: 6,
    motorSize: 2,
    mixed: true,
    timespans: true,
    h0: true,
    batch: 2,
    steps: 5,
  },
  {
    ...base,
    name: "one sample, none/affine mappings, 1 unfold",
    inputSize: 2,
    units: 4,
    motorSize: 1,
    odeUnfolds: 1,
    inputMapping: "none",
    density: 0.7,
    timespans: true,
    batch: 1,
    steps: 7,
  },
  {
    ...base,
    name: "both cores (batch 37), sparse, timespans, h0",
    inputSize: 5,
    units: 12,
    motorSize: 4,
    density: 0.6,
    timespans: true,
    h0: true,
    batch: 37,
    steps: 6,
  },
  {
    ...base,
    name: "both cores (batch 20), mixed memory, explicit",
    inputSize: 4,
    units: 10,
    motorSize: 3,
    implicit: false,
    mixed: true,
    h0: true,
    batch: 20,
    steps: 5,
  },
  {
    ...base,
    // float32 gradients move their per-synapse float sums into double ones every 16 steps
    name: "long sequence (40 steps), sparse, timespans",
    inputSize: 3,
    units: 8,
    motorSize: 2,
    density: 0.6,
    timespans: true,
    batch: 6,
    steps: 40,
  },
];

/** Uniform draws from numpy's RandomState(seed), as typed arrays of `dtype`. */
class Draws {
  private readonly rs: RandomState;
  constructor(
    seed: number,
    readonly dtype: DType,
  ) {
    this.rs = new RandomState(seed);
  }
  array(n: number, lo: number, hi: number): FloatArray {
    const u = this.rs.rand(n);
    const out = this.dtype === "float64" ? new Float64Array(n) : new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = lo + (hi - lo) * u[i];
    return out;
  }
  /** 0/1 entries, each 1 with probability `p`. */
  mask(n: number, p: number): FloatArray {
    const u = this.rs.rand(n);
    const out = this.dtype === "float64" ? new Float64Array(n) : new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = u[i] < p ? 1 : 0;
    return out;
  }
  /** ±1 entries (reversal potentials). */
  signs(n: number): FloatArray {
    const u = this.rs.rand(n);
    const out = this.dtype === "float64" ? new Float64Array(n) : new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = u[i] < 0.5 ? -1 : 1;
    return out;
  }
}

function configOf(cfg: Config): LtcConfig {
  return {
    inputSize: cfg.inputSize,
    units: cfg.units,
    motorSize: cfg.motorSize,
    odeUnfolds: cfg.odeUnfolds,
    epsilon: 1e-8,
    implicitConstraints: cfg.implicit,
    inputMapping: cfg.inputMapping,
    outputMapping: cfg.outputMapping,
    mixedMemory: cfg.mixed,
  };
}

/** Parameters in ncps's initialisation ranges (raw values: softplus applies when implicit). */
function buildParams(cfg: Config, d: Draws): LtcParams {
  const { units: h, inputSize: c, motorSize: m } = cfg;
  const positive = (n: number, lo: number, hi: number) => d.array(n, lo, hi);
  return {
    gleak: positive(h, 0.001, 1),
    vleak: d.array(h, -0.2, 0.2),
    cm: positive(h, 0.4, 0.6),
    sigma: d.array(h * h, 3, 8),
    mu: d.array(h * h, 0.3, 0.8),
    w: positive(h * h, 0.001, 1),
    erev: d.signs(h * h),
    sparsityMask: d.mask(h * h, cfg.density),
    sensorySigma: d.array(c * h, 3, 8),
    sensoryMu: d.array(c * h, 0.3, 0.8),
    sensoryW: positive(c * h, 0.001, 1),
    sensoryErev: d.signs(c * h),
    sensorySparsityMask: d.mask(c * h, cfg.density),
    inputW: cfg.inputMapping === "none" ? null : d.array(c, 0.5, 1.5),
    inputB: cfg.inputMapping === "affine" ? d.array(c, -0.3, 0.3) : null,
    outputW: cfg.outputMapping === "none" ? null : d.array(m, 0.5, 1.5),
    outputB: cfg.outputMapping === "affine" ? d.array(m, -0.3, 0.3) : null,
    lstm: cfg.mixed
      ? {
          inputWeight: d.array(4 * h * c, -0.5, 0.5),
          inputBias: d.array(4 * h, -0.5, 0.5),
          recurrentWeight: d.array(4 * h * h, -0.5, 0.5),
        }
      : null,
  };
}

function buildInputs(cfg: Config, d: Draws): LtcSequenceInputs {
  const { batch, steps } = cfg;
  return {
    batch,
    steps,
    x: d.array(batch * steps * cfg.inputSize, -1.5, 1.5),
    timespans: cfg.timespans ? d.array(batch * steps, 0.3, 2) : null,
    h0: cfg.h0 ? d.array(batch * cfg.units, -0.5, 0.5) : null,
    c0: cfg.h0 && cfg.mixed ? d.array(batch * cfg.units, -0.5, 0.5) : null,
  };
}

function zeros(like: FloatArray, n: number): FloatArray {
  return like instanceof Float64Array ? new Float64Array(n) : new Float32Array(n);
}

interface RunResult extends SequenceResults {
  grads: LtcParamGrads;
}

function run(
  fused: Partial<FusedRecurrences>,
  cfg: Config,
  params: LtcParams,
  inputs: LtcSequenceInputs,
  gradSeed: number,
): RunResult {
  const forward = fused.ltcSequenceForward;
  const backward = fused.ltcSequenceBackward;
  if (forward === undefined || backward === undefined) throw new Error("no LTC kernels");
  const config = configOf(cfg);
  const { batch, steps, units: h, motorSize: m } = cfg;
  const like = inputs.x;
  const out = {
    readout: zeros(like, batch * steps * m),
    hFinal: zeros(like, batch * h),
    cFinal: cfg.mixed ? zeros(like, batch * h) : null,
  };
  const saved = forward(config, params, inputs, out, true);
  if (saved === null) throw new Error("forward saved nothing");
  const d = new Draws(gradSeed, like instanceof Float64Array ? "float64" : "float32");
  const gradIn = {
    dReadout: d.array(batch * steps * m, -1, 1),
    dhFinal: d.array(batch * h, -1, 1),
    dcFinal: cfg.mixed ? d.array(batch * h, -1, 1) : null,
  };
  const grads = createLtcParamGrads(config, like);
  const g = {
    params: grads,
    dx: zeros(like, inputs.x.length),
    dTimespans: inputs.timespans === null ? null : zeros(like, batch * steps),
    dh0: zeros(like, batch * h),
    dc0: cfg.mixed ? zeros(like, batch * h) : null,
  };
  backward(saved, gradIn, g);
  return { ...out, dx: g.dx, dTimespans: g.dTimespans, dh0: g.dh0, dc0: g.dc0, grads };
}

const GRAD_NAMES = [
  "gleak",
  "vleak",
  "cm",
  "sigma",
  "mu",
  "w",
  "erev",
  "sensorySigma",
  "sensoryMu",
  "sensoryW",
  "sensoryErev",
  "inputW",
  "inputB",
  "outputW",
  "outputB",
] as const;

function compareGrads(a: LtcParamGrads, b: LtcParamGrads, tol: { atol: number; rtol: number }) {
  for (const name of GRAD_NAMES) {
    const x = a[name];
    const y = b[name];
    expect(x === null).toBe(y === null);
    if (x !== null && y !== null) assertClose(x, y, tol, `grad ${name}`);
  }
  expect(a.lstm === null).toBe(b.lstm === null);
  if (a.lstm !== null && b.lstm !== null) {
    assertClose(a.lstm.inputWeight, b.lstm.inputWeight, tol, "grad lstm.inputWeight");
    assertClose(a.lstm.inputBias, b.lstm.inputBias, tol, "grad lstm.inputBias");
    assertClose(a.lstm.recurrentWeight, b.lstm.recurrentWeight, tol, "grad lstm.recurrentWeight");
  }
}

for (const level of LEVELS) {
  describe(`native fused LTC sequence vs js (${level})`, () => {
    beforeAll(() => useLevel(level));
    afterAll(() => useLevel("avx512"));

    for (const dtype of ["float64", "float32"] as const) {
      CONFIGS.forEach((cfg, k) => {
        it(`${cfg.name} (${dtype})`, () => {
          const d = new Draws(200 + k, dtype);
          const params = buildParams(cfg, d);
          const inputs = buildInputs(cfg, d);
          const a = run(nativeFused, cfg, params, inputs, 600 + k);
          const b = run(jsFused, cfg, params, inputs, 600 + k);
          const tol = TOL[dtype].values;
          const gtol = TOL[dtype].grads;
          expect(a.readout).toBeInstanceOf(b.readout.constructor);
          assertClose(a.readout, b.readout, tol, "readout");
          assertClose(a.hFinal, b.hFinal, tol, "hFinal");
          if (cfg.mixed) assertClose(a.cFinal ?? [], b.cFinal ?? [], tol, "cFinal");
          assertClose(a.dx, b.dx, gtol, "dx");
          if (cfg.timespans)
            assertClose(a.dTimespans ?? [], b.dTimespans ?? [], gtol, "dTimespans");
          assertClose(a.dh0, b.dh0, gtol, "dh0");
          if (cfg.mixed) assertClose(a.dc0 ?? [], b.dc0 ?? [], gtol, "dc0");
          compareGrads(a.grads, b.grads, gtol);
        });
      });
    }

    it("gives the same outputs without saving (inference)", () => {
      const cfg = CONFIGS[5];
      const d = new Draws(8, "float64");
      const params = buildParams(cfg, d);
      const inputs = buildInputs(cfg, d);
      const forward = nativeFused.ltcSequenceForward;
      if (forward === undefined) throw new Error("unreachable");
      const mk = () => ({
        readout: new Float64Array(cfg.batch * cfg.steps * cfg.motorSize),
        hFinal: new Float64Array(cfg.batch * cfg.units),
        cFinal: new Float64Array(cfg.batch * cfg.units),
      });
      const saving = mk();
      const plain = mk();
      expect(forward(configOf(cfg), params, inputs, saving, true)).not.toBeNull();
      expect(forward(configOf(cfg), params, inputs, plain, false)).toBeNull();
      expect(Array.from(plain.readout)).toEqual(Array.from(saving.readout));
      expect(Array.from(plain.hFinal)).toEqual(Array.from(saving.hFinal));
      expect(Array.from(plain.cFinal)).toEqual(Array.from(saving.cFinal));
    });
  });
}

/**
 * ±∞ and NaN in an input (the sensory synapses' presynaptic value) or in the initial state (the
 * recurrent ones'), and finite values large enough to saturate every exp: the synapse sigmoid
 * w/(1 + e^(s(m − v))) and its backward must give NaN and ±∞ where the js kernels do (with
 * e^∞ = ∞, σ is exactly 0 and 0·∞ in the backward is NaN, as in js). Without mixed memory:
 * its LSTM computes in float64 for float32 models too (fused_cfc_lstm.cc), so it has the
 * float64 exp, which clamps its argument to [-708, 709] with AVX2 and the baseline.
 */
const NON_FINITE_CASES: Config[] = [CONFIGS[0], CONFIGS[1], CONFIGS[3], CONFIGS[4]].map((c) => ({
  ...c,
  h0: true,
  steps: 2,
}));

for (const level of LEVELS) {
  describe(`native fused LTC with non-finite inputs vs js (${level})`, () => {
    beforeAll(() => useLevel(level));
    afterAll(() => useLevel("avx512"));

    // float32 only: its exp keeps exp's overflow to ∞ and underflow to 0 at every level, while
    // the float64 one does so with AVX-512 only (with AVX2 and the baseline it clamps its
    // argument to [-708, 709]).
    NON_FINITE_CASES.forEach((cfg, k) => {
      for (const where of ["x", "h0"] as const) {
        it(`${cfg.name}: NaN and ±∞ in ${where} where js has them (float32)`, () => {
          for (const v of EXTREMES) {
            const d = new Draws(900 + k, "float32");
            const params = buildParams(cfg, d);
            const inputs = buildInputs(cfg, d);
            // The first sample's first input at the first step, or its first neuron's state.
            if (where === "x") inputs.x[0] = v;
            else if (inputs.h0 !== null) inputs.h0[0] = v;
            const a = run(nativeFused, cfg, params, inputs, 950 + k);
            const b = run(jsFused, cfg, params, inputs, 950 + k);
            const at = `${where}[0] = ${v}`;
            expectSameKindsOfRun(a, b, at);
            for (const name of GRAD_NAMES) {
              expectSameKinds(a.grads[name] ?? [], b.grads[name] ?? [], `${at}: grad ${name}`);
            }
            const la = a.grads.lstm;
            const lb = b.grads.lstm;
            if (la !== null && lb !== null) {
              expectSameKinds(la.inputWeight, lb.inputWeight, `${at}: grad lstm.inputWeight`);
              expectSameKinds(
                la.recurrentWeight,
                lb.recurrentWeight,
                `${at}: grad lstm.recurrentWeight`,
              );
            }
          }
        });
      }
    });
  });
}

for (const level of LEVELS) {
  describe(`native LTC streaming step vs js (${level})`, () => {
    beforeAll(() => useLevel(level));
    afterAll(() => useLevel("avx512"));

    const cases: [Config, number][] = [
      [CONFIGS[0], 1],
      [CONFIGS[1], 3],
      [CONFIGS[2], 1],
      [CONFIGS[4], 9],
    ];
    for (const dtype of ["float64", "float32"] as const) {
      cases.forEach(([cfg, batch], k) => {
        it(`${cfg.name}, batch ${batch} (${dtype})`, () => {
          const d = new Draws(400 + k, dtype);
          const params = buildParams(cfg, d);
          const config = configOf(cfg);
          const create = nativeFused.createLtcStep;
          if (create === undefined) throw new Error("unreachable");
          const a = create(config, params, batch);
          const b = jsFused.createLtcStep(config, params, batch);
          const { units: h, motorSize: m } = cfg;
          const state = () => ({
            h: zeros(params.gleak, batch * h),
            c: cfg.mixed ? zeros(params.gleak, batch * h) : null,
            readout: zeros(params.gleak, batch * m),
          });
          const sa = state();
          const sb = state();
          for (let t = 0; t < 5; t++) {
            const x = d.array(batch * cfg.inputSize, -1.5, 1.5);
            // elapsed: a number, one per sample, or null (1.0)
            const elapsed = t % 3 === 0 ? 0.7 : t % 3 === 1 ? d.array(batch, 0.3, 2) : null;
            a.step(x, elapsed, sa.h, sa.h, sa.readout, sa.c, sa.c);
            b.step(x, elapsed, sb.h, sb.h, sb.readout, sb.c, sb.c);
            const tol = TOL[dtype].values;
            assertClose(sa.readout, sb.readout, tol, `readout at step ${t}`);
            assertClose(sa.h, sb.h, tol, `h at step ${t}`);
            if (sb.c !== null) assertClose(sa.c ?? [], sb.c, tol, `c at step ${t}`);
          }
        });
      });
    }

    it("writes hOut apart from hIn, and checks its arguments", () => {
      const cfg = CONFIGS[2];
      const params = buildParams(cfg, new Draws(5, "float64"));
      const create = nativeFused.createLtcStep;
      if (create === undefined) throw new Error("unreachable");
      const s = create(configOf(cfg), params, 2);
      const hIn = new Float64Array(12).fill(0.2);
      const hOut = new Float64Array(12);
      const c = new Float64Array(12);
      const readout = new Float64Array(4);
      const x = new Float64Array(6).fill(0.5);
      s.step(x, null, hIn, hOut, readout, c, c);
      expect(Array.from(hIn)).toEqual(new Array(12).fill(0.2));
      expect(hOut.some((v) => v !== 0)).toBe(true);
      expect(() => s.step(new Float64Array(5), null, hIn, hOut, readout, c, c)).toThrow(
        /x: expected length 6, got 5/,
      );
      expect(() => s.step(x, null, hIn, hOut, readout, null, null)).toThrow(
        /cIn\/cOut: expected \[B, H\] buffers with mixed memory, got null/,
      );
      expect(() => s.step(x, new Float64Array(3), hIn, hOut, readout, c, c)).toThrow(
        /elapsed: expected length 2, got 3/,
      );
      expect(() => create(configOf(cfg), params, 0)).toThrow(
        /batch: expected an integer >= 1, got 0/,
      );
    });
  });
}

describe.skipIf(!available)("native LTC argument checks", () => {
  const cfg = CONFIGS[1];
  const config = configOf(cfg);
  const params = buildParams(cfg, new Draws(6, "float64"));
  const inputs = buildInputs(cfg, new Draws(7, "float64"));
  const outputs = () => ({
    readout: new Float64Array(cfg.batch * cfg.steps * cfg.motorSize),
    hFinal: new Float64Array(cfg.batch * cfg.units),
    cFinal: null,
  });

  it("validates the configuration and parameters with the js messages", () => {
    const forward = nativeFused.ltcSequenceForward;
    if (forward === undefined) throw new Error("unreachable");
    expect(() => forward({ ...config, odeUnfolds: 0 }, params, inputs, outputs(), false)).toThrow(
      /config.odeUnfolds: expected an integer >= 1, got 0/,
    );
    expect(() =>
      forward(config, { ...params, cm: new Float64Array(2) }, inputs, outputs(), false),
    ).toThrow(/params.cm: expected length 7, got 2/);
  });

  it("names the input, the expected and the received length", () => {
    const forward = nativeFused.ltcSequenceForward;
    if (forward === undefined) throw new Error("unreachable");
    expect(() =>
      forward(config, params, { ...inputs, timespans: new Float64Array(4) }, outputs(), false),
    ).toThrow(/inputs.timespans: expected length 18, got 4/);
    expect(() =>
      forward(config, params, { ...inputs, x: new Float32Array(72) }, outputs(), false),
    ).toThrow(/inputs.x must be a Float64Array like the parameters, got a Float32Array/);
  });

  it("checks the gradient buffers against the mappings and refuses foreign saved values", () => {
    const forward = nativeFused.ltcSequenceForward;
    const backward = nativeFused.ltcSequenceBackward;
    if (forward === undefined || backward === undefined) throw new Error("unreachable");
    const saved = forward(config, params, inputs, outputs(), true);
    if (saved === null) throw new Error("unreachable");
    const grads = createLtcParamGrads(config, params.gleak);
    const g = { params: grads, dx: null, dTimespans: null, dh0: null, dc0: null };
    const gIn = { dReadout: null, dhFinal: null, dcFinal: null };
    expect(() =>
      backward(saved, gIn, { ...g, params: { ...grads, outputW: new Float64Array(3) } }),
    ).toThrow(/out.params.outputW: expected null, got a buffer/);
    const js = jsFused.ltcSequenceForward(config, params, inputs, outputs(), true);
    if (js === null) throw new Error("unreachable");
    expect(() => backward(js, gIn, g)).toThrow(/saved: expected what the native/);
  });
});

describe.skipIf(!available)("native LTC memory", () => {
  it("a second backward recomputes the freed activations and gives the same gradients", () => {
    const cfg = CONFIGS[2];
    const d = new Draws(11, "float64");
    const params = buildParams(cfg, d);
    const inputs = buildInputs(cfg, d);
    const first = run(nativeFused, cfg, params, inputs, 12);
    const forward = nativeFused.ltcSequenceForward;
    const backward = nativeFused.ltcSequenceBackward;
    if (forward === undefined || backward === undefined) throw new Error("unreachable");
    const config = configOf(cfg);
    const out = {
      readout: new Float64Array(cfg.batch * cfg.steps * cfg.motorSize),
      hFinal: new Float64Array(cfg.batch * cfg.units),
      cFinal: new Float64Array(cfg.batch * cfg.units),
    };
    const saved = forward(config, params, inputs, out, true);
    if (saved === null) throw new Error("unreachable");
    const gd = new Draws(12, "float64");
    const gIn = {
      dReadout: gd.array(out.readout.length, -1, 1),
      dhFinal: gd.array(out.hFinal.length, -1, 1),
      dcFinal: gd.array(out.cFinal.length, -1, 1),
    };
    for (let round = 0; round < 2; round++) {
      const grads = createLtcParamGrads(config, params.gleak);
      const dx = new Float64Array(inputs.x.length);
      backward(saved, gIn, { params: grads, dx, dTimespans: null, dh0: null, dc0: null });
      expect(Array.from(dx)).toEqual(Array.from(first.dx));
      expect(Array.from(grads.w)).toEqual(Array.from(first.grads.w));
      expect(Array.from(grads.lstm?.inputWeight ?? [])).toEqual(
        Array.from(first.grads.lstm?.inputWeight ?? []),
      );
    }
  });

  it("frees the saved activations: 1000 training steps do not grow the heap", () => {
    v8.setFlagsFromString("--expose-gc");
    const gc = vm.runInNewContext("gc") as () => void;
    const cfg: Config = { ...CONFIGS[4], batch: 16, steps: 20 };
    const d = new Draws(13, "float32");
    const params = buildParams(cfg, d);
    const inputs = buildInputs(cfg, d);
    const config = configOf(cfg);
    const forward = nativeFused.ltcSequenceForward;
    const backward = nativeFused.ltcSequenceBackward;
    if (forward === undefined || backward === undefined) throw new Error("unreachable");
    const out = {
      readout: new Float32Array(cfg.batch * cfg.steps * cfg.motorSize),
      hFinal: new Float32Array(cfg.batch * cfg.units),
      cFinal: null,
    };
    const g = {
      params: createLtcParamGrads(config, params.gleak),
      dx: null,
      dTimespans: null,
      dh0: null,
      dc0: null,
    };
    const gIn = { dReadout: out.readout, dhFinal: null, dcFinal: null };
    const train = (n: number) => {
      for (let i = 0; i < n; i++) {
        const saved = forward(config, params, inputs, out, true);
        if (saved !== null) backward(saved, gIn, g);
      }
    };
    // Each saved trace holds about 0.4 MB, so 1000 leaked ones would be 400 MB.
    train(100);
    gc();
    const before = process.memoryUsage().rss;
    train(1000);
    gc();
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * 2 ** 20);
  });
});
