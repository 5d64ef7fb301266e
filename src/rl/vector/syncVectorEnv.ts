/** `SyncVectorEnv`: N environments stepped one after another in the calling thread. */
import type { BoxSpace, DiscreteSpace, Env, Observation } from "../env.js";
import { type EnvOptions, makeEnv } from "../registry.js";
import { allocateBatchMemory, type BatchViews, batchViews } from "./buffers.js";
import { checkActions, checkNumEnvs, checkSameSpaces, checkVectorSeed } from "./checks.js";
import { EnvBatch } from "./envBatch.js";
import type { VectorEnv, VectorResetResult, VectorStepResult } from "./types.js";

/** Runs envs in this thread; the reference for {@link WorkerVectorEnv}, which matches it exactly. */
export class SyncVectorEnv<O extends Observation = Observation> implements VectorEnv<O> {
  /** Number of environments. */
  readonly numEnvs: number;
  /** The observation space of one env. */
  readonly singleObservationSpace: BoxSpace;
  /** The action space of one env. */
  readonly singleActionSpace: DiscreteSpace;
  private readonly views: BatchViews<O>;
  private readonly batch: EnvBatch<O>;
  private closed = false;

  /** Takes ownership of `envs` (all with the same spaces). */
  constructor(envs: readonly Env<O>[]) {
    if (!Array.isArray(envs) || envs.length === 0) {
      throw new RangeError(`SyncVectorEnv: envs must be a non-empty array, got ${String(envs)}`);
    }
    checkSameSpaces(envs, "SyncVectorEnv");
    this.numEnvs = envs.length;
    this.singleObservationSpace = envs[0].observationSpace;
    this.singleActionSpace = envs[0].actionSpace;
    this.views = batchViews<O>(
      this.singleObservationSpace,
      allocateBatchMemory(this.singleObservationSpace, this.numEnvs, false),
    );
    this.batch = new EnvBatch(envs, 0, this.views);
  }

  /** `numEnvs` envs made by `makeEnv(id, options)`. */
  static fromId(id: string, numEnvs: number, options: EnvOptions = {}): SyncVectorEnv {
    checkNumEnvs(numEnvs, "SyncVectorEnv.fromId");
    const envs = Array.from({ length: numEnvs }, () => makeEnv(id, options));
    return new SyncVectorEnv(envs);
  }

  reset(seed?: number): VectorResetResult<O> {
    this.checkOpen();
    const s = checkVectorSeed(seed, this.numEnvs, "SyncVectorEnv.reset");
    const infos = this.batch.reset(s);
    return { observations: this.views.observations, infos };
  }

  step(actions: Int32Array): VectorStepResult<O> {
    this.checkOpen();
    checkActions(actions, this.numEnvs, this.singleActionSpace, "SyncVectorEnv.step");
    this.views.actions.set(actions);
    const report = this.batch.step();
    const v = this.views;
    return {
      observations: v.observations,
      rewards: v.rewards,
      terminated: v.terminated,
      truncated: v.truncated,
      finalObservations: v.finalObservations,
      ...report,
    };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.batch.close();
  }

  private checkOpen(): void {
    if (this.closed) throw new Error("SyncVectorEnv: the vector env is closed");
  }
}
