/**
 * The rules of the Breakout lookalike, one emulator frame (1/60 s) at a time. Pixels are
 * drawn elsewhere (`draw.ts`); this file only moves the paddle and ball and keeps score.
 * Everything is integer arithmetic, so a game replays exactly from a seed or a snapshot.
 */
import {
  BALL_HEIGHT,
  BALL_SPEEDS,
  BALL_WIDTH,
  BRICK_COLS,
  BRICK_COUNT,
  BRICK_HEIGHT,
  BRICK_ROWS,
  BRICK_WIDTH,
  BRICK_X0,
  BRICK_Y0,
  FAST_ROWS,
  LOST_Y,
  PADDLE_ACCELERATION,
  PADDLE_HEIGHT,
  PADDLE_MAX_SPEED,
  PADDLE_NARROW_WIDTH,
  PADDLE_WIDTH,
  PADDLE_Y,
  PLAY_LEFT,
  PLAY_RIGHT,
  ROW_POINTS,
  SERVE_Y,
  SPEED_UP_HITS,
  START_LIVES,
  SUBPIXELS,
  TOP_WALL_END_Y,
  WALLS_PER_GAME,
} from "./layout.js";
import { SnapshotReader } from "./snapshot.js";

/** ALE's minimal Breakout action set. */
export const BreakoutAction = {
  /** Do nothing. */
  noop: 0,
  /** Serve the ball. */
  fire: 1,
  /** Move the paddle right. */
  right: 2,
  /** Move the paddle left. */
  left: 3,
} as const;

/** The draw the game makes when serving (numpy `Generator.integers` satisfies it). */
export interface ServeRng {
  /** A uniform integer in `[low, high)`. */
  integers(low: number, high: number): number;
}

/** A JSON-serialisable snapshot of a {@link BreakoutGame}. */
export interface BreakoutGameState {
  /** 1 where a brick stands, row-major from the top-left brick. */
  bricks: number[];
  /** Index of the wall being played (0 or 1). */
  wall: number;
  /** Points scored. */
  score: number;
  /** Lives left. */
  lives: number;
  /** Whether the game is over. */
  gameOver: boolean;
  /** Left edge of the paddle in px. */
  paddleX: number;
  /** Signed paddle speed in px per frame. */
  paddleSpeed: number;
  /** Frames the current paddle direction has been held. */
  paddleHeldFrames: number;
  /** Paddle width in px. */
  paddleWidth: number;
  /** Whether the ball is moving (false while waiting for FIRE). */
  ballInPlay: boolean;
  /** Left edge of the ball in 1/8 px. */
  ballX: number;
  /** Top edge of the ball in 1/8 px. */
  ballY: number;
  /** Horizontal direction, -1 or 1. */
  ballDirX: number;
  /** Vertical direction, -1 or 1. */
  ballDirY: number;
  /** Whether the ball moves as fast sideways as vertically. */
  ballShallow: boolean;
  /** Index into the ball speeds. */
  speedLevel: number;
  /** Paddle hits since the serve. */
  paddleHits: number;
  /** Whether the ball can break a brick before touching a wall or the paddle again. */
  bricksHittable: boolean;
  /** Whether the ball has reached the top wall (the paddle narrows). */
  topWallReached: boolean;
}

const MIN_BALL_X = PLAY_LEFT * SUBPIXELS;
const MAX_BALL_X = (PLAY_RIGHT - BALL_WIDTH) * SUBPIXELS;
const MIN_BALL_Y = TOP_WALL_END_Y * SUBPIXELS;
const PADDLE_START_X = (PLAY_LEFT + PLAY_RIGHT - PADDLE_WIDTH) / 2;

/** Halves a speed toward zero (never producing -0). */
function halve(v: number): number {
  return (v / 2) | 0;
}

/**
 * One game of Breakout (two walls, five lives). The ball waits for FIRE after every lost
 * life. Speed rises after the 4th and 12th paddle hit and jumps to the top speed when a
 * brick of the two top rows breaks; the paddle narrows once the ball reaches the top wall
 * and widens again after a lost ball. Only one brick breaks per contact with a wall or the
 * paddle: after a brick the ball passes through bricks until it touches a wall or the paddle.
 */
