/**
 * The bit-stream XOR task of the CfC paper (spec/papers.md A.6.1): a random-length stream of
 * fair bits whose label is its parity, encoded either densely (one step per bit) or as events
 * (one step per change of value, with the elapsed time since the previous event). Draws use
 * numpy's legacy `RandomState`, so the published seeds replay the published sets exactly.
 */
import { RandomState } from "../random/randomState.js";
import { tensor } from "../tensor/creation.js";
import type { DType } from "../tensor/dtype.js";
import type { Tensor } from "../tensor/tensor.js";

/** How a bit stream becomes a sequence. */
export type XorEncoding = "event" | "dense";

/** Options of {@link generateXorData}. */
export interface XorDataOptions {
  /** Number of streams. */
  samples: number;
  /** Seed of the legacy MT19937 generator (train 1234984, test 48736 in the paper). */
  seed: number;
  /** "event" (irregularly sampled, the paper's event-based task) or "dense". */
  encoding: XorEncoding;
  /** Sequence length after padding; bit counts are drawn from [2, padSize - 1]. Default 32. */
  padSize?: number;
}

/** A generated XOR set; sequences are padded at the end, valid steps form a prefix. */
export interface XorDataset {
  readonly encoding: XorEncoding;
  readonly padSize: number;
  /** Number of streams. */
  readonly size: number;
  /** Bit value of every step, `[size, padSize]` row-major (0 on padding). */
  readonly values: Float64Array;
  /** Elapsed time of every step divided by padSize, `[size, padSize]` (0 on padding). */
  readonly elapsed: Float64Array;
  /** Number of valid (unmasked) steps of each stream. */
  readonly lengths: Int32Array;
  /** Number of bits each stream was drawn with. */
  readonly bitCounts: Int32Array;
  /** Parity of each stream: 1 when it holds an odd number of one bits. */
  readonly labels: Uint8Array;
}

/** Default padded length of the paper. */
export const XOR_PAD_SIZE = 32;

function requireInt(name: string, value: unknown, min: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min) {
    throw new RangeError(`generateXorData: ${name} must be an integer >= ${min}, got ${value}`);
  }
  return value;
}

/**
 * Generates `samples` streams. For each: `length = randint(2, padSize)`, then `length` bits
 * `randint(0, 2)`. The event encoding emits (bit, counter) whenever the bit changes (the first
 * bit always counts) and resets the counter, which counts bits since the last event; a run
 * still open at the end gets one trailing event. Elapsed times are divided by padSize.
 */
export function generateXorData(options: XorDataOptions): XorDataset {
  if (typeof options !== "object" || options === null) {
    throw new TypeError(`generateXorData: options must be an object, got ${String(options)}`);
  }
  const size = requireInt("samples", options.samples, 1);
  const seed = requireInt("seed", options.seed, 0);
  const pad = requireInt("padSize", options.padSize ?? XOR_PAD_SIZE, 3);
  const encoding = options.encoding;
  if (encoding !== "event" && encoding !== "dense") {
    throw new RangeError(
      `generateXorData: encoding must be "event" or "dense", got ${JSON.stringify(encoding)}`,
    );
  }
  const rng = new RandomState(seed);
  const values = new Float64Array(size * pad);
  const elapsed = new Float64Array(size * pad);
  const lengths = new Int32Array(size);
  const bitCounts = new Int32Array(size);
  const labels = new Uint8Array(size);
  const bits = new Uint8Array(pad);
  for (let s = 0; s < size; s++) {
    const length = rng.randint(2, pad);
    let ones = 0;
    for (let i = 0; i < length; i++) {
      bits[i] = rng.randint(0, 2);
      ones += bits[i];
    }
    bitCounts[s] = length;
    labels[s] = ones % 2;
    const row = s * pad;
    const n =
      encoding === "dense"
        ? encodeDense(bits, length, values, elapsed, row)
        : encodeEvents(bits, length, pad, values, elapsed, row);
    lengths[s] = n;
    for (let k = 0; k < n; k++) elapsed[row + k] /= pad;
  }
  return { encoding, padSize: pad, size, values, elapsed, lengths, bitCounts, labels };
}

