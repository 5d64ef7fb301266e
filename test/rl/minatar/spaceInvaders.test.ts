import { beforeEach, describe, expect, it } from "vitest";
import { SpaceInvaders } from "../../../src/rl/minatar/spaceInvaders.js";
import { MinAtarAction } from "../../../src/rl/minatar/types.js";
import { block, cellMap, cells, NO_RNG, patchState } from "./helpers.js";

// Space Invaders has no trace: every expectation below is worked out by hand from the rules in
// shared/spec/rl.md 2.7 (timers: the aliens first move on step 13, first shoot on step 11; a
// shot cannot follow for 5 steps; bullets move one row per step).
const { noop, left, right, fire } = MinAtarAction;

function play(game: SpaceInvaders, actions: number[]): number[] {
  return actions.map((a) => {
    expect(game.terminal).toBe(false);
    return game.act(a);
  });
}

describe("MinAtar Space Invaders", () => {
  let game: SpaceInvaders;
  beforeEach(() => {
    game = new SpaceInvaders();
    game.reset(NO_RNG); // the game never draws random numbers
  });

  it("starts with the cannon at column 5 under a 4 x 6 block moving left", () => {
    expect(game.channelNames).toEqual([
      "cannon",
      "alien",
      "alien_left",
      "alien_right",
      "friendly_bullet",
      "enemy_bullet",
    ]);
    expect(cells(game, "cannon")).toEqual([[9, 5]]);
    expect(cells(game, "alien")).toEqual(block([0, 3], [2, 7]));
    expect(cells(game, "alien_left")).toEqual(block([0, 3], [2, 7]));
    expect(cells(game, "alien_right")).toEqual([]);
    expect(cells(game, "friendly_bullet")).toEqual([]);
    expect(cells(game, "enemy_bullet")).toEqual([]);
  });

  it("fires a bullet that climbs one row per step and kills the alien it reaches", () => {
    const rewards = play(game, [fire]);
    expect(cells(game, "friendly_bullet")).toEqual([[8, 5]]);
    rewards.push(...play(game, [noop, noop, noop, noop]));
    expect(cells(game, "friendly_bullet")).toEqual([[4, 5]]);
    rewards.push(...play(game, [noop]));
    expect(rewards).toEqual([0, 0, 0, 0, 0, 1]);
    expect(cells(game, "friendly_bullet")).toEqual([]);
    expect(cells(game, "alien")).toHaveLength(23);
    expect(cells(game, "alien")).not.toContainEqual([3, 5]);
  });

  it("needs 5 steps between shots", () => {
    const rewards = play(game, [fire, fire, fire, fire, fire, fire]);
    // Shots on steps 1 and 6 only; the first kills alien (3,5) on step 6.
    expect(rewards).toEqual([0, 0, 0, 0, 0, 1]);
    expect(cells(game, "friendly_bullet")).toEqual([[8, 5]]);
  });

  it("moves the cannon within the grid", () => {
    play(game, [right, right, right, right, right]);
    expect(cells(game, "cannon")).toEqual([[9, 9]]);
    play(
      game,
      Array.from({ length: 5 }, () => left),
    );
    expect(cells(game, "cannon")).toEqual([[9, 4]]);
  });

  it("marches the block sideways every 12 steps, steps down at the edge and turns", () => {
    play(game, [right, right, right, right]); // out of the aliens' line of fire, at column 9
    play(
      game,
      Array.from({ length: 7 }, () => noop),
    ); // 11 steps
    // The first alien shot (step 11) comes from column 7, the occupied column nearest the cannon.
    expect(cells(game, "enemy_bullet")).toEqual([[3, 7]]);
    play(game, [noop]);
    expect(cells(game, "enemy_bullet")).toEqual([[4, 7]]);
    expect(cells(game, "alien")).toEqual(block([0, 3], [2, 7]));
    play(game, [noop]); // step 13
    expect(cells(game, "alien")).toEqual(block([0, 3], [1, 6]));
    play(
      game,
      Array.from({ length: 12 }, () => noop),
    ); // step 25
    expect(cells(game, "alien")).toEqual(block([0, 3], [0, 5]));
    play(
      game,
      Array.from({ length: 11 }, () => noop),
    ); // step 36
    expect(cells(game, "alien_left")).toEqual(block([0, 3], [0, 5]));
    play(game, [noop]); // step 37: at the left edge, so down one row and turn right
    expect(cells(game, "alien")).toEqual(block([1, 4], [0, 5]));
    expect(cells(game, "alien_left")).toEqual([]);
    expect(cells(game, "alien_right")).toEqual(block([1, 4], [0, 5]));
    play(
      game,
      Array.from({ length: 12 }, () => noop),
    ); // step 49
    expect(cells(game, "alien")).toEqual(block([1, 4], [1, 6]));
    expect(game.terminal).toBe(false);
  });

  it("ends when an alien bullet reaches the cannon", () => {
    // The step-11 shot starts on alien (3,5) above the cannon and falls one row per step.
    const steps: boolean[] = [];
    for (let i = 0; i < 17; i++) {
      game.act(noop);
      steps.push(game.terminal);
    }
    expect(steps.indexOf(true)).toBe(16);
  });

  it("shoots from the lowest alien of the nearest column, the left one on a tie", () => {
    patchState(game, {
      aliens: cellMap([
        [0, 3],
        [2, 3],
        [0, 7],
      ]),
      alienShotTimer: 0,
    });
    game.act(noop);
    expect(cells(game, "enemy_bullet")).toEqual([[2, 3]]);
  });

  it("resets the move timer to the number of aliens when fewer than the interval", () => {
    patchState(game, {
      aliens: cellMap([
        [0, 4],
        [0, 5],
        [1, 5],
      ]),
      moveTimer: 0,
    });
    game.act(noop);
    expect(cells(game, "alien")).toEqual([
      [0, 3],
      [0, 4],
      [1, 4],
    ]);
    expect(game.getState().moveTimer).toBe(2); // min(3, 12), then this step's decrement
  });

  it("sends a new, faster wave when the last alien dies (ramping)", () => {
    patchState(game, {
      aliens: cellMap([[5, 5]]),
      friendlyBullets: cellMap([[6, 5]]),
      direction: 1,
      moveTimer: 4,
    });
    expect(game.act(noop)).toBe(1);
    expect(cells(game, "alien")).toEqual(block([0, 3], [2, 7]));
    expect(cells(game, "alien_right")).toEqual(block([0, 3], [2, 7])); // direction is kept
    expect(game.rampIndex).toBe(1);
    expect(game.getState()).toMatchObject({ moveInterval: 11, moveTimer: 3 });
  });

  it("does not ramp without difficulty ramping or below an interval of 6", () => {
    const flat = new SpaceInvaders(false);
    flat.reset(NO_RNG);
    patchState(flat, { aliens: cellMap([[5, 5]]), friendlyBullets: cellMap([[6, 5]]) });
    expect(flat.act(noop)).toBe(1);
    expect(flat.rampIndex).toBe(0);
    expect(flat.getState().moveInterval).toBe(12);
    patchState(game, {
      aliens: cellMap([[5, 5]]),
      friendlyBullets: cellMap([[6, 5]]),
      moveInterval: 6,
    });
    game.act(noop);
    expect(game.rampIndex).toBe(0);
    expect(game.getState().moveInterval).toBe(6);
  });

  it("ends when the block steps down from the bottom row (which wraps to the top, as numpy's roll)", () => {
    patchState(game, {
      aliens: cellMap([
        [9, 0],
        [9, 1],
      ]),
      moveTimer: 0,
    });
    game.act(noop);
    expect(game.terminal).toBe(true);
    expect(cells(game, "alien")).toEqual([
      [0, 0],
      [0, 1],
    ]);
  });

  it("ends when an alien moves onto the cannon", () => {
    patchState(game, { aliens: cellMap([[9, 6]]), moveTimer: 0 });
    game.act(noop);
    expect(game.terminal).toBe(true);
    expect(cells(game, "alien")).toEqual([[9, 5]]);
  });

  it("lets a bullet and an alien that swap cells pass each other", () => {
    patchState(game, {
      aliens: cellMap([
        [4, 0],
        [4, 5],
      ]),
      friendlyBullets: cellMap([[5, 5]]),
      moveTimer: 0,
    });
    expect(game.act(noop)).toBe(0);
    expect(cells(game, "alien")).toEqual([
      [5, 0],
      [5, 5],
    ]);
    expect(cells(game, "friendly_bullet")).toEqual([[4, 5]]);
  });

  it("round-trips its state through JSON and rejects foreign snapshots", () => {
    play(game, [fire, left, noop]);
    const copy = new SpaceInvaders();
    copy.setState(JSON.parse(JSON.stringify(game.getState())));
    for (const a of [fire, right, noop, fire, left, noop, noop, noop])
      expect(copy.act(a)).toBe(game.act(a));
    expect(cells(copy, "alien")).toEqual(cells(game, "alien"));
    expect(() => copy.setState({ game: "breakout" })).toThrow(
      /state.game must be "space_invaders", got "breakout"/,
    );
    expect(() => copy.setState({ ...game.getState(), aliens: [1, 2] })).toThrow(
      /state.aliens must be a list of 100 integers/,
    );
  });
});
