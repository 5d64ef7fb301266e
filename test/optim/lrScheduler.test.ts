import { describe, expect, it } from "vitest";
import {
  CosineAnnealingLR,
  ExponentialLR,
  LinearLR,
  type LRScheduler,
  StepLR,
} from "../../src/optim/lrScheduler.js";
import { SGD } from "../../src/optim/sgd.js";
import { assertClose } from "../support/assertClose.js";
import { FLOAT64_VS_TORCH } from "./tolerances.js";
import { TORCH_SCHEDULER_LRS } from "./torchReference.js";
import { makeParams } from "./trajectory.js";

/** SGD with two groups at lr 0.1 and 0.04, as in the torch reference script. */
function twoGroups(): SGD {
  const [p, q] = makeParams();
  return new SGD(
    [
      { params: [p], lr: 0.1 },
      { params: [q], lr: 0.04 },
    ],
    { lr: 1 },
  );
}

/** Checks get_last_lr() after construction and after each step, and the groups' lr. */
function checkSchedule(name: string, make: (optimizer: SGD) => LRScheduler) {
  const optimizer = twoGroups();
  const expected = TORCH_SCHEDULER_LRS[name];
  const scheduler = make(optimizer);
  expected.forEach((lrs, epoch) => {
    if (epoch > 0) {
      optimizer.step();
      scheduler.step();
    }
    assertClose(scheduler.getLastLr(), lrs, FLOAT64_VS_TORCH, `${name} epoch ${epoch}`);
    assertClose(
      optimizer.paramGroups.map((g) => g.lr),
      lrs,
      FLOAT64_VS_TORCH,
      `${name} group lr`,
    );
  });
}

describe("schedulers match torch.optim.lr_scheduler (1.13)", () => {
  it("StepLR(stepSize 3, gamma 0.5)", () => {
    checkSchedule("step", (o) => new StepLR(o, { stepSize: 3, gamma: 0.5 }));
  });

  it("ExponentialLR(gamma 0.9)", () => {
    checkSchedule("exponential", (o) => new ExponentialLR(o, { gamma: 0.9 }));
  });

  it("CosineAnnealingLR(tMax 5, etaMin 0.01), past tMax", () => {
    checkSchedule("cosine", (o) => new CosineAnnealingLR(o, { tMax: 5, etaMin: 0.01 }));
  });

  it("LinearLR(startFactor 0.25, totalIters 4)", () => {
    checkSchedule(
      "linear",
      (o) => new LinearLR(o, { startFactor: 0.25, endFactor: 1, totalIters: 4 }),
    );
  });
});

describe("scheduler state", () => {
  it("records initialLr on the groups, which the optimiser state dict carries", () => {
    const optimizer = twoGroups();
    new StepLR(optimizer, { stepSize: 2 });
    expect(optimizer.paramGroups.map((g) => g.initialLr)).toEqual([0.1, 0.04]);
    expect(optimizer.stateDict().paramGroups.map((g) => g.initialLr)).toEqual([0.1, 0.04]);
  });

  it("resumes a schedule from its state dict and the optimiser's", () => {
    const expected = TORCH_SCHEDULER_LRS.cosine;
    const optimizer = twoGroups();
    const scheduler = new CosineAnnealingLR(optimizer, { tMax: 5, etaMin: 0.01 });
    for (let i = 0; i < 3; i++) scheduler.step();
    const savedOptimizer = optimizer.stateDict();
    const savedScheduler = scheduler.stateDict();
    expect(savedScheduler.lastEpoch).toBe(3);

    const resumedOptimizer = twoGroups();
    resumedOptimizer.loadStateDict(savedOptimizer);
    const resumed = new CosineAnnealingLR(resumedOptimizer, {
      tMax: 5,
      etaMin: 0.01,
      lastEpoch: 2,
    });
    resumed.loadStateDict(savedScheduler);
    assertClose(resumed.getLastLr(), expected[3], FLOAT64_VS_TORCH, "restored lr");
    resumed.step();
    assertClose(resumed.getLastLr(), expected[4], FLOAT64_VS_TORCH, "next lr");
  });

  it("needs initialLr when constructed with lastEpoch >= 0", () => {
    expect(() => new ExponentialLR(twoGroups(), { gamma: 0.9, lastEpoch: 3 })).toThrow(
      /ExponentialLR: param group 0 has no initialLr/,
    );
  });
});

describe("scheduler arguments", () => {
  it("rejects invalid options with the value received", () => {
    const o = twoGroups();
    expect(() => new StepLR(o, { stepSize: 0 })).toThrow(
      /StepLR: stepSize must be a positive integer, got 0/,
    );
    expect(() => new CosineAnnealingLR(o, { tMax: 2.5 })).toThrow(
      /tMax must be a positive integer, got 2.5/,
    );
    expect(() => new ExponentialLR(o, { gamma: Number.NaN })).toThrow(
      /gamma must be a finite number, got NaN/,
    );
    expect(() => new LinearLR(o, { startFactor: 0 })).toThrow(
      /startFactor must be in \(0, 1\], got 0/,
    );
    expect(() => new LinearLR(o, { endFactor: 1.5 })).toThrow(
      /endFactor must be in \[0, 1\], got 1.5/,
    );
    expect(() => new StepLR(o, { stepSize: 1, lastEpoch: -2 })).toThrow(
      /lastEpoch must be an integer >= -1, got -2/,
    );
    expect(() =>
      new StepLR(o, { stepSize: 1 }).loadStateDict({ lastEpoch: 1, baseLrs: [1], lastLr: [1] }),
    ).toThrow(/baseLrs must be 2 numbers \(one per group\)/);
  });
});