export class BreakoutGame {
  /** 1 where a brick stands, row-major from the top-left brick. */
  readonly bricks = new Uint8Array(BRICK_COUNT);
  private bricksLeft = 0;
  /** Index of the wall being played (0 or 1). */
  wall = 0;
  /** Points scored. */
  score = 0;
  /** Lives left. */
  lives = START_LIVES;
  /** Whether the game is over. */
  gameOver = false;
  /** Left edge of the paddle in px. */
  paddleX = PADDLE_START_X;
  /** Signed paddle speed in px per frame. */
  paddleSpeed = 0;
  private paddleHeldFrames = 0;
  /** Paddle width in px. */
  paddleWidth = PADDLE_WIDTH;
  /** Whether the ball is moving (false while waiting for FIRE). */
  ballInPlay = false;
  /** Top-left corner of the ball in 1/8 px. */
  ballX = MIN_BALL_X;
  /** Top edge of the ball in 1/8 px. */
  ballY = SERVE_Y * SUBPIXELS;
  private ballDirX = 1;
  private ballDirY = 1;
  /** Shallow balls move as fast sideways as vertically; steep ones half as fast. */
  private ballShallow = false;
  private speedLevel = 0;
  private paddleHits = 0;
  private bricksHittable = true;
  private topWallReached = false;

  constructor() {
    this.reset();
  }

  /** Starts a new game: full wall, five lives, paddle centred, ball waiting for FIRE. */
  reset(): void {
    this.bricks.fill(1);
    this.bricksLeft = BRICK_COUNT;
    this.wall = 0;
    this.score = 0;
    this.lives = START_LIVES;
    this.gameOver = false;
    this.paddleX = PADDLE_START_X;
    this.paddleSpeed = 0;
    this.paddleHeldFrames = 0;
    this.paddleWidth = PADDLE_WIDTH;
    this.ballInPlay = false;
    this.ballX = MIN_BALL_X;
    this.ballY = SERVE_Y * SUBPIXELS;
    this.ballDirX = 1;
    this.ballDirY = 1;
    this.ballShallow = false;
    this.speedLevel = 0;
    this.paddleHits = 0;
    this.bricksHittable = true;
    this.topWallReached = false;
  }

  /** Advances one frame with a held action (0..3); returns the points scored. */
  frame(action: number, rng: ServeRng): number {
    if (this.gameOver) return 0;
    this.movePaddle(action);
    if (!this.ballInPlay) {
      if (action === BreakoutAction.fire) this.serve(rng);
      return 0;
    }
    return this.moveBall();
  }

  /** Bricks still standing in the current wall. */
  get remainingBricks(): number {
    return this.bricksLeft;
  }

  private movePaddle(action: number): void {
    const dir = action === BreakoutAction.right ? 1 : action === BreakoutAction.left ? -1 : 0;
    let v = this.paddleSpeed;
    if (dir === 0) {
      v = halve(v);
      this.paddleHeldFrames = 0;
    } else {
      if (v !== 0 && Math.sign(v) !== dir) {
        v = 0;
        this.paddleHeldFrames = 0;
      }
      const h = this.paddleHeldFrames;
      v += dir * (h < PADDLE_ACCELERATION.length ? PADDLE_ACCELERATION[h] : 1);
      v = Math.max(-PADDLE_MAX_SPEED, Math.min(PADDLE_MAX_SPEED, v));
      this.paddleHeldFrames = h + 1;
    }
    let x = this.paddleX + v;
    const hi = PLAY_RIGHT - this.paddleWidth;
    if (x < PLAY_LEFT || x > hi) {
      x = x < PLAY_LEFT ? PLAY_LEFT : hi;
      v = halve(v);
    }
    this.paddleX = x;
    this.paddleSpeed = v;
  }

  private serve(rng: ServeRng): void {
    this.ballInPlay = true;
    this.ballX = rng.integers(PLAY_LEFT + 8, PLAY_RIGHT - 8 - BALL_WIDTH + 1) * SUBPIXELS;
    this.ballY = SERVE_Y * SUBPIXELS;
    this.ballDirX = rng.integers(0, 2) === 0 ? -1 : 1;
    this.ballDirY = 1;
    this.ballShallow = false;
    this.bricksHittable = true;
  }

