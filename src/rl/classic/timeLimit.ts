/** The truncation cap shared by the environments of `src/rl` (Gymnasium's `TimeLimit`). */

/** Checks a truncation cap: a positive integer, or `Infinity` for none. Returns it. */
export function checkMaxEpisodeSteps(value: unknown): number {
  if (value === Number.POSITIVE_INFINITY) return value;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
    throw new RangeError(
      `maxEpisodeSteps must be a positive integer or Infinity, got ${String(value)}`,
    );
  }
  return value;
}
