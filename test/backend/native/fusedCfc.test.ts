/**
 * The native fused CfC (native/fused_cfc*.cc through src/backend/native/fused.ts) against the js
 * kernels on random configurations: fully connected with 0-3 backbone layers and every
 * activation, modes default/no_gate/pure, wired cells (3 masked layers), mixed memory,
 * timespans, h0/c0, training-mode dropout, batches small and large enough to run on both
 * cores, float64 and float32; NaN and ±∞ where js has them when an input holds ±∞, NaN or a
 * value that saturates every exp (float32); then the streaming step, argument errors and
 * memory.
 *
 * Tolerances: both sets compute in float64 but sum products in different orders (blocked
 * gemm) and use their own exp/tanh (both within 2 ulp). After one step they agree to ~2e-15
 * relative; the recurrence then amplifies the difference (measured: ~1e-13 after 8 steps,
 * ~1e-12 after 12, 1e-10 after 24 for chaotic weights), so float64 uses the golden float64
 * output tolerances (atol 1e-12, rtol 1e-10) with sequences of at most 12 steps. float32 models
 * compute in float32 natively (twice the SIMD lanes) but in float64 in js (JS numbers, rounded
 * once at the end), so the two differ by float32 rounding accumulated over the sequence, as
 * ncps-torch's float32 run differs from its float64 one: float32 uses the golden float32
 * tolerances (values atol 1e-5, rtol 1e-4; gradients atol 5e-5, rtol 1e-3).
 */
import v8 from "node:v8";
import vm from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FusedRecurrences } from "../../../src/backend/fused.js";
import type { BackboneActivation } from "../../../src/backend/js/activations.js";
import {
  type CfcGrads,
  type CfcLayerParams,
  type CfcLinear,
  type CfcMode,
  type CfcParams,
  type CfcSequenceInputs,
  createCfcGrads,
} from "../../../src/backend/js/cfc.js";
import { jsFused } from "../../../src/backend/js/fused.js";
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

const addon = fusedAddon("cfcSequenceForward");
const nativeFused: Partial<FusedRecurrences> = native?.fused ?? {};
const available = addon !== null;
const LEVELS = simdLevels(addon);

function useLevel(level: SimdLevel): string {
  if (addon === null) throw new Error("the addon is not built");
  return useSimdLevel(addon, level);
}

type DType = "float64" | "float32";

/** Outputs and states: float64 tight (both kernels compute in double), float32 the golden ones. */
const TOL = {
  float64: { atol: 1e-12, rtol: 1e-10 },
  float32: GOLDEN_TOLERANCES.float32.values,
} as const;

/** Gradients: float64 as the outputs, float32 the golden ones. */
const GRAD_TOL = {
  float64: TOL.float64,
  float32: GOLDEN_TOLERANCES.float32.grads,
} as const;

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

const fc = (inputSize: number, hiddenSize: number, depth: number, units: number): LayerSpec[] => [
  { inputSize, hiddenSize, depth, units, masked: false },
];
const wired = (inputSize: number, sizes: number[]): LayerSpec[] =>
  sizes.map((hiddenSize, l) => ({
    inputSize: l === 0 ? inputSize : sizes[l - 1],
    hiddenSize,
    depth: 0,
    units: 0,
    masked: true,
  }));

const base = { lstm: false, dropout: false, timespans: false, h0: false, batch: 3, steps: 6 };

