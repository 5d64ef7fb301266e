/**
 * The PPO loss and its gradients with respect to logits and values, for each value-clipping
 * mode, against a numpy reference (loss written out in numpy, gradients by central
 * differences with step 1e-6 in float64; script: clipped surrogate with clip 0.2, value clip
 * 0.3 (rllib mode clamps the squared error at 3), vfCoeff 0.5, entropy 0.01, KL 0.5, the last
 * step of the second sequence masked as padding).
 */
import { describe, expect, it } from "vitest";
import type { ValueClipMode } from "../../../src/rl/ppo/config.js";
import { ppoLoss } from "../../../src/rl/ppo/loss.js";
import type { Minibatch } from "../../../src/rl/ppo/rollout.js";
import { tensor } from "../../../src/tensor/index.js";
import { assertClose } from "../../support/assertClose.js";

const CASE = {
  logits: [
    0.001, 0.299, -0.274, -0.891, -0.455, -0.992, 0.06, 1.34, -0.492, -0.62, 0.49, 0.357, 0.105,
    -0.93, -0.029, 0.695, -1.344, -0.458,
  ],
  oldLogits: [
    -0.569, -0.088, -0.827, -0.962, -0.835, -0.911, 0.107, 1.284, -1.247, -0.782, 0.475, 0.391,
    -0.354, -1.073, -0.323, 0.452, -1.026, -0.7,
  ],
  values: [-0.033, 0.884, -0.584, -0.112, 0.11, 0.064],
  oldValues: [-0.646, 0.922, 0.095, -0.886, 0.54, 0.124],
  returns: [0.273, 4.885, -0.924, -2.511, -0.105, 1.217],
  advantages: [-0.189, 0.683, -0.067, 0.667, 1.439, -0.676],
  actions: [0, 2, 1, 1, 0, 2],
  mask: [1, 1, 1, 1, 1, 0],
  oldLogProbs: [
    -1.2209144361125202, -1.1083121738685584, -0.32770632808953637, -0.7902455435181454,
    -0.9237527240560697, -1.5864396283837603,
  ],
};

const EXPECTED = {
  rllib: {
    loss: 0.107971429642429,
    gradLogits: [
      0.030624611242757727, -0.022035247584928364, -0.008589363623134894, 0.028931157206035785,
      0.058029150991345535, -0.08696030815574796, -0.005695348102852105, 0.0020444545639763945,
      0.0036508935388757102, 0.02169830146114826, -0.07268986035313674, 0.05099155884341622,
      -0.17395808477732588, 0.04811469300758375, 0.1258433917974977, 0.0, 0.0, 0.0,
    ],
    gradValues: [-0.06120000000525705, 0.0, 0.06799999998502448, 0.0, 0.043000000005122274, 0.0],
  },
  ppo2: {
    loss: 0.6215427796424289,
    gradLogits: [
      0.030624611291329984, -0.022035247626561727, -0.008589363609257106, 0.028931157192157997,
      0.05802915098440664, -0.08696030812105349, -0.0056953481930577254, 0.0020444545500986067,
      0.0036508935319368163, 0.021698301433392686, -0.07268986035313674, 0.05099155880872175,
      -0.17395808482589814, 0.04811469300758375, 0.1258433918183144, 0.0, 0.0, 0.0,
    ],
    gradValues: [0.0, -0.400099999908754, 0.0, 0.23989999997642286, 0.0, 0.0],
  },
  none: {
    loss: 0.5833584796424289,
    gradLogits: [
      0.03062461118030768, -0.022035247571050576, -0.008589363553745955, 0.028931157192157997,
      0.05802915103991779, -0.08696030812105349, -0.005695348026524272, 0.002044454605609758,
      0.0036508936429591188, 0.021698301488903837, -0.07268986029762559, 0.05099155891974405,
      -0.173958084770387, 0.04811469300758375, 0.12584339176280324, 0.0, 0.0, 0.0,
    ],
    gradValues: [
      -0.030599999922831245, -0.40009999985324285, 0.03400000003761505, 0.2398999999209117,
      0.021500000002561137, 0.0,
    ],
  },
};

