/**
 * JSON descriptions of actor-critic policies: a per-step trunk (convolutions or dense
 * layers), an optional CfC core (fully connected or any wiring), and linear policy and value
 * heads. A spec is what checkpoints store, so a run can only resume into the same model.
 */
import type { DType } from "../../tensor/dtype.js";
import type { WiringConfig } from "../../wirings/index.js";

/** One convolution of a conv trunk (stride and symmetric zero padding; ReLU after it). */
export interface ConvLayerSpec {
  /** Output channels. */
  channels: number;
  /** Side of the square kernel. */
  kernel: number;
  /** Step between kernel positions, in both directions. */
  stride: number;
  /** Zero rows and columns added on every side. */
  padding: number;
}

/** Convolutions over channel-last images, then global average pooling or flattening. */
export interface ConvTrunkSpec {
  /** Tags the conv trunk. */
  kind: "conv";
  /** The convolutions, first to last (at least one). */
  layers: ConvLayerSpec[];
  /** How the last feature map becomes a vector. */
  pooling: "global-average" | "flatten";
  /** Dense ReLU layers after pooling (may be empty). */
  dense: number[];
}

/** Dense layers over flat observations. */
export interface DenseTrunkSpec {
  /** Tags the dense trunk. */
  kind: "dense";
  /** Hidden widths (may be empty: the observation goes to the core as it is). */
  hidden: number[];
  /** The nonlinearity after every hidden layer. */
  activation: "tanh" | "relu";
}

/** The per-step feature extractor: convolutions for images, dense layers for flat observations. */
export type TrunkSpec = ConvTrunkSpec | DenseTrunkSpec;

/** A CfC core: `units` a number (fully connected, with backbone) or a wiring config. */
export interface CfCCoreSpec {
  /** Tags the CfC core. */
  kind: "cfc";
  /** Number of neurons (fully connected CfC), or the config of a wiring (wired CfC). */
  units: number | WiringConfig;
  /** The CfC variant, as ncps's `mode`. */
  mode: "default" | "pure" | "no_gate";
  /** Backbone width (fully connected only). */
  backboneUnits: number;
  /** Backbone depth; 0 for none (fully connected only). */
  backboneLayers: number;
}

/** No recurrence: a feed-forward policy. */
export interface NoCoreSpec {
  /** Tags the absence of a core. */
  kind: "none";
}

/** The recurrent part between the trunk and the heads, or none. */
export type CoreSpec = CfCCoreSpec | NoCoreSpec;

/** A complete actor-critic description. */
export interface PolicySpec {
  /** Observation shape as the env gives it (`[H, W, C]` for images). */
  observationShape: number[];
  /** Number of discrete actions (width of the policy head). */
  numActions: number;
  /** Observations are multiplied by this (1/255 for uint8 frames). */
  observationScale: number;
  /** The per-step feature extractor. */
  trunk: TrunkSpec;
  /** The recurrent core, or `{ kind: "none" }`. */
  core: CoreSpec;
  /** Element type of the weights and the recurrent state. */
  dtype: DType;
}

function fail(path: string, expected: string, value: unknown): never {
  throw new TypeError(`PolicySpec.${path} must be ${expected}, got ${JSON.stringify(value)}`);
}

function positiveInt(path: string, v: unknown): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 1) fail(path, "a positive integer", v);
  return v;
}

function intList(path: string, v: unknown): number[] {
  if (!Array.isArray(v)) fail(path, "an array of positive integers", v);
  return v.map((x, i) => positiveInt(`${path}[${i}]`, x));
}

function record(path: string, v: unknown): Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v)) fail(path, "an object", v);
  return v as Record<string, unknown>;
}

/** Checks a spec read from JSON and returns it typed; errors name the offending field. */
export function checkPolicySpec(value: unknown): PolicySpec {
  const s = record("", value);
  const observationShape = intList("observationShape", s.observationShape);
  if (observationShape.length === 0)
    fail("observationShape", "a non-empty shape", s.observationShape);
  const numActions = positiveInt("numActions", s.numActions);
  const scale = s.observationScale;
  if (typeof scale !== "number" || !Number.isFinite(scale) || scale <= 0) {
    fail("observationScale", "a positive number", scale);
  }
  if (s.dtype !== "float32" && s.dtype !== "float64")
    fail("dtype", '"float32" or "float64"', s.dtype);
  const t = record("trunk", s.trunk);
  let trunk: TrunkSpec;
  if (t.kind === "conv") {
    if (observationShape.length !== 3) {
      fail("observationShape", "[height, width, channels] for a conv trunk", observationShape);
    }
    if (!Array.isArray(t.layers) || t.layers.length === 0)
      fail("trunk.layers", "a non-empty array", t.layers);
    const layers = t.layers.map((l, i) => {
      const r = record(`trunk.layers[${i}]`, l);
      const padding = r.padding;
      if (typeof padding !== "number" || !Number.isInteger(padding) || padding < 0) {
        fail(`trunk.layers[${i}].padding`, "a non-negative integer", padding);
      }
      return {
        channels: positiveInt(`trunk.layers[${i}].channels`, r.channels),
        kernel: positiveInt(`trunk.layers[${i}].kernel`, r.kernel),
        stride: positiveInt(`trunk.layers[${i}].stride`, r.stride),
        padding,
      };
    });
    if (t.pooling !== "global-average" && t.pooling !== "flatten") {
      fail("trunk.pooling", '"global-average" or "flatten"', t.pooling);
    }
    trunk = { kind: "conv", layers, pooling: t.pooling, dense: intList("trunk.dense", t.dense) };
  } else if (t.kind === "dense") {
    if (t.activation !== "tanh" && t.activation !== "relu") {
      fail("trunk.activation", '"tanh" or "relu"', t.activation);
    }
    trunk = { kind: "dense", hidden: intList("trunk.hidden", t.hidden), activation: t.activation };
  } else {
    fail("trunk.kind", '"conv" or "dense"', t.kind);
  }
  const c = record("core", s.core);
  let core: CoreSpec;
  if (c.kind === "none") {
    core = { kind: "none" };
  } else if (c.kind === "cfc") {
    const units =
      typeof c.units === "number"
        ? positiveInt("core.units", c.units)
        : (record("core.units", c.units) as unknown as WiringConfig);
    if (c.mode !== "default" && c.mode !== "pure" && c.mode !== "no_gate") {
      fail("core.mode", '"default", "pure" or "no_gate"', c.mode);
    }
    const backboneLayers = c.backboneLayers;
    if (
      typeof backboneLayers !== "number" ||
      !Number.isInteger(backboneLayers) ||
      backboneLayers < 0
    ) {
      fail("core.backboneLayers", "a non-negative integer", backboneLayers);
    }
    core = {
      kind: "cfc",
      units,
      mode: c.mode,
      backboneUnits: positiveInt("core.backboneUnits", c.backboneUnits),
      backboneLayers,
    };
  } else {
    fail("core.kind", '"cfc" or "none"', c.kind);
  }
  return { observationShape, numActions, observationScale: scale, trunk, core, dtype: s.dtype };
}
