/**
 * The two hot loops of the LTC kernels: summing synaptic currents (forward) and
 * back-propagating through them (backward), for sensory and recurrent synapses alike.
 *
 * Buffers are "batch-inner": value `[unit, b]` lives at `unit * batch + b`. The outer loop
 * walks the synapse list once and keeps the synapse's parameters in registers; the inner
 * loop walks the batch. Synapse activations are never stored; backward recomputes them.
 */
import { fastExp } from "./ltcExp.js";
import type { SynapseList } from "./ltcPlan.js";

/** Per-synapse gradient accumulators, parallel to a {@link SynapseList}. */
export interface SynapseGrads {
  sigma: Float64Array;
  mu: Float64Array;
  /** d/d f(w), before the mask factor and the softplus chain rule. */
  weight: Float64Array;
  erev: Float64Array;
}

/** Zeroed accumulators for a synapse list. */
export function createSynapseGrads(list: SynapseList): SynapseGrads {
  return {
    sigma: new Float64Array(list.count),
    mu: new Float64Array(list.count),
    weight: new Float64Array(list.count),
    erev: new Float64Array(list.count),
  };
}

/**
 * num[dst,b] += Σ A·erev and den[dst,b] += Σ A over the synapses, where
 * A = weight · σ(sigma · (pre[src,b] − mu)) and `pre` starts at `preOff`.
 */
export function accumulateSynapses(
  list: SynapseList,
  batch: number,
  pre: Float64Array,
  preOff: number,
  num: Float64Array,
  den: Float64Array,
): void {
  if (batch === 1) {
    accumulateSingle(list, pre, preOff, num, den);
    return;
  }
  const { src, dst, sigma, mu, weight, erev } = list;
  for (let k = 0; k < list.count; k++) {
    const s = sigma[k];
    const m = mu[k];
    const wt = weight[k];
    const er = erev[k];
    const p = preOff + src[k] * batch;
    const d = dst[k] * batch;
    // σ(s·(v − m)) = 1 / (1 + e^{s·(m − v)}). Four samples per iteration give the CPU four
    // independent exp chains to overlap (V8 does not unroll); each (dst, b) still sums its
    // synapses in list order, so results do not depend on the batch size.
    let b = 0;
    for (; b + 3 < batch; b += 4) {
      const a0 = wt / (1 + fastExp(s * (m - pre[p + b])));
      const a1 = wt / (1 + fastExp(s * (m - pre[p + b + 1])));
      const a2 = wt / (1 + fastExp(s * (m - pre[p + b + 2])));
      const a3 = wt / (1 + fastExp(s * (m - pre[p + b + 3])));
      num[d + b] += a0 * er;
      den[d + b] += a0;
      num[d + b + 1] += a1 * er;
      den[d + b + 1] += a1;
      num[d + b + 2] += a2 * er;
      den[d + b + 2] += a2;
      num[d + b + 3] += a3 * er;
      den[d + b + 3] += a3;
    }
    for (; b < batch; b++) {
      const a = wt / (1 + fastExp(s * (m - pre[p + b])));
      num[d + b] += a * er;
      den[d + b] += a;
    }
  }
}

/**
 * {@link accumulateSynapses} for a single sample (streaming inference): the batch loop would
 * run once per synapse, so this one unrolls over synapses instead. The read-modify-writes
 * stay in list order, so every destination sums exactly as in the batched loop.
 */
function accumulateSingle(
  list: SynapseList,
  pre: Float64Array,
  preOff: number,
  num: Float64Array,
  den: Float64Array,
): void {
  const { src, dst, sigma, mu, weight, erev } = list;
  const n = list.count;
  let k = 0;
  for (; k + 3 < n; k += 4) {
    const a0 = weight[k] / (1 + fastExp(sigma[k] * (mu[k] - pre[preOff + src[k]])));
    const a1 = weight[k + 1] / (1 + fastExp(sigma[k + 1] * (mu[k + 1] - pre[preOff + src[k + 1]])));
    const a2 = weight[k + 2] / (1 + fastExp(sigma[k + 2] * (mu[k + 2] - pre[preOff + src[k + 2]])));
    const a3 = weight[k + 3] / (1 + fastExp(sigma[k + 3] * (mu[k + 3] - pre[preOff + src[k + 3]])));
    num[dst[k]] += a0 * erev[k];
    den[dst[k]] += a0;
    num[dst[k + 1]] += a1 * erev[k + 1];
    den[dst[k + 1]] += a1;
    num[dst[k + 2]] += a2 * erev[k + 2];
    den[dst[k + 2]] += a2;
    num[dst[k + 3]] += a3 * erev[k + 3];
    den[dst[k + 3]] += a3;
  }
  for (; k < n; k++) {
    const a = weight[k] / (1 + fastExp(sigma[k] * (mu[k] - pre[preOff + src[k]])));
    num[dst[k]] += a * erev[k];
    den[dst[k]] += a;
  }
}

