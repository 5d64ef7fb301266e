/**
 * A training step allocates nothing that outlives it: the heap after many steps (garbage
 * collected) is no larger than after the first few, beyond noise.
 */
import { describe, expect, it } from "vitest";
import { CfC } from "../../src/nn/cfc.js";
import { Linear } from "../../src/nn/linear.js";
import { mseLoss } from "../../src/nn/losses.js";
import { LTC } from "../../src/nn/ltc.js";
import type { Module } from "../../src/nn/module.js";
import { Adam, clipGradNorm } from "../../src/optim/index.js";
import { Tensor } from "../../src/tensor/tensor.js";
import { AutoNCP } from "../../src/wirings/index.js";

const gc = (globalThis as { gc?: () => void }).gc;

function heapAfterGc(): number {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
}

function trainer(
  model: Module & { forward(x: Tensor): [Tensor, unknown] },
  out: number,
): () => void {
  const readout = new Linear(out, 1, { seed: 1 });
  const params = [...model.parameters(), ...readout.parameters()];
  const opt = new Adam(params, { lr: 1e-3 });
  const x = new Tensor(
    new Float32Array(8 * 20 * 4).map((_, i) => Math.sin(i)),
    [8, 20, 4],
  );
  const y = new Tensor(
    new Float32Array(8 * 20).map((_, i) => Math.cos(i)),
    [8, 20, 1],
  );
  return () => {
    opt.zeroGrad();
    mseLoss(readout.forward(model.forward(x)[0]), y).backward();
    clipGradNorm(params, 1);
    opt.step();
  };
}

describe.skipIf(gc === undefined)("memory", () => {
  for (const [name, make, out] of [
    ["CfC fully connected", () => new CfC(4, 16, { backboneUnits: 32, seed: 1 }), 16],
    ["CfC AutoNCP", () => new CfC(4, new AutoNCP(16, 2), { seed: 1 }), 2],
    ["LTC", () => new LTC(4, 8, { seed: 1 }), 8],
  ] as const) {
    it(`${name}: 1000 training steps do not grow the heap`, () => {
      const step = trainer(make(), out);
      for (let i = 0; i < 50; i++) step();
      const before = heapAfterGc();
      for (let i = 0; i < 1000; i++) step();
      const growth = heapAfterGc() - before;
      expect(growth).toBeLessThan(1_000_000);
    });
  }
});