function minibatch(): Minibatch {
  const mask = Uint8Array.from(CASE.mask);
  return {
    batch: 2,
    time: 3,
    observations: { data: new Float32Array(6), batch: 2, time: 3 },
    startStates: null,
    actions: Int32Array.from(CASE.actions),
    oldLogProbs: Float64Array.from(CASE.oldLogProbs),
    oldLogits: Float64Array.from(CASE.oldLogits),
    oldValues: Float64Array.from(CASE.oldValues),
    advantages: Float64Array.from(CASE.advantages),
    returns: Float64Array.from(CASE.returns),
    mask,
    validCount: 5,
  };
}

const COEFFS = { clipParam: 0.2, vfCoeff: 0.5, entropyCoeff: 0.01, klCoeff: 0.5 };

describe("ppoLoss", () => {
  for (const mode of ["rllib", "ppo2", "none"] as const satisfies readonly ValueClipMode[]) {
    it(`matches numpy in float64 with value clipping "${mode}"`, () => {
      const logits = tensor(CASE.logits, {
        shape: [2, 3, 3],
        dtype: "float64",
        requiresGrad: true,
      });
      const values = tensor(CASE.values, { shape: [2, 3], dtype: "float64", requiresGrad: true });
      const mb = minibatch();
      const vfClipParam = mode === "rllib" ? 3 : 0.3;
      const { loss, stats } = ppoLoss({ logits, values, state: null }, mb, mb.advantages, {
        ...COEFFS,
        valueClip: mode,
        vfClipParam,
      });
      const want = EXPECTED[mode];
      assertClose([loss.item()], [want.loss], { rtol: 1e-12, atol: 1e-12 }, "loss");
      expect(stats.loss).toBe(loss.item());
      loss.backward();
      // Central differences are accurate to ~1e-9 here.
      const tol = { rtol: 1e-6, atol: 1e-8 };
      assertClose(logits.grad?.data ?? [], want.gradLogits, tol, "d loss / d logits");
      assertClose(values.grad?.data ?? [], want.gradValues, tol, "d loss / d values");
    });
  }

  it("reports the clip fraction and KL over real steps only", () => {
    const logits = tensor(CASE.oldLogits, { shape: [2, 3, 3], dtype: "float64" });
    const values = tensor(CASE.values, { shape: [2, 3], dtype: "float64" });
    const mb = minibatch();
    const { stats } = ppoLoss({ logits, values, state: null }, mb, mb.advantages, {
      ...COEFFS,
      valueClip: "none",
      vfClipParam: 1,
    });
    // Unchanged policy: ratios are all 1, nothing is clipped, KL is 0, policy loss is -mean(A).
    expect(stats.clipFraction).toBe(0);
    expect(Math.abs(stats.kl)).toBeLessThan(1e-15);
    const meanAdv = CASE.advantages.slice(0, 5).reduce((a, b) => a + b, 0) / 5;
    assertClose([stats.policyLoss], [-meanAdv], { rtol: 1e-12, atol: 1e-14 }, "policy loss");
  });

  it("rejects outputs whose shape does not match the minibatch", () => {
    const logits = tensor(new Float64Array(9), { shape: [1, 3, 3], dtype: "float64" });
    const values = tensor(new Float64Array(3), { shape: [1, 3], dtype: "float64" });
    const mb = minibatch();
    expect(() =>
      ppoLoss({ logits, values, state: null }, mb, mb.advantages, {
        ...COEFFS,
        valueClip: "none",
        vfClipParam: 1,
      }),
    ).toThrow(/logits \[2, 3, A\] and values \[2, 3\], got \[1, 3, 3\] and \[1, 3\]/);
  });
});
