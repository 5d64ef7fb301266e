/**
 * The browser entry point of ncps: everything that runs without Node.js. Nothing reachable
 * from here imports a `node:` module when it loads (test/web/browserEntry.test.ts walks the
 * import graph and bundles it for the browser to keep it so). Left out: file helpers (atomic
 * writes, checkpoints, `saveSafetensors`/`loadSafetensors`), worker-thread vector
 * environments, trace replay from disk and the CLI. Kernels are the portable `js` set; the
 * native addon is absent by design in a browser.
 */
export * from "./backend/index.js";
export {
  type DecodedSafetensors,
  type DType as SafetensorsDType,
  decodeSafetensors,
  encodeSafetensors,
  type NamedArray,
  type SafetensorsData,
} from "./io/safetensors.js";
export * from "./nn/index.js";
export * from "./optim/index.js";
export * from "./random/index.js";
export * from "./rl/classic/index.js";
export {
  type BoxSpace,
  checkAction,
  type DiscreteSpace,
  type Env,
  type Info,
  type Observation,
  type ResetResult,
  type Space,
  type StepResult,
} from "./rl/env.js";
export * from "./rl/minatar/index.js";
export * from "./tensor/index.js";
export * from "./wirings/index.js";
