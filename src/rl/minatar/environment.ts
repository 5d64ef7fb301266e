/**
 * The MinAtar core, as `minatar.Environment` behaves: one numpy `RandomState` shared by sticky
 * actions and the game, a sticky draw on every act (also after the game is over), and a
 * remembered action that survives `reset()` and `seed()`.
 */
import { RandomState, type RandomStateState } from "../../random/index.js";
import { createGame, isMinAtarGameName, MINATAR_GAMES } from "./games.js";
import {
  FULL_ACTION_COUNT,
  type GameStateJson,
  GRID_SIZE,
  type MinAtarGame,
  type MinAtarGameName,
} from "./types.js";

/** Options of {@link MinAtarEnvironment}; the defaults are MinAtar's. */
export interface MinAtarEnvironmentOptions {
  /** Probability of repeating the previous executed action instead of the given one (0.1). */
  stickyActionProb?: number;
  /** Whether Asterix, Seaquest and Space Invaders speed up over time (true). */
  difficultyRamping?: boolean;
  /** Seed of the generator; without one, a seed is taken from `crypto.getRandomValues`. */
  seed?: number;
}

/** The outcome of one `act`. */
export interface ActResult {
  /** The step's reward. */
  reward: number;
  /** Whether the game is over. */
  terminal: boolean;
}

/** A JSON-serialisable snapshot of a {@link MinAtarEnvironment}, generator included. */
export interface MinAtarEnvironmentState {
  /** The game. */
  gameName: MinAtarGameName;
  /** Probability of repeating the previous action. */
  stickyActionProb: number;
  /** Whether the game speeds up over time. */
  difficultyRamping: boolean;
  /** The action the game last executed. */
  lastAction: number;
  /** Whether the last act repeated the previous action. */
  lastActionWasSticky: boolean;
  /** The generator's state. */
  rng: RandomStateState;
  /** The game's internal state. */
  game: GameStateJson;
}

function entropySeed(): number {
  return globalThis.crypto.getRandomValues(new Uint32Array(1))[0];
}

/** One MinAtar game with sticky actions and its generator. */
export class MinAtarEnvironment {
  /** The game. */
  readonly gameName: MinAtarGameName;
  /** Probability of repeating the previous executed action instead of the given one. */
  readonly stickyActionProb: number;
  /** Whether Asterix, Seaquest and Space Invaders speed up over time. */
  readonly difficultyRamping: boolean;
  /** Observation channel names, in channel-index order. */
  readonly channelNames: readonly string[];
  /** Number of observation channels. */
  readonly numChannels: number;
  /** The game's minimal action set, as full-set indices. */
  readonly minimalActionSet: readonly number[];

  private readonly game: MinAtarGame;
  private rng: RandomState;
  private last = 0;
  private lastSticky = false;

  /** Builds and resets the game, so `state()` is valid at once, and seeds the generator. */
  constructor(gameName: MinAtarGameName, options: MinAtarEnvironmentOptions = {}) {
    if (!isMinAtarGameName(gameName)) {
      throw new RangeError(
        `gameName must be one of ${MINATAR_GAMES.join(", ")}, got ${JSON.stringify(gameName)}`,
      );
    }
    const p = options.stickyActionProb ?? 0.1;
    if (typeof p !== "number" || !(p >= 0 && p <= 1)) {
      throw new RangeError(`stickyActionProb must be a number in [0, 1], got ${String(p)}`);
    }
    const ramping = options.difficultyRamping ?? true;
    if (typeof ramping !== "boolean") {
      throw new TypeError(`difficultyRamping must be a boolean, got ${String(ramping)}`);
    }
    this.gameName = gameName;
    this.stickyActionProb = p;
    this.difficultyRamping = ramping;
    this.game = createGame(gameName, ramping);
    this.channelNames = this.game.channelNames;
    this.numChannels = this.channelNames.length;
    this.minimalActionSet = this.game.minimalActionSet;
    // Like MinAtar, the constructor resets the game before any seeding; a fresh generator
    // afterwards makes `new MinAtarEnvironment(g, { seed })` draw exactly as
    // `Environment(g); env.seed(seed)` does in Python.
    const seed = options.seed ?? entropySeed();
    this.game.reset(new RandomState(seed));
    this.rng = new RandomState(seed);
  }

