/**
 * `WorkerVectorEnv`: N environments split over `worker_threads` workers. Observations,
 * actions, rewards and flags live in `SharedArrayBuffer`s; commands are signalled with
 * `Atomics` (see `protocol.ts`), so `reset`/`step` are synchronous calls like
 * {@link SyncVectorEnv}'s and give exactly the same results: env i is the same env, seeded
 * `seed + i`, whichever worker runs it. Node only (the browser forbids blocking waits on
 * the main thread).
 */
import { availableParallelism } from "node:os";
import {
  MessageChannel,
  type MessagePort,
  receiveMessageOnPort,
  Worker,
} from "node:worker_threads";
import type { BoxSpace, DiscreteSpace, Info, Observation } from "../env.js";
import type { EnvOptions } from "../registry.js";
import { allocateBatchMemory, type BatchViews, batchViews } from "./buffers.js";
import { checkActions, checkNumEnvs, checkSameSpaces, checkVectorSeed } from "./checks.js";
import type { BatchStepReport } from "./envBatch.js";
import {
  CONTROL_SLOTS,
  type CommandReport,
  type MemoryMessage,
  NO_SEED,
  Op,
  type StartupMessage,
  type WorkerInit,
} from "./protocol.js";
import type { EpisodeRecord, VectorEnv, VectorResetResult, VectorStepResult } from "./types.js";

/** Longest wait for the workers to close their envs before they are terminated anyway. */
const CLOSE_TIMEOUT_MS = 5_000;

/** Options of {@link WorkerVectorEnv.create}. */
export interface WorkerVectorEnvOptions {
  /** A registered env id (`makeEnv`). */
  id: string;
  /** Number of environments. */
  numEnvs: number;
  /** Worker threads (default: min(numEnvs, available cores)); envs are split in contiguous blocks. */
  numWorkers?: number;
  /** Registry options for every env. */
  envOptions?: EnvOptions;
  /** Modules each worker imports before making envs, e.g. ones registering custom ids. */
  preload?: readonly (string | URL)[];
  /**
   * Node options of the workers (default: inherited from this process). Running from
   * TypeScript sources needs one that loads `.ts` files (a loader such as `--import tsx`).
   */
  execArgv?: string[];
  /** Worker script (default: `worker.js`, or `worker.ts` when this module is a `.ts` file). */
  workerUrl?: URL;
  /** Longest wait for a worker's answer in ms before giving up (default 60 000). */
  timeoutMs?: number;
}

/** The worker entry beside this module, in this module's own extension (.js built, .ts source). */
function defaultWorkerUrl(): URL {
  const here = import.meta.url;
  return new URL(here.endsWith(".ts") ? "./worker.ts" : "./worker.js", here);
}

/** Contiguous, nearly equal blocks: worker w gets envs `[floor(w*N/W), floor((w+1)*N/W))`. */
export function splitEnvs(
  numEnvs: number,
  numWorkers: number,
): {
  /** First env of the block. */
  offset: number;
  /** Number of envs in the block. */
  count: number;
}[] {
  return Array.from({ length: numWorkers }, (_, w) => {
    const offset = Math.floor((w * numEnvs) / numWorkers);
    return { offset, count: Math.floor(((w + 1) * numEnvs) / numWorkers) - offset };
  });
}

function waitForMessage(worker: Worker, index: number): Promise<StartupMessage> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: StartupMessage) => {
      cleanup();
      resolve(m);
    };
    const onError = (e: Error) => {
      cleanup();
      reject(new Error(`WorkerVectorEnv: worker ${index} failed to start: ${e.message}`));
    };
    const onExit = (code: number) => {
      cleanup();
      reject(new Error(`WorkerVectorEnv: worker ${index} exited during start-up (code ${code})`));
    };
    const cleanup = () => {
      worker.off("message", onMessage);
      worker.off("error", onError);
      worker.off("exit", onExit);
    };
    worker.on("message", onMessage);
    worker.on("error", onError);
    worker.on("exit", onExit);
  });
}

