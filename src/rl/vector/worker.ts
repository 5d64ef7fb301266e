/**
 * Worker-thread entry of {@link WorkerVectorEnv}: builds its share of the envs with
 * `makeEnv` and runs the command loop described in `protocol.ts`.
 */
import { type MessagePort, parentPort, workerData } from "node:worker_threads";
import type { Env, Observation } from "../env.js";
import { makeEnv } from "../registry.js";
import { batchViews } from "./buffers.js";
import { EnvBatch } from "./envBatch.js";
import {
  CONTROL_SLOTS,
  type CommandReport,
  type MemoryMessage,
  NO_SEED,
  Op,
  type StartupMessage,
  type WorkerInit,
} from "./protocol.js";

function errorMessage(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

function nextMessage<T>(port: NonNullable<typeof parentPort>): Promise<T> {
  return new Promise((resolve) => port.once("message", (m: T) => resolve(m)));
}

async function main(port: NonNullable<typeof parentPort>): Promise<void> {
  const { init, results } = workerData as { init: WorkerInit; results: MessagePort };
  const post = (m: StartupMessage) => port.postMessage(m);
  let batch: EnvBatch<Observation>;
  let control: Int32Array;
  let params: Float64Array;
  try {
    for (const url of init.preload) await import(url);
    const envs: Env[] = [];
    for (let i = 0; i < init.count; i++) envs.push(makeEnv(init.id, init.options));
    const memoryPromise = nextMessage<MemoryMessage>(port);
    post({
      type: "spaces",
      observationSpace: envs[0].observationSpace,
      actionSpace: envs[0].actionSpace,
    });
    const memory = await memoryPromise;
    batch = new EnvBatch(envs, init.offset, batchViews(envs[0].observationSpace, memory.memory));
    control = new Int32Array(memory.control);
    params = new Float64Array(memory.params);
  } catch (e) {
    post({ type: "error", message: errorMessage(e) });
    return;
  }
  const cmdSlot = init.workerIndex * CONTROL_SLOTS;
  const ackSlot = cmdSlot + 1;
  // Read the counter before announcing the start, so the first command cannot be missed.
  let seen = Atomics.load(control, cmdSlot);
  // No more start-up traffic; the loop below blocks this thread between commands.
  port.unref();
  post({ type: "started" });
  for (;;) {
    Atomics.wait(control, cmdSlot, seen);
    seen = Atomics.load(control, cmdSlot);
    const op = params[0];
    let report: CommandReport;
    try {
      if (op === Op.reset) {
        const seed = params[1];
        report = { type: "reset", infos: batch.reset(seed === NO_SEED ? null : seed) };
      } else if (op === Op.step) {
        report = { type: "step", ...batch.step() };
      } else if (op === Op.close) {
        batch.close();
        report = { type: "closed" };
      } else {
        report = { type: "error", message: `vector worker: unknown opcode ${op}` };
      }
    } catch (e) {
      report = { type: "error", message: errorMessage(e) };
    }
    results.postMessage(report);
    Atomics.store(control, ackSlot, seen);
    Atomics.notify(control, ackSlot);
    if (op === Op.close) break;
  }
  results.close();
}

// Imported outside a worker thread (e.g. by a tool loading every module), it does nothing.
if (parentPort !== null) void main(parentPort);
