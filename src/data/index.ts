/**
 * Datasets of the examples and learning tests: the ncps first-steps sine task, the CfC paper's
 * bit-stream XOR, the LTC paper's Half-Cheetah windows, a `.npy` reader and length-bucketed
 * batching. Everything works on bytes and arrays (no file system), so it runs in browsers too.
 */
export {
  type LengthBatch,
  type LengthBatchOptions,
  lengthBatches,
  type Shuffler,
} from "./batching.js";
export {
  type CheetahSplit,
  nextStateWindows,
  splitCheetah,
  type Trace,
  traceFromNpy,
  type WindowSet,
  windowBatch,
} from "./cheetah.js";
export { encodeNpy, type NpyArray, type NpyData, type NpyDType, parseNpy } from "./npy.js";
export { linspace, type SineTask, sineTask } from "./sine.js";
export {
  decodeXorSample,
  generateXorData,
  XOR_PAD_SIZE,
  type XorBatch,
  type XorDataOptions,
  type XorDataset,
  type XorEncoding,
  xorBatch,
} from "./xor.js";
