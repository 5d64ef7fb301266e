/**
 * SyncVectorEnv and WorkerVectorEnv: Gymnasium-style batching and same-step auto-reset on a
 * scripted counter env (expected values follow from its rules), identical trajectories of
 * the two implementations on the pixel Breakout DeepMind chain, and error handling.
 * The workers run the TypeScript sources through the loader in support/tsLoaderHooks.mjs.
 */
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RandomState } from "../../../src/random/index.js";
import { SyncVectorEnv } from "../../../src/rl/vector/syncVectorEnv.js";
import type { VectorEnv } from "../../../src/rl/vector/types.js";
import { splitEnvs, WorkerVectorEnv } from "../../../src/rl/vector/workerVectorEnv.js";
import { COUNTER_ID, CounterEnv } from "./support/fakeEnvs.js";
import { TS_WORKER_EXEC_ARGV } from "./support/tsWorkers.js";

const PRELOAD = [new URL("./support/fakeEnvs.ts", import.meta.url)];

/**
 * Four counter envs seeded 10..13, all stepped with action 1 (reward 2). Episode lengths
 * are 3 + seed % 3: env 2 (seed 12) terminates at step 3, env 0 (10) terminates and env 3
 * (13) truncates at step 4, env 1 (11) truncates at step 5; reset seeds continue at +100.
 */
function checkCounterScenario(vec: VectorEnv): void {
  const r = vec.reset(10);
  expect(Array.from(r.observations)).toEqual([10, 0, 11, 0, 12, 0, 13, 0]);
  expect(r.infos).toEqual([{ seed: 10 }, { seed: 11 }, { seed: 12 }, { seed: 13 }]);
  const ones = Int32Array.of(1, 1, 1, 1);
  vec.step(ones);
  const s2 = vec.step(ones);
  expect(Array.from(s2.observations)).toEqual([10, 2, 11, 2, 12, 2, 13, 2]);
  expect(Array.from(s2.rewards)).toEqual([2, 2, 2, 2]);
  expect(s2.finalInfos).toEqual([null, null, null, null]);
  expect(s2.episodes).toEqual([]);

  const s3 = vec.step(ones);
  expect(Array.from(s3.terminated)).toEqual([0, 0, 1, 0]);
  expect(Array.from(s3.truncated)).toEqual([0, 0, 0, 0]);
  expect(Array.from(s3.observations)).toEqual([10, 3, 11, 3, 112, 0, 13, 3]);
  expect(Array.from(s3.finalObservations.subarray(4, 6))).toEqual([12, 3]);
  expect(s3.infos).toEqual([{ t: 3 }, { t: 3 }, { seed: 112 }, { t: 3 }]);
  expect(s3.finalInfos).toEqual([null, null, { t: 3, episodeReturn: 6, episodeLength: 3 }, null]);
  expect(s3.episodes).toEqual([{ env: 2, episodeReturn: 6, episodeLength: 3 }]);

  const s4 = vec.step(ones);
  expect(Array.from(s4.terminated)).toEqual([1, 0, 0, 0]);
  expect(Array.from(s4.truncated)).toEqual([0, 0, 0, 1]);
  expect(Array.from(s4.observations)).toEqual([110, 0, 11, 4, 112, 1, 113, 0]);
  expect(Array.from(s4.finalObservations.subarray(0, 2))).toEqual([10, 4]);
  expect(Array.from(s4.finalObservations.subarray(6, 8))).toEqual([13, 4]);
  expect(s4.episodes).toEqual([
    { env: 0, episodeReturn: 8, episodeLength: 4 },
    { env: 3, episodeReturn: 8, episodeLength: 4 },
  ]);

  const s5 = vec.step(Int32Array.of(0, 2, 0, 0));
  expect(Array.from(s5.truncated)).toEqual([0, 1, 0, 0]);
  expect(Array.from(s5.rewards)).toEqual([1, 3, 1, 1]);
  expect(Array.from(s5.observations)).toEqual([110, 1, 111, 0, 112, 2, 113, 1]);
  expect(s5.episodes).toEqual([{ env: 1, episodeReturn: 2 + 2 + 2 + 2 + 3, episodeLength: 5 }]);
}

function checkActionErrors(vec: VectorEnv, name: string): void {
  expect(() => vec.step(Int32Array.of(1, 1))).toThrow(
    `${name}.step: actions must be an Int32Array of length 4, got Int32Array of length 2`,
  );
  expect(() => vec.step(Int32Array.of(1, 1, 4, 1))).toThrow(
    `${name}.step: actions[2] must be in [0, 3], got 4`,
  );
  expect(() => vec.reset(-1)).toThrow(/seed must be a non-negative safe integer, got -1/);
}

describe("splitEnvs", () => {
  it("splits envs into contiguous, nearly equal blocks", () => {
    expect(splitEnvs(4, 3)).toEqual([
      { offset: 0, count: 1 },
      { offset: 1, count: 1 },
      { offset: 2, count: 2 },
    ]);
    expect(splitEnvs(3, 1)).toEqual([{ offset: 0, count: 3 }]);
  });
});

