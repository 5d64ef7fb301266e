import { describe, expect, it } from "vitest";
import { Freeway } from "../../../src/rl/minatar/freeway.js";
import { MinAtarAction } from "../../../src/rl/minatar/types.js";
import { cells, NO_RNG, patchState, ScriptedRng } from "./helpers.js";

// Hand-worked scenarios of the rules in shared/spec/rl.md 2.5 (the traces check the rest).
const { noop, up } = MinAtarAction;
const SPEEDS = [1, 2, 3, 4, 5, 1, 2, 3];
// Directions: u < 0.5 gives a negative speed (moving left).
const DIRECTION_DRAWS = [0.9, 0.1, 0.9, 0.1, 0.1, 0.9, 0.9, 0.1];

function fresh(): Freeway {
  const game = new Freeway();
  const rng = new ScriptedRng([...DIRECTION_DRAWS], [...SPEEDS]);
  game.reset(rng);
  expect(rng.calls).toEqual([...Array(8).fill("randint(1,6)"), ...Array(8).fill("rand()")]);
  return game;
}

describe("MinAtar Freeway", () => {
  it("starts all cars in column 0 with trails in their speed channels", () => {
    const game = fresh();
    expect(cells(game, "chicken")).toEqual([[9, 4]]);
    expect(cells(game, "car")).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((r) => [r, 0]));
    // Right-moving cars trail at column 9 (wrapping), left-moving ones at column 1.
    expect(cells(game, "speed1")).toEqual([
      [1, 9],
      [6, 9],
    ]);
    expect(cells(game, "speed2")).toEqual([
      [2, 1],
      [7, 9],
    ]);
    expect(cells(game, "speed3")).toEqual([
      [3, 9],
      [8, 1],
    ]);
    expect(cells(game, "speed4")).toEqual([[4, 1]]);
    expect(cells(game, "speed5")).toEqual([[5, 1]]);
  });

  it("moves a car of speed s once every s + 1 steps, wrapping around", () => {
    const game = fresh();
    const positions: number[][] = [];
    for (let k = 0; k < 6; k++) {
      game.act(noop, NO_RNG);
      positions.push(cells(game, "car").map(([, c]) => c));
    }
    // Row 1: +1 moves on steps 2, 4, 6. Row 5: -5 moves on step 6, to column 9.
    expect(positions.map((p) => p[0])).toEqual([0, 1, 1, 2, 2, 3]);
    expect(positions.map((p) => p[4])).toEqual([0, 0, 0, 0, 0, 9]);
  });

  it("lets the chicken move once every 3 steps", () => {
    const game = fresh();
    const rows: number[] = [];
    for (let k = 0; k < 7; k++) {
      game.act(up, NO_RNG);
      rows.push(cells(game, "chicken")[0][0]);
    }
    expect(rows).toEqual([9, 9, 9, 8, 8, 8, 7]);
  });

  it("pays +1 for a crossing and redraws speeds, not positions", () => {
    const game = fresh();
    patchState(game, { chickenRow: 1, moveTimer: 0 });
    const cars = cells(game, "car");
    const rng = new ScriptedRng(Array(8).fill(0.9), Array(8).fill(5));
    expect(game.act(up, rng)).toBe(1);
    expect(rng.calls).toHaveLength(16);
    expect(cells(game, "chicken")).toEqual([[9, 4]]);
    expect(cells(game, "car")).toEqual(cars); // countdowns are reset, so no car moved this step
    expect(cells(game, "speed5")).toHaveLength(8);
  });

  it("sends a hit chicken back to the bottom without ending the game", () => {
    const game = fresh();
    const state = game.getState() as unknown as { cars: number[][] };
    const cars = state.cars.map((c) => [...c]);
    cars[7] = [4, 8, 3, 3]; // a car standing on column 4 of row 8
    patchState(game, { cars, moveTimer: 0 });
    expect(game.act(up, NO_RNG)).toBe(0);
    expect(cells(game, "chicken")).toEqual([[9, 4]]);
    expect(game.terminal).toBe(false);
  });
});
