/**
 * Bounded integer draws on a 32-bit source, as numpy computes them. Two algorithms exist:
 * masked rejection (legacy `RandomState`, and `Generator.shuffle`) and Lemire's
 * multiply-shift (`Generator.integers` / `choice`). They consume the stream differently, so
 * both are needed for bit-exact streams.
 */

/** Anything that yields uniformly distributed 32-bit unsigned integers. */
export interface Uint32Source {
  /** The next uniformly distributed integer in `[0, 2^32)`. */
  nextUint32(): number;
}

/** The smallest all-ones bit mask `>= max` (for `max < 2^32`). */
export function maskFor(max: number): number {
  let m = max >>> 0;
  m |= m >>> 1;
  m |= m >>> 2;
  m |= m >>> 4;
  m |= m >>> 8;
  m |= m >>> 16;
  return m >>> 0;
}

/**
 * Uniform integer in `[0, max]` by masked rejection (numpy `random_interval` /
 * `buffered_bounded_masked_uint32`). `max` must be in `[0, 2^32-1]`; `max === 0` draws nothing.
 */
export function maskedBounded(src: Uint32Source, max: number): number {
  if (max === 0) return 0;
  const mask = maskFor(max);
  for (;;) {
    const v = (src.nextUint32() & mask) >>> 0;
    if (v <= max) return v;
  }
}

/** `(a * b) mod 2^32` and `floor(a * b / 2^32)` for 32-bit unsigned a, b, without precision loss. */
function mulHiLo(a: number, b: number): [hi: number, lo: number] {
  const lo = Math.imul(a, b) >>> 0;
  // a*b < 2^64; split a to keep every partial product exact in a double.
  const aHi = a >>> 16;
  const aLo = a & 0xffff;
  const mid = aLo * b; // < 2^48
  const top = aHi * b; // < 2^48
  // a*b = top*2^16 + mid; hi = floor((top*2^16 + mid) / 2^32)
  const hi = Math.floor((top + Math.floor(mid / 65536)) / 65536);
  return [hi >>> 0, lo];
}

/**
 * Uniform integer in `[0, max]` by Lemire's method with numpy's rejection rule
 * (`buffered_bounded_lemire_uint32`). `max` must be in `[0, 2^32-2]`; `max === 0` draws nothing.
 */
export function lemireBounded(src: Uint32Source, max: number): number {
  if (max === 0) return 0;
  const rngExcl = max + 1;
  let [hi, lo] = mulHiLo(src.nextUint32(), rngExcl);
  if (lo < rngExcl) {
    const threshold = (0xffffffff - max) % rngExcl;
    while (lo < threshold) {
      [hi, lo] = mulHiLo(src.nextUint32(), rngExcl);
    }
  }
  return hi;
}
