/**
 * The "plan" of an LTC cell: its parameters after the optional softplus constraint, copied
 * into float64 and with masked-out synapses left out. The kernels' hot loops read only the
 * plan, so they see one array type whatever the caller's precision, and a zero mask entry
 * costs nothing (its synapse would add exactly zero: f(w)·σ·0).
 */
import { softplus } from "./activations.js";
import type { FloatArray, LtcConfig, LtcParams } from "./ltcTypes.js";
import { checkLtcConfig, checkLtcParams } from "./ltcTypes.js";

/**
 * The unmasked synapses of one `[source, destination]` matrix, in row-major (source-major)
 * order, as parallel arrays.
 */
export interface SynapseList {
  count: number;
  /** Source index (input feature or neuron). */
  src: Int32Array;
  /** Destination neuron. */
  dst: Int32Array;
  /** Position `src * H + dst` in the full matrix, for scattering gradients. */
  flat: Int32Array;
  sigma: Float64Array;
  mu: Float64Array;
  /** f(w) · mask: the synapse's maximal conductance. */
  weight: Float64Array;
  mask: Float64Array;
  erev: Float64Array;
}

/** Constrained, float64 parameters ready for the kernels. */
export interface LtcPlan {
  readonly config: LtcConfig;
  /** f(gleak), `[H]`. */
  gleak: Float64Array;
  vleak: Float64Array;
  /** f(cm), `[H]`. */
  cm: Float64Array;
  recurrent: SynapseList;
  sensory: SynapseList;
  /** `[C]`: input_w, or ones without an input mapping. */
  inputW: Float64Array;
  /** `[C]`: input_b, or zeros unless the input mapping is affine. */
  inputB: Float64Array;
  /** `[M]`: output_w, or ones without an output mapping. */
  outputW: Float64Array;
  /** `[M]`: output_b, or zeros unless the output mapping is affine. */
  outputB: Float64Array;
}

/** "make positive" of ncps: softplus when the constraints are implicit, else the identity. */
function makePositive(p: number, implicit: boolean): number {
  return implicit ? softplus(p) : p;
}

function positiveCopy(values: FloatArray, implicit: boolean): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = makePositive(values[i], implicit);
  return out;
}

function synapseList(
  rows: number,
  cols: number,
  sigma: FloatArray,
  mu: FloatArray,
  w: FloatArray,
  erev: FloatArray,
  mask: FloatArray,
  implicit: boolean,
): SynapseList {
  let count = 0;
  for (let k = 0; k < rows * cols; k++) if (mask[k] !== 0) count++;
  const list: SynapseList = {
    count,
    src: new Int32Array(count),
    dst: new Int32Array(count),
    flat: new Int32Array(count),
    sigma: new Float64Array(count),
    mu: new Float64Array(count),
    weight: new Float64Array(count),
    mask: new Float64Array(count),
    erev: new Float64Array(count),
  };
  let n = 0;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const k = i * cols + j;
      if (mask[k] === 0) continue;
      list.src[n] = i;
      list.dst[n] = j;
      list.flat[n] = k;
      list.sigma[n] = sigma[k];
      list.mu[n] = mu[k];
      list.weight[n] = makePositive(w[k], implicit) * mask[k];
      list.mask[n] = mask[k];
      list.erev[n] = erev[k];
      n++;
    }
  }
  return list;
}

function mappingCopy(values: FloatArray | null, size: number, fill: number): Float64Array {
  const out = new Float64Array(size);
  if (values === null) out.fill(fill);
  else for (let i = 0; i < size; i++) out[i] = values[i];
  return out;
}

/**
 * Checks `config` and `params` and builds the plan (allocates O(H² + C·H)); rebuild it
 * whenever the parameters change.
 */
export function createLtcPlan(config: LtcConfig, params: LtcParams): LtcPlan {
  checkLtcConfig(config);
  checkLtcParams(config, params);
  const { units: h, inputSize: c, motorSize: m, implicitConstraints: implicit } = config;
  return {
    config: { ...config },
    gleak: positiveCopy(params.gleak, implicit),
    vleak: Float64Array.from(params.vleak),
    cm: positiveCopy(params.cm, implicit),
    recurrent: synapseList(
      h,
      h,
      params.sigma,
      params.mu,
      params.w,
      params.erev,
      params.sparsityMask,
      implicit,
    ),
    sensory: synapseList(
      c,
      h,
      params.sensorySigma,
      params.sensoryMu,
      params.sensoryW,
      params.sensoryErev,
      params.sensorySparsityMask,
      implicit,
    ),
    inputW: mappingCopy(params.inputW, c, 1),
    inputB: mappingCopy(params.inputB, c, 0),
    outputW: mappingCopy(params.outputW, m, 1),
    outputB: mappingCopy(params.outputB, m, 0),
  };
}
