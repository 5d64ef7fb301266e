/**
 * The scripted Breakout player whose choices the demo's CfC policy imitates (behaviour
 * cloning). It reads only the observation: the ball's direction is the step from the trail to
 * the ball (see `ballDirection` for the steps where a bounce hides it). It then plays the
 * ball's flight forward with MinAtar's rules against the bricks it sees, and steers the paddle
 * to the column where the ball will next be on the row above the paddle.
 */
import {
  BREAKOUT_CHANNELS,
  BREAKOUT_GRID,
  BreakoutAction,
  type Cell,
  sightBreakout,
} from "./observation.js";

/** The row just above the paddle, from which the ball either bounces or is lost. */
const LAST_ROW_ABOVE_PADDLE = BREAKOUT_GRID - 2;
/** A cap on the simulated flight (a ball can rattle among bricks for a long while). */
const MAX_FLIGHT = 200;

/** The ball's horizontal and vertical step, read from the trail (the ball's previous cell). */
export function ballDirection(ball: Cell, trail: Cell | null): { dx: number; dy: number } {
  let dx = trail === null ? 0 : Math.sign(ball.x - trail.x);
  let dy = trail === null ? 0 : Math.sign(ball.y - trail.y);
  // No horizontal step: the ball was clamped at a wall (or served there) and now leaves it.
  if (dx === 0) dx = ball.x === 0 ? 1 : -1;
  // No vertical step: the ball bounced this step, off the paddle (it rises) or off a brick or
  // the ceiling (it falls; at the serve too, ball and trail share a cell above the paddle).
  if (dy === 0) dy = ball.y === LAST_ROW_ABOVE_PADDLE ? -1 : 1;
  return { dx, dy };
}

/**
 * Where a ball at `ball` moving by (`dx`, `dy`) will be when it next stands on the row above
 * the paddle moving down, following MinAtar Breakout's rules: walls clamp the ball and turn it,
 * the ceiling turns it down, and a brick is knocked out and turns it back vertically (a second
 * contact on the very next step passes through). `bricks` holds 1 where a brick stands
 * (row-major 10x10) and is not modified. After 200 simulated steps it gives up and returns the
 * column reached.
 */
export function predictLanding(
  ball: Cell,
  dx: number,
  dy: number,
  bricks: ArrayLike<number>,
): number {
  const wall = Array.from(bricks);
  let { x, y } = ball;
  let strike = false;
  for (let step = 0; step < MAX_FLIGHT; step++) {
    if (y === LAST_ROW_ABOVE_PADDLE && dy > 0) return x;
    let nx = x + dx;
    let ny = y + dy;
    let contact = false;
    if (nx < 0 || nx > BREAKOUT_GRID - 1) {
      nx = nx < 0 ? 0 : BREAKOUT_GRID - 1;
      dx = -dx;
    }
    if (ny < 0) {
      ny = 0;
      dy = -dy;
    } else if (wall[ny * BREAKOUT_GRID + nx] === 1) {
      contact = true;
      if (!strike) {
        strike = true;
        wall[ny * BREAKOUT_GRID + nx] = 0;
        ny = y;
        dy = -dy;
      }
    }
    if (!contact) strike = false;
    x = nx;
    y = ny;
  }
  return x;
}

/** The column the scripted player steers the paddle to; null when the ball is not visible. */
export function expertTarget(observation: ArrayLike<number>): number | null {
  const { ball, trail } = sightBreakout(observation);
  if (ball === null) return null;
  const { dx, dy } = ballDirection(ball, trail);
  const bricks = new Uint8Array(BREAKOUT_GRID * BREAKOUT_GRID);
  for (let i = 0; i < bricks.length; i++) bricks[i] = observation[i * BREAKOUT_CHANNELS + 3];
  return predictLanding(ball, dx, dy, bricks);
}

/** The scripted player's action (an index of `MinAtar/Breakout-v1`) for an observation. */
export function expertAction(observation: ArrayLike<number>): number {
  const { paddleX } = sightBreakout(observation);
  const target = expertTarget(observation);
  if (paddleX === null || target === null || target === paddleX) return BreakoutAction.noop;
  return target < paddleX ? BreakoutAction.left : BreakoutAction.right;
}
