/**
 * The DeepMind Atari preprocessing chain (`wrap_deepmind`), as rllib and CleanRL build it:
 *
 *   game → RecordEpisodeStatistics → NoopReset(30) → [MaxAndSkip(4) for "NoFrameskip" ids]
 *        → EpisodicLife → FireReset → WarpFrame(84) → ClipReward → FrameStack(4)
 *
 * giving uint8 observations [84, 84, 4]. Episode statistics sit directly on the game, so
 * `info.episodeReturn` is the unclipped score of a whole game (all lives): the number the
 * ncps example reports as "policy reward".
 */

import { PIXEL_BREAKOUT_V5 } from "../breakout/pixelBreakout.js";
import { makePixelBreakout, type PixelBreakoutEnvOptions } from "../breakout/registration.js";
import type { Env, Observation } from "../env.js";
import { ClipReward } from "./clipReward.js";
import { EpisodicLife } from "./episodicLife.js";
import { FireReset } from "./fireReset.js";
import { FrameStack } from "./frameStack.js";
import { MaxAndSkip } from "./maxAndSkip.js";
import { NoopReset } from "./noopReset.js";
import { RecordEpisodeStatistics } from "./recordEpisodeStatistics.js";
import { WarpFrame } from "./warpFrame.js";

/** Registry id of `PixelBreakout-v5` wrapped in the DeepMind chain (the ncps example's setup). */
export const PIXEL_BREAKOUT_DEEPMIND_V5 = "PixelBreakout-DeepMind-v5";

/** Switches of the DeepMind chain; the defaults give the standard chain. */
export interface DeepMindOptions {
  /** Largest number of no-ops after a real reset (default 30; 0 leaves NoopReset out). */
  noopMax?: number;
  /**
   * Frames per step of MaxAndSkip (default 4 when the env id contains "NoFrameskip", as
   * rllib decides, otherwise 1 = left out, since v5 envs skip frames themselves).
   */
  frameSkip?: number;
  /** End episodes at lost lives (default true). */
  episodicLife?: boolean;
  /** Press FIRE after resets (default: when the env's `actionMeanings[1]` is "FIRE"). */
  fireReset?: boolean;
  /** Side of the square grey frames (default 84). */
  size?: number;
  /** Sign-clip rewards (default true, as baselines' `wrap_deepmind`). */
  clipRewards?: boolean;
  /** Frames stacked on the channel axis (default 4; 1 keeps single frames [84, 84, 1]). */
  frameStack?: number;
  /** Add `info.episodeReturn`/`episodeLength` for whole games (default true). */
  recordStatistics?: boolean;
}

/** True when `env` gives uint8 observations (the pixel chain needs them). */
export function isUint8Env(env: Env<Observation>): env is Env<Uint8Array> {
  return env.observationSpace.dtype === "uint8";
}

/** Wraps a pixel env (uint8 `[H, W, 3]` frames and `info.lives`) in the DeepMind chain. */
export function wrapDeepMind(env: Env<Uint8Array>, options: DeepMindOptions = {}): Env<Uint8Array> {
  const meanings = (env as { actionMeanings?: unknown }).actionMeanings;
  const hasFire = Array.isArray(meanings) && meanings[1] === "FIRE";
  const noopMax = options.noopMax ?? 30;
  const frameSkip = options.frameSkip ?? (env.id.includes("NoFrameskip") ? 4 : 1);
  const frameStack = options.frameStack ?? 4;
  const size = options.size ?? 84;
  let e: Env<Uint8Array> = env;
  if (options.recordStatistics ?? true) e = new RecordEpisodeStatistics(e);
  if (noopMax > 0) e = new NoopReset(e, { noopMax });
  if (frameSkip > 1) e = new MaxAndSkip(e, { skip: frameSkip });
  if (options.episodicLife ?? true) e = new EpisodicLife(e);
  if (options.fireReset ?? hasFire) e = new FireReset(e);
  e = new WarpFrame(e, { width: size, height: size });
  if (options.clipRewards ?? true) e = new ClipReward(e);
  if (frameStack > 1) e = new FrameStack(e, { k: frameStack });
  return e;
}

/** `PixelBreakout-DeepMind-v5`: `PixelBreakout-v5` in the default DeepMind chain. */
export function makePixelBreakoutDeepMind(options: PixelBreakoutEnvOptions = {}): Env<Uint8Array> {
  return wrapDeepMind(makePixelBreakout(PIXEL_BREAKOUT_V5, options));
}
