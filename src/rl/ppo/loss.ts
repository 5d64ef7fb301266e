/**
 * The PPO objective on a padded minibatch of sequences, averaged over the real steps only
 * (padding is masked out as rllib's `reduce_mean_valid` does):
 *
 *   loss = mean( -min(r A, clip(r, 1-eps, 1+eps) A) + vfCoeff * L_V - entropyCoeff * H
 *                + klCoeff * KL(old || new) )
 *
 * with `r = exp(log pi(a|s) - log pi_old(a|s))`. `L_V` depends on the value clipping mode:
 * rllib clamps the squared error to `[0, vfClipParam]`; PPO2 (CleanRL) takes
 * `0.5 * max((V - R)^2, (V_old + clip(V - V_old, -vfClipParam, vfClipParam) - R)^2)`;
 * "none" is `0.5 * (V - R)^2`.
 */
import {
  add,
  clamp,
  exp,
  gather,
  logSoftmax,
  maximum,
  minimum,
  mul,
  neg,
  pow,
  sub,
  sum,
  tensor,
} from "../../tensor/index.js";
import type { Tensor } from "../../tensor/tensor.js";
import { logSoftmaxRow } from "./categorical.js";
import type { ValueClipMode } from "./config.js";
import type { PolicyOutput } from "./policy.js";
import type { Minibatch } from "./rollout.js";

/** The coefficients of {@link ppoLoss}. */
export interface PPOLossCoefficients {
  /** The ratio is clipped to `[1 - clipParam, 1 + clipParam]`. */
  readonly clipParam: number;
  /** How the value loss is limited (see {@link ValueClipMode}). */
  readonly valueClip: ValueClipMode;
  /** The bound `valueClip` uses. */
  readonly vfClipParam: number;
  /** Weight of the value loss. */
  readonly vfCoeff: number;
  /** Weight of the entropy bonus (subtracted from the loss). */
  readonly entropyCoeff: number;
  /** Weight of the KL(old || new) penalty; 0 leaves it out. */
  readonly klCoeff: number;
}

/** Masked means over the real steps of one minibatch. */
export interface PPOLossStats {
  /** The total loss that was differentiated. */
  readonly loss: number;
  /** The clipped surrogate, negated (lower is better). */
  readonly policyLoss: number;
  /** The value loss before `vfCoeff`. */
  readonly valueLoss: number;
  /** Mean entropy of the action distributions, in nats. */
  readonly entropy: number;
  /** Mean KL(old || new) of the action distributions. */
  readonly kl: number;
  /** Fraction of steps whose ratio lies outside the clip range. */
  readonly clipFraction: number;
}

function maskedMean(values: ArrayLike<number>, mask: Uint8Array, count: number): number {
  let s = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i]) s += values[i];
  return s / count;
}

/**
 * The loss tensor (a scalar that requires grad through `output`) and its statistics.
 * `advantages` are the (possibly standardised) advantages `[B, L]` of the minibatch.
 */
export function ppoLoss(
  output: PolicyOutput,
  batch: Minibatch,
  advantages: Float64Array,
  c: PPOLossCoefficients,
): {
  /** The scalar loss to call `backward()` on. */
  loss: Tensor;
  /** Its parts, as plain numbers. */
  stats: PPOLossStats;
} {
  const m = batch.batch * batch.time;
  const dtype = output.logits.dtype;
  const numActions = output.logits.shape[output.logits.ndim - 1];
  if (output.logits.size !== m * numActions || output.values.size !== m) {
    throw new RangeError(
      `ppoLoss: the policy output must have logits [${batch.batch}, ${batch.time}, A] and values [${batch.batch}, ${batch.time}], got [${output.logits.shape.join(", ")}] and [${output.values.shape.join(", ")}]`,
    );
  }
  const constant = (data: ArrayLike<number>, shape: number[]) =>
    tensor(Float64Array.from(data), { shape, dtype });

  const logp = logSoftmax(output.logits.reshape([m, numActions]), -1);
  const logpTaken = gather(logp, 1, batch.actions).reshape([m]);
  const ratio = exp(sub(logpTaken, constant(batch.oldLogProbs, [m])));
  const adv = constant(advantages, [m]);
  const surrogate = minimum(
    mul(ratio, adv),
    mul(clamp(ratio, 1 - c.clipParam, 1 + c.clipParam), adv),
  );
  const entropy = neg(sum(mul(exp(logp), logp), 1));

  const values = output.values.reshape([m]);
  const returns = constant(batch.returns, [m]);
  const squared = pow(sub(values, returns), 2);
  let valueLoss: Tensor;
  if (c.valueClip === "rllib") {
    valueLoss = clamp(squared, 0, c.vfClipParam);
  } else if (c.valueClip === "ppo2") {
    const old = constant(batch.oldValues, [m]);
    const moved = clamp(sub(values, old), -c.vfClipParam, c.vfClipParam);
    const clipped = pow(sub(add(old, moved), returns), 2);
    valueLoss = mul(maximum(squared, clipped), 0.5);
  } else {
    valueLoss = mul(squared, 0.5);
  }

  let perStep = sub(mul(valueLoss, c.vfCoeff), surrogate);
  if (c.entropyCoeff !== 0) perStep = sub(perStep, mul(entropy, c.entropyCoeff));
  // KL(old || new) = sum_a p_old(a) (log p_old(a) - log p_new(a)); the old terms are constants.
  const oldLogp = oldLogProbsOf(batch, numActions);
  const oldProbs = oldLogp.map(Math.exp);
  const kl = sum(
    mul(constant(oldProbs, [m, numActions]), sub(constant(oldLogp, [m, numActions]), logp)),
    1,
  );
  if (c.klCoeff !== 0) perStep = add(perStep, mul(kl, c.klCoeff));
  const weights = new Float64Array(m);
  for (let i = 0; i < m; i++) weights[i] = batch.mask[i] / batch.validCount;
  const loss = sum(mul(perStep, constant(weights, [m])));

  const n = batch.validCount;
  const ratioData = ratio.data;
  let clippedCount = 0;
  for (let i = 0; i < m; i++) {
    if (batch.mask[i] && Math.abs(ratioData[i] - 1) > c.clipParam) clippedCount++;
  }
  return {
    loss,
    stats: {
      loss: loss.item(),
      policyLoss: -maskedMean(surrogate.data, batch.mask, n),
      valueLoss: maskedMean(valueLoss.data, batch.mask, n),
      entropy: maskedMean(entropy.data, batch.mask, n),
      kl: maskedMean(kl.data, batch.mask, n),
      clipFraction: clippedCount / n,
    },
  };
}

/** Log-probabilities `[B*L, A]` of the sampling policy, from its stored logits. */
function oldLogProbsOf(batch: Minibatch, numActions: number): Float64Array {
  const m = batch.mask.length;
  const out = new Float64Array(m * numActions);
  const row = new Float64Array(numActions);
  for (let i = 0; i < m; i++) {
    logSoftmaxRow(batch.oldLogits, i, numActions, row);
    out.set(row, i * numActions);
  }
  return out;
}
