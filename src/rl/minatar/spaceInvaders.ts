/**
 * MinAtar Space Invaders (rules from spec/rl.md 2.7): a cannon on the bottom row shoots at a
 * 4 x 6 block of aliens that marches sideways and steps down at the edges, faster as it thins
 * out. +1 per alien; an alien or alien bullet reaching the cannon, or the block stepping down
 * from the bottom row, ends the game. Cleared waves are replaced. The game draws no random
 * numbers. Channels: cannon, alien, alien_left, alien_right, friendly_bullet, enemy_bullet.
 */
import { boolField, intField, intListField, snapshotOf } from "./stateCheck.js";
import {
  type GameStateJson,
  GRID_SIZE,
  MinAtarAction,
  type MinAtarGame,
  type MinAtarRng,
} from "./types.js";

const CHANNELS = [
  "cannon",
  "alien",
  "alien_left",
  "alien_right",
  "friendly_bullet",
  "enemy_bullet",
] as const;
const SHOT_COOL_DOWN = 5;
const ENEMY_MOVE_INTERVAL = 12;
const ENEMY_SHOT_INTERVAL = 10;
const MIN_MOVE_INTERVAL = 6;
const CELLS = GRID_SIZE * GRID_SIZE;
const BOTTOM = GRID_SIZE - 1;

function at(row: number, col: number): number {
  return row * GRID_SIZE + col;
}

const scratch = new Uint8Array(CELLS);

/**
 * numpy's `roll` of a 10 x 10 map along rows (`axis 0`) or columns (`axis 1`), in place:
 * cells pushed past an edge wrap around to the other side.
 */
function roll(map: Uint8Array, shift: -1 | 1, axis: 0 | 1): void {
  scratch.set(map);
  if (axis === 0) {
    // Whole rows move: row r goes to row r + shift (mod 10).
    const tail = shift > 0 ? CELLS - GRID_SIZE : GRID_SIZE;
    map.set(scratch.subarray(tail), 0);
    map.set(scratch.subarray(0, tail), CELLS - tail);
    return;
  }
  for (let r = 0; r < CELLS; r += GRID_SIZE) {
    for (let c = 0; c < GRID_SIZE; c++) {
      map[r + ((c + shift + GRID_SIZE) % GRID_SIZE)] = scratch[r + c];
    }
  }
}

function rowHas(map: Uint8Array, row: number): boolean {
  for (let c = 0; c < GRID_SIZE; c++) if (map[at(row, c)] === 1) return true;
  return false;
}

function columnHas(map: Uint8Array, col: number): boolean {
  for (let r = 0; r < GRID_SIZE; r++) if (map[at(r, col)] === 1) return true;
  return false;
}

function countOnes(map: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < map.length; i++) n += map[i];
  return n;
}

/** Space Invaders' rules. */
export class SpaceInvaders implements MinAtarGame {
  readonly name = "space_invaders" as const;
  readonly channelNames: readonly string[] = CHANNELS;
  readonly minimalActionSet: readonly number[] = [0, 1, 3, 5];
  terminal = false;
  rampIndex = 0;

  private cannon = 5;
  private aliens: Uint8Array = new Uint8Array(CELLS);
  private friendlyBullets: Uint8Array = new Uint8Array(CELLS);
  private enemyBullets: Uint8Array = new Uint8Array(CELLS);
  /** -1 while the block marches left, +1 while it marches right. */
  private direction: -1 | 1 = -1;
  private moveInterval = ENEMY_MOVE_INTERVAL;
  private moveTimer = ENEMY_MOVE_INTERVAL;
  private alienShotTimer = ENEMY_SHOT_INTERVAL;
  private shotTimer = 0;

  constructor(private readonly ramping = true) {}

  reset(_rng: MinAtarRng): void {
    this.cannon = 5;
    this.aliens = new Uint8Array(CELLS);
    this.fillWave();
    this.friendlyBullets = new Uint8Array(CELLS);
    this.enemyBullets = new Uint8Array(CELLS);
    this.direction = -1;
    this.moveInterval = ENEMY_MOVE_INTERVAL;
    this.moveTimer = ENEMY_MOVE_INTERVAL;
    this.alienShotTimer = ENEMY_SHOT_INTERVAL;
    this.shotTimer = 0;
    this.rampIndex = 0;
    this.terminal = false;
  }

