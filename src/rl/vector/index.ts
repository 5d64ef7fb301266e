/** Vector environments: many envs stepped as one batch, in this thread or over worker threads. */
export { allocateBatchMemory, type BatchViews, batchViews, observationSize } from "./buffers.js";
export { type BatchStepReport, EnvBatch } from "./envBatch.js";
export { SyncVectorEnv } from "./syncVectorEnv.js";
export type { EpisodeRecord, VectorEnv, VectorResetResult, VectorStepResult } from "./types.js";
export { splitEnvs, WorkerVectorEnv, type WorkerVectorEnvOptions } from "./workerVectorEnv.js";