const CONFIGS: Config[] = [
  {
    ...base,
    name: "fc bb0 default",
    mode: "default",
    activation: "lecun_tanh",
    layers: fc(4, 5, 0, 0),
  },
  {
    ...base,
    name: "fc bb1 lecun_tanh, timespans, h0, batch 1",
    mode: "default",
    activation: "lecun_tanh",
    layers: fc(3, 6, 1, 8),
    timespans: true,
    h0: true,
    batch: 1,
  },
  {
    ...base,
    name: "fc bb2 relu no_gate, dropout",
    mode: "no_gate",
    activation: "relu",
    layers: fc(5, 7, 2, 9),
    dropout: true,
  },
  {
    ...base,
    name: "fc bb3 silu pure, timespans",
    mode: "pure",
    activation: "silu",
    layers: fc(2, 6, 3, 5),
    timespans: true,
  },
  {
    ...base,
    name: "fc bb1 gelu, mixed memory, h0/c0, timespans",
    mode: "default",
    activation: "gelu",
    layers: fc(4, 5, 1, 11),
    lstm: true,
    timespans: true,
    h0: true,
  },
  {
    ...base,
    name: "fc bb2 tanh default, dropout, both cores (batch 37)",
    mode: "default",
    activation: "tanh",
    layers: fc(6, 16, 2, 24),
    dropout: true,
    timespans: true,
    h0: true,
    batch: 37,
    steps: 12,
  },
  {
    ...base,
    name: "fc bb1 pure, mixed memory, both cores (batch 24)",
    mode: "pure",
    activation: "lecun_tanh",
    layers: fc(5, 12, 1, 20),
    lstm: true,
    timespans: true,
    batch: 24,
    steps: 10,
  },
  {
    ...base,
    name: "wired 3 layers default",
    mode: "default",
    activation: "lecun_tanh",
    layers: wired(4, [6, 4, 2]),
    h0: true,
  },
  {
    ...base,
    name: "wired 3 layers pure, timespans",
    mode: "pure",
    activation: "lecun_tanh",
    layers: wired(3, [5, 3, 2]),
    timespans: true,
  },
  {
    ...base,
    name: "wired 1 layer no_gate, mixed memory, h0/c0",
    mode: "no_gate",
    activation: "lecun_tanh",
    layers: wired(3, [7]),
    lstm: true,
    h0: true,
  },
  {
    ...base,
    name: "wired 3 layers default, timespans, both cores (batch 64)",
    mode: "default",
    activation: "lecun_tanh",
    layers: wired(8, [12, 8, 4]),
    timespans: true,
    batch: 64,
    steps: 12,
  },
];

/** Uniform draws from numpy's RandomState(seed), as a typed array of `dtype`. */
class Draws {
  private readonly rs: RandomState;
  constructor(
    seed: number,
    readonly dtype: DType,
  ) {
    this.rs = new RandomState(seed);
  }
  array(n: number, lo = -0.5, hi = 0.5): FloatArray {
    const u = this.rs.rand(n);
    const out = this.dtype === "float64" ? new Float64Array(n) : new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = lo + (hi - lo) * u[i];
    return out;
  }
  /** 0/1 entries with about half ones (a sparsity mask). */
  mask(n: number): FloatArray {
    const u = this.rs.rand(n);
    const out = this.dtype === "float64" ? new Float64Array(n) : new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = u[i] < 0.5 ? 1 : 0;
    return out;
  }
}

function buildParams(cfg: Config, d: Draws): CfcParams {
  const pure = cfg.mode === "pure";
  const lin = (out: number, inp: number): CfcLinear => ({
    weight: d.array(out * inp),
    bias: d.array(out),
  });
  const layers: CfcLayerParams[] = cfg.layers.map((s) => {
    const z0 = s.inputSize + s.hiddenSize;
    const backbone = Array.from({ length: s.depth }, (_, i) =>
      lin(s.units, i === 0 ? z0 : s.units),
    );
    const headIn = s.depth > 0 ? s.units : z0;
    return {
      inputSize: s.inputSize,
      hiddenSize: s.hiddenSize,
      backbone,
      ff1: lin(s.hiddenSize, headIn),
      ff2: pure ? null : lin(s.hiddenSize, headIn),
      timeA: pure ? null : lin(s.hiddenSize, headIn),
      timeB: pure ? null : lin(s.hiddenSize, headIn),
      wTau: pure ? d.array(s.hiddenSize) : null,
      a: pure ? d.array(s.hiddenSize) : null,
      sparsityMask: s.masked ? d.mask(s.hiddenSize * z0) : null,
    };
  });
  const stateSize = cfg.layers.reduce((n, s) => n + s.hiddenSize, 0);
  const inputSize = cfg.layers[0].inputSize;
  return {
    mode: cfg.mode,
    backboneActivation: cfg.activation,
    layers,
    lstm: cfg.lstm
      ? {
          inputSize,
          hiddenSize: stateSize,
          inputWeight: d.array(4 * stateSize * inputSize, -0.5, 0.5),
          inputBias: d.array(4 * stateSize, -0.5, 0.5),
          recurrentWeight: d.array(4 * stateSize * stateSize, -0.5, 0.5),
        }
      : null,
  };
}