  act(action: number, _rng?: MinAtarRng): number {
    if (action === MinAtarAction.fire) {
      if (this.shotTimer === 0) {
        this.friendlyBullets[at(BOTTOM, this.cannon)] = 1;
        this.shotTimer = SHOT_COOL_DOWN;
      }
    } else if (action === MinAtarAction.left) {
      this.cannon = Math.max(0, this.cannon - 1);
    } else if (action === MinAtarAction.right) {
      this.cannon = Math.min(GRID_SIZE - 1, this.cannon + 1);
    }

    // Bullets advance one row; those leaving the grid vanish instead of wrapping.
    roll(this.friendlyBullets, -1, 0);
    this.friendlyBullets.fill(0, at(BOTTOM, 0));
    roll(this.enemyBullets, 1, 0);
    this.enemyBullets.fill(0, 0, GRID_SIZE);
    if (this.enemyBullets[at(BOTTOM, this.cannon)] === 1) this.terminal = true;

    if (this.aliens[at(BOTTOM, this.cannon)] === 1) this.terminal = true;
    if (this.moveTimer === 0) this.moveAliens();
    if (this.alienShotTimer === 0) {
      this.alienShotTimer = ENEMY_SHOT_INTERVAL;
      this.shootFromNearestColumn();
    }

    let reward = 0;
    for (let i = 0; i < CELLS; i++) {
      if (this.aliens[i] === 1 && this.friendlyBullets[i] === 1) {
        reward += 1;
        this.aliens[i] = 0;
        this.friendlyBullets[i] = 0;
      }
    }

    if (this.shotTimer > 0) this.shotTimer -= 1;
    this.moveTimer -= 1;
    this.alienShotTimer -= 1;

    if (countOnes(this.aliens) === 0) {
      if (this.ramping && this.moveInterval > MIN_MOVE_INTERVAL) {
        this.moveInterval -= 1;
        this.rampIndex += 1;
      }
      this.fillWave();
    }
    return reward;
  }

  writeState(out: Uint8Array): void {
    const c = CHANNELS.length;
    out[at(BOTTOM, this.cannon) * c] = 1;
    const sideChannel = this.direction < 0 ? 2 : 3;
    for (let i = 0; i < CELLS; i++) {
      if (this.aliens[i] === 1) {
        out[i * c + 1] = 1;
        out[i * c + sideChannel] = 1;
      }
      if (this.friendlyBullets[i] === 1) out[i * c + 4] = 1;
      if (this.enemyBullets[i] === 1) out[i * c + 5] = 1;
    }
  }

  getState(): GameStateJson {
    return {
      game: this.name,
      terminal: this.terminal,
      rampIndex: this.rampIndex,
      cannon: this.cannon,
      aliens: Array.from(this.aliens),
      friendlyBullets: Array.from(this.friendlyBullets),
      enemyBullets: Array.from(this.enemyBullets),
      direction: this.direction,
      moveInterval: this.moveInterval,
      moveTimer: this.moveTimer,
      alienShotTimer: this.alienShotTimer,
      shotTimer: this.shotTimer,
    };
  }

  setState(state: unknown): void {
    const s = snapshotOf(state, this.name);
    const n = this.name;
    const aliens = intListField(s, "aliens", n, CELLS);
    const friendly = intListField(s, "friendlyBullets", n, CELLS);
    const enemy = intListField(s, "enemyBullets", n, CELLS);
    const direction = intField(s, "direction", n);
    if (direction !== -1 && direction !== 1) {
      throw new TypeError(`${n}.setState: state.direction must be -1 or 1, got ${direction}`);
    }
    const terminal = boolField(s, "terminal", n);
    const rampIndex = intField(s, "rampIndex", n);
    const cannon = intField(s, "cannon", n, 0, 9);
    const moveInterval = intField(s, "moveInterval", n);
    const moveTimer = intField(s, "moveTimer", n);
    const alienShotTimer = intField(s, "alienShotTimer", n);
    const shotTimer = intField(s, "shotTimer", n);
    // Every field is checked above, so a bad snapshot changes nothing.
    this.terminal = terminal;
    this.rampIndex = rampIndex;
    this.cannon = cannon;
    this.direction = direction;
    this.moveInterval = moveInterval;
    this.moveTimer = moveTimer;
    this.alienShotTimer = alienShotTimer;
    this.shotTimer = shotTimer;
    this.aliens = Uint8Array.from(aliens);
    this.friendlyBullets = Uint8Array.from(friendly);
    this.enemyBullets = Uint8Array.from(enemy);
  }

  /**
   * The block steps down and turns at an edge, else moves one column. The move interval
   * shrinks with the number of aliens left. Stepping down wraps like numpy's roll; that only
   * shows on the terminal frame, since any alien on the bottom row ends the game.
   */
  private moveAliens(): void {
    this.moveTimer = Math.min(countOnes(this.aliens), this.moveInterval);
    const atEdge =
      (this.direction < 0 && columnHas(this.aliens, 0)) ||
      (this.direction > 0 && columnHas(this.aliens, GRID_SIZE - 1));
    if (atEdge) {
      this.direction = this.direction === 1 ? -1 : 1;
      if (rowHas(this.aliens, BOTTOM)) this.terminal = true;
      roll(this.aliens, 1, 0);
    } else {
      roll(this.aliens, this.direction, 1);
    }
    if (this.aliens[at(BOTTOM, this.cannon)] === 1) this.terminal = true;
  }

  /** Fires from the lowest alien of the occupied column closest to the cannon (ties: left). */
  private shootFromNearestColumn(): void {
    const columns = Array.from({ length: GRID_SIZE }, (_, i) => i).sort(
      (a, b) => Math.abs(a - this.cannon) - Math.abs(b - this.cannon) || a - b,
    );
    for (const col of columns) {
      for (let row = BOTTOM; row >= 0; row--) {
        if (this.aliens[at(row, col)] === 1) {
          this.enemyBullets[at(row, col)] = 1;
          return;
        }
      }
    }
  }

  private fillWave(): void {
    for (let r = 0; r < 4; r++) for (let c = 2; c < 8; c++) this.aliens[at(r, c)] = 1;
  }
}
