/** The CfC module: layouts, state in and out, streaming, configs, and errors on bad input. */
import { describe, expect, it } from "vitest";
import { CfC } from "../../src/nn/cfc.js";
import { mseLoss } from "../../src/nn/losses.js";
import { Adam } from "../../src/optim/index.js";
import { Tensor } from "../../src/tensor/tensor.js";
import { AutoNCP, FullyConnected } from "../../src/wirings/index.js";
import { assertClose } from "../support/assertClose.js";

function randomTensor(
  shape: number[],
  seed: number,
  dtype: "float32" | "float64" = "float32",
): Tensor {
  let s = seed;
  const n = shape.reduce((a, b) => a * b, 1);
  const data = dtype === "float64" ? new Float64Array(n) : new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    data[i] = (s / 2147483648) * 2 - 1;
  }
  return new Tensor(data, shape);
}

describe("CfC forward", () => {
  it("returns [B, T, units] and [B, units]; the last readout equals the final state", () => {
    const model = new CfC(20, 50, { seed: 1 });
    const [y, h] = model.forward(randomTensor([4, 7, 20], 1));
    expect(y.shape).toEqual([4, 7, 50]);
    expect((h as Tensor).shape).toEqual([4, 50]);
    const last = Array.from(
      { length: 4 * 50 },
      (_, i) => y.data[Math.floor(i / 50) * 7 * 50 + 6 * 50 + (i % 50)],
    );
    expect(Array.from((h as Tensor).data)).toEqual(last);
  });

  it("wired: reads out the motor layer; the state covers every neuron", () => {
    const model = new CfC(20, new AutoNCP(28, 4), { seed: 1 });
    const [y, h] = model.forward(randomTensor([2, 5, 20], 2));
    expect(y.shape).toEqual([2, 5, 4]);
    expect((h as Tensor).shape).toEqual([2, 28]);
  });

  it("continuing from the returned state equals one long sequence", () => {
    const model = new CfC(3, 8, { backboneUnits: 16, seed: 3, dtype: "float64" });
    const x = randomTensor([2, 6, 3], 3, "float64");
    const [yAll] = model.forward(x);
    const part = (t0: number, t1: number) => {
      const d = new Float64Array(2 * (t1 - t0) * 3);
      for (let b = 0; b < 2; b++)
        d.set(x.data.subarray((b * 6 + t0) * 3, (b * 6 + t1) * 3), b * (t1 - t0) * 3);
      return new Tensor(d, [2, t1 - t0, 3]);
    };
    const [, h] = model.forward(part(0, 4));
    const [y2] = model.forward(part(4, 6), { hx: h });
    for (let b = 0; b < 2; b++) {
      const want = yAll.data.subarray((b * 6 + 4) * 8, (b * 6 + 6) * 8);
      assertClose(y2.data.subarray(b * 2 * 8, (b + 1) * 2 * 8), want, { atol: 0, rtol: 0 });
    }
  });

  it("time-first and unbatched layouts give the same numbers as batch-first", () => {
    const a = new CfC(3, 5, { backboneUnits: 8, seed: 4, dtype: "float64" });
    const b = new CfC(3, 5, { backboneUnits: 8, seed: 4, dtype: "float64", batchFirst: false });
    const x = randomTensor([1, 4, 3], 5, "float64");
    const [ya] = a.forward(x);
    const [yb] = b.forward(x.reshape([4, 1, 3]));
    const [yu] = a.forward(x.reshape([4, 3]));
    expect(Array.from(yb.data)).toEqual(Array.from(ya.data));
    expect(yu.shape).toEqual([4, 5]);
    expect(Array.from(yu.data)).toEqual(Array.from(ya.data));
  });

  it("timespans are per sample: each row equals running that sample alone", () => {
    const model = new CfC(2, 4, { backboneUnits: 8, seed: 6, dtype: "float64" });
    const x = randomTensor([2, 3, 2], 6, "float64");
    const ts = new Tensor(Float64Array.from([0.5, 1, 2, 0.1, 3, 0.7]), [2, 3]);
    const [y] = model.forward(x, { timespans: ts });
    for (let b = 0; b < 2; b++) {
      const xb = new Tensor(x.data.slice(b * 6, (b + 1) * 6), [1, 3, 2]);
      const tb = new Tensor(ts.data.slice(b * 3, (b + 1) * 3), [1, 3]);
      const [yb] = model.forward(xb, { timespans: tb });
      expect(Array.from(y.data.subarray(b * 12, (b + 1) * 12))).toEqual(Array.from(yb.data));
    }
  });

  it("trains: the loss of a fixed batch drops under gradient descent", () => {
    const model = new CfC(2, new AutoNCP(8, 1), { seed: 7 });
    const x = randomTensor([4, 10, 2], 7);
    const target = randomTensor([4, 10, 1], 8);
    const lossAt = () => mseLoss(model.forward(x)[0], target);
    const first = lossAt().item();
    const opt = new Adam(model.parameters(), { lr: 0.02 });
    for (let i = 0; i < 40; i++) {
      opt.zeroGrad();
      lossAt().backward();
      opt.step();
    }
    expect(lossAt().item()).toBeLessThan(first * 0.7);
  });
});

