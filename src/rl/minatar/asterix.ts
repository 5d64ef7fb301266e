/**
 * MinAtar Asterix (rules from spec/rl.md 2.4): the player moves on rows 1..8 while enemies and
 * gold cross the screen, one per row. Gold is +1, touching an enemy ends the game. Spawns and
 * moves speed up with difficulty ramping. Channels: player, enemy, trail, gold.
 */
import { onGrid, setCell } from "./grid.js";
import { boolField, intField, snapshotOf } from "./stateCheck.js";
import {
  type GameStateJson,
  GRID_SIZE,
  MinAtarAction,
  type MinAtarGame,
  type MinAtarRng,
} from "./types.js";

const CHANNELS = ["player", "enemy", "trail", "gold"] as const;
const RAMP_INTERVAL = 100;
const INIT_SPAWN_SPEED = 10;
const INIT_MOVE_SPEED = 5;
const SLOTS = 8;

/** An entity in slot i lives on row i + 1. */
interface Entity {
  x: number;
  movesRight: boolean;
  gold: boolean;
}

/** Asterix's rules. */
export class Asterix implements MinAtarGame {
  readonly name = "asterix" as const;
  readonly channelNames: readonly string[] = CHANNELS;
  readonly minimalActionSet: readonly number[] = [0, 1, 2, 3, 4];
  terminal = false;
  rampIndex = 0;

  private playerX = 5;
  private playerY = 5;
  private entities: (Entity | null)[] = new Array<Entity | null>(SLOTS).fill(null);
  private spawnSpeed = INIT_SPAWN_SPEED;
  private spawnTimer = INIT_SPAWN_SPEED;
  private moveSpeed = INIT_MOVE_SPEED;
  private moveTimer = INIT_MOVE_SPEED;
  private rampTimer = RAMP_INTERVAL;

  constructor(private readonly ramping = true) {}

  reset(_rng: MinAtarRng): void {
    this.playerX = 5;
    this.playerY = 5;
    this.entities = new Array<Entity | null>(SLOTS).fill(null);
    this.spawnSpeed = INIT_SPAWN_SPEED;
    this.spawnTimer = INIT_SPAWN_SPEED;
    this.moveSpeed = INIT_MOVE_SPEED;
    this.moveTimer = INIT_MOVE_SPEED;
    this.rampTimer = RAMP_INTERVAL;
    this.rampIndex = 0;
    this.terminal = false;
  }

  act(action: number, rng: MinAtarRng): number {
    let reward = 0;
    if (this.spawnTimer === 0) {
      this.spawn(rng);
      this.spawnTimer = this.spawnSpeed;
    }

    if (action === MinAtarAction.left) this.playerX = Math.max(0, this.playerX - 1);
    else if (action === MinAtarAction.right)
      this.playerX = Math.min(GRID_SIZE - 1, this.playerX + 1);
    else if (action === MinAtarAction.up) this.playerY = Math.max(1, this.playerY - 1);
    else if (action === MinAtarAction.down) this.playerY = Math.min(SLOTS, this.playerY + 1);

    for (let i = 0; i < SLOTS; i++) reward += this.touch(i);

    if (this.moveTimer === 0) {
      this.moveTimer = this.moveSpeed;
      for (let i = 0; i < SLOTS; i++) {
        const e = this.entities[i];
        if (e === null) continue;
        e.x += e.movesRight ? 1 : -1;
        if (!onGrid(e.x)) this.entities[i] = null;
        else reward += this.touch(i);
      }
    }

    this.spawnTimer -= 1;
    this.moveTimer -= 1;

    if (this.ramping && (this.spawnSpeed > 1 || this.moveSpeed > 1)) {
      if (this.rampTimer >= 0) {
        this.rampTimer -= 1;
      } else {
        if (this.moveSpeed > 1 && this.rampIndex % 2 === 1) this.moveSpeed -= 1;
        if (this.spawnSpeed > 1) this.spawnSpeed -= 1;
        this.rampIndex += 1;
        this.rampTimer = RAMP_INTERVAL;
      }
    }
    return reward;
  }

