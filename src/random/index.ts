/** numpy-compatible random number generators (bit-exact streams). */
export { lemireBounded, maskedBounded, maskFor, type Uint32Source } from "./bounded.js";
export { defaultRng, Generator, type GeneratorState } from "./generator.js";
export { MT19937, type MT19937State } from "./mt19937.js";
export { PCG64, type PCG64State } from "./pcg64.js";
export { RandomState, type RandomStateState } from "./randomState.js";
export type { MutableArrayLike } from "./sampling.js";
export { type SeedEntropy, SeedSequence } from "./seedSequence.js";
