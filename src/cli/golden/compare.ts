/** Element-wise comparison with torch.allclose semantics: |a - e| <= atol + rtol * |e|. */
export interface Tolerance {
  rtol: number;
  atol: number;
}

export interface Comparison {
  ok: boolean;
  /** Largest |a - e|. */
  maxAbs: number;
  /** Largest |a - e| / |e| over elements with e != 0. */
  maxRel: number;
  /** First failing index, or -1. */
  firstBad: number;
}

export function compareArrays(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tol: Tolerance,
): Comparison {
  if (actual.length !== expected.length) {
    return {
      ok: false,
      maxAbs: Number.POSITIVE_INFINITY,
      maxRel: Number.POSITIVE_INFINITY,
      firstBad: 0,
    };
  }
  let maxAbs = 0;
  let maxRel = 0;
  let firstBad = -1;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i];
    const e = expected[i];
    const d = Math.abs(a - e);
    if (!(d <= tol.atol + tol.rtol * Math.abs(e))) {
      if (firstBad < 0) firstBad = i;
    }
    if (Number.isNaN(d)) {
      maxAbs = Number.NaN;
    } else if (d > maxAbs) maxAbs = d;
    if (e !== 0 && d / Math.abs(e) > maxRel) maxRel = d / Math.abs(e);
  }
  return { ok: firstBad < 0, maxAbs, maxRel, firstBad };
}

/** The acceptance tolerances of `golden/README.md`. */
export const GOLDEN_TOLERANCES = {
  float64: { values: { atol: 1e-12, rtol: 1e-10 }, grads: { atol: 1e-10, rtol: 1e-8 } },
  float32: { values: { atol: 1e-5, rtol: 1e-4 }, grads: { atol: 5e-5, rtol: 1e-3 } },
} as const satisfies Record<string, { values: Tolerance; grads: Tolerance }>;