  writeState(out: Uint8Array): void {
    const c = CHANNELS.length;
    setCell(out, c, this.playerY, this.playerX, 0);
    for (let i = 0; i < SLOTS; i++) {
      const e = this.entities[i];
      if (e === null) continue;
      setCell(out, c, i + 1, e.x, e.gold ? 3 : 1);
      const back = e.movesRight ? e.x - 1 : e.x + 1;
      if (onGrid(back)) setCell(out, c, i + 1, back, 2);
    }
  }

  getState(): GameStateJson {
    return {
      game: this.name,
      terminal: this.terminal,
      rampIndex: this.rampIndex,
      playerX: this.playerX,
      playerY: this.playerY,
      entities: this.entities.map((e) => (e === null ? null : { ...e })),
      spawnSpeed: this.spawnSpeed,
      spawnTimer: this.spawnTimer,
      moveSpeed: this.moveSpeed,
      moveTimer: this.moveTimer,
      rampTimer: this.rampTimer,
    };
  }

  setState(state: unknown): void {
    const s = snapshotOf(state, this.name);
    const entities = readEntities(s.entities);
    const terminal = boolField(s, "terminal", this.name);
    const rampIndex = intField(s, "rampIndex", this.name);
    const playerX = intField(s, "playerX", this.name, 0, 9);
    const playerY = intField(s, "playerY", this.name, 1, SLOTS);
    const spawnSpeed = intField(s, "spawnSpeed", this.name);
    const spawnTimer = intField(s, "spawnTimer", this.name);
    const moveSpeed = intField(s, "moveSpeed", this.name);
    const moveTimer = intField(s, "moveTimer", this.name);
    const rampTimer = intField(s, "rampTimer", this.name);
    // Every field is checked above, so a bad snapshot changes nothing.
    this.terminal = terminal;
    this.rampIndex = rampIndex;
    this.playerX = playerX;
    this.playerY = playerY;
    this.spawnSpeed = spawnSpeed;
    this.spawnTimer = spawnTimer;
    this.moveSpeed = moveSpeed;
    this.moveTimer = moveTimer;
    this.rampTimer = rampTimer;
    this.entities = entities;
  }

  /** Side, then kind, then (if a row is free) the row among the free ones in increasing order. */
  private spawn(rng: MinAtarRng): void {
    const movesRight = rng.rand() < 0.5;
    const gold = rng.rand() < 1 / 3;
    const free: number[] = [];
    for (let i = 0; i < SLOTS; i++) if (this.entities[i] === null) free.push(i);
    if (free.length === 0) return;
    const slot = free[rng.randint(free.length)];
    this.entities[slot] = { x: movesRight ? 0 : GRID_SIZE - 1, movesRight, gold };
  }

  /** Resolves contact between the player and the entity in `slot`; returns the reward. */
  private touch(slot: number): number {
    const e = this.entities[slot];
    if (e === null || e.x !== this.playerX || slot + 1 !== this.playerY) return 0;
    if (e.gold) {
      this.entities[slot] = null;
      return 1;
    }
    this.terminal = true;
    return 0;
  }
}

function readEntities(value: unknown): (Entity | null)[] {
  const ok =
    Array.isArray(value) &&
    value.length === SLOTS &&
    value.every(
      (e) =>
        e === null ||
        (typeof e === "object" &&
          Number.isInteger(e.x) &&
          e.x >= 0 &&
          e.x < GRID_SIZE &&
          typeof e.movesRight === "boolean" &&
          typeof e.gold === "boolean"),
    );
  if (!ok) {
    throw new TypeError(
      `asterix.setState: state.entities must be ${SLOTS} entries of null or {x, movesRight, gold}, got ${JSON.stringify(value)}`,
    );
  }
  return (value as (Entity | null)[]).map((e) =>
    e === null ? null : { x: e.x, movesRight: e.movesRight, gold: e.gold },
  );
}
