/**
 * ActorCritic networks: the ncps Conv-CfC's layer shapes, the observation pipeline (scaling,
 * channel-last frames) against the same computation written with tensor ops directly, causal
 * sequences equal to step-by-step runs with the state carried, wirings in place of the fully
 * connected CfC, near-uniform initial policies, config round trips and spec errors.
 */
import { describe, expect, it } from "vitest";
import {
  ActorCritic,
  checkPolicySpec,
  minatarSpec,
  mlpSpec,
  ncpsAtariSpec,
  type PolicySpec,
  vectorCfCSpec,
} from "../../../src/rl/models/index.js";
import { conv2d, linear, mean, relu, tensor } from "../../../src/tensor/index.js";
import { Tensor } from "../../../src/tensor/tensor.js";
import { AutoNCP } from "../../../src/wirings/index.js";
import { assertClose } from "../../support/assertClose.js";

function randomFrames(n: number, size: number, seed: number): Uint8Array {
  let s = seed >>> 0;
  return Uint8Array.from({ length: n * size }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s >>> 24;
  });
}

const param = (m: ActorCritic, name: string): Tensor => {
  const t = m.stateDict()[name];
  if (t === undefined) throw new Error(`no parameter ${name}`);
  return t;
};

describe("ActorCritic", () => {
  it("builds the ncps Conv-CfC: 5x5 stride-2 convs 64/128/128/256, CfC(256 -> 64), heads", () => {
    const net = new ActorCritic(ncpsAtariSpec([84, 84, 4], 4), { seed: 1 });
    const shapes = Object.fromEntries(net.namedStateTensors().map(([n, t]) => [n, [...t.shape]]));
    expect(shapes["conv0.weight"]).toEqual([64, 4, 5, 5]);
    expect(shapes["conv1.weight"]).toEqual([128, 64, 5, 5]);
    expect(shapes["conv2.weight"]).toEqual([128, 128, 5, 5]);
    expect(shapes["conv3.weight"]).toEqual([256, 128, 5, 5]);
    // CfC backbone: Linear(256 + 64 -> 128); ff1/ff2/time_a/time_b: Linear(128 -> 64).
    expect(shapes["cfc.rnn_cell.backbone.0.weight"]).toEqual([128, 320]);
    expect(shapes["cfc.rnn_cell.ff1.weight"]).toEqual([64, 128]);
    expect(shapes["policy_head.weight"]).toEqual([4, 64]);
    expect(shapes["value_head.weight"]).toEqual([1, 64]);
    expect(net.stateSize).toBe(64);
  });

  it("runs a conv trunk on channel-last uint8 frames as conv2d/mean/linear on the scaled image", () => {
    const spec = ncpsAtariSpec([12, 10, 2], 3, { channels: [3, 5], units: 4, dtype: "float64" });
    const net = new ActorCritic(spec, { seed: 2 });
    const frames = randomFrames(2, 12 * 10 * 2, 9);
    const out = net.forward({ data: frames, batch: 2, time: 1 }, null);
    // The same trunk with NHWC convolutions on frames / 255, then the CfC and heads.
    let x = tensor(
      Float64Array.from(frames, (v) => v / 255),
      { shape: [2, 12, 10, 2], dtype: "float64" },
    );
    for (const i of [0, 1]) {
      x = relu(
        conv2d(x, param(net, `conv${i}.weight`), param(net, `conv${i}.bias`), {
          stride: 2,
          padding: 2,
          layout: "NHWC",
        }),
      );
    }
    const pooled = mean(x, [1, 2]);
    const cfc = (net as unknown as { cfc: { forward(x: Tensor): [Tensor, unknown] } }).cfc;
    const [y] = cfc.forward(pooled.reshape([2, 1, 5]));
    const logits = linear(
      y.reshape([2, 4]),
      param(net, "policy_head.weight"),
      param(net, "policy_head.bias"),
    );
    const values = linear(
      y.reshape([2, 4]),
      param(net, "value_head.weight"),
      param(net, "value_head.bias"),
    );
    assertClose(out.logits.data, logits.data, { rtol: 1e-12, atol: 1e-14 }, "logits");
    assertClose(out.values.data, values.data, { rtol: 1e-12, atol: 1e-14 }, "values");
  });

  it("gives over a sequence what it gives step by step with the state carried", () => {
    const net = new ActorCritic(
      minatarSpec([10, 10, 4], 3, { units: 6, dense: 8, dtype: "float64" }),
      { seed: 3 },
    );
    const T = 5;
    const frames = randomFrames(2 * T, 400, 4).map((v) => (v > 200 ? 1 : 0));
    const h0 = tensor(
      Float64Array.from({ length: 12 }, (_, i) => Math.sin(i)),
      { shape: [2, 6], dtype: "float64" },
    );
    const seq = net.forward({ data: frames, batch: 2, time: T }, h0);
    for (let b = 0; b < 2; b++) {
      let h = new Tensor(h0.data.slice(b * 6, b * 6 + 6), [1, 6]);
      for (let t = 0; t < T; t++) {
        const k = b * T + t;
        const step = net.forward(
          { data: frames.slice(k * 400, (k + 1) * 400), batch: 1, time: 1 },
          h,
        );
        assertClose(
          step.logits.data,
          seq.logits.data.slice(k * 3, k * 3 + 3),
          { rtol: 1e-12, atol: 1e-14 },
          `logits ${b},${t}`,
        );
        assertClose(
          step.values.data,
          [seq.values.data[k]],
          { rtol: 1e-12, atol: 1e-14 },
          `value ${b},${t}`,
        );
        if (step.state === null) throw new Error("a CfC policy must return a state");
        h = step.state;
      }
      assertClose(
        h.data,
        seq.state?.data.slice(b * 6, b * 6 + 6) ?? [],
        { rtol: 1e-12, atol: 1e-14 },
        "final state",
      );
    }
  });

  it("takes any wiring in place of the fully connected CfC", () => {
    const wiring = new AutoNCP(12, 3, { seed: 5 }).getConfig();
    const net = new ActorCritic(vectorCfCSpec([4], 2, { units: wiring }), { seed: 1 });
    expect(net.stateSize).toBe(12);
    expect([...net.stateDict()["policy_head.weight"].shape]).toEqual([2, 3]); // heads read the 3 motor neurons
    const out = net.forward(
      { data: new Float32Array(4 * 2 * 3).fill(0.5), batch: 2, time: 3 },
      null,
    );
    expect([...out.logits.shape]).toEqual([2, 3, 2]);
    expect([...(out.state?.shape ?? [])]).toEqual([2, 12]);
  });

  it("starts near the uniform policy (policy head gain 0.01)", () => {
    const net = new ActorCritic(mlpSpec([4], 2), { seed: 7 });
    const out = net.forward(
      { data: Float32Array.from([0.1, -0.5, 0.03, 1.2]), batch: 1, time: 1 },
      null,
    );
    expect(Math.abs(out.logits.data[0] - out.logits.data[1])).toBeLessThan(0.05);
    expect(out.state).toBeNull();
    expect(net.stateSize).toBe(0);
  });

  it("rebuilds from its config, and loaded weights give identical outputs", () => {
    const a = new ActorCritic(minatarSpec([10, 10, 4], 3, { units: 5, dense: 7 }), { seed: 1 });
    const b = ActorCritic.fromConfig(JSON.parse(JSON.stringify(a.getConfig())), { seed: 99 });
    const frames = randomFrames(1, 400, 2).map((v) => v & 1);
    expect(b.forward({ data: frames, batch: 1, time: 1 }, null).logits.data).not.toEqual(
      a.forward({ data: frames, batch: 1, time: 1 }, null).logits.data,
    );
    b.loadStateDict(a.stateDict());
    expect(b.forward({ data: frames, batch: 1, time: 1 }, null).logits.data).toEqual(
      a.forward({ data: frames, batch: 1, time: 1 }, null).logits.data,
    );
  });

  it("rejects bad specs, observations and states with messages naming them", () => {
    const good = minatarSpec([10, 10, 4], 3);
    const bad = (patch: Record<string, unknown>) => checkPolicySpec({ ...good, ...patch });
    expect(() => bad({ numActions: 0 })).toThrow(
      /PolicySpec.numActions must be a positive integer, got 0/,
    );
    expect(() => bad({ dtype: "int8" })).toThrow(
      /PolicySpec.dtype must be "float32" or "float64", got "int8"/,
    );
    expect(() => bad({ core: { kind: "lstm" } })).toThrow(
      /PolicySpec.core.kind must be "cfc" or "none", got "lstm"/,
    );
    expect(() => bad({ observationShape: [400] })).toThrow(
      /observationShape must be \[height, width, channels\] for a conv trunk/,
    );
    const tooSmall: PolicySpec = { ...good, observationShape: [2, 2, 4] };
    expect(() => new ActorCritic(tooSmall)).toThrow(
      /conv layer 0 leaves no pixels of the \[2, 2, 4\] observation/,
    );
    const net = new ActorCritic(minatarSpec([10, 10, 4], 3, { units: 4, dense: 4 }));
    expect(() => net.forward({ data: new Uint8Array(399), batch: 1, time: 1 }, null)).toThrow(
      /observations must hold batch \* time \* 400 values .* got 399 for batch 1 and time 1/,
    );
    expect(() =>
      net.forward({ data: new Uint8Array(400), batch: 1, time: 1 }, tensor([[0, 0]])),
    ).toThrow(/state must have shape \[1, 4\], got \[1, 2\]/);
  });
});