function buildInputs(cfg: Config, d: Draws): CfcSequenceInputs {
  const { batch, steps } = cfg;
  const stateSize = cfg.layers.reduce((n, s) => n + s.hiddenSize, 0);
  const l0 = cfg.layers[0];
  let dropoutMasks: (FloatArray | null)[] | null = null;
  if (cfg.dropout) {
    // keep masks scaled by 1/(1-p) with p = 0.3; none after the first backbone layer
    dropoutMasks = Array.from({ length: l0.depth }, (_, i) => {
      if (i === 0) return null;
      const m = d.mask(batch * steps * l0.units);
      for (let k = 0; k < m.length; k++) m[k] /= 0.7;
      return m;
    });
  }
  return {
    batch,
    steps,
    x: d.array(batch * steps * l0.inputSize, -1.5, 1.5),
    timespans: cfg.timespans ? d.array(batch * steps, 0.2, 2.5) : null,
    h0: cfg.h0 ? d.array(batch * stateSize) : null,
    c0: cfg.h0 && cfg.lstm ? d.array(batch * stateSize) : null,
    dropoutMasks,
  };
}

interface RunResult extends SequenceResults {
  grads: CfcGrads;
}

function zeros(like: FloatArray, n: number): FloatArray {
  return like instanceof Float64Array ? new Float64Array(n) : new Float32Array(n);
}

/** Forward (saving), then backward with fixed random output gradients. */
function run(
  fused: Partial<FusedRecurrences>,
  cfg: Config,
  params: CfcParams,
  inputs: CfcSequenceInputs,
  gradSeed: number,
): RunResult {
  const forward = fused.cfcSequenceForward;
  const backward = fused.cfcSequenceBackward;
  if (forward === undefined || backward === undefined) throw new Error("no CfC kernels");
  const { batch, steps } = cfg;
  const like = inputs.x;
  const stateSize = cfg.layers.reduce((n, s) => n + s.hiddenSize, 0);
  const nOut = cfg.layers[cfg.layers.length - 1].hiddenSize;
  const out = {
    readout: zeros(like, batch * steps * nOut),
    hFinal: zeros(like, batch * stateSize),
    cFinal: cfg.lstm ? zeros(like, batch * stateSize) : null,
  };
  const saved = forward(params, inputs, out, true);
  if (saved === null) throw new Error("forward saved nothing");
  const d = new Draws(gradSeed, like instanceof Float64Array ? "float64" : "float32");
  const gradIn = {
    dReadout: d.array(batch * steps * nOut),
    dhFinal: d.array(batch * stateSize),
    dcFinal: cfg.lstm ? d.array(batch * stateSize) : null,
  };
  const grads = createCfcGrads(params);
  const g = {
    dx: zeros(like, inputs.x.length),
    dTimespans: inputs.timespans === null ? null : zeros(like, batch * steps),
    dh0: zeros(like, batch * stateSize),
    dc0: cfg.lstm ? zeros(like, batch * stateSize) : null,
    params: grads,
  };
  backward(saved, gradIn, g);
  return { ...out, dx: g.dx, dTimespans: g.dTimespans, dh0: g.dh0, dc0: g.dc0, grads };
}

/** Every gradient array by name, in a fixed order. */
function gradArrays(g: CfcGrads): [string, FloatArray][] {
  const out: [string, FloatArray][] = [];
  g.layers.forEach((l, i) => {
    l.backbone.forEach((lin, k) => {
      out.push([`layers[${i}].backbone[${k}].weight`, lin.weight]);
      out.push([`layers[${i}].backbone[${k}].bias`, lin.bias]);
    });
    for (const [name, lin] of [
      ["ff1", l.ff1],
      ["ff2", l.ff2],
      ["timeA", l.timeA],
      ["timeB", l.timeB],
    ] as const) {
      if (lin === null) continue;
      out.push([`layers[${i}].${name}.weight`, lin.weight]);
      out.push([`layers[${i}].${name}.bias`, lin.bias]);
    }
    if (l.wTau !== null) out.push([`layers[${i}].wTau`, l.wTau]);
    if (l.a !== null) out.push([`layers[${i}].a`, l.a]);
  });
  if (g.lstm !== null) {
    out.push(["lstm.inputWeight", g.lstm.inputWeight]);
    out.push(["lstm.inputBias", g.lstm.inputBias]);
    out.push(["lstm.recurrentWeight", g.lstm.recurrentWeight]);
  }
  return out;
}

