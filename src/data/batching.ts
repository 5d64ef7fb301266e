/**
 * Minibatches of variable-length sequences grouped by length. A batch whose sequences all have
 * the same number of valid steps runs without padding, so a recurrent model's final state is
 * exactly the state after the last valid step: the same result as masking padded steps (masked
 * steps keep the state unchanged), without computing them.
 */

/** Anything that shuffles an array in place (numpy `RandomState.shuffle`, `Generator.shuffle`). */
export interface Shuffler {
  shuffle<T>(a: T[]): void;
}

/** Options of {@link lengthBatches}. */
export interface LengthBatchOptions {
  /** Largest number of samples in a batch. */
  batchSize: number;
  /** Shuffles the samples within each length and the order of the batches; none keeps order. */
  rng?: Shuffler;
}

/** A batch of sample indices that all have `length` valid steps. */
export interface LengthBatch {
  readonly length: number;
  readonly indices: Int32Array;
}

/**
 * Splits the samples `0..lengths.length-1` into batches of at most `batchSize` samples of
 * equal length. Without `rng` the batches come by increasing length and sample order;
 * with it, samples are shuffled within each length and the batches are shuffled.
 */
export function lengthBatches(
  lengths: ArrayLike<number>,
  options: LengthBatchOptions,
): LengthBatch[] {
  const { batchSize, rng } = options;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`lengthBatches: batchSize must be an integer >= 1, got ${batchSize}`);
  }
  const byLength = new Map<number, number[]>();
  for (let i = 0; i < lengths.length; i++) {
    const l = lengths[i];
    if (!Number.isInteger(l) || l < 1) {
      throw new RangeError(`lengthBatches: lengths must be integers >= 1, got ${l} at index ${i}`);
    }
    const group = byLength.get(l);
    if (group === undefined) byLength.set(l, [i]);
    else group.push(i);
  }
  const batches: LengthBatch[] = [];
  for (const length of [...byLength.keys()].sort((a, b) => a - b)) {
    const group = byLength.get(length) ?? [];
    rng?.shuffle(group);
    for (let start = 0; start < group.length; start += batchSize) {
      batches.push({ length, indices: Int32Array.from(group.slice(start, start + batchSize)) });
    }
  }
  rng?.shuffle(batches);
  return batches;
}