async function expectMessage<T extends StartupMessage["type"]>(
  worker: Worker,
  index: number,
  type: T,
): Promise<Extract<StartupMessage, { type: T }>> {
  const m = await waitForMessage(worker, index);
  if (m.type === "error") throw new Error(`WorkerVectorEnv: worker ${index}: ${m.message}`);
  if (m.type !== type) {
    throw new Error(`WorkerVectorEnv: worker ${index} sent "${m.type}", expected "${type}"`);
  }
  return m as Extract<StartupMessage, { type: T }>;
}

/** N envs over worker threads; build it with {@link WorkerVectorEnv.create}. */
export class WorkerVectorEnv<O extends Observation = Observation> implements VectorEnv<O> {
  /** Number of environments. */
  readonly numEnvs: number;
  /** Number of worker threads. */
  readonly numWorkers: number;
  /** The observation space of one env. */
  readonly singleObservationSpace: BoxSpace;
  /** The action space of one env. */
  readonly singleActionSpace: DiscreteSpace;
  private readonly views: BatchViews<O>;
  private readonly control: Int32Array;
  private readonly params: Float64Array;
  private readonly sequence: Int32Array;
  private closed = false;
  private readonly failures: string[] = [];

  private constructor(
    private readonly workers: Worker[],
    private readonly ports: MessagePort[],
    spaces: { observationSpace: BoxSpace; actionSpace: DiscreteSpace },
    views: BatchViews<O>,
    control: SharedArrayBuffer,
    params: SharedArrayBuffer,
    private readonly timeoutMs: number,
  ) {
    this.numEnvs = views.actions.length;
    this.numWorkers = workers.length;
    this.singleObservationSpace = spaces.observationSpace;
    this.singleActionSpace = spaces.actionSpace;
    this.views = views;
    this.control = new Int32Array(control);
    this.params = new Float64Array(params);
    this.sequence = new Int32Array(workers.length);
    // A worker that dies later must not crash this process through an unhandled 'error'
    // event; the next command notices the silence and reports it with this message.
    workers.forEach((w, i) => {
      w.on("error", (e: Error) => {
        this.failures[i] = e.message;
      });
    });
  }

  /** Starts the workers, which build their envs; resolves once all are ready. */
  static async create<O extends Observation = Observation>(
    options: WorkerVectorEnvOptions,
  ): Promise<WorkerVectorEnv<O>> {
    const numEnvs = checkNumEnvs(options.numEnvs, "WorkerVectorEnv.create");
    const numWorkers = options.numWorkers ?? Math.min(numEnvs, availableParallelism());
    if (!Number.isInteger(numWorkers) || numWorkers < 1 || numWorkers > numEnvs) {
      throw new RangeError(
        `WorkerVectorEnv.create: numWorkers must be an integer in [1, ${numEnvs}], got ${numWorkers}`,
      );
    }
    const timeoutMs = options.timeoutMs ?? 60_000;
    if (!(timeoutMs > 0)) {
      throw new RangeError(`WorkerVectorEnv.create: timeoutMs must be positive, got ${timeoutMs}`);
    }
    const preload = (options.preload ?? []).map((u) => (u instanceof URL ? u.href : u));
    const workerUrl = options.workerUrl ?? defaultWorkerUrl();
    const workers: Worker[] = [];
    const ports: MessagePort[] = [];
    try {
      for (const [w, block] of splitEnvs(numEnvs, numWorkers).entries()) {
        const channel = new MessageChannel();
        const init: WorkerInit = {
          id: options.id,
          options: options.envOptions ?? {},
          preload,
          offset: block.offset,
          count: block.count,
          workerIndex: w,
        };
        const worker = new Worker(workerUrl, {
          workerData: { init, results: channel.port2 },
          transferList: [channel.port2],
          ...(options.execArgv === undefined ? {} : { execArgv: options.execArgv }),
        });
        workers.push(worker);
        ports.push(channel.port1);
      }
      const spaces = await Promise.all(workers.map((w, i) => expectMessage(w, i, "spaces")));
      checkSameSpaces(
        spaces.map((s) => ({ observationSpace: s.observationSpace, actionSpace: s.actionSpace })),
        "WorkerVectorEnv.create",
      );
      const space = spaces[0].observationSpace;
      const memory = allocateBatchMemory(space, numEnvs, true);
      const control = new SharedArrayBuffer(numWorkers * CONTROL_SLOTS * 4);
      const params = new SharedArrayBuffer(2 * 8);
      const started = workers.map((w, i) => expectMessage(w, i, "started"));
      for (const w of workers) {
        const m: MemoryMessage = { type: "memory", memory, control, params };
        w.postMessage(m);
      }
      await Promise.all(started);
      return new WorkerVectorEnv<O>(
        workers,
        ports,
        spaces[0],
        batchViews<O>(space, memory),
        control,
        params,
        timeoutMs,
      );
    } catch (e) {
      for (const w of workers) void w.terminate();
      for (const p of ports) p.close();
      throw e;
    }
  }

