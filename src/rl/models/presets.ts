/**
 * The policy specs of the examples: the ncps Atari Conv-CfC, the MinAtar trunk with a CfC,
 * and CfC / MLP policies for flat observations. Each takes a `units` that is a number (a
 * fully connected CfC) or a wiring config (e.g. `new AutoNCP(64, 16).getConfig()`).
 */
import type { DType } from "../../tensor/dtype.js";
import type { WiringConfig } from "../../wirings/index.js";
import type { ConvLayerSpec, CoreSpec, PolicySpec } from "./spec.js";

/** Options shared by the presets. */
export interface PresetOptions {
  /** CfC size, or a wiring config (default 64). */
  units?: number | WiringConfig;
  /** Element type of the weights (default float32). */
  dtype?: DType;
}

function cfcCore(units: number | WiringConfig = 64): CoreSpec {
  return { kind: "cfc", units, mode: "default", backboneUnits: 128, backboneLayers: 1 };
}

/**
 * The ncps Atari example's `ConvCfCModel`: four 5x5 stride-2 convolutions with 64, 128, 128
 * and 256 channels (Keras "same" padding; here symmetric padding 2, which gives the same
 * 42-21-11-6 feature-map sizes on 84x84 frames), ReLU, global average pooling, CfC(64) with
 * the default backbone (128 units, one layer), linear logits and value. Frames are uint8
 * divided by 255. `channels` shrinks the convolutions (smoke tests).
 */
export function ncpsAtariSpec(
  observationShape: readonly number[],
  numActions: number,
  options: PresetOptions & { channels?: readonly number[] } = {},
): PolicySpec {
  const channels = options.channels ?? [64, 128, 128, 256];
  const layers: ConvLayerSpec[] = channels.map((c) => ({
    channels: c,
    kernel: 5,
    stride: 2,
    padding: 2,
  }));
  return {
    observationShape: [...observationShape],
    numActions,
    observationScale: 1 / 255,
    trunk: { kind: "conv", layers, pooling: "global-average", dense: [] },
    core: cfcCore(options.units),
    dtype: options.dtype ?? "float32",
  };
}

/**
 * MinAtar's network (its DQN and actor-critic examples: one 3x3 convolution with 16
 * channels, no padding, then a 128-unit dense layer), followed by a CfC (spec rl.md 6.3).
 * MinAtar observations are 0/1 already.
 */
export function minatarSpec(
  observationShape: readonly number[],
  numActions: number,
  options: PresetOptions & { dense?: number } = {},
): PolicySpec {
  return {
    observationShape: [...observationShape],
    numActions,
    observationScale: 1,
    trunk: {
      kind: "conv",
      layers: [{ channels: 16, kernel: 3, stride: 1, padding: 0 }],
      pooling: "flatten",
      dense: [options.dense ?? 128],
    },
    core: cfcCore(options.units),
    dtype: options.dtype ?? "float32",
  };
}

/** A CfC straight on flat observations (CartPole, RepeatAfterMe). */
export function vectorCfCSpec(
  observationShape: readonly number[],
  numActions: number,
  options: PresetOptions & { backboneUnits?: number } = {},
): PolicySpec {
  const core = cfcCore(options.units);
  return {
    observationShape: [...observationShape],
    numActions,
    observationScale: 1,
    trunk: { kind: "dense", hidden: [], activation: "tanh" },
    core:
      core.kind === "cfc" && options.backboneUnits !== undefined
        ? { ...core, backboneUnits: options.backboneUnits }
        : core,
    dtype: options.dtype ?? "float32",
  };
}

/** A feed-forward tanh MLP (CleanRL's 64x64) for flat observations: no memory. */
export function mlpSpec(
  observationShape: readonly number[],
  numActions: number,
  options: { hidden?: readonly number[]; dtype?: DType } = {},
): PolicySpec {
  return {
    observationShape: [...observationShape],
    numActions,
    observationScale: 1,
    trunk: { kind: "dense", hidden: [...(options.hidden ?? [64, 64])], activation: "tanh" },
    core: { kind: "none" },
    dtype: options.dtype ?? "float32",
  };
}
