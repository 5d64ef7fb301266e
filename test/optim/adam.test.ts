import { describe, expect, it } from "vitest";
import { Adam, AdamW } from "../../src/optim/adam.js";
import type { Optimizer } from "../../src/optim/optimizer.js";
import type { ParamLike } from "../../src/optim/types.js";
import { assertClose } from "../support/assertClose.js";
import { FLOAT32_VS_TORCH, FLOAT64_VS_TORCH } from "./tolerances.js";
import { TORCH_OPTIM_TRAJECTORIES } from "./torchReference.js";
import { makeParams, setGrads } from "./trajectory.js";

type AnyOptimizer = Optimizer<{ lr: number }, unknown>;

/** Runs `steps` steps of the reference problem and checks every step against torch. */
function checkTrajectory(
  name: string,
  make: (params: ParamLike[]) => AnyOptimizer,
  opts: { dtype?: "float32" | "float64"; skip?: [number, number][] } = {},
) {
  const expected = TORCH_OPTIM_TRAJECTORIES[name];
  const params = makeParams(opts.dtype);
  const optimizer = make(params);
  const tol = opts.dtype === "float32" ? FLOAT32_VS_TORCH : FLOAT64_VS_TORCH;
  expected.forEach((afterStep, t) => {
    setGrads(params, t, opts.skip);
    optimizer.step();
    params.forEach((p, k) => {
      assertClose(p.data, afterStep[k], tol, `${name} step ${t + 1} param ${k}`);
    });
  });
}

describe("Adam matches torch.optim.Adam (1.13)", () => {
  it("with lr 0.1 and the other defaults", () => {
    checkTrajectory("adam_default_lr01", (ps) => new Adam(ps, { lr: 0.1 }));
  });

  it("with L2 weight decay, amsgrad, custom betas and eps", () => {
    checkTrajectory(
      "adam_wd_amsgrad",
      (ps) =>
        new Adam(ps, { lr: 0.05, betas: [0.8, 0.95], eps: 1e-3, weightDecay: 0.1, amsgrad: true }),
    );
  });

  it("maximizing, with weight decay", () => {
    checkTrajectory(
      "adam_maximize_wd",
      (ps) => new Adam(ps, { lr: 0.02, weightDecay: 0.3, maximize: true }),
    );
  });

  it("skipping parameters whose gradient is null (their state starts later)", () => {
    checkTrajectory("adam_skip", (ps) => new Adam(ps, { lr: 0.1 }), {
      skip: [
        [0, 1],
        [2, 0],
      ],
    });
  });

  it("on float32 parameters", () => {
    checkTrajectory("adam_float32", (ps) => new Adam(ps, { lr: 0.01 }), { dtype: "float32" });
  });

  it("keeps moment buffers in the parameter's dtype", () => {
    const params = makeParams("float32");
    const adam = new Adam(params);
    setGrads(params, 0);
    adam.step();
    const state = adam.stateDict().state[0];
    expect(state.expAvg).toBeInstanceOf(Float32Array);
    expect(state.expAvgSq).toBeInstanceOf(Float32Array);
  });
});

describe("AdamW matches torch.optim.AdamW (1.13)", () => {
  it("with lr 0.1 and the default decoupled weight decay 0.01", () => {
    checkTrajectory("adamw_default", (ps) => new AdamW(ps, { lr: 0.1 }));
  });

  it("with amsgrad, maximize and weight decay 0.5", () => {
    checkTrajectory(
      "adamw_amsgrad_maximize",
      (ps) => new AdamW(ps, { lr: 0.05, weightDecay: 0.5, amsgrad: true, maximize: true }),
    );
  });
});

