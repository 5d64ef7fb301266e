/**
 * Shared vocabulary of the MinAtar games: the full action set, the generator interface the
 * games draw from, and the contract every game implements.
 */

/** The full MinAtar action set, in MinAtar's index order. */
export const MinAtarAction = {
  /** Do nothing. */
  noop: 0,
  /** Move left. */
  left: 1,
  /** Move up. */
  up: 2,
  /** Move right. */
  right: 3,
  /** Move down. */
  down: 4,
  /** Fire (Seaquest, Space Invaders). */
  fire: 5,
} as const;

/** Number of actions in the full MinAtar action set. */
export const FULL_ACTION_COUNT = 6;

/** The grid is always 10 x 10. */
export const GRID_SIZE = 10;

/**
 * The draws the games make. numpy's legacy `RandomState` satisfies it; the games never see
 * anything else, so sticky actions and game logic share one stream exactly as in MinAtar.
 */
export interface MinAtarRng {
  /** A uniform double in [0, 1) made from two 32-bit words. */
  rand(): number;
  /** A uniform integer in [low, high), or [0, low) when `high` is omitted. */
  randint(low: number, high?: number): number;
}

/** The five game names, as MinAtar spells them. */
export type MinAtarGameName = "breakout" | "asterix" | "freeway" | "seaquest" | "space_invaders";

/** A JSON-serialisable snapshot of a game's internal state. */
export type GameStateJson = {
  /** The game the snapshot belongs to. */
  readonly game: MinAtarGameName;
} & Record<string, unknown>;

/** One MinAtar game: rules only; stickiness, seeding and the terminal latch live in the core. */
export interface MinAtarGame {
  /** The game's name, as MinAtar spells it. */
  readonly name: MinAtarGameName;
  /** Channel names in channel-index order. */
  readonly channelNames: readonly string[];
  /** The minimal action set as full-set indices. */
  readonly minimalActionSet: readonly number[];
  /** True once the game is over. */
  readonly terminal: boolean;
  /** The difficulty-ramp index (0 for games without ramping). */
  readonly rampIndex: number;
  /** Starts a new game, drawing from `rng` as MinAtar does. */
  reset(rng: MinAtarRng): void;
  /** Advances one step with a full-set action; returns the reward. Only called while not terminal. */
  act(action: number, rng: MinAtarRng): number;
  /** Sets the active cells into `out` (length 100 * channels, already zeroed; `[row][col][ch]`). */
  writeState(out: Uint8Array): void;
  /** A JSON-serialisable snapshot of the game's internal state. */
  getState(): GameStateJson;
  /** Restores a snapshot made by `getState`; throws a TypeError when it does not fit. */
  setState(state: unknown): void;
}
