/**
 * The storage of one PPO rollout (time-major `[T, N, ...]`) and the assembly of padded
 * minibatches of sequence chunks from it.
 */
import type { DType } from "../../tensor/dtype.js";
import type { Observation } from "../env.js";
import type { ObservationSequences } from "./policy.js";
import type { SequenceChunk } from "./sequences.js";

/** A new zero-filled array of the same element type as `like`. */
export function observationArrayLike(like: Observation, length: number): Observation {
  if (like instanceof Uint8Array) return new Uint8Array(length);
  if (like instanceof Float32Array) return new Float32Array(length);
  return new Float64Array(length);
}

/** A zero-filled float array of `dtype`. */
export function floatArray(dtype: DType, length: number): Float32Array | Float64Array {
  return dtype === "float64" ? new Float64Array(length) : new Float32Array(length);
}

/** Sizes of a {@link RolloutBuffer}. */
export interface RolloutShape {
  /** T, the steps per env. */
  readonly numSteps: number;
  /** N, the envs. */
  readonly numEnvs: number;
  /** Elements per observation. */
  readonly observationSize: number;
  /** Width of the policy's recurrent state (0 for feed-forward policies). */
  readonly stateSize: number;
  /** Number of discrete actions. */
  readonly numActions: number;
  /** Element type of the recorded states. */
  readonly stateDType: DType;
}

/** Everything recorded while collecting one rollout; index `t * numEnvs + env`. */
export class RolloutBuffer {
  /** The sizes the buffer was allocated for. */
  readonly shape: RolloutShape;
  /** Observations the actions were chosen in, `[T, N, observationSize]`, in the env's element type. */
  readonly observations: Observation;
  /** Recurrent state before each step, `[T, N, stateSize]`. */
  readonly states: Float32Array | Float64Array;
  /** 1 where a step is the first of an episode (its state was reset to zeros). */
  readonly episodeStarts: Uint8Array;
  /** The actions taken, `[T, N]`. */
  readonly actions: Int32Array;
  /** Log-probability of the action taken under the sampling policy. */
  readonly logProbs: Float64Array;
  /** The sampling policy's logits `[T, N, numActions]` (for the KL penalty). */
  readonly logits: Float64Array;
  /** The sampling policy's value estimates, `[T, N]`. */
  readonly values: Float64Array;
  /** Rewards, truncations already bootstrapped by `gamma * V(final observation)`. */
  readonly rewards: Float64Array;
  /** 1 where the episode ended with this step. */
  readonly dones: Uint8Array;
  /** GAE advantages, filled after collection. */
  advantages: Float64Array;
  /** Value targets, filled after collection. */
  returns: Float64Array;

  /**
   * Zero-filled arrays for `shape`; observations get the element type of `observationKind`
   * (any array of the env's observation type, e.g. an empty one).
   */
  constructor(shape: RolloutShape, observationKind: Observation) {
    this.shape = shape;
    const steps = shape.numSteps * shape.numEnvs;
    this.observations = observationArrayLike(observationKind, steps * shape.observationSize);
    this.states = floatArray(shape.stateDType, steps * shape.stateSize);
    this.episodeStarts = new Uint8Array(steps);
    this.actions = new Int32Array(steps);
    this.logProbs = new Float64Array(steps);
    this.logits = new Float64Array(steps * shape.numActions);
    this.values = new Float64Array(steps);
    this.rewards = new Float64Array(steps);
    this.dones = new Uint8Array(steps);
    this.advantages = new Float64Array(steps);
    this.returns = new Float64Array(steps);
  }
}

/** A padded batch of B sequences of at most L steps; per-step arrays are `[B, L]` row-major. */
export interface Minibatch {
  /** B, the sequences. */
  readonly batch: number;
  /** L, the length of the longest sequence (the others are padded to it). */
  readonly time: number;
  /** The observations `[B, L, ...]`. */
  readonly observations: ObservationSequences;
  /** `[B, stateSize]` start states, or null for feed-forward policies. */
  readonly startStates: Float32Array | Float64Array | null;
  /** The actions taken. */
  readonly actions: Int32Array;
  /** Their log-probabilities under the sampling policy. */
  readonly oldLogProbs: Float64Array;
  /** `[B, L, numActions]`. */
  readonly oldLogits: Float64Array;
  /** The sampling policy's value estimates. */
  readonly oldValues: Float64Array;
  /** GAE advantages (as stored: standardised per batch when so configured). */
  readonly advantages: Float64Array;
  /** Value targets. */
  readonly returns: Float64Array;
  /** 1 on real steps, 0 on padding. */
  readonly mask: Uint8Array;
  /** Number of real steps. */
  readonly validCount: number;
}

/** Gathers `chunks[i]` for each i of `indices` into a zero-padded minibatch. */
export function assembleMinibatch(
  buffer: RolloutBuffer,
  chunks: readonly SequenceChunk[],
  indices: readonly number[],
): Minibatch {
  const { numEnvs: n, observationSize: os, stateSize: hs, numActions: na } = buffer.shape;
  const batch = indices.length;
  if (batch === 0) throw new RangeError("assembleMinibatch: indices must not be empty");
  let time = 0;
  for (const i of indices) time = Math.max(time, chunks[i].length);
  const cells = batch * time;
  const obs = observationArrayLike(buffer.observations, cells * os);
  const startStates = hs > 0 ? floatArray(buffer.shape.stateDType, batch * hs) : null;
  const actions = new Int32Array(cells);
  const oldLogProbs = new Float64Array(cells);
  const oldLogits = new Float64Array(cells * na);
  const oldValues = new Float64Array(cells);
  const advantages = new Float64Array(cells);
  const returns = new Float64Array(cells);
  const mask = new Uint8Array(cells);
  let validCount = 0;
  indices.forEach((ci, b) => {
    const { env, start, length } = chunks[ci];
    if (startStates !== null) {
      const from = (start * n + env) * hs;
      startStates.set(buffer.states.subarray(from, from + hs), b * hs);
    }
    for (let k = 0; k < length; k++) {
      const src = (start + k) * n + env;
      const dst = b * time + k;
      obs.set(buffer.observations.subarray(src * os, (src + 1) * os), dst * os);
      oldLogits.set(buffer.logits.subarray(src * na, (src + 1) * na), dst * na);
      actions[dst] = buffer.actions[src];
      oldLogProbs[dst] = buffer.logProbs[src];
      oldValues[dst] = buffer.values[src];
      advantages[dst] = buffer.advantages[src];
      returns[dst] = buffer.returns[src];
      mask[dst] = 1;
    }
    validCount += length;
  });
  return {
    batch,
    time,
    observations: { data: obs, batch, time },
    startStates,
    actions,
    oldLogProbs,
    oldLogits,
    oldValues,
    advantages,
    returns,
    mask,
    validCount,
  };
}

/** Standardises `values[i]` where `mask[i]` (all when mask is null) in place: zero mean, unit std (+1e-8). */
export function standardize(values: Float64Array, mask: Uint8Array | null = null): void {
  let count = 0;
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    if (mask === null || mask[i]) {
      sum += values[i];
      count++;
    }
  }
  if (count === 0) return;
  const mean = sum / count;
  let sq = 0;
  for (let i = 0; i < values.length; i++) {
    if (mask === null || mask[i]) sq += (values[i] - mean) ** 2;
  }
  // The population standard deviation (numpy's default, as rllib's standardized()).
  const std = Math.sqrt(sq / count);
  for (let i = 0; i < values.length; i++) {
    if (mask === null || mask[i]) values[i] = (values[i] - mean) / (std + 1e-8);
  }
}