describe("Adam state", () => {
  it("holds torch's defaults", () => {
    const adam = new Adam(makeParams());
    const { params, ...hyper } = adam.paramGroups[0];
    expect(params).toHaveLength(2);
    expect(hyper).toEqual({
      lr: 1e-3,
      betas: [0.9, 0.999],
      eps: 1e-8,
      weightDecay: 0,
      amsgrad: false,
      maximize: false,
    });
    expect(new AdamW(makeParams()).paramGroups[0].weightDecay).toBe(0.01);
  });

  it("resumes from a state dict exactly where it left off", () => {
    const expected = TORCH_OPTIM_TRAJECTORIES.adam_wd_amsgrad;
    const options = {
      lr: 0.05,
      betas: [0.8, 0.95] as const,
      eps: 1e-3,
      weightDecay: 0.1,
      amsgrad: true,
    };
    const first = makeParams();
    const before = new Adam(first, options);
    for (let t = 0; t < 2; t++) {
      setGrads(first, t);
      before.step();
    }
    const saved = before.stateDict();
    expect(saved.state[0].step).toBe(2);
    expect(saved.state[1].maxExpAvgSq).toBeInstanceOf(Float64Array);

    // A fresh optimiser over copies of the parameters, with other hyperparameters: loading
    // restores the saved ones along with the moments.
    const second = first.map((p) => ({ data: Float64Array.from(p.data), grad: null }));
    const after = new Adam(second, { lr: 7 });
    after.loadStateDict(saved);
    expect(after.paramGroups[0].lr).toBe(0.05);
    for (let t = 2; t < expected.length; t++) {
      setGrads(second, t);
      after.step();
      second.forEach((p, k) => {
        assertClose(p.data, expected[t][k], FLOAT64_VS_TORCH, `resumed step ${t + 1} param ${k}`);
      });
    }
  });

  it("returns copies from stateDict and copies what it loads", () => {
    const params = makeParams();
    const adam = new Adam(params, { lr: 0.1 });
    setGrads(params, 0);
    adam.step();
    const saved = adam.stateDict();
    saved.state[0].expAvg.fill(123);
    expect(adam.stateDict().state[0].expAvg[0]).not.toBe(123);
    adam.loadStateDict(saved);
    saved.state[0].expAvg.fill(0);
    expect(adam.stateDict().state[0].expAvg[0]).toBe(123);
  });

  it("casts loaded buffers to the parameter dtype", () => {
    const params = makeParams("float32");
    const adam = new Adam(params);
    adam.loadStateDict({
      state: { 0: { step: 1, expAvg: new Float64Array(5), expAvgSq: new Float64Array(5) } },
      paramGroups: [{ ...adam.paramGroups[0], params: [0, 1] }],
    });
    expect(adam.stateDict().state[0].expAvg).toBeInstanceOf(Float32Array);
  });

  it("rejects a state dict that does not fit, changing nothing", () => {
    const params = makeParams();
    const adam = new Adam(params, { lr: 0.1 });
    setGrads(params, 0);
    adam.step();
    const good = adam.stateDict();
    const group = good.paramGroups[0];
    const cases: [unknown, RegExp][] = [
      [null, /expected \{ state, paramGroups \}/],
      [{ ...good, paramGroups: [group, group] }, /2 parameter groups, the optimiser has 1/],
      [{ ...good, paramGroups: [{ ...group, params: [0] }] }, /holds 1 parameters.*holds 2/],
      [
        { ...good, paramGroups: [{ ...group, betas: [0.9, 1] }] },
        /betas\[1\] must be in \[0, 1\), got 1/,
      ],
      [{ ...good, state: { 7: good.state[0] } }, /no parameter has index 7/],
      [
        { ...good, state: { 0: { ...good.state[0], expAvg: new Float64Array(3) } } },
        /expAvg has 3 elements, but the parameter has 5/,
      ],
      [
        { ...good, state: { 0: { ...good.state[0], step: -1 } } },
        /step must be a non-negative integer, got -1/,
      ],
      [
        { ...good, state: { 0: { ...good.state[0], expAvgSq: [0, 0, 0, 0, 0] } } },
        /expAvgSq must be a Float32Array or Float64Array/,
      ],
    ];
    for (const [bad, message] of cases) {
      expect(() => adam.loadStateDict(bad)).toThrow(message);
    }
    expect(adam.stateDict()).toEqual(good);
  });
});

describe("Adam arguments", () => {
  it("rejects invalid hyperparameters with the value received", () => {
    const ps = makeParams();
    expect(() => new Adam(ps, { lr: -1 })).toThrow(/Adam: param group 0: lr must be >= 0, got -1/);
    expect(() => new Adam(ps, { eps: -1e-8 })).toThrow(/eps must be >= 0, got -1e-8/);
    expect(() => new Adam(ps, { betas: [1, 0.9] })).toThrow(
      /betas\[0\] must be in \[0, 1\), got 1/,
    );
    expect(() => new AdamW(ps, { weightDecay: -0.1 })).toThrow(
      /AdamW: param group 0: weightDecay must be >= 0, got -0.1/,
    );
    expect(() => new Adam(ps, { lr: Number.NaN })).toThrow(/lr must be a number, got NaN/);
  });

  it("rejects empty, duplicated or non-parameter inputs", () => {
    const [a] = makeParams();
    expect(() => new Adam([])).toThrow(/params must be a non-empty array/);
    expect(() => new Adam([{ params: [a] }, { params: [a] }])).toThrow(
      /param group 1: params\[0\] appears more than once/,
    );
    expect(() => new Adam([{ data: [1, 2], grad: null } as unknown as ParamLike])).toThrow(
      /params\[0\]: expected a parameter with a Float32Array or Float64Array .data/,
    );
  });

  it("rejects a gradient whose length differs from its parameter", () => {
    const params = makeParams();
    params[1].grad = { data: new Float64Array(4) };
    expect(() => new Adam(params).step()).toThrow(
      /parameter 1 has 3 elements but its gradient has 4/,
    );
  });
});

describe("param groups and zeroGrad", () => {
  it("applies each group's own hyperparameters over the defaults", () => {
    const [a, b] = makeParams();
    const adam = new Adam([{ params: [a] }, { params: [b], lr: 0.5, amsgrad: true }], { lr: 0.1 });
    expect(adam.paramGroups.map((g) => [g.lr, g.amsgrad])).toEqual([
      [0.1, false],
      [0.5, true],
    ]);
    expect(adam.stateDict().paramGroups.map((g) => g.params)).toEqual([[0], [1]]);
  });

  it("zeroes gradients in place, or drops them with setToNone", () => {
    const params = makeParams();
    setGrads(params, 0);
    const adam = new Adam(params);
    const buffer = params[0].grad?.data;
    adam.zeroGrad();
    expect(params[0].grad?.data).toBe(buffer);
    expect(Array.from(params[0].grad?.data ?? [])).toEqual([0, 0, 0, 0, 0]);
    adam.zeroGrad(true);
    expect(params.map((p) => p.grad)).toEqual([null, null]);
  });

  it("returns the closure's loss from step", () => {
    const params = makeParams();
    const adam = new Adam(params);
    expect(
      adam.step(() => {
        setGrads(params, 0);
        return 2.5;
      }),
    ).toBe(2.5);
    expect(adam.stateDict().state[0].step).toBe(1);
  });
});