function compareGrads(a: CfcGrads, b: CfcGrads, tol: { atol: number; rtol: number }): void {
  const pa = gradArrays(a);
  const pb = gradArrays(b);
  expect(pa.map(([n]) => n)).toEqual(pb.map(([n]) => n));
  pa.forEach(([name, arr], i) => {
    assertClose(arr, pb[i][1], tol, `grad ${name}`);
  });
}

for (const level of LEVELS) {
  describe(`native fused CfC sequence vs js (${level})`, () => {
    beforeAll(() => useLevel(level));
    afterAll(() => useLevel("avx512"));

    for (const dtype of ["float64", "float32"] as const) {
      CONFIGS.forEach((cfg, k) => {
        it(`${cfg.name} (${dtype})`, () => {
          const d = new Draws(100 + k, dtype);
          const params = buildParams(cfg, d);
          const inputs = buildInputs(cfg, d);
          const a = run(nativeFused, cfg, params, inputs, 500 + k);
          const b = run(jsFused, cfg, params, inputs, 500 + k);
          const tol = TOL[dtype];
          const gradTol = GRAD_TOL[dtype];
          expect(a.readout).toBeInstanceOf(b.readout.constructor);
          assertClose(a.readout, b.readout, tol, "readout");
          assertClose(a.hFinal, b.hFinal, tol, "hFinal");
          if (cfg.lstm) assertClose(a.cFinal ?? [], b.cFinal ?? [], tol, "cFinal");
          assertClose(a.dx, b.dx, gradTol, "dx");
          if (cfg.timespans) {
            assertClose(a.dTimespans ?? [], b.dTimespans ?? [], gradTol, "dTimespans");
          }
          assertClose(a.dh0, b.dh0, gradTol, "dh0");
          if (cfg.lstm) assertClose(a.dc0 ?? [], b.dc0 ?? [], gradTol, "dc0");
          compareGrads(a.grads, b.grads, gradTol);
        });
      });
    }

    it("gives the same outputs without saving (inference), and saves nothing", () => {
      const cfg = CONFIGS[5];
      const d = new Draws(7, "float64");
      const params = buildParams(cfg, d);
      const inputs = buildInputs(cfg, d);
      const forward = nativeFused.cfcSequenceForward;
      if (forward === undefined) throw new Error("unreachable");
      const nOut = 16;
      const mk = () => ({
        readout: new Float64Array(cfg.batch * cfg.steps * nOut),
        hFinal: new Float64Array(cfg.batch * 16),
        cFinal: null,
      });
      const saving = mk();
      const plain = mk();
      expect(forward(params, inputs, saving, true)).not.toBeNull();
      expect(forward(params, inputs, plain, false)).toBeNull();
      expect(Array.from(plain.readout)).toEqual(Array.from(saving.readout));
      expect(Array.from(plain.hFinal)).toEqual(Array.from(saving.hFinal));
    });
  });
}

/**
 * Configurations whose sigmoids, tanh, silu and decays see ±∞ and NaN when one input is: the
 * gated heads (σ and tanh), the pure head's decay e^(−ts(|w_tau| + |f1|)) (e^−∞ = 0, and
 * 0·∞ is NaN), a silu backbone (silu(−∞) = −∞/∞ is NaN) and the LSTM gates.
 */
const nonFinite = { ...base, timespans: true, steps: 2 };
const NON_FINITE_CONFIGS: Config[] = [
  {
    ...nonFinite,
    name: "fc bb0 default",
    mode: "default",
    activation: "lecun_tanh",
    layers: fc(3, 4, 0, 0),
  },
  {
    ...nonFinite,
    name: "fc bb0 pure",
    mode: "pure",
    activation: "lecun_tanh",
    layers: fc(3, 4, 0, 0),
  },
  {
    ...nonFinite,
    name: "fc bb1 silu no_gate",
    mode: "no_gate",
    activation: "silu",
    layers: fc(3, 4, 1, 5),
  },
  {
    ...nonFinite,
    name: "fc bb1 tanh, mixed memory",
    mode: "default",
    activation: "tanh",
    layers: fc(3, 4, 1, 5),
    lstm: true,
  },
];

