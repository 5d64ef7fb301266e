/**
 * PPOTrainer mechanics: recurrent state carried per env and zeroed at episode starts, the
 * training sequences re-run from their stored start states reproducing the rollout, time-limit
 * bootstrapping, exact resume through a checkpoint on disk, and the errors for mismatched
 * envs, policies and snapshots. Expected values come from replaying the policy step by step
 * (batch 1) and from replaying the environments from their seeds.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadCheckpoint, saveCheckpoint } from "../../../src/io/checkpoint.js";
import { CartPole } from "../../../src/rl/classic/cartpole.js";
import { RepeatAfterMe } from "../../../src/rl/classic/repeatAfterMe.js";
import type { Env } from "../../../src/rl/env.js";
import { ActorCritic, minatarSpec, vectorCfCSpec } from "../../../src/rl/models/index.js";
import {
  assembleMinibatch,
  chopIntoSequences,
  makeTrainingEnvs,
  type PPOConfig,
  PPOTrainer,
  withEpisodeStatistics,
} from "../../../src/rl/ppo/index.js";
import { Tensor } from "../../../src/tensor/tensor.js";
import { assertClose } from "../../support/assertClose.js";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const SMALL: Partial<PPOConfig> = {
  numEnvs: 3,
  rolloutLength: 20,
  minibatchSize: 20,
  numEpochs: 2,
  maxSeqLen: 5,
};

/** Batch-1, one-step replay of `policy` over env `e` of the last rollout, from zeros at episode starts. */
function replay(trainer: PPOTrainer, policy: ActorCritic, e: number) {
  const buf = trainer.rollout;
  const { numSteps, numEnvs: n, observationSize: os, stateSize: hs, numActions: na } = buf.shape;
  let h = new Float32Array(hs);
  const out: {
    statesIn: Float32Array[];
    logits: number[][];
    values: number[];
    statesOut: Float32Array[];
  } = {
    statesIn: [],
    logits: [],
    values: [],
    statesOut: [],
  };
  for (let t = 0; t < numSteps; t++) {
    const i = t * n + e;
    if (buf.episodeStarts[i]) h = new Float32Array(hs);
    out.statesIn.push(h);
    const obs = buf.observations.slice(i * os, (i + 1) * os);
    const r = policy.forward({ data: obs, batch: 1, time: 1 }, new Tensor(h, [1, hs]));
    out.logits.push(Array.from(r.logits.data.slice(0, na)));
    out.values.push(r.values.data[0]);
    h = Float32Array.from(r.state?.data ?? []);
    out.statesOut.push(h);
  }
  return out;
}