describe("CfC stepper (streaming inference)", () => {
  for (const [name, make] of [
    ["fully connected, projected", () => new CfC(5, 6, { backboneUnits: 8, projSize: 2, seed: 9 })],
    ["NCP wiring, pure mode", () => new CfC(5, new AutoNCP(12, 3), { mode: "pure", seed: 9 })],
    ["mixed memory", () => new CfC(5, 6, { backboneUnits: 8, mixedMemory: true, seed: 9 })],
  ] as const) {
    it(`${name}: steps reproduce the sequence forward`, () => {
      const model = make();
      const x = randomTensor([2, 6, 5], 10);
      const [y] = model.forward(x);
      const out = model.outputSize;
      const stepper = model.stepper({ batch: 2 });
      const xt = new Float32Array(10);
      for (let t = 0; t < 6; t++) {
        for (let b = 0; b < 2; b++)
          xt.set(x.data.subarray((b * 6 + t) * 5, (b * 6 + t + 1) * 5), b * 5);
        const r = stepper.step(xt, 1);
        for (let b = 0; b < 2; b++) {
          const want = y.data.subarray((b * 6 + t) * out, (b * 6 + t + 1) * out);
          assertClose(
            r.subarray(b * out, (b + 1) * out),
            want,
            { atol: 1e-6, rtol: 1e-5 },
            `t=${t} b=${b}`,
          );
        }
      }
      stepper.reset();
      expect(Array.from(stepper.state).every((v) => v === 0)).toBe(true);
    });
  }

  it("rejects wrong sizes and negative or NaN elapsed times", () => {
    const s = new CfC(3, 4, { seed: 1 }).stepper();
    expect(() => s.step([1, 2])).toThrow(/x must have 3 values/);
    expect(() => s.step([1, 2, 3], -1)).toThrow(/elapsed time must be finite and >= 0, got -1/);
    expect(() => s.step([1, 2, Number.NaN])).toThrow(/x must be finite/);
  });
});

describe("CfC configs", () => {
  it("getConfig/fromConfig rebuilds the same architecture (fully connected and wired)", () => {
    for (const model of [
      new CfC(4, 6, {
        mode: "no_gate",
        backboneLayers: 2,
        backboneUnits: 10,
        projSize: 3,
        seed: 1,
      }),
      new CfC(4, new AutoNCP(12, 2, { seed: 5 }), { mixedMemory: true, seed: 1 }),
    ]) {
      const config = JSON.parse(JSON.stringify(model.getConfig()));
      const rebuilt = CfC.fromConfig(config);
      expect(rebuilt.getConfig()).toEqual(model.getConfig());
      const shapes = (m: CfC) => Object.entries(m.stateDict()).map(([k, t]) => [k, t.shape]);
      expect(shapes(rebuilt)).toEqual(shapes(model));
    }
  });
});

describe("CfC errors name the argument, the expected and the received value", () => {
  const model = new CfC(3, 4, { seed: 1 });
  it.each([
    [
      () => model.forward(randomTensor([2, 5], 1).reshape([2, 5, 1])),
      /input has 1 features .*expected 3/,
    ],
    [() => model.forward(randomTensor([2, 2, 2, 3], 1)), /input must have shape \[B, T, C\]/],
    [
      () => model.forward(randomTensor([2, 5, 3], 1), { hx: randomTensor([3, 4], 1) }),
      /hx must have shape \[2, 4\]/,
    ],
    [
      () => model.forward(randomTensor([2, 5, 3], 1), { timespans: randomTensor([2, 4], 1) }),
      /timespans must have shape \[2, 5\]/,
    ],
    [
      () =>
        model.forward(randomTensor([1, 2, 3], 1), {
          timespans: new Tensor(Float32Array.from([1, -0.5]), [1, 2]),
        }),
      /timespans must hold finite values >= 0, got -0.5/,
    ],
    [
      () =>
        model.forward(randomTensor([1, 2, 3], 1), {
          timespans: new Tensor(Float32Array.from([1, Number.NaN]), [1, 2]),
        }),
      /timespans must hold finite values >= 0, got NaN/,
    ],
    [() => model.forward(randomTensor([1, 2, 3], 1, "float64")), /dtype float64.*float32/],
  ])("%#", (call, message) => {
    expect(call).toThrow(message);
  });

  it("rejects unknown options, modes and activations", () => {
    expect(() => new CfC(3, 4, { mdoe: "pure" } as never)).toThrow(/unknown option 'mdoe'/);
    expect(() => new CfC(3, 4, { mode: "fast" as never })).toThrow(
      /mode must be one of "default", "pure", "no_gate", got "fast"/,
    );
    expect(() => new CfC(3, 4, { activation: "swish" as never })).toThrow(
      /activation must be one of/,
    );
    expect(() => new CfC(3, new AutoNCP(8, 2), { backboneUnits: 64 })).toThrow(
      /cannot use backboneUnits in wired mode/,
    );
  });

  it("refuses one wiring for two layers, pointing to clone()", () => {
    const wiring = new FullyConnected(6);
    new CfC(3, wiring);
    expect(() => new CfC(3, wiring)).toThrow(/clone\(\)/);
    expect(() => new CfC(3, wiring.clone())).not.toThrow();
  });

  it("a built wiring with another input size is an error", () => {
    const wiring = new AutoNCP(10, 2).build(5);
    expect(() => new CfC(3, wiring)).toThrow(/input/i);
  });

  it("mixed memory needs an [h, c] pair", () => {
    const mixed = new CfC(3, 4, { mixedMemory: true, seed: 1 });
    expect(() =>
      mixed.forward(randomTensor([1, 2, 3], 1), { hx: randomTensor([1, 4], 1) }),
    ).toThrow(/hx must be a pair \[h0, c0\]/);
  });
});
