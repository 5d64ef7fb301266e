/**
 * MinAtar Freeway (rules from spec/rl.md 2.5): a chicken in column 4 crosses eight lanes of
 * cars; reaching the top row is +1 and re-draws the car speeds. A car hit sends the chicken
 * back to the bottom. The game ends after exactly 2501 steps. Channels: chicken, car, and one
 * trail channel per car speed (speed1..speed5).
 */
import { setCell } from "./grid.js";
import { boolField, intField, snapshotOf, tupleListField } from "./stateCheck.js";
import {
  type GameStateJson,
  GRID_SIZE,
  MinAtarAction,
  type MinAtarGame,
  type MinAtarRng,
} from "./types.js";

const CHANNELS = ["chicken", "car", "speed1", "speed2", "speed3", "speed4", "speed5"] as const;
const PLAYER_SPEED = 3;
const TIME_LIMIT = 2500;
const CHICKEN_COLUMN = 4;
const LANES = 8;
const START_ROW = GRID_SIZE - 1;

// A car is [x, row, countdown, signed speed]; positive speeds move right.
const X = 0;
const ROW = 1;
const COUNTDOWN = 2;
const SPEED = 3;

function wrap(x: number): number {
  return x < 0 ? GRID_SIZE - 1 : x > GRID_SIZE - 1 ? 0 : x;
}

/** Freeway's rules. */
export class Freeway implements MinAtarGame {
  readonly name = "freeway" as const;
  readonly channelNames: readonly string[] = CHANNELS;
  readonly minimalActionSet: readonly number[] = [0, 2, 4];
  readonly rampIndex = 0;
  terminal = false;

  private cars: number[][] = [];
  private chickenRow = START_ROW;
  private moveTimer = PLAYER_SPEED;
  private terminateTimer = TIME_LIMIT;

  reset(rng: MinAtarRng): void {
    this.drawCars(rng, true);
    this.chickenRow = START_ROW;
    this.moveTimer = PLAYER_SPEED;
    this.terminateTimer = TIME_LIMIT;
    this.terminal = false;
  }

  act(action: number, rng: MinAtarRng): number {
    let reward = 0;
    if (action === MinAtarAction.up && this.moveTimer === 0) {
      this.moveTimer = PLAYER_SPEED;
      this.chickenRow = Math.max(0, this.chickenRow - 1);
    } else if (action === MinAtarAction.down && this.moveTimer === 0) {
      this.moveTimer = PLAYER_SPEED;
      this.chickenRow = Math.min(GRID_SIZE - 1, this.chickenRow + 1);
    }

    if (this.chickenRow === 0) {
      reward += 1;
      this.drawCars(rng, false);
      this.chickenRow = START_ROW;
    }

    for (const car of this.cars) {
      this.collide(car);
      if (car[COUNTDOWN] === 0) {
        car[COUNTDOWN] = Math.abs(car[SPEED]);
        car[X] = wrap(car[X] + (car[SPEED] > 0 ? 1 : -1));
        this.collide(car);
      } else {
        car[COUNTDOWN] -= 1;
      }
    }

    if (this.moveTimer > 0) this.moveTimer -= 1;
    this.terminateTimer -= 1;
    if (this.terminateTimer < 0) this.terminal = true;
    return reward;
  }

  writeState(out: Uint8Array): void {
    const c = CHANNELS.length;
    setCell(out, c, this.chickenRow, CHICKEN_COLUMN, 0);
    for (const car of this.cars) {
      setCell(out, c, car[ROW], car[X], 1);
      const back = wrap(car[SPEED] > 0 ? car[X] - 1 : car[X] + 1);
      // Channel speedK is channel K + 1.
      setCell(out, c, car[ROW], back, Math.abs(car[SPEED]) + 1);
    }
  }

  getState(): GameStateJson {
    return {
      game: this.name,
      terminal: this.terminal,
      cars: this.cars.map((car) => [...car]),
      chickenRow: this.chickenRow,
      moveTimer: this.moveTimer,
      terminateTimer: this.terminateTimer,
    };
  }

  setState(state: unknown): void {
    const s = snapshotOf(state, this.name);
    const cars = tupleListField(s, "cars", this.name, 4);
    if (cars.length !== LANES || cars.some((car) => Math.abs(car[SPEED]) > 5)) {
      throw new TypeError(
        `freeway.setState: state.cars must hold ${LANES} cars with speeds in [-5, 5], got ${JSON.stringify(cars)}`,
      );
    }
    const terminal = boolField(s, "terminal", this.name);
    const chickenRow = intField(s, "chickenRow", this.name, 0, 9);
    const moveTimer = intField(s, "moveTimer", this.name);
    const terminateTimer = intField(s, "terminateTimer", this.name);
    // Every field is checked above, so a bad snapshot changes nothing.
    this.terminal = terminal;
    this.chickenRow = chickenRow;
    this.moveTimer = moveTimer;
    this.terminateTimer = terminateTimer;
    this.cars = cars;
  }

  /** Eight speeds in 1..5, then eight directions; at reset the cars also go back to column 0. */
  private drawCars(rng: MinAtarRng, initial: boolean): void {
    const speeds: number[] = [];
    for (let i = 0; i < LANES; i++) speeds.push(rng.randint(1, 6));
    const directions: number[] = [];
    for (let i = 0; i < LANES; i++) directions.push(Math.sign(rng.rand() - 0.5));
    if (initial) this.cars = [];
    for (let i = 0; i < LANES; i++) {
      const speed = directions[i] * speeds[i];
      if (initial) this.cars.push([0, i + 1, Math.abs(speed), speed]);
      else {
        this.cars[i][COUNTDOWN] = Math.abs(speed);
        this.cars[i][SPEED] = speed;
      }
    }
  }

  private collide(car: number[]): void {
    if (car[X] === CHICKEN_COLUMN && car[ROW] === this.chickenRow) this.chickenRow = START_ROW;
  }
}
