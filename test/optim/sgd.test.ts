import { describe, expect, it } from "vitest";
import { SGD } from "../../src/optim/sgd.js";
import { assertClose } from "../support/assertClose.js";
import { FLOAT64_VS_TORCH } from "./tolerances.js";
import { TORCH_OPTIM_TRAJECTORIES } from "./torchReference.js";
import { makeParams, setGrads } from "./trajectory.js";

/** Runs the reference problem and checks every step against torch. */
function checkTrajectory(
  name: string,
  make: (params: ReturnType<typeof makeParams>) => SGD,
  skip: [number, number][] = [],
) {
  const params = makeParams();
  const sgd = make(params);
  TORCH_OPTIM_TRAJECTORIES[name].forEach((afterStep, t) => {
    setGrads(params, t, skip);
    sgd.step();
    params.forEach((p, k) => {
      assertClose(p.data, afterStep[k], FLOAT64_VS_TORCH, `${name} step ${t + 1} param ${k}`);
    });
  });
}

describe("SGD matches torch.optim.SGD (1.13)", () => {
  it("without momentum", () => {
    checkTrajectory("sgd_plain", (ps) => new SGD(ps, { lr: 0.1 }));
  });

  it("with momentum and dampening (the first step copies the gradient into the buffer)", () => {
    checkTrajectory(
      "sgd_momentum_dampening",
      (ps) => new SGD(ps, { lr: 0.1, momentum: 0.9, dampening: 0.5 }),
    );
  });

  it("with nesterov momentum and weight decay", () => {
    checkTrajectory(
      "sgd_nesterov_wd",
      (ps) => new SGD(ps, { lr: 0.05, momentum: 0.8, nesterov: true, weightDecay: 0.2 }),
    );
  });

  it("maximizing, skipping a null gradient", () => {
    checkTrajectory(
      "sgd_maximize_skip",
      (ps) => new SGD(ps, { lr: 0.1, momentum: 0.5, maximize: true }),
      [[0, 1]],
    );
  });
});

describe("SGD state", () => {
  it("has a null momentum buffer without momentum, as torch", () => {
    const params = makeParams();
    const sgd = new SGD(params, { lr: 0.1 });
    setGrads(params, 0);
    sgd.step();
    expect(sgd.stateDict().state[0]).toEqual({ momentumBuffer: null });
  });

  it("resumes from a state dict exactly where it left off", () => {
    const expected = TORCH_OPTIM_TRAJECTORIES.sgd_nesterov_wd;
    const options = { lr: 0.05, momentum: 0.8, nesterov: true, weightDecay: 0.2 };
    const first = makeParams();
    const before = new SGD(first, options);
    setGrads(first, 0);
    before.step();
    const second = first.map((p) => ({ data: Float64Array.from(p.data), grad: null }));
    const after = new SGD(second, { lr: 1 });
    after.loadStateDict(before.stateDict());
    for (let t = 1; t < expected.length; t++) {
      setGrads(second, t);
      after.step();
      second.forEach((p, k) => {
        assertClose(p.data, expected[t][k], FLOAT64_VS_TORCH, `resumed step ${t + 1} param ${k}`);
      });
    }
  });

  it("rejects a state without a momentum buffer entry", () => {
    const sgd = new SGD(makeParams(), { lr: 0.1 });
    const { paramGroups } = sgd.stateDict();
    expect(() => sgd.loadStateDict({ state: { 0: {} }, paramGroups })).toThrow(
      /SGD.loadStateDict: state\[0\]: momentumBuffer is missing/,
    );
  });
});

describe("SGD arguments", () => {
  it("requires a learning rate, as torch 1.13", () => {
    expect(() => new SGD(makeParams())).toThrow(/SGD: param group 0: lr is required/);
    const [a, b] = makeParams();
    expect(
      new SGD([
        { params: [a], lr: 0.1 },
        { params: [b], lr: 0.2 },
      ]).paramGroups.map((g) => g.lr),
    ).toEqual([0.1, 0.2]);
  });

  it("rejects invalid hyperparameters with the value received", () => {
    const ps = makeParams();
    expect(() => new SGD(ps, { lr: 0.1, momentum: -0.5 })).toThrow(
      /momentum must be >= 0, got -0.5/,
    );
    expect(() => new SGD(ps, { lr: 0.1, weightDecay: -1 })).toThrow(
      /weightDecay must be >= 0, got -1/,
    );
    expect(() => new SGD(ps, { lr: 0.1, nesterov: true })).toThrow(
      /nesterov needs momentum > 0 and dampening 0, got momentum 0 and dampening 0/,
    );
    expect(() => new SGD(ps, { lr: 0.1, momentum: 0.9, dampening: 0.1, nesterov: true })).toThrow(
      /got momentum 0.9 and dampening 0.1/,
    );
  });
});