for (const level of LEVELS) {
  describe(`native fused CfC with non-finite inputs vs js (${level})`, () => {
    beforeAll(() => useLevel(level));
    afterAll(() => useLevel("avx512"));

    // float32 only: its exp keeps exp's overflow to ∞ and underflow to 0 at every level, while
    // the float64 one does so with AVX-512 only (with AVX2 and the baseline it clamps its
    // argument to [-708, 709], so e^-∞ is e^-708 and the pure head's 0·∞ becomes ±∞ there).
    NON_FINITE_CONFIGS.forEach((cfg, k) => {
      it(`${cfg.name}: NaN and ±∞ where js has them (float32)`, () => {
        for (const v of EXTREMES) {
          const d = new Draws(700 + k, "float32");
          const params = buildParams(cfg, d);
          const inputs = buildInputs(cfg, d);
          // The first sample's first input at the first step: the other samples stay finite.
          inputs.x[0] = v;
          const a = run(nativeFused, cfg, params, inputs, 800 + k);
          const b = run(jsFused, cfg, params, inputs, 800 + k);
          const at = `x[0] = ${v}`;
          expectSameKindsOfRun(a, b, at);
          const gb = gradArrays(b.grads);
          gradArrays(a.grads).forEach(([name, arr], i) => {
            expectSameKinds(arr, gb[i][1], `${at}: grad ${name}`);
          });
        }
      });
    });
  });
}

for (const level of LEVELS) {
  describe(`native CfC streaming step vs js (${level})`, () => {
    beforeAll(() => useLevel(level));
    afterAll(() => useLevel("avx512"));

    const stepConfigs = [CONFIGS[1], CONFIGS[4], CONFIGS[7], CONFIGS[8], CONFIGS[9]];
    for (const dtype of ["float64", "float32"] as const) {
      stepConfigs.forEach((cfg, k) => {
        it(`${cfg.name}, batch 2 (${dtype})`, () => {
          const batch = 2;
          const d = new Draws(300 + k, dtype);
          const params = buildParams(cfg, d);
          const create = nativeFused.createCfcStep;
          if (create === undefined) throw new Error("unreachable");
          const a = create(params, batch);
          const b = jsFused.createCfcStep(params, batch);
          const inSize = cfg.layers[0].inputSize;
          for (let t = 0; t < 5; t++) {
            const x = d.array(batch * inSize, -1.5, 1.5);
            const ts = cfg.timespans ? d.array(batch, 0.2, 2) : null;
            a.step(x, ts);
            b.step(x, ts);
            // The js step keeps float64 state whatever the parameters' type; the native one
            // computes in the parameters' type and keeps its state in it, so float32 agrees to
            // float32 rounding (the golden float32 tolerance).
            const tol = TOL[dtype];
            assertClose(a.readout, b.readout, tol, `readout at step ${t}`);
            assertClose(a.h, b.h, tol, `h at step ${t}`);
            if (b.c !== null) assertClose(a.c ?? [], b.c, tol, `c at step ${t}`);
          }
          expect(a.h).toBeInstanceOf(dtype === "float64" ? Float64Array : Float32Array);
          expect(a.readout).toBeInstanceOf(dtype === "float64" ? Float64Array : Float32Array);
        });
      });
    }

    it("has a live state: writing it restarts from there, as in js", () => {
      const cfg = CONFIGS[7];
      const d = new Draws(41, "float64");
      const params = buildParams(cfg, d);
      const create = nativeFused.createCfcStep;
      if (create === undefined) throw new Error("unreachable");
      const a = create(params, 1);
      const b = jsFused.createCfcStep(params, 1);
      const x = d.array(cfg.layers[0].inputSize);
      a.step(x, null);
      b.step(x, null);
      a.h.fill(0.1);
      b.h.fill(0.1);
      a.step(x, null);
      b.step(x, null);
      assertClose(a.readout, b.readout, TOL.float64, "readout after writing the state");
      assertClose(a.h, b.h, TOL.float64, "h after writing the state");
    });

    it("takes the weights when made, as the js stepper does", () => {
      const cfg = CONFIGS[7];
      const d = new Draws(43, "float64");
      const params = buildParams(cfg, d);
      const create = nativeFused.createCfcStep;
      if (create === undefined) throw new Error("unreachable");
      const made = create(params, 1);
      params.layers[0].ff1.weight[0] += 0.5;
      params.layers[1].timeB?.bias.fill(0.25);
      const js = jsFused.createCfcStep(params, 1);
      const updated = create(params, 1);
      const x = d.array(cfg.layers[0].inputSize);
      for (const s of [made, js, updated]) s.step(x, null);
      assertClose(updated.readout, js.readout, TOL.float64, "stepper made after the update");
      expect(Array.from(made.readout)).not.toEqual(Array.from(updated.readout));
    });

    it("rejects inputs of the wrong length or element type", () => {
      const cfg = CONFIGS[0];
      const params = buildParams(cfg, new Draws(1, "float64"));
      const create = nativeFused.createCfcStep;
      if (create === undefined) throw new Error("unreachable");
      const s = create(params, 2);
      expect(() => s.step(new Float64Array(7), null)).toThrow(/x: expected length 8, got 7/);
      expect(() => s.step(new Float32Array(8), null)).toThrow(/x must be a Float64Array/);
      expect(() => s.step(new Float64Array(8), new Float64Array(3))).toThrow(
        /timespans: expected length 2, got 3/,
      );
      expect(() => create(params, 0)).toThrow(/batch: expected an integer >= 1, got 0/);
    });
  });
}