  reset(seed?: number): VectorResetResult<O> {
    this.checkOpen();
    const s = checkVectorSeed(seed, this.numEnvs, "WorkerVectorEnv.reset");
    const reports = this.command(Op.reset, s ?? NO_SEED);
    const infos: Info[] = [];
    for (const r of reports) {
      if (r.type !== "reset") throw this.protocolError(r.type, "reset");
      infos.push(...r.infos);
    }
    return { observations: this.views.observations, infos };
  }

  step(actions: Int32Array): VectorStepResult<O> {
    this.checkOpen();
    checkActions(actions, this.numEnvs, this.singleActionSpace, "WorkerVectorEnv.step");
    this.views.actions.set(actions);
    const reports = this.command(Op.step, NO_SEED);
    const infos: Info[] = [];
    const finalInfos: (Info | null)[] = [];
    const episodes: EpisodeRecord[] = [];
    for (const r of reports) {
      if (r.type !== "step") throw this.protocolError(r.type, "step");
      const report: BatchStepReport = r;
      infos.push(...report.infos);
      finalInfos.push(...report.finalInfos);
      episodes.push(...report.episodes);
    }
    const v = this.views;
    return {
      observations: v.observations,
      rewards: v.rewards,
      terminated: v.terminated,
      truncated: v.truncated,
      finalObservations: v.finalObservations,
      infos,
      finalInfos,
      episodes,
    };
  }

  /** Closes the envs in the workers and terminates the threads. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.command(Op.close, NO_SEED, Math.min(this.timeoutMs, CLOSE_TIMEOUT_MS));
    } finally {
      for (const w of this.workers) void w.terminate();
      for (const p of this.ports) p.close();
    }
  }

  /** Sends one command to every worker and collects their reports in worker order. */
  private command(op: number, seed: number, timeoutMs = this.timeoutMs): CommandReport[] {
    const { control, params, sequence } = this;
    params[0] = op;
    params[1] = seed;
    for (let w = 0; w < this.numWorkers; w++) {
      sequence[w] = (sequence[w] + 1) | 0;
      Atomics.store(control, w * CONTROL_SLOTS, sequence[w]);
      Atomics.notify(control, w * CONTROL_SLOTS);
    }
    const deadline = Date.now() + timeoutMs;
    const reports: CommandReport[] = [];
    const errors: string[] = [];
    for (let w = 0; w < this.numWorkers; w++) {
      const ack = w * CONTROL_SLOTS + 1;
      for (;;) {
        const current = Atomics.load(control, ack);
        if (current === sequence[w]) break;
        const left = deadline - Date.now();
        if (left <= 0) {
          this.closed = true;
          for (const worker of this.workers) void worker.terminate();
          const why = this.failures[w] === undefined ? "" : ` (it failed: ${this.failures[w]})`;
          throw new Error(
            `WorkerVectorEnv: worker ${w} did not answer within ${timeoutMs} ms${why}; the vector env is closed`,
          );
        }
        Atomics.wait(control, ack, current, left);
      }
      const received = receiveMessageOnPort(this.ports[w]);
      if (received === undefined) {
        throw new Error(`WorkerVectorEnv: worker ${w} acknowledged without a report`);
      }
      const report = received.message as CommandReport;
      if (report.type === "error") errors.push(`worker ${w}: ${report.message}`);
      reports.push(report);
    }
    if (errors.length > 0) throw new Error(`WorkerVectorEnv: ${errors.join("; ")}`);
    return reports;
  }

  private protocolError(got: string, expected: string): Error {
    return new Error(`WorkerVectorEnv: a worker reported "${got}" to a ${expected} command`);
  }

  private checkOpen(): void {
    if (this.closed) throw new Error("WorkerVectorEnv: the vector env is closed");
  }
}
