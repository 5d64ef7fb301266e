/**
 * A tiny uint8 env whose every step follows a script, and which logs the calls it gets, for
 * testing wrappers in isolation.
 */
import type {
  BoxSpace,
  DiscreteSpace,
  Env,
  ResetResult,
  StepResult,
} from "../../../../src/rl/env.js";
import { checkAction } from "../../../../src/rl/env.js";

export interface Script {
  /** Observation shape (default [2, 3, 1]). */
  shape?: number[];
  /** Number of actions (default 4). */
  actions?: number;
  actionMeanings?: string[];
  /** Reward of the t-th step after a reset (t from 1); default 0. */
  reward?: (t: number) => number;
  /** Lives after the t-th step (t = 0 for the reset); omitted: no `info.lives`. */
  lives?: (t: number) => number;
  /** The observation after the t-th step (t = 0 for the reset); default: every value t. */
  frame?: (t: number, size: number) => Uint8Array;
  /** Terminate at this step (default never). */
  endAt?: number;
}

/** Follows a {@link Script}; `log` records "reset", "reset:<seed>" and "step:<action>". */
export class ScriptedEnv implements Env<Uint8Array> {
  readonly id = "Test/Scripted-v0";
  readonly observationSpace: BoxSpace;
  readonly actionSpace: DiscreteSpace;
  readonly actionMeanings?: string[];
  readonly log: string[] = [];
  /** Steps since the last reset. */
  t = 0;
  closed = false;
  private readonly size: number;

  constructor(private readonly script: Script = {}) {
    const shape = script.shape ?? [2, 3, 1];
    this.observationSpace = { kind: "box", shape, low: 0, high: 255, dtype: "uint8" };
    this.actionSpace = { kind: "discrete", n: script.actions ?? 4 };
    if (script.actionMeanings !== undefined) this.actionMeanings = script.actionMeanings;
    this.size = shape.reduce((a, b) => a * b, 1);
  }

  reset(options: { seed?: number } = {}): ResetResult<Uint8Array> {
    this.log.push(options.seed === undefined ? "reset" : `reset:${options.seed}`);
    this.t = 0;
    return { observation: this.frame(), info: this.info() };
  }

  step(action: number): StepResult<Uint8Array> {
    checkAction(this, action);
    this.log.push(`step:${action}`);
    this.t += 1;
    const terminated = this.script.endAt !== undefined && this.t >= this.script.endAt;
    const reward = this.script.reward?.(this.t) ?? 0;
    return { observation: this.frame(), reward, terminated, truncated: false, info: this.info() };
  }

  render(): string {
    return `t=${this.t}`;
  }

  close(): void {
    this.closed = true;
  }

  private frame(): Uint8Array {
    return this.script.frame?.(this.t, this.size) ?? new Uint8Array(this.size).fill(this.t);
  }

  private info(): Record<string, number> {
    return this.script.lives === undefined
      ? { t: this.t }
      : { t: this.t, lives: this.script.lives(this.t) };
  }
}
