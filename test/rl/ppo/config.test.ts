/** PPO configs: the ncps example's rllib settings as a preset, defaults, and validation. */
import { describe, expect, it } from "vitest";
import {
  NCPS_ATARI_PRESET,
  PPO_DEFAULTS,
  resolvePPOConfig,
  updateKlCoeff,
} from "../../../src/rl/ppo/index.js";

describe("PPO configs", () => {
  it("holds the ncps Atari example's settings as a preset", () => {
    // examples/atari_ppo.py: gamma 0.99, lambda 0.95, kl_coeff 0.5, clip 0.1, vf_clip 10,
    // entropy 0.01, fragment 100, minibatch 500, 10 SGD iterations, max_seq_len 20.
    expect(NCPS_ATARI_PRESET).toMatchObject({
      gamma: 0.99,
      gaeLambda: 0.95,
      klCoeff: 0.5,
      clipParam: 0.1,
      vfClipParam: 10,
      valueClip: "rllib",
      entropyCoeff: 0.01,
      rolloutLength: 100,
      minibatchSize: 500,
      numEpochs: 10,
      maxSeqLen: 20,
    });
    expect(resolvePPOConfig({}, NCPS_ATARI_PRESET)).toEqual(NCPS_ATARI_PRESET);
  });

  it("puts overrides on top of a base", () => {
    const c = resolvePPOConfig({ lr: 1e-3, numEnvs: 3 });
    expect(c).toEqual({ ...PPO_DEFAULTS, lr: 1e-3, numEnvs: 3 });
  });

  it("rejects unknown keys and bad values, naming them", () => {
    expect(() => resolvePPOConfig({ gama: 0.9 } as never)).toThrow(
      /unknown key "gama"; known keys: numEnvs/,
    );
    expect(() => resolvePPOConfig({ numEnvs: 0 })).toThrow(
      /PPOConfig.numEnvs must be a positive integer, got 0/,
    );
    expect(() => resolvePPOConfig({ gamma: 1.2 })).toThrow(
      /PPOConfig.gamma must be in \[0, 1\], got 1.2/,
    );
    expect(() => resolvePPOConfig({ lr: -1 })).toThrow(
      /PPOConfig.lr must be a finite number >= 0, got -1/,
    );
    expect(() => resolvePPOConfig({ maxGradNorm: 0 })).toThrow(
      /maxGradNorm must be a number > 0 or null, got 0/,
    );
    expect(() => resolvePPOConfig({ valueClip: "huber" as never })).toThrow(
      /valueClip must be one of rllib, ppo2, none, got "huber"/,
    );
    expect(() => resolvePPOConfig({ annealLr: true, totalSteps: 0 })).toThrow(
      /totalSteps must be positive when annealLr is on, got 0/,
    );
  });
});

describe("adaptive KL coefficient (rllib's update_kl)", () => {
  it("grows by half above twice the target, halves below half of it, else stays", () => {
    expect(updateKlCoeff(0.5, 0.021, 0.01)).toBe(0.75);
    expect(updateKlCoeff(0.5, 0.0049, 0.01)).toBe(0.25);
    expect(updateKlCoeff(0.5, 0.01, 0.01)).toBe(0.5);
    expect(updateKlCoeff(0.5, 0.02, 0.01)).toBe(0.5);
    expect(updateKlCoeff(0.5, 0.005, 0.01)).toBe(0.5);
  });
});
