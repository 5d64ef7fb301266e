import { describe, expect, it } from "vitest";
import { Breakout } from "../../../src/rl/minatar/breakout.js";
import { MinAtarAction } from "../../../src/rl/minatar/types.js";
import { block, cellMap, cells, NO_RNG, patchState, ScriptedRng } from "./helpers.js";

// Hand-worked scenarios of the rules in shared/spec/rl.md 2.3 (the traces check the rest).
const { noop, right } = MinAtarAction;
const WALL = block([1, 3], [0, 9]);

function started(side: 0 | 1): Breakout {
  const game = new Breakout();
  const rng = new ScriptedRng([], [side]);
  game.reset(rng);
  expect(rng.calls).toEqual(["randint(2)"]);
  return game;
}

function ball(game: Breakout) {
  return { ball: cells(game, "ball"), trail: cells(game, "trail") };
}

describe("MinAtar Breakout", () => {
  it("serves from row 3, column 0 or 9 as randint(2) says, under a full wall", () => {
    const left = started(0);
    expect(ball(left)).toEqual({ ball: [[3, 0]], trail: [[3, 0]] });
    expect(cells(left, "paddle")).toEqual([[9, 4]]);
    expect(cells(left, "brick")).toEqual(WALL);
    expect(ball(started(1))).toEqual({ ball: [[3, 9]], trail: [[3, 9]] });
  });

  it("bounces off the paddle, the side wall and a brick (+1)", () => {
    const game = started(0); // heading down-right
    const rewards = [right, noop, noop, noop, noop].map((a) => game.act(a, NO_RNG));
    expect(ball(game)).toEqual({ ball: [[8, 5]], trail: [[7, 4]] });
    rewards.push(game.act(noop, NO_RNG)); // over the paddle (column 5): back up, moving right
    expect(ball(game)).toEqual({ ball: [[8, 6]], trail: [[8, 5]] });
    for (let k = 0; k < 4; k++) rewards.push(game.act(noop, NO_RNG)); // side wall at step 10
    expect(ball(game).ball).toEqual([[4, 9]]);
    rewards.push(game.act(noop, NO_RNG)); // hits brick (3,8), stays on row 4, heads down-left
    expect(ball(game).ball).toEqual([[4, 8]]);
    expect(rewards).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(cells(game, "brick")).not.toContainEqual([3, 8]);
    expect(cells(game, "brick")).toHaveLength(29);
    game.act(noop, NO_RNG);
    expect(ball(game).ball).toEqual([[5, 7]]);
  });

  it("ignores a brick contact right after another one: the ball enters the brick", () => {
    const game = started(0);
    patchState(game, {
      ballX: 5,
      ballY: 5,
      ballDir: 1,
      bricks: cellMap([
        [4, 6],
        [6, 7],
      ]),
    });
    expect(game.act(noop, NO_RNG)).toBe(1);
    expect(ball(game).ball).toEqual([[5, 6]]);
    expect(game.act(noop, NO_RNG)).toBe(0);
    expect(ball(game).ball).toEqual([[6, 7]]);
    expect(cells(game, "brick")).toEqual([[6, 7]]);
    game.act(noop, NO_RNG);
    expect(ball(game).ball).toEqual([[7, 8]]);
  });

  it("sends the ball back where it came from off the paddle's edge", () => {
    const game = started(0);
    patchState(game, { ballX: 3, ballY: 8, ballDir: 2 });
    game.act(noop, NO_RNG);
    expect(ball(game).ball).toEqual([[8, 4]]);
    game.act(noop, NO_RNG);
    expect(ball(game).ball).toEqual([[7, 3]]);
  });

  it("refills the wall only when the ball reaches the paddle row with no bricks left", () => {
    const game = started(0);
    patchState(game, { ballX: 5, ballY: 7, ballDir: 3, bricks: cellMap([]) });
    game.act(noop, NO_RNG);
    expect(cells(game, "brick")).toEqual([]);
    game.act(noop, NO_RNG); // from (8,4), over the paddle, the ball reaches row 9
    expect(cells(game, "brick")).toEqual(WALL);
    expect(ball(game).ball).toEqual([[8, 3]]);
    expect(game.terminal).toBe(false);
  });

  it("bounces off the top and ends when the ball passes the paddle", () => {
    const game = started(0);
    patchState(game, { ballX: 5, ballY: 0, ballDir: 0, bricks: cellMap([]) });
    game.act(noop, NO_RNG);
    expect(ball(game).ball).toEqual([[0, 4]]);
    patchState(game, { ballX: 0, ballY: 8, ballDir: 3 });
    game.act(noop, NO_RNG);
    expect(game.terminal).toBe(true);
    expect(ball(game).ball).toEqual([[9, 0]]);
  });
});
