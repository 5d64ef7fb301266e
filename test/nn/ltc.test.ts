/** The LTC module: defaults as ncps, streaming, weight constraints, configs and errors. */
import { describe, expect, it } from "vitest";
import { LTC } from "../../src/nn/ltc.js";
import { Tensor } from "../../src/tensor/tensor.js";
import { AutoNCP, FullyConnected } from "../../src/wirings/index.js";
import { assertClose } from "../support/assertClose.js";

function randomTensor(shape: number[], seed: number): Tensor {
  let s = seed;
  const n = shape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    data[i] = (s / 2147483648) * 2 - 1;
  }
  return new Tensor(data, shape);
}

describe("LTC", () => {
  it("LTC(input, units) wires FullyConnected(units) with seed 1111 and reads out every neuron", () => {
    const model = new LTC(3, 6, { seed: 1 });
    const erev = model.stateDict()["rnn_cell.erev"].data;
    const expected = new FullyConnected(6).build(3).erevInitializer();
    expect(Array.from(erev)).toEqual(Array.from(expected));
    const [y, h] = model.forward(randomTensor([2, 4, 3], 1));
    expect(y.shape).toEqual([2, 4, 6]);
    expect((h as Tensor).shape).toEqual([2, 6]);
  });

  it("with an NCP, reads out the motor neurons (the first state columns)", () => {
    const model = new LTC(4, new AutoNCP(12, 3), { seed: 2, outputMapping: "none" });
    const [y, h] = model.forward(randomTensor([1, 3, 4], 2));
    expect(y.shape).toEqual([1, 3, 3]);
    const hs = (h as Tensor).data;
    expect(Array.from(y.data.subarray(6, 9))).toEqual(Array.from(hs.subarray(0, 3)));
  });

  it("the stepper reproduces the sequence forward, with irregular elapsed times", () => {
    const model = new LTC(3, new AutoNCP(10, 2), { seed: 3 });
    const x = randomTensor([2, 5, 3], 3);
    const ts = new Tensor(Float32Array.from([0.5, 1, 2, 0.25, 1.5, 1, 1, 0.1, 3, 0.7]), [2, 5]);
    const [y] = model.forward(x, { timespans: ts });
    const stepper = model.stepper({ batch: 2 });
    const xt = new Float32Array(6);
    for (let t = 0; t < 5; t++) {
      for (let b = 0; b < 2; b++)
        xt.set(x.data.subarray((b * 5 + t) * 3, (b * 5 + t + 1) * 3), b * 3);
      const r = stepper.step(xt, [ts.data[t], ts.data[5 + t]]);
      for (let b = 0; b < 2; b++) {
        assertClose(
          r.subarray(b * 2, b * 2 + 2),
          y.data.subarray((b * 5 + t) * 2, (b * 5 + t) * 2 + 2),
          {
            atol: 1e-6,
            rtol: 1e-5,
          },
        );
      }
    }
  });

  it("applyWeightConstraints clips w, sensory_w, cm and gleak at zero (explicit constraints only)", () => {
    const model = new LTC(2, 4, { implicitParamConstraints: false, seed: 4 });
    const sd = model.stateDict();
    for (const name of ["w", "sensory_w", "cm", "gleak", "vleak"])
      sd[`rnn_cell.${name}`].data.fill(-1);
    model.applyWeightConstraints();
    for (const name of ["w", "sensory_w", "cm", "gleak"]) {
      expect(Array.from(sd[`rnn_cell.${name}`].data).every((v) => v === 0)).toBe(true);
    }
    expect(sd["rnn_cell.vleak"].data[0]).toBe(-1);
  });

  it("getConfig/fromConfig round-trips", () => {
    const model = new LTC(3, new AutoNCP(10, 2), {
      odeUnfolds: 3,
      inputMapping: "linear",
      mixedMemory: true,
      seed: 1,
    });
    const rebuilt = LTC.fromConfig(JSON.parse(JSON.stringify(model.getConfig())));
    expect(rebuilt.getConfig()).toEqual(model.getConfig());
  });

  it("rejects bad options and input", () => {
    expect(() => new LTC(3, 4, { odeUnfolds: 0 })).toThrow(
      /odeUnfolds must be an integer >= 1, got 0/,
    );
    expect(() => new LTC(3, 4, { inputMapping: "tanh" as never })).toThrow(
      /inputMapping must be "affine", "linear" or "none"/,
    );
    expect(() => new LTC(3, 4, { unfolds: 3 } as never)).toThrow(/unknown option 'unfolds'/);
    const model = new LTC(3, 4, { seed: 1 });
    expect(() => model.forward(randomTensor([2, 5, 4], 1))).toThrow(/input has 4 features/);
    expect(() =>
      model.forward(randomTensor([1, 2, 3], 1), {
        timespans: new Tensor(Float32Array.from([1, -1]), [1, 2]),
      }),
    ).toThrow(/timespans must hold finite values > 0/);
    // the solver divides by the elapsed time: zero is refused too (ncps returns NaN there)
    expect(() =>
      model.forward(randomTensor([1, 2, 3], 1), {
        timespans: new Tensor(Float32Array.from([1, 0]), [1, 2]),
      }),
    ).toThrow(/timespans must hold finite values > 0, got 0 at flat index 1/);
    expect(() => model.stepper().step([1, 2, 3], 0)).toThrow(
      /elapsed time must be finite and > 0, got 0/,
    );
  });
});
