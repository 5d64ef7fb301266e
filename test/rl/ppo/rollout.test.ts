/** Minibatch assembly (padding, masks, start states), standardisation and the episode window. */
import { describe, expect, it } from "vitest";
import {
  assembleMinibatch,
  EpisodeWindow,
  RolloutBuffer,
  standardize,
} from "../../../src/rl/ppo/index.js";
import { assertClose } from "../../support/assertClose.js";

describe("assembleMinibatch", () => {
  it("pads chunks to the longest, masks padding and takes each chunk's recorded start state", () => {
    // 4 steps of 2 envs, observations of 2 values, state size 1, 2 actions.
    const buf = new RolloutBuffer(
      {
        numSteps: 4,
        numEnvs: 2,
        observationSize: 2,
        stateSize: 1,
        numActions: 2,
        stateDType: "float32",
      },
      new Float32Array(0),
    );
    for (let i = 0; i < 8; i++) {
      buf.observations[2 * i] = 10 * i;
      buf.observations[2 * i + 1] = 10 * i + 1;
      buf.states[i] = 0.5 * i;
      buf.actions[i] = i % 2;
      buf.logProbs[i] = -i;
      buf.logits[2 * i] = i;
      buf.logits[2 * i + 1] = -i;
      buf.values[i] = 100 + i;
      buf.advantages[i] = 200 + i;
      buf.returns[i] = 300 + i;
    }
    // Chunk 0: env 1, steps 1..3 (time-major indices 3, 5, 7); chunk 1: env 0, step 2 (index 4).
    const chunks = [
      { env: 1, start: 1, length: 3 },
      { env: 0, start: 2, length: 1 },
    ];
    const mb = assembleMinibatch(buf, chunks, [0, 1]);
    expect([mb.batch, mb.time, mb.validCount]).toEqual([2, 3, 4]);
    expect(Array.from(mb.mask)).toEqual([1, 1, 1, 1, 0, 0]);
    expect(Array.from(mb.startStates ?? [])).toEqual([1.5, 2]);
    expect(Array.from(mb.observations.data)).toEqual([30, 31, 50, 51, 70, 71, 40, 41, 0, 0, 0, 0]);
    expect(Array.from(mb.actions)).toEqual([1, 1, 1, 0, 0, 0]);
    expect(Array.from(mb.oldLogProbs)).toEqual([-3, -5, -7, -4, 0, 0]);
    expect(Array.from(mb.oldLogits)).toEqual([3, -3, 5, -5, 7, -7, 4, -4, 0, 0, 0, 0]);
    expect(Array.from(mb.oldValues)).toEqual([103, 105, 107, 104, 0, 0]);
    expect(Array.from(mb.advantages)).toEqual([203, 205, 207, 204, 0, 0]);
    expect(Array.from(mb.returns)).toEqual([303, 305, 307, 304, 0, 0]);
  });
});

describe("standardize", () => {
  it("gives zero mean and unit (population) deviation over the masked entries only", () => {
    const v = Float64Array.from([1, 2, 3, 99]);
    standardize(v, Uint8Array.from([1, 1, 1, 0]));
    const s = Math.sqrt(2 / 3);
    assertClose(
      v,
      [-1 / (s + 1e-8), 0, 1 / (s + 1e-8), 99],
      { rtol: 1e-12, atol: 1e-12 },
      "standardized",
    );
  });
});

describe("EpisodeWindow", () => {
  it("keeps the last episodes, counts all, and round-trips its state", () => {
    const w = new EpisodeWindow(3);
    expect(Number.isNaN(w.meanReturn())).toBe(true);
    for (const r of [1, 2, 3, 4, 5]) w.add(r, 10 * r);
    expect([w.size, w.total, w.meanReturn(), w.meanReturn(2), w.meanLength()]).toEqual([
      3, 5, 4, 4.5, 40,
    ]);
    const copy = new EpisodeWindow(3);
    copy.setState(JSON.parse(JSON.stringify(w.getState())));
    expect(copy.getState()).toEqual(w.getState());
    expect(() => copy.setState({ returns: [1], lengths: [], total: 1 })).toThrow(
      /equal-length number arrays/,
    );
    expect(() => new EpisodeWindow(0)).toThrow(/capacity must be a positive integer, got 0/);
  });
});