describe("PPOTrainer rollouts", () => {
  it("carries each env's state and zeroes it when an episode ends", () => {
    const envs: Env[] = [0, 1, 2].map(() =>
      withEpisodeStatistics(new RepeatAfterMe({ episodeLength: 7 })),
    );
    const policy = new ActorCritic(vectorCfCSpec([2], 2, { units: 8, backboneUnits: 16 }), {
      seed: 3,
    });
    const trainer = new PPOTrainer({ policy, envs, config: SMALL, seed: 5 });
    const episodes = trainer.collect();
    const buf = trainer.rollout;
    // 20 steps of 7-step episodes: episodes end after steps 6 and 13 in every env.
    expect(episodes).toHaveLength(6);
    for (let e = 0; e < 3; e++) {
      const starts = Array.from({ length: 20 }, (_, t) => buf.episodeStarts[t * 3 + e]);
      expect(starts).toEqual(Array.from({ length: 20 }, (_, t) => (t % 7 === 0 ? 1 : 0)));
      const r = replay(trainer, policy, e);
      for (let t = 0; t < 20; t++) {
        const i = t * 3 + e;
        assertClose(
          buf.states.slice(i * 8, (i + 1) * 8),
          r.statesIn[t],
          { rtol: 1e-5, atol: 1e-6 },
          `state before step ${t} of env ${e}`,
        );
        assertClose(
          buf.logits.slice(i * 2, (i + 1) * 2),
          r.logits[t],
          { rtol: 1e-5, atol: 1e-6 },
          `logits ${t}/${e}`,
        );
        assertClose([buf.values[i]], [r.values[t]], { rtol: 1e-5, atol: 1e-6 }, `value ${t}/${e}`);
      }
    }
    // A started episode's state is exactly zero.
    for (let i = 0; i < 60; i++) {
      if (buf.episodeStarts[i])
        expect(Array.from(buf.states.slice(i * 8, (i + 1) * 8))).toEqual(new Array(8).fill(0));
    }
  });

  it("re-runs training sequences from their stored start states to the rollout's outputs", () => {
    const envs: Env[] = [0, 1, 2].map(() =>
      withEpisodeStatistics(new RepeatAfterMe({ episodeLength: 9 })),
    );
    const policy = new ActorCritic(vectorCfCSpec([2], 2, { units: 8, backboneUnits: 16 }), {
      seed: 4,
    });
    const trainer = new PPOTrainer({ policy, envs, config: SMALL, seed: 6 });
    trainer.collect();
    trainer.collect(); // the second rollout starts mid-episode, from carried states
    const buf = trainer.rollout;
    const chunks = chopIntoSequences(buf.episodeStarts, 20, 3, 5);
    const mb = assembleMinibatch(
      buf,
      chunks,
      chunks.map((_, i) => i),
    );
    expect(mb.time).toBe(5);
    expect(mb.validCount).toBe(60);
    const start = new Tensor(mb.startStates ?? new Float32Array(0), [mb.batch, 8]);
    const out = policy.forward(mb.observations, start);
    mb.mask.forEach((valid, k) => {
      if (!valid) return;
      const b = Math.floor(k / mb.time);
      const { env, start: s } = chunks[b];
      const i = (s + (k % mb.time)) * 3 + env;
      assertClose(
        out.logits.data.slice(k * 2, k * 2 + 2),
        buf.logits.slice(i * 2, i * 2 + 2),
        { rtol: 1e-5, atol: 1e-6 },
        `logits at ${k}`,
      );
      assertClose(
        [out.values.data[k]],
        [buf.values[i]],
        { rtol: 1e-5, atol: 1e-6 },
        `value at ${k}`,
      );
    });
  });

  it("bootstraps time-limit truncations with the value of the final observation", () => {
    const seed = 11;
    const gamma = 0.9;
    const make = () => withEpisodeStatistics(new CartPole({ maxEpisodeSteps: 4 }));
    const policy = new ActorCritic(vectorCfCSpec([4], 2, { units: 6, backboneUnits: 8 }), {
      seed: 2,
    });
    const trainer = new PPOTrainer({
      policy,
      envs: [make(), make(), make()],
      config: { ...SMALL, gamma },
      seed,
    });
    trainer.collect();
    const buf = trainer.rollout;
    for (let e = 0; e < 3; e++) {
      // Replay env e from its seed with the recorded actions to recover final observations.
      const env = new CartPole({ maxEpisodeSteps: 4 });
      env.reset({ seed: seed + e });
      const r = replay(trainer, policy, e);
      for (let t = 0; t < 20; t++) {
        const i = t * 3 + e;
        const s = env.step(buf.actions[i]);
        let expected = s.reward;
        if (s.truncated && !s.terminated) {
          const v = policy.forward(
            { data: s.observation, batch: 1, time: 1 },
            new Tensor(r.statesOut[t], [1, 6]),
          );
          expected += gamma * v.values.data[0];
        }
        if (s.terminated || s.truncated) env.reset();
        assertClose([buf.rewards[i]], [expected], { rtol: 1e-5, atol: 1e-6 }, `reward ${t}/${e}`);
        expect(buf.dones[i]).toBe(s.terminated || s.truncated ? 1 : 0);
      }
    }
    expect(Array.from(buf.dones).filter((d) => d === 1).length).toBeGreaterThanOrEqual(12);
  });
});