describe("SyncVectorEnv", () => {
  it("batches and auto-resets like Gymnasium's vector envs", () => {
    const vec = new SyncVectorEnv(Array.from({ length: 4 }, () => new CounterEnv()));
    expect(vec.numEnvs).toBe(4);
    expect(vec.singleObservationSpace.shape).toEqual([2]);
    expect(vec.singleActionSpace.n).toBe(4);
    checkCounterScenario(vec);
  });

  it("checks its arguments, passes env errors on and refuses work once closed", () => {
    const vec = SyncVectorEnv.fromId(COUNTER_ID, 4);
    vec.reset(0);
    checkActionErrors(vec, "SyncVectorEnv");
    expect(() => vec.step(Int32Array.of(0, 3, 0, 0))).toThrow(/deliberate failure at seed 1/);
    vec.close();
    expect(() => vec.step(Int32Array.of(0, 0, 0, 0))).toThrow(/closed/);
    expect(() => new SyncVectorEnv([])).toThrow(/non-empty array/);
  });
});

describe("WorkerVectorEnv", () => {
  let vec: WorkerVectorEnv;

  beforeAll(async () => {
    vec = await WorkerVectorEnv.create({
      id: COUNTER_ID,
      numEnvs: 4,
      numWorkers: 3,
      preload: PRELOAD,
      execArgv: TS_WORKER_EXEC_ARGV,
    });
  });

  afterAll(() => vec.close());

  it("gives the same batches as the in-thread version, over 3 workers", () => {
    expect(vec.numWorkers).toBe(3);
    expect(vec.singleObservationSpace.dtype).toBe("float64");
    checkCounterScenario(vec);
  });

  it("checks its arguments and passes env errors on from the workers", () => {
    vec.reset(0);
    checkActionErrors(vec, "WorkerVectorEnv");
    expect(() => vec.step(Int32Array.of(0, 0, 3, 0))).toThrow(
      /worker 2: Error: Counter: deliberate failure at seed 2/,
    );
    // The workers are still there and in step.
    vec.reset(10);
    expect(Array.from(vec.step(Int32Array.of(0, 0, 0, 0)).observations)).toEqual([
      10, 1, 11, 1, 12, 1, 13, 1,
    ]);
  });

  it("refuses bad options before starting anything", async () => {
    await expect(
      WorkerVectorEnv.create({ id: COUNTER_ID, numEnvs: 2, numWorkers: 3 }),
    ).rejects.toThrow("WorkerVectorEnv.create: numWorkers must be an integer in [1, 2], got 3");
    await expect(WorkerVectorEnv.create({ id: COUNTER_ID, numEnvs: 0 })).rejects.toThrow(
      /numEnvs must be a positive integer, got 0/,
    );
  });
});

describe("Sync and Worker vector envs on PixelBreakout-DeepMind-v5", () => {
  it("produce identical trajectories for the same seed, with 1 or 2 envs per worker", async () => {
    const numEnvs = 3;
    const steps = 600;
    const digest = (a: ArrayLike<number> & { buffer: ArrayBufferLike }) =>
      createHash("sha1").update(new Uint8Array(a.buffer)).digest("hex");
    const record = (v: VectorEnv) => {
      const actions = new RandomState(0);
      const out: string[] = [digest(v.reset(123).observations)];
      let episodes = 0;
      const a = new Int32Array(numEnvs);
      for (let t = 0; t < steps; t++) {
        for (let i = 0; i < numEnvs; i++) a[i] = actions.randint(4);
        const s = v.step(a);
        const done = Array.from(s.terminated, (x, i) => x | s.truncated[i]);
        const finals = done.map((d, i) =>
          d ? digest(s.finalObservations.subarray(i * 84 * 84 * 4, (i + 1) * 84 * 84 * 4)) : "",
        );
        episodes += s.episodes.length;
        out.push(
          [
            digest(s.observations),
            Array.from(s.rewards).join(","),
            done.join(","),
            finals.join(","),
            JSON.stringify(s.infos),
            JSON.stringify(s.finalInfos),
            JSON.stringify(s.episodes),
          ].join(" "),
        );
      }
      return { out, episodes };
    };
    const sync = SyncVectorEnv.fromId("PixelBreakout-DeepMind-v5", numEnvs);
    const expected = record(sync);
    sync.close();
    // Whole games (all five lives) finished and were reported.
    expect(expected.episodes).toBeGreaterThan(0);

    const workers = await WorkerVectorEnv.create({
      id: "PixelBreakout-DeepMind-v5",
      numEnvs,
      numWorkers: 2,
      execArgv: TS_WORKER_EXEC_ARGV,
    });
    try {
      expect(workers.singleObservationSpace.shape).toEqual([84, 84, 4]);
      const got = record(workers);
      expect(got.out.length).toBe(expected.out.length);
      const firstDiff = got.out.findIndex((line, i) => line !== expected.out[i]);
      expect(firstDiff).toBe(-1);
    } finally {
      workers.close();
    }
  });
});
