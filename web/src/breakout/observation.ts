/**
 * Reading MinAtar Breakout observations (`[10, 10, 4]` uint8, channel-last; channels paddle,
 * ball, trail, brick) and the action indices of `MinAtar/Breakout-v1` (minimal action set).
 */

/** Side of the square grid. */
export const BREAKOUT_GRID = 10;
/** Channels per cell: paddle, ball, trail, brick. */
export const BREAKOUT_CHANNELS = 4;
/** Values in one observation. */
export const BREAKOUT_OBSERVATION_SIZE = BREAKOUT_GRID * BREAKOUT_GRID * BREAKOUT_CHANNELS;

/** Agent actions of `MinAtar/Breakout-v1`: indices into the minimal set (noop, left, right). */
export const BreakoutAction = { noop: 0, left: 1, right: 2 } as const;
/** Number of agent actions of `MinAtar/Breakout-v1`. */
export const BREAKOUT_ACTION_COUNT = 3;
/** Display names of the agent actions, by index. */
export const BREAKOUT_ACTION_NAMES: readonly string[] = ["noop", "left", "right"];

/** A cell position on the grid. */
export interface Cell {
  readonly x: number;
  readonly y: number;
}

/** Where the paddle, the ball and the ball's previous cell (trail) are; null when absent. */
export interface BreakoutSighting {
  readonly paddleX: number | null;
  readonly ball: Cell | null;
  readonly trail: Cell | null;
}

function checkObservation(observation: ArrayLike<number>): void {
  if (observation.length !== BREAKOUT_OBSERVATION_SIZE) {
    throw new RangeError(
      `observation must hold ${BREAKOUT_OBSERVATION_SIZE} values ([10, 10, 4]), got ${observation.length}`,
    );
  }
}

function findCell(observation: ArrayLike<number>, channel: number): Cell | null {
  for (let i = 0; i < BREAKOUT_GRID * BREAKOUT_GRID; i++) {
    if (observation[i * BREAKOUT_CHANNELS + channel] !== 0) {
      return { x: i % BREAKOUT_GRID, y: Math.floor(i / BREAKOUT_GRID) };
    }
  }
  return null;
}

/** Finds the paddle, ball and trail in an observation. */
export function sightBreakout(observation: ArrayLike<number>): BreakoutSighting {
  checkObservation(observation);
  const paddle = findCell(observation, 0);
  return {
    paddleX: paddle === null ? null : paddle.x,
    ball: findCell(observation, 1),
    trail: findCell(observation, 2),
  };
}

/** Copies an observation into a float buffer (the policy's input; MinAtar cells are 0/1). */
export function observationToInput(
  observation: ArrayLike<number>,
  out: Float32Array = new Float32Array(BREAKOUT_OBSERVATION_SIZE),
): Float32Array {
  checkObservation(observation);
  if (out.length !== BREAKOUT_OBSERVATION_SIZE) {
    throw new RangeError(`out must hold ${BREAKOUT_OBSERVATION_SIZE} values, got ${out.length}`);
  }
  for (let i = 0; i < BREAKOUT_OBSERVATION_SIZE; i++) out[i] = observation[i];
  return out;
}
