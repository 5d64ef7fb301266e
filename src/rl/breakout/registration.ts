/** Builds the registered pixel Breakout variants from the registry's generic options. */
import {
  type PIXEL_BREAKOUT_NOFRAMESKIP_V4,
  PIXEL_BREAKOUT_V5,
  PixelBreakout,
  pixelBreakoutNoFrameskip,
} from "./pixelBreakout.js";

/** The registry options the pixel Breakout ids accept. */
export interface PixelBreakoutEnvOptions {
  /** Per-frame sticky-action probability (v5 default 0.25, NoFrameskip-v4 default 0). */
  stickyActionProb?: number;
  /**
   * Truncation after this many agent steps (`Infinity` for none); by default ALE's cap of
   * 108 000 emulator frames. Applied as `maxEpisodeSteps * frameskip` emulator frames.
   */
  maxEpisodeSteps?: number;
}

/** The registry option keys these ids accept. */
export const PIXEL_BREAKOUT_ENV_OPTIONS = ["stickyActionProb", "maxEpisodeSteps"] as const;

/** `PixelBreakout-v5` or `PixelBreakout-NoFrameskip-v4` from registry options. */
export function makePixelBreakout(
  id: typeof PIXEL_BREAKOUT_V5 | typeof PIXEL_BREAKOUT_NOFRAMESKIP_V4,
  options: PixelBreakoutEnvOptions = {},
): PixelBreakout {
  const frameskip = id === PIXEL_BREAKOUT_V5 ? 4 : 1;
  const steps = options.maxEpisodeSteps;
  let maxNumFramesPerEpisode: number | undefined;
  if (steps !== undefined) {
    if (steps !== Number.POSITIVE_INFINITY && (!Number.isInteger(steps) || steps < 1)) {
      throw new RangeError(
        `${id}: maxEpisodeSteps must be a positive integer or Infinity, got ${steps}`,
      );
    }
    maxNumFramesPerEpisode = steps === Number.POSITIVE_INFINITY ? 0 : steps * frameskip;
  }
  const common = {
    ...(options.stickyActionProb === undefined
      ? {}
      : { repeatActionProbability: options.stickyActionProb }),
    ...(maxNumFramesPerEpisode === undefined ? {} : { maxNumFramesPerEpisode }),
  };
  return id === PIXEL_BREAKOUT_V5 ? new PixelBreakout(common) : pixelBreakoutNoFrameskip(common);
}
