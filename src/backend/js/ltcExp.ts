/**
 * A faster `Math.exp` for the LTC synapse sigmoids, which dominate the cost of the kernels
 * (ode_unfolds × H² of them per sample and step, forward and again in backward).
 *
 * exp(x) = 2^(k/64) · exp(r) with k = round(64·x/ln 2) and |r| <= ln2/128: the power of two
 * comes from a table, exp(r) from a degree-5 polynomial (truncation error 3.5e-17 relative).
 * Over |x| <= 40 the result is within 2 ulp of `Math.exp`; outside that range (where the
 * sigmoid is saturated) it calls `Math.exp`, so overflow, underflow and infinities behave
 * exactly as before, and NaN stays NaN. V8 inlines this small function into the hot loops.
 */

const STEPS_PER_OCTAVE = 64;
/** Beyond |x| > LIMIT the table ends and `Math.exp` takes over. */
const LIMIT = 40;
const K_MAX = Math.ceil((LIMIT * STEPS_PER_OCTAVE) / Math.LN2) + 1;
const INV_LN2_STEP = STEPS_PER_OCTAVE / Math.LN2;
// ln 2 / 64 split so that k * HI is exact (fdlibm's ln2_hi has 21 trailing zero bits).
const LN2_STEP_HI = 0.6931471803691238 / STEPS_PER_OCTAVE;
const LN2_STEP_LO = 1.9082149292705877e-10 / STEPS_PER_OCTAVE;
/** 1.5 · 2^52: adding and subtracting it rounds a double to the nearest integer. */
const ROUND_SHIFT = 6755399441055744;

/** POW2_STEPS[k + K_MAX] = 2^(k/64). */
const POW2_STEPS = buildPow2Table();

function buildPow2Table(): Float64Array {
  const table = new Float64Array(2 * K_MAX + 1);
  for (let k = -K_MAX; k <= K_MAX; k++) {
    // Split into whole octaves (exact) and a fraction so each entry is rounded once.
    const whole = Math.floor(k / STEPS_PER_OCTAVE);
    const frac = k - whole * STEPS_PER_OCTAVE;
    table[k + K_MAX] = 2 ** (frac / STEPS_PER_OCTAVE) * 2 ** whole;
  }
  return table;
}

/** e^x: within 2 ulp of `Math.exp(x)`, identical to it for |x| > 40 and ±Infinity; NaN gives NaN. */
export function fastExp(x: number): number {
  if (Math.abs(x) > LIMIT) return Math.exp(x);
  const kf = x * INV_LN2_STEP + ROUND_SHIFT - ROUND_SHIFT;
  const r = x - kf * LN2_STEP_HI - kf * LN2_STEP_LO;
  const r2 = r * r;
  // exp(r) − 1, so that the final step t + t·q rounds once, near the result.
  const q = r + r2 * (0.5 + r * (1 / 6) + r2 * (1 / 24 + r * (1 / 120)));
  // NaN makes the index 0 and q NaN, so NaN propagates.
  const t = POW2_STEPS[(kf + K_MAX) | 0];
  return t + t * q;
}
