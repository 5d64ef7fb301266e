/** The typed arrays a vector env writes into, over plain or shared memory. */
import type { BoxSpace, Observation } from "../env.js";

/** The per-step arrays of N envs. */
export interface BatchViews<O extends Observation = Observation> {
  /** `[N]` actions to take. */
  actions: Int32Array;
  /** `[N, ...shape]` observations. */
  observations: O;
  /** `[N, ...shape]` last observations of episodes that ended. */
  finalObservations: O;
  /** `[N]` rewards. */
  rewards: Float64Array;
  /** `[N]` 1 where the episode ended inside the MDP. */
  terminated: Uint8Array;
  /** `[N]` 1 where the episode was cut short. */
  truncated: Uint8Array;
}

/** The raw memory behind {@link BatchViews}, as sent to workers. */
export interface BatchMemory {
  actions: SharedArrayBuffer | ArrayBuffer;
  observations: SharedArrayBuffer | ArrayBuffer;
  finalObservations: SharedArrayBuffer | ArrayBuffer;
  rewards: SharedArrayBuffer | ArrayBuffer;
  terminated: SharedArrayBuffer | ArrayBuffer;
  truncated: SharedArrayBuffer | ArrayBuffer;
}

/** Elements in one observation. */
export function observationSize(space: BoxSpace): number {
  return space.shape.reduce((a, b) => a * b, 1);
}

function bytesPerElement(space: BoxSpace): number {
  return space.dtype === "uint8" ? 1 : space.dtype === "float32" ? 4 : 8;
}

/** Allocates the memory for `numEnvs` envs, shared between threads when `shared`. */
export function allocateBatchMemory(
  space: BoxSpace,
  numEnvs: number,
  shared: boolean,
): BatchMemory {
  const alloc = (bytes: number) => (shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
  const obsBytes = numEnvs * observationSize(space) * bytesPerElement(space);
  return {
    actions: alloc(numEnvs * 4),
    observations: alloc(obsBytes),
    finalObservations: alloc(obsBytes),
    rewards: alloc(numEnvs * 8),
    terminated: alloc(numEnvs),
    truncated: alloc(numEnvs),
  };
}

/** Typed views of the observation dtype over `buffer` (the one place mapping dtype to O). */
function observationView<O extends Observation>(
  space: BoxSpace,
  buffer: SharedArrayBuffer | ArrayBuffer,
): O {
  switch (space.dtype) {
    case "uint8":
      return new Uint8Array(buffer) as O;
    case "float32":
      return new Float32Array(buffer) as O;
    case "float64":
      return new Float64Array(buffer) as O;
  }
}

/** Views over memory from {@link allocateBatchMemory}. */
export function batchViews<O extends Observation>(
  space: BoxSpace,
  memory: BatchMemory,
): BatchViews<O> {
  return {
    actions: new Int32Array(memory.actions),
    observations: observationView<O>(space, memory.observations),
    finalObservations: observationView<O>(space, memory.finalObservations),
    rewards: new Float64Array(memory.rewards),
    terminated: new Uint8Array(memory.terminated),
    truncated: new Uint8Array(memory.truncated),
  };
}
