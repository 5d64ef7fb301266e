/**
 * MinAtar Seaquest (rules from spec/rl.md 2.6): a submarine shoots fish and enemy subs (+1
 * each), collects divers and must surface before its oxygen runs out; surfacing with six
 * divers pays an oxygen bonus. Enemy subs shoot back. Objects live in lists walked
 * newest-first and removed by value, as in MinAtar, so duplicates behave identically.
 */
import {
  floorDiv,
  forEachReversed,
  onGrid,
  pySliceIndices,
  removeFirstEqual,
  setCell,
} from "./grid.js";
import { boolField, intField, snapshotOf, tupleListField } from "./stateCheck.js";
import {
  type GameStateJson,
  GRID_SIZE,
  MinAtarAction,
  type MinAtarGame,
  type MinAtarRng,
} from "./types.js";

const CHANNELS = [
  "sub_front",
  "sub_back",
  "friendly_bullet",
  "trail",
  "enemy_bullet",
  "enemy_fish",
  "enemy_sub",
  "oxygen_guage",
  "diver_guage",
  "diver",
] as const;
const CH = {
  front: 0,
  back: 1,
  friendlyBullet: 2,
  trail: 3,
  enemyBullet: 4,
  fish: 5,
  sub: 6,
  oxygen: 7,
  diverGauge: 8,
  diver: 9,
} as const;

const MAX_OXYGEN = 200;
const INIT_SPAWN_SPEED = 20;
const DIVER_SPAWN_SPEED = 30;
const INIT_MOVE_INTERVAL = 5;
const SHOT_COOL_DOWN = 5;
const ENEMY_SHOT_INTERVAL = 10;
const DIVER_MOVE_INTERVAL = 5;
const MAX_DIVERS = 6;
const GAUGE_ROW = GRID_SIZE - 1;

// Tuple layouts (direction is 1 for moving right, 0 for left):
//   bullet [x, y, right]; fish and diver [x, y, right, moveCountdown];
//   enemy sub [x, y, right, moveCountdown, shotCountdown].
const X = 0;
const Y = 1;
const RIGHT = 2;
const MOVE = 3;
const SHOT = 4;

function step(entity: number[]): void {
  entity[X] += entity[RIGHT] === 1 ? 1 : -1;
}

/** Seaquest's rules. */
export class Seaquest implements MinAtarGame {
  readonly name = "seaquest" as const;
  readonly channelNames: readonly string[] = CHANNELS;
  readonly minimalActionSet: readonly number[] = [0, 1, 2, 3, 4, 5];
  terminal = false;
  rampIndex = 0;

  private subX = 5;
  private subY = 0;
  private facingRight = false;
  private surfaced = true;
  private oxygen = MAX_OXYGEN;
  private diverCount = 0;
  private friendlyBullets: number[][] = [];
  private enemyBullets: number[][] = [];
  private fish: number[][] = [];
  private subs: number[][] = [];
  private divers: number[][] = [];
  private enemySpawnSpeed = INIT_SPAWN_SPEED;
  private enemySpawnTimer = INIT_SPAWN_SPEED;
  private diverSpawnTimer = DIVER_SPAWN_SPEED;
  private moveSpeed = INIT_MOVE_INTERVAL;
  private shotTimer = 0;

  constructor(private readonly ramping = true) {}

  reset(_rng: MinAtarRng): void {
    this.subX = 5;
    this.subY = 0;
    this.facingRight = false;
    this.surfaced = true;
    this.oxygen = MAX_OXYGEN;
    this.diverCount = 0;
    this.friendlyBullets = [];
    this.enemyBullets = [];
    this.fish = [];
    this.subs = [];
    this.divers = [];
    this.enemySpawnSpeed = INIT_SPAWN_SPEED;
    this.enemySpawnTimer = INIT_SPAWN_SPEED;
    this.diverSpawnTimer = DIVER_SPAWN_SPEED;
    this.moveSpeed = INIT_MOVE_INTERVAL;
    this.rampIndex = 0;
    this.shotTimer = 0;
    this.terminal = false;
  }

