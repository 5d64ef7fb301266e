/**
 * ncps's "first steps" (spec/papers.md A.6.2): LTC and CfC with AutoNCP(16, 1) fit the
 * 48-step sine task with Adam (lr 0.01), gradient-norm clipping at 1 and 400 full-batch steps.
 * ncps's docs log a final training loss of 0.000397 for the LTC; the acceptance is MSE < 1e-3.
 * Runs on every kernel set this machine has (js, and native when it is built).
 */
import { describe, expect, it } from "vitest";
import { sineTask } from "../../src/data/sine.js";
import {
  Adam,
  AutoNCP,
  availableBackends,
  CfC,
  clipGradNorm,
  LTC,
  mseLoss,
  noGrad,
  setBackend,
  type Tensor,
} from "../../src/index.js";

interface SequenceModel {
  parameters(): Tensor[];
  forward(x: Tensor): [Tensor, unknown];
}

/** Trains with the docs' protocol; returns the MSE before and after. */
function trainDocsProtocol(model: SequenceModel): { before: number; after: number } {
  const { x, y } = sineTask();
  const mse = () => noGrad(() => mseLoss(model.forward(x)[0], y).data[0]);
  const before = mse();
  const params = model.parameters();
  const opt = new Adam(params, { lr: 0.01 });
  for (let step = 0; step < 400; step++) {
    opt.zeroGrad();
    const loss = mseLoss(model.forward(x)[0], y);
    loss.backward();
    clipGradNorm(params, 1);
    opt.step();
  }
  return { before, after: mse() };
}

describe.each(availableBackends())(
  "first steps on the %s kernels: AutoNCP(16, 1), 400 Adam steps",
  (name) => {
    it("LTC reaches MSE < 1e-3", () => {
      setBackend(name);
      const { before, after } = trainDocsProtocol(new LTC(2, new AutoNCP(16, 1), { seed: 0 }));
      expect(before).toBeGreaterThan(0.1);
      expect(after).toBeLessThan(1e-3);
    });

    it("CfC reaches MSE < 1e-3", () => {
      setBackend(name);
      const { before, after } = trainDocsProtocol(new CfC(2, new AutoNCP(16, 1), { seed: 0 }));
      expect(before).toBeGreaterThan(0.1);
      expect(after).toBeLessThan(1e-3);
    });
  },
);