describe("PPOTrainer checkpoints", () => {
  const config: Partial<PPOConfig> = {
    ...SMALL,
    rolloutLength: 12,
    minibatchSize: 12,
    klCoeff: 0.2,
    annealLr: true,
    totalSteps: 300,
  };
  const build = (modelSeed: number) => {
    const envs = makeTrainingEnvs("MinAtar/Breakout-v1", 3);
    const policy = new ActorCritic(minatarSpec([10, 10, 4], 3, { units: 8, dense: 16 }), {
      seed: modelSeed,
    });
    return { policy, trainer: new PPOTrainer({ policy, envs, config, seed: 9 }) };
  };
  const weights = (p: ActorCritic) =>
    p.namedStateTensors().map(([name, t]) => [name, Array.from(t.data)]);
  const summary = (r: ReturnType<PPOTrainer["iterate"]>) => [
    r.iteration,
    r.envSteps,
    r.meanReturn,
    r.update,
    r.klCoeff,
    r.lr,
    r.episodes,
  ];

  it("continues exactly where it stopped: k straight iterations equal k1 + resume from disk + k2", async () => {
    const straight = build(1);
    const straightReports = [1, 2, 3, 4].map(() => summary(straight.trainer.iterate()));

    const first = build(1);
    const firstReports = [1, 2].map(() => summary(first.trainer.iterate()));
    const dir = mkdtempSync(join(tmpdir(), "ppo-resume-"));
    dirs.push(dir);
    const tensors = Object.fromEntries(
      first.policy
        .namedStateTensors()
        .map(([name, t]) => [name, { dtype: t.dtype, shape: [...t.shape], data: t.data }]),
    );
    await saveCheckpoint(join(dir, "ckpt"), {
      config: first.policy.getConfig(),
      tensors,
      state: first.trainer.getState(),
    });
    first.trainer.iterate(); // work after the save must not leak into the resumed run

    const loaded = await loadCheckpoint(join(dir, "ckpt"));
    const resumed = build(77); // different initial weights: everything must come from the checkpoint
    resumed.policy.loadStateDict(
      Object.fromEntries(
        Object.entries(loaded.tensors).map(([k, v]) => [
          k,
          { shape: v.shape, data: v.data as Float32Array },
        ]),
      ),
    );
    resumed.trainer.setState(loaded.state);
    const resumedReports = [3, 4].map(() => summary(resumed.trainer.iterate()));

    expect([...firstReports, ...resumedReports]).toEqual(straightReports);
    expect(weights(resumed.policy)).toEqual(weights(straight.policy));
    expect(resumed.trainer.optimizer.stateDict()).toEqual(straight.trainer.optimizer.stateDict());
  });

  it("rejects snapshots of another setup and stays unchanged", () => {
    const a = build(1);
    a.trainer.iterate();
    const before = a.trainer.getState();
    const cartpole = new PPOTrainer({
      policy: new ActorCritic(vectorCfCSpec([4], 2, { units: 4, backboneUnits: 4 }), { seed: 1 }),
      envs: makeTrainingEnvs("CartPole-v1", 3),
      config: { ...SMALL, rolloutLength: 4 },
      seed: 1,
    });
    cartpole.iterate();
    expect(() => a.trainer.setState(cartpole.getState())).toThrow(
      /observations must be a Uint8Array of 1200 values, got a Float32Array of 12 values/,
    );
    const fewer = new PPOTrainer({
      policy: new ActorCritic(minatarSpec([10, 10, 4], 3, { units: 8, dense: 16 }), { seed: 1 }),
      envs: makeTrainingEnvs("MinAtar/Breakout-v1", 2),
      config: { ...config, numEnvs: 2 },
      seed: 1,
    });
    expect(() => a.trainer.setState(fewer.getState())).toThrow(
      /the snapshot has 2 envs, this trainer has 3/,
    );
    expect(() => a.trainer.setState({ format: "something" })).toThrow(
      /"ncps-ppo-trainer" version 1 snapshot/,
    );
    // An env snapshot of another game fails inside env.setState; nothing may have changed.
    const asterix = makeTrainingEnvs("MinAtar/Asterix-v1", 3);
    const foreign = {
      ...a.trainer.getState(),
      envStates: asterix.map((e) => (e as unknown as { getState(): unknown }).getState()),
    };
    expect(() => a.trainer.setState(foreign)).toThrow();
    expect(a.trainer.getState()).toEqual(before);
  });

  it("rejects envs and policies that do not fit", () => {
    const policy = new ActorCritic(minatarSpec([10, 10, 4], 3, { units: 8, dense: 16 }), {
      seed: 1,
    });
    expect(
      () =>
        new PPOTrainer({
          policy,
          envs: makeTrainingEnvs("MinAtar/Breakout-v1", 2),
          config: SMALL,
          seed: 1,
        }),
    ).toThrow(/envs must be an array of config.numEnvs = 3 environments, got 2/);
    expect(
      () =>
        new PPOTrainer({
          policy,
          envs: makeTrainingEnvs("CartPole-v1", 3),
          config: SMALL,
          seed: 1,
        }),
    ).toThrow(/the policy expects observations \[10, 10, 4\], CartPole-v1 gives \[4\]/);
    expect(
      () =>
        new PPOTrainer({
          policy,
          envs: makeTrainingEnvs("MinAtar/Breakout-v0", 3),
          config: SMALL,
          seed: 1,
        }),
    ).toThrow(/the policy has 3 actions, MinAtar\/Breakout-v0 has 6/);
    expect(
      () =>
        new PPOTrainer({
          policy,
          envs: makeTrainingEnvs("MinAtar/Breakout-v1", 3),
          config: SMALL,
          seed: -1,
        }),
    ).toThrow(/seed must be a non-negative integer, got -1/);
  });
});