describe.skipIf(!available)("native CfC argument checks", () => {
  const cfg = CONFIGS[2];
  const params = buildParams(cfg, new Draws(3, "float64"));
  const inputs = buildInputs(cfg, new Draws(4, "float64"));
  const forward = nativeFused.cfcSequenceForward;
  const backward = nativeFused.cfcSequenceBackward;
  const outputs = () => ({
    readout: new Float64Array(cfg.batch * cfg.steps * 7),
    hFinal: new Float64Array(cfg.batch * 7),
    cFinal: null,
  });

  it("validates the parameters with the js messages", () => {
    if (forward === undefined) throw new Error("unreachable");
    const bad = { ...params, mode: "fast" as CfcMode };
    expect(() => forward(bad, inputs, outputs(), false)).toThrow(
      /params.mode: expected one of default, no_gate, pure, got "fast"/,
    );
  });

  it("names the input, the expected and the received length", () => {
    if (forward === undefined) throw new Error("unreachable");
    const short = { ...inputs, x: new Float64Array(5) };
    expect(() => forward(params, short, outputs(), false)).toThrow(
      /inputs.x: expected length 90, got 5/,
    );
    const mixed = { ...inputs, x: new Float32Array(90) };
    expect(() => forward(params, mixed, outputs(), false)).toThrow(
      /inputs.x must be a Float64Array like the parameters, got a Float32Array/,
    );
    expect(() =>
      forward(params, inputs, { ...outputs(), cFinal: new Float64Array(21) }, false),
    ).toThrow(/outputs.cFinal: expected null without mixed memory/);
  });

  it("refuses to run backward on what it did not save", () => {
    if (forward === undefined || backward === undefined) throw new Error("unreachable");
    const js = jsFused.cfcSequenceForward(params, inputs, outputs(), true);
    if (js === null) throw new Error("unreachable");
    const g = {
      dx: null,
      dTimespans: null,
      dh0: null,
      dc0: null,
      params: createCfcGrads(params),
    };
    const gIn = { dReadout: null, dhFinal: null, dcFinal: null };
    expect(() => backward(js, gIn, g)).toThrow(/saved: expected what the native/);
    const saved = forward(params, inputs, outputs(), true);
    if (saved === null) throw new Error("unreachable");
    expect(() => backward(saved, { ...gIn, dReadout: new Float64Array(3) }, g)).toThrow(
      /gradInputs.dReadout: expected length 126, got 3/,
    );
  });
});