/**
 * Backward of {@link accumulateSynapses}: given dNum, dDen (`[dst,b]`), adds the gradient
 * with respect to `pre` into `dPre` (from `dPreOff`) and the parameter gradients into `grads`.
 */
export function backpropSynapses(
  list: SynapseList,
  batch: number,
  pre: Float64Array,
  preOff: number,
  dNum: Float64Array,
  dDen: Float64Array,
  dPre: Float64Array,
  dPreOff: number,
  grads: SynapseGrads,
): void {
  const { src, dst, sigma, mu, weight, erev } = list;
  const gSigma = grads.sigma;
  const gMu = grads.mu;
  const gWeight = grads.weight;
  const gErev = grads.erev;
  for (let k = 0; k < list.count; k++) {
    const s = sigma[k];
    const m = mu[k];
    const wt = weight[k];
    const er = erev[k];
    const p = preOff + src[k] * batch;
    const g = dPreOff + src[k] * batch;
    const d = dst[k] * batch;
    // With σ = σ(s·(v − m)) and A = wt·σ (which enters num through erev and den directly):
    // dA = dNum·erev + dDen, d wt = dA·σ, d erev = dNum·A, and dz = dA·A·(1 − σ) for
    // z = s·(v − m), so d s = dz·(v − m), d m = −dz·s, d v = dz·s. Unrolled by four like
    // the forward loop; the accumulators still add the samples in order.
    let accSigma = 0;
    let accZ = 0;
    let accWeight = 0;
    let accErev = 0;
    let b = 0;
    for (; b + 3 < batch; b += 4) {
      const diff0 = m - pre[p + b];
      const diff1 = m - pre[p + b + 1];
      const diff2 = m - pre[p + b + 2];
      const diff3 = m - pre[p + b + 3];
      const sig0 = 1 / (1 + fastExp(s * diff0));
      const sig1 = 1 / (1 + fastExp(s * diff1));
      const sig2 = 1 / (1 + fastExp(s * diff2));
      const sig3 = 1 / (1 + fastExp(s * diff3));
      const dn0 = dNum[d + b];
      const dn1 = dNum[d + b + 1];
      const dn2 = dNum[d + b + 2];
      const dn3 = dNum[d + b + 3];
      const dA0 = dn0 * er + dDen[d + b];
      const dA1 = dn1 * er + dDen[d + b + 1];
      const dA2 = dn2 * er + dDen[d + b + 2];
      const dA3 = dn3 * er + dDen[d + b + 3];
      const a0 = wt * sig0;
      const a1 = wt * sig1;
      const a2 = wt * sig2;
      const a3 = wt * sig3;
      const dz0 = dA0 * a0 * (1 - sig0);
      const dz1 = dA1 * a1 * (1 - sig1);
      const dz2 = dA2 * a2 * (1 - sig2);
      const dz3 = dA3 * a3 * (1 - sig3);
      accErev += dn0 * a0;
      accErev += dn1 * a1;
      accErev += dn2 * a2;
      accErev += dn3 * a3;
      accWeight += dA0 * sig0;
      accWeight += dA1 * sig1;
      accWeight += dA2 * sig2;
      accWeight += dA3 * sig3;
      accSigma -= dz0 * diff0;
      accSigma -= dz1 * diff1;
      accSigma -= dz2 * diff2;
      accSigma -= dz3 * diff3;
      accZ += dz0;
      accZ += dz1;
      accZ += dz2;
      accZ += dz3;
      dPre[g + b] += dz0 * s;
      dPre[g + b + 1] += dz1 * s;
      dPre[g + b + 2] += dz2 * s;
      dPre[g + b + 3] += dz3 * s;
    }
    for (; b < batch; b++) {
      const diff = m - pre[p + b];
      const sig = 1 / (1 + fastExp(s * diff));
      const dn = dNum[d + b];
      const dA = dn * er + dDen[d + b];
      const a = wt * sig;
      const dz = dA * a * (1 - sig);
      accErev += dn * a;
      accWeight += dA * sig;
      accSigma -= dz * diff;
      accZ += dz;
      dPre[g + b] += dz * s;
    }
    gSigma[k] += accSigma;
    gMu[k] -= accZ * s;
    gWeight[k] += accWeight;
    gErev[k] += accErev;
  }
}
