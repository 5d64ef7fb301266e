/** Argument checks shared by the vector envs. */

import { checkSeed } from "../breakout/seeding.js";
import type { BoxSpace, DiscreteSpace } from "../env.js";

/** Throws unless every env has the same observation and action spaces as the first. */
export function checkSameSpaces(
  spaces: readonly { observationSpace: BoxSpace; actionSpace: DiscreteSpace }[],
  where: string,
): void {
  const first = JSON.stringify([spaces[0].observationSpace, spaces[0].actionSpace]);
  spaces.forEach((s, i) => {
    const these = JSON.stringify([s.observationSpace, s.actionSpace]);
    if (these !== first) {
      throw new TypeError(
        `${where}: env ${i} has spaces ${these}, expected those of env 0: ${first}`,
      );
    }
  });
}

/** Checks `actions` (length and range) before anything is stepped. */
export function checkActions(
  actions: Int32Array,
  numEnvs: number,
  space: DiscreteSpace,
  where: string,
): void {
  if (!(actions instanceof Int32Array) || actions.length !== numEnvs) {
    throw new TypeError(
      `${where}: actions must be an Int32Array of length ${numEnvs}, got ${describeArray(actions)}`,
    );
  }
  for (let i = 0; i < numEnvs; i++) {
    const a = actions[i];
    if (a < 0 || a >= space.n) {
      throw new RangeError(`${where}: actions[${i}] must be in [0, ${space.n - 1}], got ${a}`);
    }
  }
}

/** Checks an optional vector seed: seed + numEnvs - 1 must stay a safe integer. */
export function checkVectorSeed(
  seed: number | undefined,
  numEnvs: number,
  where: string,
): number | null {
  if (seed === undefined) return null;
  checkSeed(`${where}: seed`, seed);
  checkSeed(`${where}: seed + numEnvs - 1`, seed + numEnvs - 1);
  return seed;
}

/** Checks the number of envs. */
export function checkNumEnvs(numEnvs: number, where: string): number {
  if (!Number.isInteger(numEnvs) || numEnvs < 1) {
    throw new RangeError(`${where}: numEnvs must be a positive integer, got ${numEnvs}`);
  }
  return numEnvs;
}

function describeArray(v: unknown): string {
  if (ArrayBuffer.isView(v)) return `${v.constructor.name} of length ${(v as Int32Array).length}`;
  return Array.isArray(v) ? `an array of length ${v.length}` : String(v);
}
