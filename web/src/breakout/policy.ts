/**
 * The demo's Breakout policy: a CfC on an AutoNCP wiring with three motor neurons, read out by
 * a linear layer (ncps `proj_size`) into the logits of noop, left and right. The projection
 * matters: motor neurons stay within about [-1, 1], which would cap the policy's confidence. It ships as one safetensors file: the weights under their
 * ncps-torch names, the model config (JSON) in the metadata.
 */
import {
  AutoNCP,
  CfC,
  type CfcStepper,
  decodeSafetensors,
  encodeSafetensors,
  type ModuleConfig,
  type NamedArray,
  type StateEntry,
} from "../../../src/browser.js";
import {
  BREAKOUT_ACTION_COUNT,
  BREAKOUT_OBSERVATION_SIZE,
  observationToInput,
} from "./observation.js";

/** The `format` metadata value of a policy file. */
export const POLICY_FORMAT = "ncps-web-breakout-policy/1";

/** Neurons of the policy's AutoNCP wiring (3 of them motor). */
export const POLICY_UNITS = 19;

/** Builds a freshly initialised policy network: CfC(400, AutoNCP(19, 3), projSize 3), float32. */
export function createPolicyNetwork(seed: number): CfC {
  const wiring = new AutoNCP(POLICY_UNITS, BREAKOUT_ACTION_COUNT, { seed });
  return new CfC(BREAKOUT_OBSERVATION_SIZE, wiring, {
    projSize: BREAKOUT_ACTION_COUNT,
    dtype: "float32",
    seed,
  });
}

/** Serialises a policy network and free-form notes (string values) into a policy file. */
export function encodePolicy(model: CfC, notes: Readonly<Record<string, string>> = {}): Uint8Array {
  const tensors: Record<string, NamedArray> = {};
  for (const [name, t] of Object.entries(model.stateDict())) {
    tensors[name] = { dtype: "float32", shape: t.shape, data: Float32Array.from(t.data) };
  }
  return encodeSafetensors(tensors, {
    ...notes,
    format: POLICY_FORMAT,
    config: JSON.stringify(model.getConfig()),
  });
}

/** One decision of the policy. */
export interface PolicyDecision {
  /** The greedy action (index of `MinAtar/Breakout-v1`). */
  readonly action: number;
  /** The three logits (a copy). */
  readonly logits: Float32Array;
}

/** A loaded policy playing one game at a time, carrying its CfC state between steps. */
export class BreakoutPolicy {
  readonly model: CfC;
  /** The file's metadata (format, config and the trainer's notes). */
  readonly metadata: Readonly<Record<string, string>>;
  private readonly stepper: CfcStepper;
  private readonly input = new Float32Array(BREAKOUT_OBSERVATION_SIZE);

  constructor(model: CfC, metadata: Readonly<Record<string, string>> = {}) {
    if (
      model.inputSize !== BREAKOUT_OBSERVATION_SIZE ||
      model.outputSize !== BREAKOUT_ACTION_COUNT
    ) {
      throw new RangeError(
        `model must map ${BREAKOUT_OBSERVATION_SIZE} inputs to ${BREAKOUT_ACTION_COUNT} logits, got ${model.inputSize} -> ${model.outputSize}`,
      );
    }
    this.model = model;
    this.metadata = metadata;
    this.stepper = model.stepper({ batch: 1 });
  }

  /** Reads a policy file made by {@link encodePolicy}. */
  static fromSafetensors(bytes: Uint8Array, source = "policy file"): BreakoutPolicy {
    const { tensors, metadata } = decodeSafetensors(bytes, source);
    if (metadata.format !== POLICY_FORMAT) {
      throw new Error(
        `${source}: metadata.format must be ${JSON.stringify(POLICY_FORMAT)}, got ${JSON.stringify(metadata.format)}`,
      );
    }
    const config = JSON.parse(metadata.config ?? "null") as ModuleConfig | null;
    if (config === null || typeof config !== "object") {
      throw new Error(`${source}: metadata.config must hold the model config JSON`);
    }
    const model = CfC.fromConfig(config);
    const state: Record<string, StateEntry> = {};
    for (const [name, t] of Object.entries(tensors)) {
      if (!(t.data instanceof Float32Array)) {
        throw new TypeError(`${source}: tensor '${name}' must be float32, got ${t.dtype}`);
      }
      state[name] = { shape: t.shape, data: t.data };
    }
    model.loadStateDict(state);
    model.eval();
    return new BreakoutPolicy(model, metadata);
  }

  /** Neurons in the CfC state. */
  get stateSize(): number {
    return this.model.stateSize;
  }

  /** The CfC state after the last step (live view, `stateSize` values). */
  get state(): Float32Array | Float64Array {
    return this.stepper.state;
  }

  /** Forgets the carried state (call at the start of an episode). */
  reset(): void {
    this.stepper.reset();
  }

  /** Advances the CfC by one observation and picks the action with the largest logit. */
  act(observation: ArrayLike<number>): PolicyDecision {
    const out = this.stepper.step(observationToInput(observation, this.input));
    const logits = Float32Array.from(out);
    let action = 0;
    for (let a = 1; a < logits.length; a++) if (logits[a] > logits[action]) action = a;
    return { action, logits };
  }
}
