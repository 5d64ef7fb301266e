/**
 * `PixelBreakout-v5`: a Breakout lookalike behaving like ALE's `ALE/Breakout-v5` at the
 * interface: 210 x 160 RGB frames, actions NOOP/FIRE/RIGHT/LEFT, five lives in
 * `info.lives`, frameskip 4 (rewards summed, last frame returned), sticky actions evaluated
 * per emulator frame with probability 0.25, and truncation after 108 000 emulator frames.
 * The game itself is a clone written from a description, not the Atari ROM: its scores are
 * not comparable with ALE's.
 */

import { defaultRng, type Generator, type GeneratorState } from "../../random/index.js";
import type { BoxSpace, DiscreteSpace, Env, Info, ResetResult, StepResult } from "../env.js";
import { checkAction } from "../env.js";
import { rgbToAnsi } from "./ansi.js";
import { drawFrame, FRAME_BYTES } from "./draw.js";
import { BreakoutGame, type BreakoutGameState } from "./game.js";
import { SCREEN_HEIGHT, SCREEN_WIDTH } from "./layout.js";
import { checkSeed, entropySeed } from "./seeding.js";
import { SnapshotReader } from "./snapshot.js";

/** Registry id of the ALE-v5-like environment. */
export const PIXEL_BREAKOUT_V5 = "PixelBreakout-v5";
/** Registry id of the variant without frameskip and sticky actions (`BreakoutNoFrameskip-v4`). */
export const PIXEL_BREAKOUT_NOFRAMESKIP_V4 = "PixelBreakout-NoFrameskip-v4";

/** Construction options; the defaults are ALE v5's. */
export interface PixelBreakoutOptions {
  /** Id reported by the env (default `"PixelBreakout-v5"`); wrappers test it for "NoFrameskip". */
  id?: string;
  /** Emulator frames per step (default 4). */
  frameskip?: number;
  /** Per-frame probability of keeping the previously held action (default 0.25). */
  repeatActionProbability?: number;
  /** Emulator frames after which an episode is truncated; 0 disables (default 108 000). */
  maxNumFramesPerEpisode?: number;
  /** Seed used by the first `reset()` that is given none. */
  seed?: number;
}

/** A JSON-serialisable snapshot of a {@link PixelBreakout}, for exact checkpoint resume. */
export interface PixelBreakoutState {
  /** The env's id. */
  id: string;
  /** Emulator frames per step. */
  frameskip: number;
  /** Per-frame probability of keeping the held action. */
  repeatActionProbability: number;
  /** Truncation cap in emulator frames (0: none). */
  maxNumFramesPerEpisode: number;
  /** The game's state. */
  game: BreakoutGameState;
  /** The generator's state, or null before the first reset. */
  rng: GeneratorState | null;
  /** The seed the next unseeded reset will use, or null. */
  pendingSeed: number | null;
  /** The action the emulator currently holds (sticky actions). */
  heldAction: number;
  /** Emulator frames since the last reset. */
  episodeFrameNumber: number;
  /** Emulator frames since construction. */
  frameNumber: number;
  /** Whether `reset()` has been called. */
  started: boolean;
}

const NUM_ACTIONS = 4;

function positiveInteger(name: string, v: number): number {
  if (!Number.isInteger(v) || v < 1) {
    throw new RangeError(`PixelBreakout: ${name} must be a positive integer, got ${v}`);
  }
  return v;
}

/** The pixel Breakout environment (see the module comment for its ALE-like conventions). */
export class PixelBreakout implements Env<Uint8Array> {
  readonly id: string;
  readonly observationSpace: BoxSpace = {
    kind: "box",
    shape: [SCREEN_HEIGHT, SCREEN_WIDTH, 3],
    low: 0,
    high: 255,
    dtype: "uint8",
  };
  readonly actionSpace: DiscreteSpace = { kind: "discrete", n: NUM_ACTIONS };
  /** ALE's names for the four actions. */
  readonly actionMeanings: readonly string[] = ["NOOP", "FIRE", "RIGHT", "LEFT"];
  /** Emulator frames per step. */
  readonly frameskip: number;
  /** Per-frame probability of keeping the previously held action. */
  readonly repeatActionProbability: number;
  /** Emulator frames after which an episode is truncated (0: never). */
  readonly maxNumFramesPerEpisode: number;

  private readonly game = new BreakoutGame();
  private readonly frame = new Uint8Array(FRAME_BYTES);
  private rng: Generator | null = null;
  private pendingSeed: number | null;
  private heldAction = 0;
  private episodeFrameNumber = 0;
  private frameNumber = 0;
  private started = false;

  constructor(options: PixelBreakoutOptions = {}) {
    this.id = options.id ?? PIXEL_BREAKOUT_V5;
    if (typeof this.id !== "string" || this.id.length === 0) {
      throw new TypeError(`PixelBreakout: id must be a non-empty string, got ${String(this.id)}`);
    }
    this.frameskip = positiveInteger("frameskip", options.frameskip ?? 4);
    const p = options.repeatActionProbability ?? 0.25;
    if (!(p >= 0 && p <= 1)) {
      throw new RangeError(`PixelBreakout: repeatActionProbability must be in [0, 1], got ${p}`);
    }
    this.repeatActionProbability = p;
    const maxFrames = options.maxNumFramesPerEpisode ?? 108_000;
    if (!Number.isInteger(maxFrames) || maxFrames < 0) {
      throw new RangeError(
        `PixelBreakout: maxNumFramesPerEpisode must be a non-negative integer, got ${maxFrames}`,
      );
    }
    this.maxNumFramesPerEpisode = maxFrames;
    this.pendingSeed =
      options.seed === undefined ? null : checkSeed("PixelBreakout: options.seed", options.seed);
  }