describe.skipIf(!available)("native CfC memory", () => {
  it("drops the oldest saved activations past the cap and recomputes them for backward", () => {
    const cfg = CONFIGS[6];
    const d = new Draws(19, "float64");
    const params = buildParams(cfg, d);
    const inputs = buildInputs(cfg, d);
    const reference = run(nativeFused, cfg, params, inputs, 20);
    if (addon === null) throw new Error("unreachable");
    const cap = addon.fusedTraceCap();
    try {
      // A cap of one byte: each new forward call drops the trace of the previous one.
      addon.fusedTraceCap(1);
      const forward = nativeFused.cfcSequenceForward;
      const backward = nativeFused.cfcSequenceBackward;
      if (forward === undefined || backward === undefined) throw new Error("unreachable");
      const n = cfg.batch * 12;
      const out = () => ({
        readout: new Float64Array(cfg.batch * cfg.steps * 12),
        hFinal: new Float64Array(n),
        cFinal: new Float64Array(n),
      });
      const first = forward(params, inputs, out(), true);
      const second = forward(params, inputs, out(), true);
      if (first === null || second === null) throw new Error("unreachable");
      const gd = new Draws(20, "float64");
      const gIn = {
        dReadout: gd.array(cfg.batch * cfg.steps * 12),
        dhFinal: gd.array(n),
        dcFinal: gd.array(n),
      };
      const g = {
        dx: new Float64Array(inputs.x.length),
        dTimespans: new Float64Array(cfg.batch * cfg.steps),
        dh0: new Float64Array(n),
        dc0: new Float64Array(n),
        params: createCfcGrads(params),
      };
      backward(first, gIn, g);
      expect(Array.from(g.dx)).toEqual(Array.from(reference.dx));
      expect(Array.from(g.dh0)).toEqual(Array.from(reference.dh0));
      expect(Array.from(g.params.layers[0].backbone[0].weight)).toEqual(
        Array.from(reference.grads.layers[0].backbone[0].weight),
      );
    } finally {
      addon.fusedTraceCap(cap);
    }
  });

  it("frees the saved activations after backward; a second backward recomputes them", () => {
    const cfg = CONFIGS[6];
    const d = new Draws(17, "float64");
    const params = buildParams(cfg, d);
    const inputs = buildInputs(cfg, d);
    const forward = nativeFused.cfcSequenceForward;
    const backward = nativeFused.cfcSequenceBackward;
    if (forward === undefined || backward === undefined) throw new Error("unreachable");
    const n = cfg.batch * 12;
    const out = {
      readout: new Float64Array(cfg.batch * cfg.steps * 12),
      hFinal: new Float64Array(n),
      cFinal: new Float64Array(n),
    };
    const saved = forward(params, inputs, out, true);
    if (saved === null) throw new Error("unreachable");
    const gIn = { dReadout: out.readout, dhFinal: out.hFinal, dcFinal: null };
    const grads = () => {
      const g = {
        dx: new Float64Array(inputs.x.length),
        dTimespans: new Float64Array(cfg.batch * cfg.steps),
        dh0: null,
        dc0: null,
        params: createCfcGrads(params),
      };
      backward(saved, gIn, g);
      return g;
    };
    const first = grads();
    const second = grads();
    expect(Array.from(second.dx)).toEqual(Array.from(first.dx));
    expect(Array.from(second.dTimespans)).toEqual(Array.from(first.dTimespans));
    expect(Array.from(second.params.layers[0].ff1.weight)).toEqual(
      Array.from(first.params.layers[0].ff1.weight),
    );
    expect(Array.from(second.params.lstm?.recurrentWeight ?? [])).toEqual(
      Array.from(first.params.lstm?.recurrentWeight ?? []),
    );
  });

  it("frees the saved activations: 1000 training steps do not grow the heap", () => {
    v8.setFlagsFromString("--expose-gc");
    const gc = vm.runInNewContext("gc") as () => void;
    const cfg: Config = { ...CONFIGS[5], batch: 16, steps: 20 };
    const d = new Draws(9, "float32");
    const params = buildParams(cfg, d);
    const inputs = buildInputs(cfg, d);
    const forward = nativeFused.cfcSequenceForward;
    const backward = nativeFused.cfcSequenceBackward;
    if (forward === undefined || backward === undefined) throw new Error("unreachable");
    const outputs = {
      readout: new Float32Array(cfg.batch * cfg.steps * 16),
      hFinal: new Float32Array(cfg.batch * 16),
      cFinal: null,
    };
    const grads = createCfcGrads(params);
    const g = { dx: null, dTimespans: null, dh0: null, dc0: null, params: grads };
    const gIn = { dReadout: outputs.readout, dhFinal: null, dcFinal: null };
    const train = (n: number) => {
      for (let i = 0; i < n; i++) {
        const saved = forward(params, inputs, outputs, true);
        if (saved !== null) backward(saved, gIn, g);
      }
    };
    // Each saved trace holds about 0.6 MB, so 1000 leaked ones would be 600 MB.
    train(100);
    gc();
    const before = process.memoryUsage().rss;
    train(1000);
    gc();
    const grown = process.memoryUsage().rss - before;
    expect(grown).toBeLessThan(64 * 2 ** 20);
  });
});