function encodeDense(
  bits: Uint8Array,
  length: number,
  values: Float64Array,
  elapsed: Float64Array,
  row: number,
): number {
  for (let i = 0; i < length; i++) {
    values[row + i] = bits[i];
    elapsed[row + i] = 1;
  }
  return length;
}

function encodeEvents(
  bits: Uint8Array,
  length: number,
  pad: number,
  values: Float64Array,
  elapsed: Float64Array,
  row: number,
): number {
  let k = 0;
  let counter = 0;
  for (let i = 0; i < length; i++) {
    counter++;
    if (i === 0 || bits[i] !== bits[i - 1]) {
      values[row + k] = bits[i];
      elapsed[row + k] = counter;
      k++;
      counter = 0;
      // The reference stops writing one short of the pad (only 31 alternating bits reach it).
      if (k >= pad - 1) return k;
    }
  }
  if (counter > 0) {
    values[row + k] = bits[length - 1];
    elapsed[row + k] = counter;
    k++;
  }
  return k;
}

/**
 * Rebuilds the bit stream of sample `index` from its event (or dense) encoding: each event
 * closes the run the previous event opened, the trailing elapsed extends the last run.
 * The inverse of the encoding, used to check it.
 */
export function decodeXorSample(data: XorDataset, index: number): number[] {
  if (!Number.isInteger(index) || index < 0 || index >= data.size) {
    throw new RangeError(
      `decodeXorSample: index must be an integer in [0, ${data.size}), got ${index}`,
    );
  }
  const row = index * data.padSize;
  const n = data.lengths[index];
  const steps = (k: number): number => Math.round(data.elapsed[row + k] * data.padSize);
  if (data.encoding === "dense") {
    return Array.from(data.values.subarray(row, row + n));
  }
  const out: number[] = [];
  let current = data.values[row];
  out.push(current);
  for (let k = 1; k < n; k++) {
    const v = data.values[row + k];
    // Event k closes a run of `steps(k)` bits of the previous value (one already emitted).
    for (let r = 1; r < steps(k); r++) out.push(current);
    if (v === current) {
      // A trailing event repeats the last value: it extends the run instead of starting one.
      out.push(current);
    } else {
      out.push(v);
      current = v;
    }
  }
  return out;
}

/** One minibatch as tensors. */
export interface XorBatch {
  /** Bit values `[B, L, 1]`. */
  readonly x: Tensor;
  /** Normalised elapsed times `[B, L]`. */
  readonly timespans: Tensor;
  /** Labels as 0/1 `[B, 1]` (BCE targets). */
  readonly targets: Tensor;
}

/**
 * The first `length` steps of the samples `indices` as tensors of `dtype`. With a length no
 * larger than every selected sample's valid length (as {@link lengthBatches} gives) no
 * padding enters the batch.
 */
export function xorBatch(
  data: XorDataset,
  indices: ArrayLike<number>,
  length: number,
  dtype: DType = "float32",
): XorBatch {
  const b = indices.length;
  if (b === 0) throw new RangeError("xorBatch: indices must not be empty");
  if (!Number.isInteger(length) || length < 1 || length > data.padSize) {
    throw new RangeError(
      `xorBatch: length must be an integer in [1, ${data.padSize}], got ${length}`,
    );
  }
  const x = new Float64Array(b * length);
  const ts = new Float64Array(b * length);
  const y = new Float64Array(b);
  for (let i = 0; i < b; i++) {
    const s = indices[i];
    if (!Number.isInteger(s) || s < 0 || s >= data.size) {
      throw new RangeError(
        `xorBatch: indices must be integers in [0, ${data.size}), got ${s} at position ${i}`,
      );
    }
    const row = s * data.padSize;
    x.set(data.values.subarray(row, row + length), i * length);
    ts.set(data.elapsed.subarray(row, row + length), i * length);
    y[i] = data.labels[s];
  }
  return {
    x: tensor(x, { shape: [b, length, 1], dtype }),
    timespans: tensor(ts, { shape: [b, length], dtype }),
    targets: tensor(y, { shape: [b, 1], dtype }),
  };
}
