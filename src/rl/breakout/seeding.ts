/** Seed checks and entropy seeds shared by the pixel environments and wrappers. */

/** Largest seed accepted: any non-negative safe integer (numpy's SeedSequence takes them all). */
export function checkSeed(name: string, seed: unknown): number {
  if (typeof seed !== "number" || !Number.isSafeInteger(seed) || seed < 0) {
    throw new RangeError(`${name}: seed must be a non-negative safe integer, got ${String(seed)}`);
  }
  return seed;
}

/**
 * A fresh 53-bit seed from the platform's cryptographic generator, for environments reset
 * without ever being given a seed (Gymnasium's behaviour: unseeded means unpredictable).
 */
export function entropySeed(): number {
  const words = new Uint32Array(2);
  globalThis.crypto.getRandomValues(words);
  return (words[0] & 0x1fffff) * 0x100000000 + words[1];
}
