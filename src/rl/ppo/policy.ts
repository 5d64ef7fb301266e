/**
 * What recurrent PPO needs from a policy network: one call that runs B observation
 * sequences of T steps from given start states and returns action logits, state values and
 * the final states. Feed-forward policies are the special case `stateSize === 0`.
 */
import type { DType } from "../../tensor/dtype.js";
import type { Tensor } from "../../tensor/tensor.js";
import type { Observation } from "../env.js";

/** B sequences of T observations, row-major `[B, T, ...observationShape]`, as the env gives them. */
export interface ObservationSequences {
  /** The observations, `batch * time * observationSize` elements. */
  readonly data: Observation;
  /** B, the number of sequences. */
  readonly batch: number;
  /** T, the steps of each sequence. */
  readonly time: number;
}

/** The outputs of {@link RecurrentPolicy.forward}. */
export interface PolicyOutput {
  /** Unnormalised action log-probabilities `[B, T, numActions]`. */
  readonly logits: Tensor;
  /** State-value estimates `[B, T]`. */
  readonly values: Tensor;
  /** The recurrent state after the last step `[B, stateSize]`; null for feed-forward policies. */
  readonly state: Tensor | null;
}

/** An actor-critic network with an optional recurrent state, trainable by {@link PPOTrainer}. */
export interface RecurrentPolicy {
  /** Shape of one observation (without batch and time axes). */
  readonly observationShape: readonly number[];
  /** Number of discrete actions. */
  readonly numActions: number;
  /** Width of the recurrent state; 0 for a feed-forward policy. */
  readonly stateSize: number;
  /** Element type of the parameters and the state. */
  readonly dtype: DType;
  /**
   * Runs the sequences from `state` (`[B, stateSize]`; null means zeros). Outputs at a step
   * depend only on that step and earlier ones, so padding after a sequence's end is harmless.
   */
  forward(obs: ObservationSequences, state: Tensor | null): PolicyOutput;
  /** The trainable parameters, in a fixed order. */
  parameters(): Tensor[];
}
