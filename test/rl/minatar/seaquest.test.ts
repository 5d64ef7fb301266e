import { describe, expect, it } from "vitest";
import { Seaquest } from "../../../src/rl/minatar/seaquest.js";
import { MinAtarAction } from "../../../src/rl/minatar/types.js";
import { block, cells, NO_RNG, patchState, ScriptedRng } from "./helpers.js";

// Hand-worked scenarios of the rules in shared/spec/rl.md 2.6 (the traces check the rest).
const { noop, up, down } = MinAtarAction;
/** Timers far enough away that nothing spawns during a scenario. */
const QUIET = { enemySpawnTimer: 50, diverSpawnTimer: 50 };

function fresh(): Seaquest {
  const game = new Seaquest();
  game.reset(NO_RNG);
  return game;
}

describe("MinAtar Seaquest", () => {
  it("starts surfaced with a full oxygen gauge", () => {
    const game = fresh();
    expect(cells(game, "sub_front")).toEqual([[0, 5]]);
    expect(cells(game, "sub_back")).toEqual([[0, 6]]); // facing left
    expect(cells(game, "oxygen_guage")).toEqual(block([9, 9], [0, 9]));
    expect(cells(game, "diver_guage")).toEqual([]);
  });

  it("draws side, kind and row for an enemy on step 21, even when the spawn is cancelled", () => {
    const game = fresh();
    for (let k = 0; k < 20; k++) game.act(noop, NO_RNG);
    const rng = new ScriptedRng([0.2, 0.1], [4]); // from the left, a submarine, row 4
    game.act(noop, rng);
    expect(rng.calls).toEqual(["rand()", "rand()", "randint(1,9)"]);
    expect(cells(game, "enemy_sub")).toEqual([[4, 0]]);
    // A fish from the right in the same row would meet it head-on: nothing spawns.
    patchState(game, { enemySpawnTimer: 0 });
    const cancelled = new ScriptedRng([0.7, 0.9], [4]);
    game.act(noop, cancelled);
    expect(cancelled.calls).toHaveLength(3);
    expect(cells(game, "enemy_fish")).toEqual([]);
  });

  it("pays oxygen * 10 // 200 for six divers and leaves the count at -1", () => {
    const game = fresh();
    patchState(game, { ...QUIET, subY: 1, surfaced: false, diverCount: 6, oxygen: 100 });
    expect(cells(game, "diver_guage")).toEqual(block([9, 9], [3, 8]));
    expect(game.act(up, NO_RNG)).toBe(5);
    expect(game.getState()).toMatchObject({
      diverCount: -1,
      oxygen: 200,
      enemySpawnSpeed: 19,
      moveSpeed: 5,
    });
    expect(game.rampIndex).toBe(1);
    expect(cells(game, "diver_guage")).toEqual([]);
    // With a negative count, surfacing again does not end the game.
    game.act(down, NO_RNG);
    game.act(up, NO_RNG);
    expect(game.terminal).toBe(false);
    expect(game.getState()).toMatchObject({ diverCount: -2, moveSpeed: 4, enemySpawnSpeed: 18 });
  });

  it("ends when surfacing without divers", () => {
    const game = fresh();
    patchState(game, { ...QUIET, subY: 1, surfaced: false });
    game.act(up, NO_RNG);
    expect(game.terminal).toBe(true);
  });

  it("ends the step after the oxygen reaches 0, with an empty gauge", () => {
    const game = fresh();
    patchState(game, { ...QUIET, subY: 3, surfaced: false, oxygen: 21 });
    expect(cells(game, "oxygen_guage")).toEqual([[9, 0]]);
    game.act(noop, NO_RNG);
    expect(cells(game, "oxygen_guage")).toEqual([[9, 0]]); // 20 * 10 // 200 = 1
    game.act(noop, NO_RNG);
    expect(cells(game, "oxygen_guage")).toEqual([]);
    patchState(game, { oxygen: 1 });
    game.act(noop, NO_RNG);
    expect(game.terminal).toBe(false);
    game.act(noop, NO_RNG);
    expect(game.terminal).toBe(true);
    expect(cells(game, "oxygen_guage")).toEqual([]);
  });

  it("lets an enemy sub shoot in the step it dies, the new bullet moving at once", () => {
    const game = fresh();
    patchState(game, {
      ...QUIET,
      subX: 0,
      subY: 8,
      surfaced: false,
      subs: [[3, 4, 1, 0, 0]],
      friendlyBullets: [[5, 4, 0]],
    });
    // The bullet flies left to (4,4); the sub moves right onto it: both die (+1), and the sub's
    // shot starts on (4,4) and moves right to (4,5).
    expect(game.act(noop, NO_RNG)).toBe(1);
    expect(cells(game, "enemy_sub")).toEqual([]);
    expect(cells(game, "friendly_bullet")).toEqual([]);
    expect(cells(game, "enemy_bullet")).toEqual([[4, 5]]);
  });

  it("collects a diver it touches, up to six", () => {
    const game = fresh();
    patchState(game, {
      ...QUIET,
      subX: 4,
      subY: 3,
      surfaced: false,
      divers: [[4, 3, 1, 2]],
      diverCount: 2,
    });
    game.act(noop, NO_RNG);
    expect(cells(game, "diver")).toEqual([]);
    expect(cells(game, "diver_guage")).toEqual(block([9, 9], [6, 8]));
    patchState(game, { divers: [[4, 3, 1, 2]], diverCount: 6 });
    game.act(noop, NO_RNG);
    expect(cells(game, "diver")).toEqual([[3, 4]]);
  });
});
