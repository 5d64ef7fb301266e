/**
 * The conversation between {@link WorkerVectorEnv} and its workers.
 *
 * Start-up is message based (asynchronous, so load errors surface as rejections):
 * the worker builds its envs and posts `spaces`; the main thread allocates shared memory and
 * posts `memory`; the worker answers `started` and enters its command loop.
 *
 * Commands are lock-step through shared memory: the main thread writes the opcode (and seed)
 * into `params`, bumps each worker's command counter and notifies it; each worker runs the
 * command on its envs, posts its report on its result port, then stores the counter value
 * into its acknowledgement slot and notifies. The main thread waits on the acknowledgements
 * with `Atomics.wait` and then reads the reports synchronously (`receiveMessageOnPort`).
 */
import type { BoxSpace, DiscreteSpace, Info } from "../env.js";
import type { EnvOptions } from "../registry.js";
import type { BatchMemory } from "./buffers.js";
import type { BatchStepReport } from "./envBatch.js";

/** Opcodes written into `params[0]`. */
export const Op = { reset: 1, step: 2, close: 3 } as const;

/** `params[1]` when a reset has no seed. */
export const NO_SEED = -1;

/** Int32 slots per worker in the control array: command counter, acknowledgement. */
export const CONTROL_SLOTS = 2;

/** Data every worker starts with. */
export interface WorkerInit {
  id: string;
  options: EnvOptions;
  /** Module URLs imported before the envs are made (e.g. ones that register ids). */
  preload: string[];
  /** Global index of the worker's first env. */
  offset: number;
  count: number;
  workerIndex: number;
}

/** Worker → main, on `parentPort`, during start-up. */
export type StartupMessage =
  | { type: "spaces"; observationSpace: BoxSpace; actionSpace: DiscreteSpace }
  | { type: "started" }
  | { type: "error"; message: string };

/** Main → worker, on `parentPort`, once all workers reported their spaces. */
export interface MemoryMessage {
  type: "memory";
  memory: BatchMemory;
  /** Int32 control array: `[command, ack]` per worker. */
  control: SharedArrayBuffer;
  /** Float64 `[opcode, seed]`. */
  params: SharedArrayBuffer;
}

/** Worker → main, on the result port, after every command. */
export type CommandReport =
  | { type: "reset"; infos: Info[] }
  | ({ type: "step" } & BatchStepReport)
  | { type: "closed" }
  | { type: "error"; message: string };