  act(action: number, rng: MinAtarRng): number {
    let reward = 0;
    if (this.enemySpawnTimer === 0) {
      this.spawnEnemy(rng);
      this.enemySpawnTimer = this.enemySpawnSpeed;
    }
    if (this.diverSpawnTimer === 0) {
      this.spawnDiver(rng);
      this.diverSpawnTimer = DIVER_SPAWN_SPEED;
    }

    this.movePlayer(action);
    reward += this.updateFriendlyBullets();
    this.updateDivers();
    reward += this.updateEnemySubs();
    this.updateEnemyBullets();
    reward += this.updateFish();

    if (this.enemySpawnTimer > 0) this.enemySpawnTimer -= 1;
    if (this.diverSpawnTimer > 0) this.diverSpawnTimer -= 1;
    if (this.shotTimer > 0) this.shotTimer -= 1;

    // Oxygen is checked before this step's decrease.
    if (this.oxygen <= 0) this.terminal = true;
    if (this.subY > 0) {
      this.oxygen -= 1;
      this.surfaced = false;
    } else if (!this.surfaced) {
      if (this.diverCount === 0) this.terminal = true;
      else reward += this.surface();
    }
    return reward;
  }

  writeState(out: Uint8Array): void {
    const c = CHANNELS.length;
    setCell(out, c, this.subY, this.subX, CH.front);
    const back = this.facingRight ? this.subX - 1 : this.subX + 1;
    if (onGrid(back)) setCell(out, c, this.subY, back, CH.back);
    // The gauge is empty once oxygen is spent (it reaches -1 on the oxygen-death step).
    for (const col of pySliceIndices(0, Math.max(0, floorDiv(this.oxygen * 10, MAX_OXYGEN)))) {
      setCell(out, c, GAUGE_ROW, col, CH.oxygen);
    }
    for (const col of pySliceIndices(GRID_SIZE - 1 - this.diverCount, GRID_SIZE - 1)) {
      setCell(out, c, GAUGE_ROW, col, CH.diverGauge);
    }
    for (const b of this.friendlyBullets) setCell(out, c, b[Y], b[X], CH.friendlyBullet);
    for (const b of this.enemyBullets) setCell(out, c, b[Y], b[X], CH.enemyBullet);
    const withTrail = (list: number[][], ch: number): void => {
      for (const e of list) {
        setCell(out, c, e[Y], e[X], ch);
        const trail = e[RIGHT] === 1 ? e[X] - 1 : e[X] + 1;
        if (onGrid(trail)) setCell(out, c, e[Y], trail, CH.trail);
      }
    };
    withTrail(this.fish, CH.fish);
    withTrail(this.subs, CH.sub);
    withTrail(this.divers, CH.diver);
  }

  getState(): GameStateJson {
    const copy = (list: number[][]): number[][] => list.map((e) => [...e]);
    return {
      game: this.name,
      terminal: this.terminal,
      rampIndex: this.rampIndex,
      subX: this.subX,
      subY: this.subY,
      facingRight: this.facingRight,
      surfaced: this.surfaced,
      oxygen: this.oxygen,
      diverCount: this.diverCount,
      friendlyBullets: copy(this.friendlyBullets),
      enemyBullets: copy(this.enemyBullets),
      fish: copy(this.fish),
      subs: copy(this.subs),
      divers: copy(this.divers),
      enemySpawnSpeed: this.enemySpawnSpeed,
      enemySpawnTimer: this.enemySpawnTimer,
      diverSpawnTimer: this.diverSpawnTimer,
      moveSpeed: this.moveSpeed,
      shotTimer: this.shotTimer,
    };
  }

