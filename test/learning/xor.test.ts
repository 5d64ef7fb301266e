/**
 * The CfC paper's bit-stream XOR (spec/papers.md A.6.1) on a CI budget. Streams come from the
 * published generator and seeds (train RandomState(1234984), test RandomState(48736)). A CfC
 * (32 units, one 32-unit ReLU backbone layer, as the paper's ReLU backbone) reads the stream,
 * a Dense(1) on its final state gives the logit; BCE-with-logits, Adam (lr 0.003, ×0.7 per
 * epoch), gradient-norm clip 1, batch 64. Masked steps keep the state: minibatches hold streams
 * of one length, so none is padded. The first epoch runs from the shortest streams to the
 * longest (a curriculum), later epochs are shuffled: over 8 seeds this escaped the initial
 * parity plateau every time, shuffled batches alone did not (dense seed 2 stayed at chance).
 *
 * Event-based timespans are given in bit periods (the generator's elapsed/32 times 32). The
 * paper's elapsed/32 only rescales t, but the CfC's time heads then need weights 32 times
 * larger, which Adam's fixed step size reaches far beyond a CI budget: measured here, 0.60
 * test accuracy after 8,000 steps with elapsed/32 against 0.84 after 5,000 in bit periods.
 * `examples/xor.ts --full` runs the paper's normalisation.
 */
import { describe, expect, it } from "vitest";
import { lengthBatches } from "../../src/data/batching.js";
import {
  generateXorData,
  type XorDataset,
  type XorEncoding,
  xorBatch,
} from "../../src/data/xor.js";
import {
  Adam,
  bceWithLogitsLoss,
  CfC,
  clipGradNorm,
  ExponentialLR,
  Linear,
  mul,
  noGrad,
  RandomState,
  type Tensor,
} from "../../src/index.js";

interface Budget {
  encoding: XorEncoding;
  trainStreams: number;
  epochs: number;
  /** Factor applied to the generator's elapsed/32 before it becomes the CfC's timespan. */
  timeScale: number;
}

/** Trains a CfC classifier and returns its accuracy on 10,000 test streams. */
function trainAndTest(budget: Budget): number {
  const train = generateXorData({
    samples: budget.trainStreams,
    seed: 1234984,
    encoding: budget.encoding,
  });
  const test = generateXorData({ samples: 10_000, seed: 48736, encoding: budget.encoding });
  const rnn = new CfC(1, 32, {
    backboneUnits: 32,
    activation: "relu",
    returnSequences: false,
    seed: 1,
  });
  const head = new Linear(32, 1, { seed: 2 });
  const params = [...rnn.parameters(), ...head.parameters()];
  const logits = (x: Tensor, elapsed: Tensor): Tensor =>
    head.forward(rnn.forward(x, { timespans: mul(elapsed, budget.timeScale) })[0]);
  const opt = new Adam(params, { lr: 0.003 });
  const schedule = new ExponentialLR(opt, { gamma: 0.7 });
  const rng = new RandomState(1);
  for (let epoch = 0; epoch < budget.epochs; epoch++) {
    // Epoch 0 in increasing length order (no generator), then shuffled.
    const batches = lengthBatches(train.lengths, {
      batchSize: 64,
      rng: epoch === 0 ? undefined : rng,
    });
    for (const b of batches) {
      const { x, timespans, targets } = xorBatch(train, b.indices, b.length);
      opt.zeroGrad();
      const loss = bceWithLogitsLoss(logits(x, timespans), targets);
      loss.backward();
      clipGradNorm(params, 1);
      opt.step();
    }
    schedule.step();
  }
  return accuracy(test, logits);
}

/** Fraction of streams whose logit has the sign of the label (threshold 0, as the paper). */
function accuracy(data: XorDataset, logits: (x: Tensor, elapsed: Tensor) => Tensor): number {
  let correct = 0;
  noGrad(() => {
    for (const b of lengthBatches(data.lengths, { batchSize: 1000 })) {
      const { x, timespans } = xorBatch(data, b.indices, b.length);
      const out = logits(x, timespans).data;
      b.indices.forEach((s, i) => {
        if ((out[i] > 0 ? 1 : 0) === data.labels[s]) correct++;
      });
    }
  });
  return correct / data.size;
}

describe("bit-stream XOR learns with a CfC", () => {
  // Measured (native kernels, seed 1): 1.0000. Over seeds 1-8: 1.0000 from the second epoch.
  it("dense encoding: test accuracy >= 0.95 after 3 epochs of 20k streams", () => {
    const acc = trainAndTest({ encoding: "dense", trainStreams: 20_000, epochs: 3, timeScale: 1 });
    expect(acc).toBeGreaterThanOrEqual(0.95);
  });

  // Measured (seed 1): 0.8824 native, 0.8993 js. Over seeds 1-8 (native): 0.834 to 0.964.
  it("event-based encoding: test accuracy >= 0.80 after 5 epochs of 100k streams", () => {
    const acc = trainAndTest({
      encoding: "event",
      trainStreams: 100_000,
      epochs: 5,
      timeScale: 32,
    });
    expect(acc).toBeGreaterThanOrEqual(0.8);
  });
});