  /** Lives left in the current game. */
  get lives(): number {
    return this.game.lives;
  }

  reset(options: { seed?: number } = {}): ResetResult<Uint8Array> {
    const seed =
      options.seed !== undefined
        ? checkSeed("PixelBreakout.reset: options.seed", options.seed)
        : null;
    if (seed !== null) {
      this.rng = defaultRng(seed);
    } else if (this.rng === null) {
      this.rng = defaultRng(this.pendingSeed ?? entropySeed());
    }
    this.pendingSeed = null;
    this.game.reset();
    this.heldAction = 0;
    this.episodeFrameNumber = 0;
    this.started = true;
    drawFrame(this.game, this.frame);
    return { observation: this.frame.slice(), info: this.info() };
  }

  step(action: number): StepResult<Uint8Array> {
    checkAction(this, action);
    const rng = this.rng;
    if (!this.started || rng === null) {
      throw new Error(`${this.id}: call reset() before step()`);
    }
    let reward = 0;
    const p = this.repeatActionProbability;
    for (let f = 0; f < this.frameskip && !this.game.gameOver && !this.frameLimitReached(); f++) {
      // ALE v5: before every emulator frame the new action replaces the held one with
      // probability 1 - p; otherwise the previously held action repeats.
      if (p === 0 || rng.random() >= p) this.heldAction = action;
      reward += this.game.frame(this.heldAction, rng);
      this.episodeFrameNumber += 1;
      this.frameNumber += 1;
    }
    const terminated = this.game.gameOver;
    const truncated = !terminated && this.frameLimitReached();
    drawFrame(this.game, this.frame);
    return { observation: this.frame.slice(), reward, terminated, truncated, info: this.info() };
  }

  /** The current frame as ANSI-coloured text, 80 columns by 27 lines. */
  render(): string {
    drawFrame(this.game, this.frame);
    return rgbToAnsi(this.frame, SCREEN_HEIGHT, SCREEN_WIDTH);
  }

  /** A JSON-serialisable snapshot of everything that decides the future: game, generator, held action, counters. */
  getState(): PixelBreakoutState {
    return {
      id: this.id,
      frameskip: this.frameskip,
      repeatActionProbability: this.repeatActionProbability,
      maxNumFramesPerEpisode: this.maxNumFramesPerEpisode,
      game: this.game.getState(),
      rng: this.rng === null ? null : this.rng.getState(),
      pendingSeed: this.pendingSeed,
      heldAction: this.heldAction,
      episodeFrameNumber: this.episodeFrameNumber,
      frameNumber: this.frameNumber,
      started: this.started,
    };
  }

  /**
   * Restores a snapshot from {@link getState}; the following steps repeat exactly. The
   * snapshot must come from an env with the same id and options; anything else throws.
   */
  setState(state: unknown): void {
    const where = "PixelBreakout.setState: state";
    const s = new SnapshotReader(state, where);
    s.oneOf("id", [this.id]);
    s.oneOf("frameskip", [this.frameskip]);
    s.oneOf("repeatActionProbability", [this.repeatActionProbability]);
    s.oneOf("maxNumFramesPerEpisode", [this.maxNumFramesPerEpisode]);
    const heldAction = s.int("heldAction", 0, NUM_ACTIONS - 1);
    const episodeFrameNumber = s.int("episodeFrameNumber", 0);
    const frameNumber = s.int("frameNumber", 0);
    const started = s.bool("started");
    const pendingRaw = s.raw("pendingSeed");
    const pendingSeed = pendingRaw === null ? null : checkSeed(`${where}.pendingSeed`, pendingRaw);
    const rngRaw = s.raw("rng");
    let rng: Generator | null = null;
    if (rngRaw !== null) {
      // Any generator will do as a vessel: setState validates and overwrites all of it.
      rng = defaultRng(0);
      rng.setState(rngRaw as GeneratorState);
    }
    // The game validates every field before it assigns any, so it goes last among the checks.
    this.game.setState(s.raw("game"), `${where}.game`);
    this.rng = rng;
    this.pendingSeed = pendingSeed;
    this.heldAction = heldAction;
    this.episodeFrameNumber = episodeFrameNumber;
    this.frameNumber = frameNumber;
    this.started = started;
    drawFrame(this.game, this.frame);
  }

  private frameLimitReached(): boolean {
    return (
      this.maxNumFramesPerEpisode > 0 && this.episodeFrameNumber >= this.maxNumFramesPerEpisode
    );
  }

  private info(): Info {
    return {
      lives: this.game.lives,
      episodeFrameNumber: this.episodeFrameNumber,
      frameNumber: this.frameNumber,
    };
  }
}

/** `PixelBreakout-NoFrameskip-v4`: one emulator frame per step, no sticky actions. */
export function pixelBreakoutNoFrameskip(options: PixelBreakoutOptions = {}): PixelBreakout {
  return new PixelBreakout({
    id: PIXEL_BREAKOUT_NOFRAMESKIP_V4,
    frameskip: 1,
    repeatActionProbability: 0,
    ...options,
  });
}
