/**
 * `ActorCritic`: the policy network of the RL examples, built from a {@link PolicySpec}:
 *
 *   observation (scaled) -> trunk (convs + pooling + dense, or dense) -> [CfC] -> heads
 *
 * The trunk runs on every step independently ("time-distributed", as the ncps example's
 * `TimeDistributed(conv_block)`); the CfC carries state across the steps of a sequence; the
 * policy head gives action logits and the value head one number, both linear on the CfC
 * output (rllib's `vf_share_layers: true`). Heads are initialised orthogonally with gains
 * 0.01 (policy) and 1 (value) and zero biases, as CleanRL does, so the first policy is
 * near-uniform.
 */
import { CfC } from "../../nn/cfc.js";
import { Conv2d } from "../../nn/conv2d.js";
import { orthogonal, type RandomSource } from "../../nn/init.js";
import { Linear } from "../../nn/linear.js";
import { Module, type ModuleConfig } from "../../nn/module.js";
import { defaultRng } from "../../random/index.js";
import { mean, relu, tanh } from "../../tensor/index.js";
import { Tensor } from "../../tensor/tensor.js";
import { wiringFromConfig } from "../../wirings/index.js";
import type { ObservationSequences, PolicyOutput, RecurrentPolicy } from "../ppo/policy.js";
import { floatArray } from "../ppo/rollout.js";
import { checkPolicySpec, type PolicySpec } from "./spec.js";

/** Options of {@link ActorCritic}. */
export interface ActorCriticOptions {
  /** Seeds the initial weights (default 0). */
  seed?: number;
}

/** The actor-critic network described by a {@link PolicySpec}; see the module comment. */
export class ActorCritic extends Module implements RecurrentPolicy {
  /** The checked spec the network was built from. */
  readonly spec: PolicySpec;
  /** Shape of one observation, as the env gives it. */
  readonly observationShape: readonly number[];
  /** Number of discrete actions. */
  readonly numActions: number;
  /** Width of the CfC state; 0 without a core. */
  readonly stateSize: number;
  private readonly observationSize: number;
  private readonly convs: Conv2d[] = [];
  private readonly dense: Linear[] = [];
  private readonly cfc: CfC | null;
  private readonly policyHead: Linear;
  private readonly valueHead: Linear;

  /** Builds and initialises the network; a spec that fails {@link checkPolicySpec} throws. */
  constructor(spec: PolicySpec, options: ActorCriticOptions = {}) {
    super();
    this.spec = checkPolicySpec(spec);
    const s = this.spec;
    const seed = options.seed ?? 0;
    if (!Number.isInteger(seed) || seed < 0) {
      throw new RangeError(`ActorCritic: seed must be a non-negative integer, got ${String(seed)}`);
    }
    const rng: RandomSource = defaultRng(seed);
    const dtype = s.dtype;
    this.observationShape = [...s.observationShape];
    this.observationSize = s.observationShape.reduce((a, b) => a * b, 1);
    this.numActions = s.numActions;

    let features: number;
    if (s.trunk.kind === "conv") {
      let [h, w, c] = s.observationShape;
      s.trunk.layers.forEach((layer, i) => {
        const conv = new Conv2d(c, layer.channels, layer.kernel, {
          stride: layer.stride,
          padding: layer.padding,
          dtype,
          rng,
        });
        this.convs.push(this.registerModule(`conv${i}`, conv));
        h = Math.floor((h + 2 * layer.padding - layer.kernel) / layer.stride) + 1;
        w = Math.floor((w + 2 * layer.padding - layer.kernel) / layer.stride) + 1;
        c = layer.channels;
        if (h < 1 || w < 1) {
          throw new RangeError(
            `ActorCritic: conv layer ${i} leaves no pixels of the [${s.observationShape.join(", ")}] observation`,
          );
        }
      });
      features = s.trunk.pooling === "global-average" ? c : c * h * w;
      s.trunk.dense.forEach((width, i) => {
        this.dense.push(
          this.registerModule(`dense${i}`, new Linear(features, width, { dtype, rng })),
        );
        features = width;
      });
    } else {
      features = this.observationSize;
      s.trunk.hidden.forEach((width, i) => {
        this.dense.push(
          this.registerModule(`dense${i}`, new Linear(features, width, { dtype, rng })),
        );
        features = width;
      });
    }

    if (s.core.kind === "cfc") {
      const core = s.core;
      const cfc =
        typeof core.units === "number"
          ? new CfC(features, core.units, {
              mode: core.mode,
              backboneUnits: core.backboneUnits,
              backboneLayers: core.backboneLayers,
              dtype,
              rng,
            })
          : new CfC(features, wiringFromConfig(core.units), { mode: core.mode, dtype, rng });
      this.cfc = this.registerModule("cfc", cfc);
      this.stateSize = cfc.stateSize;
      features = cfc.outputSize;
    } else {
      this.cfc = null;
      this.stateSize = 0;
    }
    this.policyHead = this.registerModule(
      "policy_head",
      new Linear(features, s.numActions, { dtype, rng }),
    );
    this.valueHead = this.registerModule("value_head", new Linear(features, 1, { dtype, rng }));
    orthogonal(rng, this.policyHead.weight.data, s.numActions, features, 0.01);
    orthogonal(rng, this.valueHead.weight.data, 1, features, 1);
    this.policyHead.bias?.data.fill(0);
    this.valueHead.bias?.data.fill(0);
  }

