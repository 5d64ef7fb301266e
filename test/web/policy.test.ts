import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { encodeSafetensors } from "../../src/io/safetensors.js";
import { MinAtarEnv } from "../../src/rl/minatar/index.js";
import { tensor } from "../../src/tensor/index.js";
import { BREAKOUT_OBSERVATION_SIZE } from "../../web/src/breakout/observation.js";
import {
  BreakoutPolicy,
  createPolicyNetwork,
  encodePolicy,
  POLICY_FORMAT,
} from "../../web/src/breakout/policy.js";
import { assertClose } from "../support/assertClose.js";

const SHIPPED = new URL("../../web/public/breakout-policy.safetensors", import.meta.url);

/** Plays greedy episodes of MinAtar/Breakout-v1; returns the total reward. */
function play(policy: BreakoutPolicy, seeds: readonly number[], maxSteps: number): number {
  const env = new MinAtarEnv("breakout", { minimalActions: true, maxEpisodeSteps: maxSteps });
  let total = 0;
  for (const seed of seeds) {
    let { observation } = env.reset({ seed });
    policy.reset();
    for (;;) {
      const step = env.step(policy.act(observation).action);
      total += step.reward;
      observation = step.observation;
      if (step.terminated || step.truncated) break;
    }
  }
  return total;
}

describe("the shipped Breakout policy (web/public/breakout-policy.safetensors)", () => {
  const policy = BreakoutPolicy.fromSafetensors(new Uint8Array(readFileSync(SHIPPED)));

  it("is a CfC on AutoNCP(19, 3) with a 3-logit projection, under ncps-torch names", () => {
    expect(policy.metadata.format).toBe(POLICY_FORMAT);
    expect(policy.metadata.trainer).toContain("behaviour cloning");
    expect(policy.stateSize).toBe(19);
    expect(policy.model.wiring?.className).toBe("AutoNCP");
    expect(policy.model.outputSize).toBe(3);
    const names = Object.keys(policy.model.stateDict());
    expect(names).toContain("rnn_cell.layer_0.ff1.weight");
    expect(names).toContain("fc.weight");
  });

  it("scores in Breakout, carrying its CfC state through each episode", () => {
    expect(play(policy, [0, 1, 2, 3, 4], 300)).toBeGreaterThan(0);
  });
});

describe("policy files", () => {
  it("round-trip: a decoded policy acts exactly as the network it was saved from", () => {
    const model = createPolicyNetwork(3);
    const restored = BreakoutPolicy.fromSafetensors(encodePolicy(model, { note: "test" }));
    expect(restored.metadata.note).toBe("test");
    const original = new BreakoutPolicy(model);
    const env = new MinAtarEnv("breakout", { minimalActions: true, seed: 5 });
    let { observation } = env.reset();
    for (let t = 0; t < 20; t++) {
      const a = original.act(observation);
      const b = restored.act(observation);
      expect([...b.logits]).toEqual([...a.logits]);
      observation = env.step(a.action).observation;
    }
  });

  it("acts step by step as the network's forward pass over the whole sequence", () => {
    const model = createPolicyNetwork(4);
    const policy = new BreakoutPolicy(model);
    const env = new MinAtarEnv("breakout", { minimalActions: true, seed: 6 });
    const steps = 12;
    const xs = new Float32Array(steps * BREAKOUT_OBSERVATION_SIZE);
    const logits: number[] = [];
    let { observation } = env.reset();
    for (let t = 0; t < steps; t++) {
      xs.set(observation, t * BREAKOUT_OBSERVATION_SIZE);
      const d = policy.act(observation);
      logits.push(...d.logits);
      observation = env.step(d.action).observation;
    }
    const [y] = model.forward(tensor(xs, { shape: [1, steps, BREAKOUT_OBSERVATION_SIZE] }));
    assertClose(logits, y.data, { rtol: 1e-5, atol: 1e-6 }, "stepper vs forward");
  });

  it("rejects a file that is not a policy, naming what is wrong", () => {
    const other = encodeSafetensors({
      w: { dtype: "float32", shape: [1], data: new Float32Array(1) },
    });
    expect(() => BreakoutPolicy.fromSafetensors(other, "other.safetensors")).toThrow(
      /other\.safetensors: metadata\.format must be "ncps-web-breakout-policy\/1", got undefined/,
    );
  });
});