  /** The action the game last executed (starts at 0; `reset` and `seed` keep it). */
  get lastAction(): number {
    return this.last;
  }

  /** Whether the last act replaced the given action by the previous one. */
  get lastActionWasSticky(): boolean {
    return this.lastSticky;
  }

  /** True once the game is over. */
  get terminal(): boolean {
    return this.game.terminal;
  }

  /** The game's difficulty-ramp index (0 for Breakout and Freeway). */
  get rampIndex(): number {
    return this.game.rampIndex;
  }

  /** Replaces the generator by `RandomState(seed)`; the game state is left alone until `reset`. */
  seed(seed: number): void {
    this.rng = new RandomState(seed);
  }

  /** Starts a new game. */
  reset(): void {
    this.game.reset(this.rng);
  }

  /** Plays one full-set action (0..5) with stickiness; a finished game returns reward 0. */
  act(action: number): ActResult {
    if (!Number.isInteger(action) || action < 0 || action >= FULL_ACTION_COUNT) {
      throw new RangeError(
        `action must be an integer in [0, ${FULL_ACTION_COUNT - 1}], got ${String(action)}`,
      );
    }
    this.lastSticky = this.rng.rand() < this.stickyActionProb;
    if (this.lastSticky) action = this.last;
    this.last = action;
    if (this.game.terminal) return { reward: 0, terminal: true };
    const reward = this.game.act(action, this.rng);
    return { reward, terminal: this.game.terminal };
  }

  /** The observation, `[row][col][channel]` 0/1 bytes; written into `out` when given. */
  state(out?: Uint8Array): Uint8Array {
    const size = GRID_SIZE * GRID_SIZE * this.numChannels;
    if (out !== undefined && out.length !== size) {
      throw new RangeError(`out must have length ${size}, got ${out.length}`);
    }
    const obs = out ?? new Uint8Array(size);
    obs.fill(0);
    this.game.writeState(obs);
    return obs;
  }

  /** A JSON-serialisable snapshot, generator included. */
  getState(): MinAtarEnvironmentState {
    return {
      gameName: this.gameName,
      stickyActionProb: this.stickyActionProb,
      difficultyRamping: this.difficultyRamping,
      lastAction: this.last,
      lastActionWasSticky: this.lastSticky,
      rng: this.rng.getState(),
      game: this.game.getState(),
    };
  }

  /** Restores a snapshot of an environment with the same game and settings. */
  setState(state: MinAtarEnvironmentState): void {
    if (typeof state !== "object" || state === null) {
      throw new TypeError(`state must be an object, got ${String(state)}`);
    }
    const same =
      state.gameName === this.gameName &&
      state.stickyActionProb === this.stickyActionProb &&
      state.difficultyRamping === this.difficultyRamping;
    if (!same) {
      throw new RangeError(
        `state must come from ${this.gameName} (sticky ${this.stickyActionProb}, ramping ${this.difficultyRamping}), got ${state.gameName} (sticky ${state.stickyActionProb}, ramping ${state.difficultyRamping})`,
      );
    }
    const last = state.lastAction;
    if (!Number.isInteger(last) || last < 0 || last >= FULL_ACTION_COUNT) {
      throw new RangeError(`state.lastAction must be an integer in [0, 5], got ${String(last)}`);
    }
    if (typeof state.lastActionWasSticky !== "boolean") {
      throw new TypeError(
        `state.lastActionWasSticky must be a boolean, got ${String(state.lastActionWasSticky)}`,
      );
    }
    const rng = new RandomState(0);
    rng.setState(state.rng);
    this.game.setState(state.game);
    this.rng = rng;
    this.last = last;
    this.lastSticky = state.lastActionWasSticky;
  }
}
