import { describe, expect, it } from "vitest";
import { clipGradNorm, clipGradValue } from "../../src/optim/clip.js";
import type { ParamLike } from "../../src/optim/types.js";
import { assertClose } from "../support/assertClose.js";
import { FLOAT64_VS_TORCH } from "./tolerances.js";

/**
 * Expected values from torch 1.13.0a0 (/usr/bin/python3), gradients
 * g[k][i] = ((7 * i + 5 * k) % 11 - 5) / 4 for parameters of 5 and 3 elements:
 *
 *   grads = lambda: [torch.tensor([((7*i + 5*k) % 11 - 5) / 4 for i in range(n)], dtype=torch.float64)
 *                    for k, n in enumerate([5, 3])]
 *   for max_norm, norm_type in [(1.0, 2.0), (100.0, 2.0), (1.0, 1.0), (0.5, math.inf), (1.0, 3.0)]:
 *       ps = [torch.zeros(g.numel(), dtype=torch.float64, requires_grad=True) for g in grads()]
 *       for p, g in zip(ps, grads()): p.grad = g
 *       total = torch.nn.utils.clip_grad_norm_(ps, max_norm, norm_type)
 *       print(json.dumps({"total": total.item(), "grads": [p.grad.tolist() for p in ps]}))
 *   # and clip_grad_value_(ps, 0.6) on fresh gradients
 */
const GRADS = [
  [-1.25, 0.5, -0.5, 1.25, 0.25],
  [0.0, -1.0, 0.75],
];
const TORCH_CLIP_NORM: { maxNorm: number; normType: number; total: number; grads: number[][] }[] = [
  {
    maxNorm: 1,
    normType: 2,
    total: 2.29128784747792,
    grads: [
      [
        -0.5455444874948467, 0.2182177949979387, -0.2182177949979387, 0.5455444874948467,
        0.10910889749896935,
      ],
      [0.0, -0.4364355899958774, 0.32732669249690804],
    ],
  },
  { maxNorm: 100, normType: 2, total: 2.29128784747792, grads: GRADS },
  {
    maxNorm: 1,
    normType: 1,
    total: 5.5,
    grads: [
      [
        -0.22727268595042072, 0.09090907438016829, -0.09090907438016829, 0.22727268595042072,
        0.045454537190084146,
      ],
      [0.0, -0.18181814876033658, 0.13636361157025245],
    ],
  },
  {
    maxNorm: 0.5,
    normType: Number.POSITIVE_INFINITY,
    total: 1.25,
    grads: [
      [
        -0.49999960000032007, 0.19999984000012802, -0.19999984000012802, 0.49999960000032007,
        0.09999992000006401,
      ],
      [0.0, -0.39999968000025604, 0.299999760000192],
    ],
  },
  {
    maxNorm: 1,
    normType: 3,
    total: 1.7751471146993854,
    grads: [
      [
        -0.7041665930009919, 0.28166663720039675, -0.28166663720039675, 0.7041665930009919,
        0.14083331860019838,
      ],
      [0.0, -0.5633332744007935, 0.42249995580059513],
    ],
  },
];
const TORCH_CLIP_VALUE_06 = [
  [-0.6, 0.5, -0.5, 0.6, 0.25],
  [0.0, -0.6, 0.6],
];

function withGrads(grads: number[][]): ParamLike[] {
  return grads.map((g) => ({
    data: new Float64Array(g.length),
    grad: { data: Float64Array.from(g) },
  }));
}

describe("clipGradNorm matches torch.nn.utils.clip_grad_norm_ (1.13)", () => {
  for (const c of TORCH_CLIP_NORM) {
    it(`maxNorm ${c.maxNorm}, normType ${c.normType}`, () => {
      const params = withGrads(GRADS);
      const total = clipGradNorm(params, c.maxNorm, c.normType);
      assertClose([total], [c.total], FLOAT64_VS_TORCH, "total norm");
      params.forEach((p, k) => {
        assertClose(p.grad?.data ?? [], c.grads[k], FLOAT64_VS_TORCH, `grad ${k}`);
      });
    });
  }

  it("ignores parameters without gradient and returns 0 when there is none", () => {
    const params = withGrads(GRADS);
    params.push({ data: new Float64Array(2), grad: null });
    assertClose([clipGradNorm(params, 1)], [TORCH_CLIP_NORM[0].total], FLOAT64_VS_TORCH, "total");
    expect(clipGradNorm([{ data: new Float64Array(2), grad: null }], 1)).toBe(0);
  });

  it("spreads a NaN norm to the gradients, or throws with errorIfNonfinite", () => {
    const params = withGrads([[Number.NaN, 1]]);
    expect(clipGradNorm(params, 1)).toBeNaN();
    expect(Array.from(params[0].grad?.data ?? [])).toEqual([Number.NaN, Number.NaN]);
    expect(() => clipGradNorm(withGrads([[Number.POSITIVE_INFINITY]]), 1, 2, true)).toThrow(
      /total norm of order 2 of the gradients is Infinity/,
    );
  });

  it("rejects bad arguments", () => {
    expect(() => clipGradNorm(withGrads(GRADS), 1, 0)).toThrow(
      /normType must be > 0 \(or Infinity\), got 0/,
    );
    expect(() => clipGradNorm(withGrads(GRADS), Number.NaN)).toThrow(
      /maxNorm must be a number, got NaN/,
    );
  });
});

describe("clipGradValue matches torch.nn.utils.clip_grad_value_ (1.13)", () => {
  it("clamps each element into [-clipValue, clipValue]", () => {
    const params = withGrads(GRADS);
    clipGradValue(params, 0.6);
    params.forEach((p, k) => {
      expect(Array.from(p.grad?.data ?? [])).toEqual(TORCH_CLIP_VALUE_06[k]);
    });
  });

  it("rejects a negative clip value", () => {
    expect(() => clipGradValue(withGrads(GRADS), -1)).toThrow(
      /clipValue must be a number >= 0, got -1/,
    );
  });
});
