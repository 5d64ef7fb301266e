import { describe, expect, it } from "vitest";
import { SINE_STEPS, SineTrainer, sineData } from "../../web/src/sine/task.js";
import { assertClose } from "../support/assertClose.js";

describe("sine task data", () => {
  it("holds sin t and cos t as inputs and sin 2t as target, t = linspace(0, 3*pi, 48)", () => {
    const { inputs, targets } = sineData();
    expect(inputs.length).toBe(2 * SINE_STEPS);
    expect(targets.length).toBe(SINE_STEPS);
    // numpy: t = np.linspace(0, 3*np.pi, 48); np.float32(np.sin(t[i])), np.cos, np.sin(2*t)
    const rows = [
      [0, 0.0, 1.0, 0.0],
      [1, 0.19918598, 0.9799617, 0.39038926],
      [17, -0.2641954, -0.9644692, 0.5096166],
      [47, 3.6739403e-16, -1.0, -7.3478806e-16],
    ];
    for (const [i, s, c, y] of rows) {
      assertClose(
        [inputs[2 * i], inputs[2 * i + 1], targets[i]],
        [s, c, y],
        { rtol: 1e-6, atol: 1e-7 },
        `step ${i}`,
      );
    }
  });
});

describe("SineTrainer", () => {
  it("lowers the MSE tenfold within 150 Adam steps", () => {
    const trainer = new SineTrainer({ seed: 0 });
    for (let i = 0; i < 150; i++) trainer.step();
    expect(trainer.epoch).toBe(150);
    // Before training the output is far from sin(2t) (mean square 0.49).
    expect(trainer.losses[0]).toBeGreaterThan(0.1);
    expect(trainer.losses[149]).toBeLessThan(trainer.losses[0] / 10);
    const prediction = trainer.predict();
    let mse = 0;
    for (let i = 0; i < SINE_STEPS; i++) mse += (prediction[i] - trainer.data.targets[i]) ** 2;
    expect(mse / SINE_STEPS).toBeLessThan(trainer.losses[0] / 10);
  });

  it("rejects a bad seed or learning rate, naming it", () => {
    expect(() => new SineTrainer({ seed: -1 })).toThrow(
      /seed must be a non-negative integer, got -1/,
    );
    expect(() => new SineTrainer({ lr: 0 })).toThrow(/lr must be a positive finite number, got 0/);
  });
});
