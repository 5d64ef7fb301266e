import { describe, expect, it } from "vitest";
import { Asterix } from "../../../src/rl/minatar/asterix.js";
import { MinAtarAction } from "../../../src/rl/minatar/types.js";
import { cells, constantRng, NO_RNG, patchState, ScriptedRng } from "./helpers.js";

// Hand-worked scenarios of the rules in shared/spec/rl.md 2.4 (the traces check the rest).
const { noop, up, down, left } = MinAtarAction;

function fresh(ramping = true): Asterix {
  const game = new Asterix(ramping);
  game.reset(NO_RNG);
  return game;
}

function emptySlots() {
  return new Array(8).fill(null);
}

describe("MinAtar Asterix", () => {
  it("spawns first on step 11 (side, kind, then a free row) and moves entities from step 6 on", () => {
    const game = fresh();
    for (let k = 0; k < 10; k++) game.act(noop, NO_RNG);
    // Left edge (0.2 < 1/2), gold (0.2 < 1/3), the 4th of 8 free slots: row 4.
    const rng = new ScriptedRng([0.2, 0.2], [3]);
    game.act(noop, rng);
    expect(rng.calls).toEqual(["rand()", "rand()", "randint(8)"]);
    // Step 11 is also a move step (6, 11, 16, ...), so the new gold has moved one column.
    expect(cells(game, "gold")).toEqual([[4, 1]]);
    expect(cells(game, "trail")).toEqual([[4, 0]]);
    expect(cells(game, "player")).toEqual([[5, 5]]);
  });

  it("draws side and kind but spawns nothing when all eight rows are taken", () => {
    const game = fresh();
    const full = Array.from({ length: 8 }, () => ({ x: 0, movesRight: true, gold: false }));
    patchState(game, { entities: full, playerX: 9, spawnTimer: 0, moveTimer: 3 });
    const rng = new ScriptedRng([0.9, 0.9], []);
    game.act(noop, rng);
    expect(rng.calls).toEqual(["rand()", "rand()"]);
    expect(cells(game, "enemy")).toHaveLength(8);
  });

  it("pays +1 for gold and ends on an enemy, both before and after entities move", () => {
    const game = fresh();
    const slots = emptySlots();
    slots[4] = { x: 4, movesRight: true, gold: true }; // row 5, reaches the player when moving
    patchState(game, { entities: slots, moveTimer: 0 });
    expect(game.act(noop, NO_RNG)).toBe(1);
    expect(cells(game, "gold")).toEqual([]);
    slots[4] = { x: 4, movesRight: true, gold: false };
    patchState(game, { entities: slots, moveTimer: 3 });
    game.act(left, NO_RNG); // the player walks into the enemy
    expect(game.terminal).toBe(true);
  });

  it("keeps the player on rows 1..8", () => {
    const game = fresh();
    for (let k = 0; k < 9; k++) game.act(up, constantRng(0, 0));
    expect(cells(game, "player")).toEqual([[1, 5]]);
    const other = fresh();
    for (let k = 0; k < 9; k++) other.act(down, NO_RNG);
    expect(cells(other, "player")).toEqual([[8, 5]]);
  });

  it("ramps first on step 102, lowering the move interval only on odd ramp indices", () => {
    const game = fresh();
    // Gold from the left on row 1 (the player stays on row 5): spawns never end the game.
    const rng = constantRng(0, 0);
    for (let k = 0; k < 101; k++) game.act(noop, rng);
    expect(game.rampIndex).toBe(0);
    game.act(noop, rng);
    expect(game.rampIndex).toBe(1);
    expect(game.getState()).toMatchObject({ spawnSpeed: 9, moveSpeed: 5, rampTimer: 100 });
    for (let k = 0; k < 102; k++) game.act(noop, rng);
    expect(game.rampIndex).toBe(2);
    expect(game.getState()).toMatchObject({ spawnSpeed: 8, moveSpeed: 4 });
    expect(game.terminal).toBe(false);
  });

  it("never ramps without difficulty ramping", () => {
    const game = fresh(false);
    const rng = constantRng(0, 0);
    for (let k = 0; k < 300; k++) game.act(noop, rng);
    expect(game.rampIndex).toBe(0);
    expect(game.getState()).toMatchObject({ spawnSpeed: 10, moveSpeed: 5 });
  });
});