  setState(state: unknown): void {
    const s = snapshotOf(state, this.name);
    const n = this.name;
    const lists = {
      friendlyBullets: tupleListField(s, "friendlyBullets", n, 3),
      enemyBullets: tupleListField(s, "enemyBullets", n, 3),
      fish: tupleListField(s, "fish", n, 4),
      subs: tupleListField(s, "subs", n, 5),
      divers: tupleListField(s, "divers", n, 4),
    };
    const terminal = boolField(s, "terminal", n);
    const rampIndex = intField(s, "rampIndex", n);
    const subX = intField(s, "subX", n, 0, 9);
    const subY = intField(s, "subY", n, 0, GRID_SIZE - 2);
    const facingRight = boolField(s, "facingRight", n);
    const surfaced = boolField(s, "surfaced", n);
    const oxygen = intField(s, "oxygen", n, -1, MAX_OXYGEN);
    const diverCount = intField(s, "diverCount", n, Number.NEGATIVE_INFINITY, MAX_DIVERS);
    const enemySpawnSpeed = intField(s, "enemySpawnSpeed", n);
    const enemySpawnTimer = intField(s, "enemySpawnTimer", n);
    const diverSpawnTimer = intField(s, "diverSpawnTimer", n);
    const moveSpeed = intField(s, "moveSpeed", n);
    const shotTimer = intField(s, "shotTimer", n);
    // Every field is checked above, so a bad snapshot changes nothing.
    this.terminal = terminal;
    this.rampIndex = rampIndex;
    this.subX = subX;
    this.subY = subY;
    this.facingRight = facingRight;
    this.surfaced = surfaced;
    this.oxygen = oxygen;
    this.diverCount = diverCount;
    this.enemySpawnSpeed = enemySpawnSpeed;
    this.enemySpawnTimer = enemySpawnTimer;
    this.diverSpawnTimer = diverSpawnTimer;
    this.moveSpeed = moveSpeed;
    this.shotTimer = shotTimer;
    this.friendlyBullets = lists.friendlyBullets;
    this.enemyBullets = lists.enemyBullets;
    this.fish = lists.fish;
    this.subs = lists.subs;
    this.divers = lists.divers;
  }

  private movePlayer(action: number): void {
    if (action === MinAtarAction.fire) {
      if (this.shotTimer === 0) {
        this.friendlyBullets.push([this.subX, this.subY, this.facingRight ? 1 : 0]);
        this.shotTimer = SHOT_COOL_DOWN;
      }
    } else if (action === MinAtarAction.left) {
      this.subX = Math.max(0, this.subX - 1);
      this.facingRight = false;
    } else if (action === MinAtarAction.right) {
      this.subX = Math.min(GRID_SIZE - 1, this.subX + 1);
      this.facingRight = true;
    } else if (action === MinAtarAction.up) {
      this.subY = Math.max(0, this.subY - 1);
    } else if (action === MinAtarAction.down) {
      this.subY = Math.min(GRID_SIZE - 2, this.subY + 1);
    }
  }

  private atPlayer(e: readonly number[]): boolean {
    return e[X] === this.subX && e[Y] === this.subY;
  }

  /** Removes the first entry of `targets` on the cell of `e` and the bullet; true on a hit. */
  private hitBy(bullet: number[], targets: number[][]): boolean {
    const target = targets.find((t) => t[X] === bullet[X] && t[Y] === bullet[Y]);
    if (target === undefined) return false;
    removeFirstEqual(targets, target);
    removeFirstEqual(this.friendlyBullets, bullet);
    return true;
  }

  private updateFriendlyBullets(): number {
    let reward = 0;
    forEachReversed(this.friendlyBullets, (b) => {
      step(b);
      if (!onGrid(b[X])) removeFirstEqual(this.friendlyBullets, b);
      else if (this.hitBy(b, this.fish) || this.hitBy(b, this.subs)) reward += 1;
    });
    return reward;
  }

  private collectIfTouching(d: number[]): boolean {
    if (!this.atPlayer(d) || this.diverCount >= MAX_DIVERS) return false;
    removeFirstEqual(this.divers, d);
    this.diverCount += 1;
    return true;
  }

  private updateDivers(): void {
    forEachReversed(this.divers, (d) => {
      if (this.collectIfTouching(d)) return;
      if (d[MOVE] === 0) {
        d[MOVE] = DIVER_MOVE_INTERVAL;
        step(d);
        if (!onGrid(d[X])) removeFirstEqual(this.divers, d);
        else this.collectIfTouching(d);
      } else {
        d[MOVE] -= 1;
      }
    });
  }

