/** Fresh seed material for environments created without a seed (like numpy's `SeedSequence(None)`). */

/** 128 bits from `crypto.getRandomValues`, as four 32-bit words. */
export function entropyWords(): number[] {
  return Array.from(globalThis.crypto.getRandomValues(new Uint32Array(4)));
}
