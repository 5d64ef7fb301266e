/** `FrameStack`: the last k observations concatenated on the channel axis. */

import { SnapshotReader } from "../breakout/snapshot.js";
import type { Env, Observation, ResetResult, StepResult } from "../env.js";
import { Wrapper } from "./wrapper.js";

/**
 * Observations `[H, W, C]` (or `[H, W]`) become `[H, W, C*k]`: channel `j*C + c` holds
 * channel c of the frame j steps after the oldest kept one, so the newest frame is last.
 * A reset fills all k slots with the first frame. Default k = 4 (84 x 84 x 4 for Atari).
 */
export class FrameStack<O extends Observation = Observation> extends Wrapper<O> {
  readonly wrapperName = "FrameStack";
  /** Number of frames stacked. */
  readonly k: number;
  private readonly pixels: number;
  private readonly channels: number;
  /** Ring of the last k frames; `head` is the slot of the oldest. */
  private readonly frames: O[] = [];
  private head = 0;

  constructor(env: Env<O>, options: { k?: number } = {}) {
    const k = options.k ?? 4;
    if (!Number.isInteger(k) || k < 1) {
      throw new RangeError(`FrameStack: k must be a positive integer, got ${k}`);
    }
    const shape = env.observationSpace.shape;
    if (shape.length !== 2 && shape.length !== 3) {
      throw new RangeError(
        `FrameStack: observations must be [H, W] or [H, W, C], got [${shape.join(", ")}]`,
      );
    }
    const channels = shape.length === 3 ? shape[2] : 1;
    super(env, { ...env.observationSpace, shape: [shape[0], shape[1], channels * k] });
    this.k = k;
    this.channels = channels;
    this.pixels = shape[0] * shape[1];
  }

  reset(options?: { seed?: number }): ResetResult<O> {
    const r = this.env.reset(options);
    this.frames.length = 0;
    for (let j = 0; j < this.k; j++) this.frames.push(r.observation);
    this.head = 0;
    return { observation: this.stacked(), info: r.info };
  }

  step(action: number): StepResult<O> {
    if (this.frames.length !== this.k) throw new Error("FrameStack: call reset() before step()");
    const s = this.env.step(action);
    this.frames[this.head] = s.observation;
    this.head = (this.head + 1) % this.k;
    return { ...s, observation: this.stacked() };
  }

  private stacked(): O {
    const { k, channels: c, pixels } = this;
    const out = this.arrayType().alloc(pixels * c * k);
    const stride = c * k;
    for (let j = 0; j < k; j++) {
      const frame = this.frames[(this.head + j) % k];
      const base = j * c;
      if (c === 1) {
        for (let p = 0, o = base; p < pixels; p++, o += stride) out[o] = frame[p];
      } else {
        for (let p = 0; p < pixels; p++) {
          for (let ch = 0; ch < c; ch++) out[p * stride + base + ch] = frame[p * c + ch];
        }
      }
    }
    return out;
  }

  protected override getOwnState(): unknown {
    const ordered: number[][] = [];
    for (let j = 0; j < this.frames.length; j++) {
      ordered.push(Array.from(this.frames[(this.head + j) % this.k]));
    }
    return { frames: ordered };
  }

  protected override prepareOwnState(own: unknown): () => void {
    const raw = new SnapshotReader(own, "FrameStack.setState: state.own").raw("frames");
    const size = this.pixels * this.channels;
    if (!Array.isArray(raw) || (raw.length !== 0 && raw.length !== this.k)) {
      throw new TypeError(
        `FrameStack.setState: state.own.frames must be a list of ${this.k} frames, got ${String(raw)}`,
      );
    }
    const arrayType = this.arrayType();
    const frames = raw.map((f, j) => {
      if (!Array.isArray(f) || f.length !== size || !f.every((v) => typeof v === "number")) {
        throw new TypeError(
          `FrameStack.setState: state.own.frames[${j}] must be a list of ${size} numbers`,
        );
      }
      return arrayType.from(f as number[]);
    });
    return () => {
      this.frames.length = 0;
      this.frames.push(...frames);
      this.head = 0;
    };
  }

  /** Constructors for the observation dtype (the one place that maps dtype to O). */
  private arrayType(): { alloc(n: number): O; from(values: number[]): O } {
    const dtype = this.observationSpace.dtype;
    const ctor = dtype === "uint8" ? Uint8Array : dtype === "float32" ? Float32Array : Float64Array;
    return {
      alloc: (n) => new ctor(n) as O,
      from: (values) => ctor.from(values) as O,
    };
  }
}