  /** Moves one enemy (fish or sub) of `list`; returns the reward of a bullet it ran into. */
  private moveEnemy(e: number[], list: number[][]): number {
    if (this.atPlayer(e)) this.terminal = true;
    if (e[MOVE] !== 0) {
      e[MOVE] -= 1;
      return 0;
    }
    e[MOVE] = this.moveSpeed;
    step(e);
    if (!onGrid(e[X])) {
      removeFirstEqual(list, e);
      return 0;
    }
    if (this.atPlayer(e)) {
      this.terminal = true;
      return 0;
    }
    const bullet = this.friendlyBullets.find((b) => b[X] === e[X] && b[Y] === e[Y]);
    if (bullet === undefined) return 0;
    removeFirstEqual(list, e);
    removeFirstEqual(this.friendlyBullets, bullet);
    return 1;
  }

  private updateEnemySubs(): number {
    let reward = 0;
    forEachReversed(this.subs, (s) => {
      reward += this.moveEnemy(s, this.subs);
      // The shot timer runs even for a sub removed just above; its bullet starts where it was.
      if (s[SHOT] === 0) {
        s[SHOT] = ENEMY_SHOT_INTERVAL;
        this.enemyBullets.push([s[X], s[Y], s[RIGHT]]);
      } else {
        s[SHOT] -= 1;
      }
    });
    return reward;
  }

  private updateEnemyBullets(): void {
    forEachReversed(this.enemyBullets, (b) => {
      if (this.atPlayer(b)) this.terminal = true;
      step(b);
      if (!onGrid(b[X])) removeFirstEqual(this.enemyBullets, b);
      else if (this.atPlayer(b)) this.terminal = true;
    });
  }

  private updateFish(): number {
    let reward = 0;
    forEachReversed(this.fish, (f) => {
      reward += this.moveEnemy(f, this.fish);
    });
    return reward;
  }

  /** Side, kind and row are always drawn; the spawn is cancelled if the row has traffic the other way. */
  private spawnEnemy(rng: MinAtarRng): void {
    const right = rng.rand() < 0.5 ? 1 : 0;
    const isSub = rng.rand() < 1 / 3;
    const row = rng.randint(1, 9);
    const opposed = (e: number[]): boolean => e[Y] === row && e[RIGHT] !== right;
    if (this.fish.some(opposed) || this.subs.some(opposed)) return;
    const x = right === 1 ? 0 : GRID_SIZE - 1;
    if (isSub) this.subs.push([x, row, right, this.moveSpeed, ENEMY_SHOT_INTERVAL]);
    else this.fish.push([x, row, right, this.moveSpeed]);
  }

  private spawnDiver(rng: MinAtarRng): void {
    const right = rng.rand() < 0.5 ? 1 : 0;
    const row = rng.randint(1, 9);
    this.divers.push([right === 1 ? 0 : GRID_SIZE - 1, row, right, DIVER_MOVE_INTERVAL]);
  }

  /** Refills oxygen, pays the six-diver bonus, drops one diver and ramps the difficulty. */
  private surface(): number {
    this.surfaced = true;
    let reward = 0;
    if (this.diverCount === MAX_DIVERS) {
      this.diverCount = 0;
      reward = floorDiv(this.oxygen * 10, MAX_OXYGEN);
    }
    this.oxygen = MAX_OXYGEN;
    // MinAtar quirk: after a six-diver bonus this leaves the count at -1.
    this.diverCount -= 1;
    if (this.ramping && (this.enemySpawnSpeed > 1 || this.moveSpeed > 2)) {
      if (this.moveSpeed > 2 && this.rampIndex % 2 === 1) this.moveSpeed -= 1;
      if (this.enemySpawnSpeed > 1) this.enemySpawnSpeed -= 1;
      this.rampIndex += 1;
    }
    return reward;
  }
}