  /** Scaled float observations: `[N, C, H, W]` for a conv trunk (from channel-last), else `[N, size]`. */
  private inputOf(obs: ObservationSequences): Tensor {
    const n = obs.batch * obs.time;
    const size = this.observationSize;
    if (!Number.isInteger(n) || n < 1 || obs.data.length !== n * size) {
      throw new RangeError(
        `ActorCritic: observations must hold batch * time * ${size} values (shape [${this.observationShape.join(", ")}]), got ${obs.data.length} for batch ${obs.batch} and time ${obs.time}`,
      );
    }
    const scale = this.spec.observationScale;
    const src = obs.data;
    const out = floatArray(this.spec.dtype, n * size);
    if (this.spec.trunk.kind !== "conv") {
      for (let i = 0; i < out.length; i++) out[i] = src[i] * scale;
      return new Tensor(out, [n, size]);
    }
    const [h, w, c] = this.observationShape;
    const plane = h * w;
    for (let s = 0; s < n; s++) {
      const base = s * size;
      for (let p = 0; p < plane; p++) {
        for (let ch = 0; ch < c; ch++) out[base + ch * plane + p] = src[base + p * c + ch] * scale;
      }
    }
    return new Tensor(out, [n, c, h, w]);
  }

  /**
   * Runs `obs.batch` sequences of `obs.time` steps from `state` (`[batch, stateSize]`; null
   * means zeros): logits `[B, T, numActions]`, values `[B, T]` and the final CfC state.
   */
  forward(obs: ObservationSequences, state: Tensor | null): PolicyOutput {
    const { batch, time } = obs;
    let x = this.inputOf(obs);
    for (const conv of this.convs) x = relu(conv.forward(x));
    if (this.convs.length > 0) {
      x =
        this.spec.trunk.kind === "conv" && this.spec.trunk.pooling === "global-average"
          ? mean(x, [2, 3])
          : x.reshape([batch * time, -1]);
    }
    const act =
      this.spec.trunk.kind === "dense" && this.spec.trunk.activation === "tanh" ? tanh : relu;
    for (const layer of this.dense) x = act(layer.forward(x));
    let next: Tensor | null = null;
    if (this.cfc !== null) {
      if (
        state !== null &&
        (state.ndim !== 2 || state.shape[0] !== batch || state.shape[1] !== this.stateSize)
      ) {
        throw new RangeError(
          `ActorCritic: state must have shape [${batch}, ${this.stateSize}], got [${state.shape.join(", ")}]`,
        );
      }
      const [y, h] = this.cfc.forward(x.reshape([batch, time, x.shape[1]]), { hx: state });
      if (!(h instanceof Tensor))
        throw new Error("ActorCritic: the CfC core must not use mixed memory");
      next = h;
      x = y.reshape([batch * time, y.shape[2]]);
    }
    const logits = this.policyHead.forward(x).reshape([batch, time, this.numActions]);
    const values = this.valueHead.forward(x).reshape([batch, time]);
    return { logits, values, state: next };
  }

  /** `{ class: "ActorCritic", spec }`: enough to rebuild the architecture, not the weights. */
  getConfig(): ModuleConfig {
    return { class: "ActorCritic", spec: structuredClone(this.spec) };
  }

  /** Rebuilds a freshly initialised network from {@link getConfig}'s output. */
  static fromConfig(config: ModuleConfig, options: ActorCriticOptions = {}): ActorCritic {
    if (config.class !== "ActorCritic") {
      throw new TypeError(
        `ActorCritic.fromConfig: expected class "ActorCritic", got ${JSON.stringify(config.class)}`,
      );
    }
    return new ActorCritic(checkPolicySpec(config.spec), options);
  }
}
