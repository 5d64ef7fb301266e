/**
 * Cutting a time-major rollout into training sequences, as rllib's `chop_into_sequences`:
 * a sequence starts at the first step of every env's fragment, at every episode start, and
 * after `maxSeqLen` steps, so no sequence crosses an episode boundary and each begins from
 * the recurrent state recorded at its first step. Minibatches are groups of whole sequences.
 */

/** Steps `start .. start + length - 1` of env `env`. */
export interface SequenceChunk {
  /** The env index. */
  readonly env: number;
  /** The first step of the chunk. */
  readonly start: number;
  /** Number of steps (1 to maxSeqLen). */
  readonly length: number;
}

/**
 * The chunks of a rollout with `numSteps` steps of `numEnvs` envs. `episodeStarts` is
 * `[numSteps, numEnvs]` (time-major): 1 where the step is the first of an episode. Chunks are
 * listed env by env, in time order.
 */
export function chopIntoSequences(
  episodeStarts: ArrayLike<number>,
  numSteps: number,
  numEnvs: number,
  maxSeqLen: number,
): SequenceChunk[] {
  for (const [name, v] of [
    ["numSteps", numSteps],
    ["numEnvs", numEnvs],
    ["maxSeqLen", maxSeqLen],
  ] as const) {
    if (!Number.isInteger(v) || v < 1) {
      throw new RangeError(`chopIntoSequences: ${name} must be a positive integer, got ${v}`);
    }
  }
  if (episodeStarts.length !== numSteps * numEnvs) {
    throw new RangeError(
      `chopIntoSequences: episodeStarts must have numSteps * numEnvs = ${numSteps * numEnvs} values, got ${episodeStarts.length}`,
    );
  }
  const chunks: SequenceChunk[] = [];
  for (let env = 0; env < numEnvs; env++) {
    let start = 0;
    for (let t = 1; t <= numSteps; t++) {
      const cut =
        t === numSteps || t - start === maxSeqLen || episodeStarts[t * numEnvs + env] !== 0;
      if (cut) {
        chunks.push({ env, start, length: t - start });
        start = t;
      }
    }
  }
  return chunks;
}

/** How many minibatches a rollout of `totalSteps` steps gives for `minibatchSize` (at least 1). */
export function minibatchCount(totalSteps: number, minibatchSize: number): number {
  return Math.max(1, Math.round(totalSteps / minibatchSize));
}

/**
 * Splits chunk indices `order` (already shuffled) into `count` consecutive groups of nearly
 * equal numbers of chunks: group g holds `order[floor(g*S/count) .. floor((g+1)*S/count))`.
 */
export function splitIntoGroups(order: ArrayLike<number>, count: number): number[][] {
  if (!Number.isInteger(count) || count < 1) {
    throw new RangeError(`splitIntoGroups: count must be a positive integer, got ${count}`);
  }
  const s = order.length;
  const groups: number[][] = [];
  for (let g = 0; g < count; g++) {
    const from = Math.floor((g * s) / count);
    const to = Math.floor(((g + 1) * s) / count);
    const group: number[] = [];
    for (let i = from; i < to; i++) group.push(order[i]);
    if (group.length > 0) groups.push(group);
  }
  return groups;
}