  private moveBall(): number {
    const vy = BALL_SPEEDS[this.speedLevel];
    const vx = this.ballShallow ? vy : vy / 2;
    let x = this.ballX + this.ballDirX * vx;
    let y = this.ballY + this.ballDirY * vy;
    if (x < MIN_BALL_X || x > MAX_BALL_X) {
      const bound = x < MIN_BALL_X ? MIN_BALL_X : MAX_BALL_X;
      x = 2 * bound - x;
      this.ballDirX = -this.ballDirX;
      this.bricksHittable = true;
    }
    if (y < MIN_BALL_Y) {
      y = 2 * MIN_BALL_Y - y;
      this.ballDirY = 1;
      this.bricksHittable = true;
      if (!this.topWallReached) {
        this.topWallReached = true;
        this.paddleWidth = PADDLE_NARROW_WIDTH;
        this.paddleX = Math.min(this.paddleX, PLAY_RIGHT - this.paddleWidth);
      }
    }
    this.ballX = x;
    this.ballY = y;
    const reward = this.bricksHittable ? this.hitBrick() : 0;
    if (this.gameOver) return reward;
    this.hitPaddle();
    if (Math.floor(this.ballY / SUBPIXELS) >= LOST_Y) this.loseBall();
    return reward;
  }

  /** Breaks the first standing brick under the ball, nearest first along its path. */
  private hitBrick(): number {
    const px = Math.floor(this.ballX / SUBPIXELS);
    const py = Math.floor(this.ballY / SUBPIXELS);
    const r0 = Math.max(0, Math.floor((py - BRICK_Y0) / BRICK_HEIGHT));
    const r1 = Math.min(
      BRICK_ROWS - 1,
      Math.floor((py + BALL_HEIGHT - 1 - BRICK_Y0) / BRICK_HEIGHT),
    );
    const c0 = Math.max(0, Math.floor((px - BRICK_X0) / BRICK_WIDTH));
    const c1 = Math.min(BRICK_COLS - 1, Math.floor((px + BALL_WIDTH - 1 - BRICK_X0) / BRICK_WIDTH));
    if (r0 > r1 || c0 > c1) return 0;
    const up = this.ballDirY < 0;
    for (let k = 0; k <= r1 - r0; k++) {
      const r = up ? r1 - k : r0 + k;
      for (let c = c0; c <= c1; c++) {
        const i = r * BRICK_COLS + c;
        if (this.bricks[i] === 0) continue;
        this.bricks[i] = 0;
        this.bricksLeft -= 1;
        const points = ROW_POINTS[r];
        this.score += points;
        this.ballDirY = -this.ballDirY;
        this.bricksHittable = false;
        if (r < FAST_ROWS) this.speedLevel = BALL_SPEEDS.length - 1;
        if (this.bricksLeft === 0) this.clearWall();
        return points;
      }
    }
    return 0;
  }

  private clearWall(): void {
    if (this.wall + 1 >= WALLS_PER_GAME) {
      this.gameOver = true;
      this.ballInPlay = false;
      return;
    }
    this.wall += 1;
    this.bricks.fill(1);
    this.bricksLeft = BRICK_COUNT;
  }

  /** Bounces a falling ball off the paddle; the quarter it lands on sets the new angle. */
  private hitPaddle(): void {
    if (this.ballDirY < 0) return;
    const px = Math.floor(this.ballX / SUBPIXELS);
    const py = Math.floor(this.ballY / SUBPIXELS);
    const w = this.paddleWidth;
    if (py + BALL_HEIGHT <= PADDLE_Y || py >= PADDLE_Y + PADDLE_HEIGHT) return;
    if (px + BALL_WIDTH <= this.paddleX || px >= this.paddleX + w) return;
    const centre = px + BALL_WIDTH / 2 - this.paddleX;
    const quarter = Math.max(0, Math.min(3, Math.floor((centre * 4) / w)));
    this.ballY = (PADDLE_Y - BALL_HEIGHT) * SUBPIXELS;
    this.ballDirY = -1;
    this.ballDirX = quarter < 2 ? -1 : 1;
    this.ballShallow = quarter === 0 || quarter === 3;
    this.bricksHittable = true;
    this.paddleHits += 1;
    for (let level = SPEED_UP_HITS.length; level >= 1; level--) {
      if (this.paddleHits >= SPEED_UP_HITS[level - 1]) {
        this.speedLevel = Math.max(this.speedLevel, level);
        break;
      }
    }
  }

