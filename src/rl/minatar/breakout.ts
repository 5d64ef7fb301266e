/**
 * MinAtar Breakout (rules from spec/rl.md 2.3): a paddle on the bottom row, a ball moving
 * diagonally, and three rows of bricks worth +1 each. The episode ends when the ball passes
 * the paddle. Channels: paddle, ball, trail (the ball's previous cell), brick.
 */

import { setCell } from "./grid.js";
import { boolField, intField, intListField, snapshotOf } from "./stateCheck.js";
import {
  type GameStateJson,
  GRID_SIZE,
  MinAtarAction,
  type MinAtarGame,
  type MinAtarRng,
} from "./types.js";

const CHANNELS = ["paddle", "ball", "trail", "brick"] as const;
const PADDLE_ROW = GRID_SIZE - 1;

// Ball directions: 0 up-left, 1 up-right, 2 down-right, 3 down-left.
const DX = [-1, 1, 1, -1];
const DY = [-1, -1, 1, 1];
const FLIP_VERTICAL = [3, 2, 1, 0];
const FLIP_HORIZONTAL = [1, 0, 3, 2];
/** Hitting the paddle with its edge sends the ball back the way it came. */
const REVERSE = [2, 3, 0, 1];

/** Breakout's rules. */
export class Breakout implements MinAtarGame {
  readonly name = "breakout" as const;
  readonly channelNames: readonly string[] = CHANNELS;
  readonly minimalActionSet: readonly number[] = [0, 1, 3];
  readonly rampIndex = 0;
  terminal = false;

  private paddle = 4;
  private ballX = 0;
  private ballY = 3;
  private ballDir = 2;
  private trailX = 0;
  private trailY = 3;
  /** True while the previous step touched a brick (a second consecutive contact does nothing). */
  private strike = false;
  /** 1 where a brick stands, row-major. */
  private bricks: Uint8Array = new Uint8Array(GRID_SIZE * GRID_SIZE);

  reset(rng: MinAtarRng): void {
    const fromRight = rng.randint(2) === 1;
    this.ballY = 3;
    this.ballX = fromRight ? 9 : 0;
    this.ballDir = fromRight ? 3 : 2;
    this.trailX = this.ballX;
    this.trailY = this.ballY;
    this.paddle = 4;
    this.strike = false;
    this.terminal = false;
    this.bricks.fill(0);
    this.fillBricks();
  }

  act(action: number, _rng?: MinAtarRng): number {
    let reward = 0;
    if (action === MinAtarAction.left) this.paddle = Math.max(0, this.paddle - 1);
    else if (action === MinAtarAction.right) this.paddle = Math.min(GRID_SIZE - 1, this.paddle + 1);

    const oldX = this.ballX;
    const oldY = this.ballY;
    let x = oldX + DX[this.ballDir];
    let y = oldY + DY[this.ballDir];
    let contact = false;

    if (x < 0 || x > GRID_SIZE - 1) {
      x = x < 0 ? 0 : GRID_SIZE - 1;
      this.ballDir = FLIP_HORIZONTAL[this.ballDir];
    }
    if (y < 0) {
      y = 0;
      this.ballDir = FLIP_VERTICAL[this.ballDir];
    } else if (this.bricks[y * GRID_SIZE + x] === 1) {
      contact = true;
      // A contact right after another one is ignored: the ball enters the brick's cell.
      if (!this.strike) {
        reward += 1;
        this.strike = true;
        this.bricks[y * GRID_SIZE + x] = 0;
        y = oldY;
        this.ballDir = FLIP_VERTICAL[this.ballDir];
      }
    } else if (y === PADDLE_ROW) {
      if (!this.bricks.includes(1)) this.fillBricks();
      if (oldX === this.paddle) {
        this.ballDir = FLIP_VERTICAL[this.ballDir];
        y = oldY;
      } else if (x === this.paddle) {
        this.ballDir = REVERSE[this.ballDir];
        y = oldY;
      } else {
        this.terminal = true;
      }
    }
    if (!contact) this.strike = false;

    this.trailX = oldX;
    this.trailY = oldY;
    this.ballX = x;
    this.ballY = y;
    return reward;
  }

  writeState(out: Uint8Array): void {
    const c = CHANNELS.length;
    setCell(out, c, PADDLE_ROW, this.paddle, 0);
    setCell(out, c, this.ballY, this.ballX, 1);
    setCell(out, c, this.trailY, this.trailX, 2);
    for (let i = 0; i < this.bricks.length; i++) if (this.bricks[i] === 1) out[i * c + 3] = 1;
  }

  getState(): GameStateJson {
    return {
      game: this.name,
      terminal: this.terminal,
      paddle: this.paddle,
      ballX: this.ballX,
      ballY: this.ballY,
      ballDir: this.ballDir,
      trailX: this.trailX,
      trailY: this.trailY,
      strike: this.strike,
      bricks: Array.from(this.bricks),
    };
  }

  setState(state: unknown): void {
    const s = snapshotOf(state, this.name);
    const bricks = intListField(s, "bricks", this.name, GRID_SIZE * GRID_SIZE);
    const terminal = boolField(s, "terminal", this.name);
    const paddle = intField(s, "paddle", this.name, 0, 9);
    const ballX = intField(s, "ballX", this.name, 0, 9);
    const ballY = intField(s, "ballY", this.name, 0, 9);
    const ballDir = intField(s, "ballDir", this.name, 0, 3);
    const trailX = intField(s, "trailX", this.name, 0, 9);
    const trailY = intField(s, "trailY", this.name, 0, 9);
    const strike = boolField(s, "strike", this.name);
    // Every field is checked above, so a bad snapshot changes nothing.
    this.terminal = terminal;
    this.paddle = paddle;
    this.ballX = ballX;
    this.ballY = ballY;
    this.ballDir = ballDir;
    this.trailX = trailX;
    this.trailY = trailY;
    this.strike = strike;
    this.bricks = Uint8Array.from(bricks);
  }

  private fillBricks(): void {
    this.bricks.fill(1, 1 * GRID_SIZE, 4 * GRID_SIZE);
  }
}
