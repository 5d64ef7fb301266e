/** `WarpFrame`: grey, 84 x 84 observations from RGB frames. */
import type { Env, ResetResult, StepResult } from "../env.js";
import { AreaResize, rgbToGrey } from "./image.js";
import { Wrapper } from "./wrapper.js";

/** Options of {@link WarpFrame}. */
export interface WarpFrameOptions {
  /** Output width (default 84). */
  width?: number;
  /** Output height (default 84). */
  height?: number;
}

/**
 * Turns uint8 frames `[H, W, 3]` (RGB) or `[H, W, 1]` / `[H, W]` (grey) into grey frames
 * `[height, width, 1]`: grey first (OpenCV's fixed-point 0.299/0.587/0.114), then an
 * area-averaging resize (OpenCV `INTER_AREA`), the order of rllib's `WarpFrame`.
 */
export class WarpFrame extends Wrapper<Uint8Array> {
  readonly wrapperName = "WarpFrame";
  private readonly channels: number;
  private readonly grey: Uint8Array;
  private readonly resize: AreaResize;

  constructor(env: Env<Uint8Array>, options: WarpFrameOptions = {}) {
    const width = options.width ?? 84;
    const height = options.height ?? 84;
    const space = env.observationSpace;
    const shape = space.shape;
    const channels = shape.length === 2 ? 1 : shape[2];
    if (
      space.dtype !== "uint8" ||
      shape.length < 2 ||
      shape.length > 3 ||
      (channels !== 1 && channels !== 3)
    ) {
      throw new RangeError(
        `WarpFrame: the env must give uint8 frames [H, W, 3], [H, W, 1] or [H, W], got ${space.dtype} [${shape.join(", ")}]`,
      );
    }
    super(env, { kind: "box", shape: [height, width, 1], low: 0, high: 255, dtype: "uint8" });
    this.channels = channels;
    this.grey = new Uint8Array(shape[0] * shape[1]);
    this.resize = new AreaResize(shape[0], shape[1], height, width);
  }

  reset(options?: { seed?: number }): ResetResult<Uint8Array> {
    const r = this.env.reset(options);
    return { observation: this.warp(r.observation), info: r.info };
  }

  step(action: number): StepResult<Uint8Array> {
    const s = this.env.step(action);
    return { ...s, observation: this.warp(s.observation) };
  }

  private warp(frame: Uint8Array): Uint8Array {
    let grey = frame;
    if (this.channels === 3) {
      rgbToGrey(frame, this.grey);
      grey = this.grey;
    }
    const [h, w] = this.observationSpace.shape;
    const out = new Uint8Array(h * w);
    this.resize.apply(grey, out);
    return out;
  }
}