  private loseBall(): void {
    this.ballInPlay = false;
    this.ballX = MIN_BALL_X;
    this.ballY = SERVE_Y * SUBPIXELS;
    this.lives -= 1;
    this.paddleWidth = PADDLE_WIDTH;
    this.topWallReached = false;
    this.speedLevel = 0;
    this.paddleHits = 0;
    if (this.lives <= 0) this.gameOver = true;
  }

  /** A JSON-serialisable snapshot. */
  getState(): BreakoutGameState {
    return {
      bricks: Array.from(this.bricks),
      wall: this.wall,
      score: this.score,
      lives: this.lives,
      gameOver: this.gameOver,
      paddleX: this.paddleX,
      paddleSpeed: this.paddleSpeed,
      paddleHeldFrames: this.paddleHeldFrames,
      paddleWidth: this.paddleWidth,
      ballInPlay: this.ballInPlay,
      ballX: this.ballX,
      ballY: this.ballY,
      ballDirX: this.ballDirX,
      ballDirY: this.ballDirY,
      ballShallow: this.ballShallow,
      speedLevel: this.speedLevel,
      paddleHits: this.paddleHits,
      bricksHittable: this.bricksHittable,
      topWallReached: this.topWallReached,
    };
  }

  /** Restores a snapshot from {@link getState}; throws a TypeError naming a bad field. */
  setState(state: unknown, where = "BreakoutGame.setState: state"): void {
    const s = new SnapshotReader(state, where);
    const bricks = s.intList("bricks", BRICK_COUNT, 0, 1);
    const paddleWidth = s.oneOf("paddleWidth", [PADDLE_WIDTH, PADDLE_NARROW_WIDTH]);
    const wall = s.int("wall", 0, WALLS_PER_GAME - 1);
    const score = s.int("score", 0);
    const lives = s.int("lives", 0, START_LIVES);
    const gameOver = s.bool("gameOver");
    const paddleX = s.int("paddleX", PLAY_LEFT, PLAY_RIGHT - paddleWidth);
    const paddleSpeed = s.int("paddleSpeed", -PADDLE_MAX_SPEED, PADDLE_MAX_SPEED);
    const paddleHeldFrames = s.int("paddleHeldFrames", 0);
    const ballInPlay = s.bool("ballInPlay");
    const ballX = s.int("ballX", MIN_BALL_X, MAX_BALL_X);
    const ballY = s.int("ballY", MIN_BALL_Y, LOST_Y * SUBPIXELS);
    const ballDirX = s.oneOf("ballDirX", [-1, 1]);
    const ballDirY = s.oneOf("ballDirY", [-1, 1]);
    const ballShallow = s.bool("ballShallow");
    const speedLevel = s.int("speedLevel", 0, BALL_SPEEDS.length - 1);
    const paddleHits = s.int("paddleHits", 0);
    const bricksHittable = s.bool("bricksHittable");
    const topWallReached = s.bool("topWallReached");
    // Assign only after every field passed, so a bad snapshot leaves the game untouched.
    this.bricks.set(bricks);
    this.bricksLeft = bricks.reduce((a, b) => a + b, 0);
    this.paddleWidth = paddleWidth;
    this.wall = wall;
    this.score = score;
    this.lives = lives;
    this.gameOver = gameOver;
    this.paddleX = paddleX;
    this.paddleSpeed = paddleSpeed;
    this.paddleHeldFrames = paddleHeldFrames;
    this.ballInPlay = ballInPlay;
    this.ballX = ballX;
    this.ballY = ballY;
    this.ballDirX = ballDirX;
    this.ballDirY = ballDirY;
    this.ballShallow = ballShallow;
    this.speedLevel = speedLevel;
    this.paddleHits = paddleHits;
    this.bricksHittable = bricksHittable;
    this.topWallReached = topWallReached;
  }
}
