import { describe, expect, it } from "vitest";
import { Breakout } from "../../src/rl/minatar/index.js";
import {
  ballDirection,
  expertAction,
  expertTarget,
  predictLanding,
} from "../../web/src/breakout/expert.js";
import {
  BREAKOUT_OBSERVATION_SIZE,
  BreakoutAction,
  sightBreakout,
} from "../../web/src/breakout/observation.js";

/** An observation with the paddle on the bottom row, the ball and its trail (channel-last). */
function observation(paddleX: number, ball: [number, number], trail: [number, number]): Uint8Array {
  const obs = new Uint8Array(BREAKOUT_OBSERVATION_SIZE);
  obs[(9 * 10 + paddleX) * 4 + 0] = 1;
  obs[(ball[1] * 10 + ball[0]) * 4 + 1] = 1;
  obs[(trail[1] * 10 + trail[0]) * 4 + 2] = 1;
  return obs;
}

/** A fresh Breakout game in the given state (strike flag clear, paddle at 0). */
function gameAt(x: number, y: number, dir: number, bricks: readonly number[]): Breakout {
  const game = new Breakout();
  game.setState({
    game: "breakout",
    terminal: false,
    paddle: 0,
    ballX: x,
    ballY: y,
    ballDir: dir,
    trailX: x,
    trailY: y,
    strike: false,
    bricks: [...bricks],
  });
  return game;
}

/** The game's directions 0..3 (up-left, up-right, down-right, down-left) as steps. */
const STEPS: readonly [number, number][] = [
  [-1, -1],
  [1, -1],
  [1, 1],
  [-1, 1],
];

describe("ballDirection", () => {
  it("reads the step from the trail to the ball", () => {
    expect(ballDirection({ x: 4, y: 5 }, { x: 3, y: 4 })).toEqual({ dx: 1, dy: 1 });
    expect(ballDirection({ x: 4, y: 5 }, { x: 5, y: 6 })).toEqual({ dx: -1, dy: -1 });
  });

  it("infers the step hidden by a bounce: off a wall, the paddle, a brick or the ceiling", () => {
    // Clamped at the right wall while falling: now moving left.
    expect(ballDirection({ x: 9, y: 5 }, { x: 9, y: 4 })).toEqual({ dx: -1, dy: 1 });
    // Off the paddle: the ball stays on row 8 and rises.
    expect(ballDirection({ x: 3, y: 8 }, { x: 4, y: 8 })).toEqual({ dx: -1, dy: -1 });
    // Off a brick above: it stays on its row and falls.
    expect(ballDirection({ x: 6, y: 4 }, { x: 5, y: 4 })).toEqual({ dx: 1, dy: 1 });
    // The serve: ball and trail on one cell at the left wall, moving down-right.
    expect(ballDirection({ x: 0, y: 3 }, { x: 0, y: 3 })).toEqual({ dx: 1, dy: 1 });
  });
});

describe("predictLanding", () => {
  it("follows a diagonal and turns at the walls after one step against them", () => {
    const none = new Array(100).fill(0);
    expect(predictLanding({ x: 3, y: 4 }, 1, 1, none)).toBe(7);
    // 8 -> 9, stays at 9 while turning, -> 8.
    expect(predictLanding({ x: 8, y: 5 }, 1, 1, none)).toBe(8);
  });

  it("agrees with the Breakout rules, bricks included, on where the ball next falls onto row 8", () => {
    // Random brick walls from a fixed-seed LCG (any pattern will do); every position and direction.
    let seed = 12345;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    let checked = 0;
    for (let trial = 0; trial < 40; trial++) {
      const bricks = Array.from({ length: 100 }, (_, i) =>
        i >= 10 && i < 70 && random() < 0.4 ? 1 : 0,
      );
      for (let dir = 0; dir < 4; dir++) {
        for (let y = 0; y <= 8; y++) {
          for (let x = 0; x < 10; x++) {
            if (bricks[y * 10 + x] === 1) continue;
            const game = gameAt(x, y, dir, bricks);
            let state = game.getState();
            const landed = (): boolean =>
              state.ballY === 8 && (state.ballDir === 2 || state.ballDir === 3);
            for (let t = 0; t < 150 && !landed(); t++) {
              game.act(0);
              state = game.getState();
            }
            if (!landed()) continue;
            const [dx, dy] = STEPS[dir];
            expect(predictLanding({ x, y }, dx, dy, bricks), `x ${x} y ${y} dir ${dir}`).toBe(
              state.ballX,
            );
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(8000);
  });
});

describe("sightBreakout", () => {
  it("finds paddle, ball and trail, and rejects an observation of the wrong size", () => {
    expect(sightBreakout(observation(4, [2, 5], [1, 4]))).toEqual({
      paddleX: 4,
      ball: { x: 2, y: 5 },
      trail: { x: 1, y: 4 },
    });
    expect(() => sightBreakout(new Uint8Array(10))).toThrow(
      /observation must hold 400 values .* got 10/,
    );
  });
});

describe("expertAction", () => {
  it("steers under a falling ball's landing column", () => {
    // Ball at (2, 5) coming from (1, 4): lands on row 8 at column 5, right of the paddle at 4.
    expect(expertTarget(observation(4, [2, 5], [1, 4]))).toBe(5);
    expect(expertAction(observation(4, [2, 5], [1, 4]))).toBe(BreakoutAction.right);
    expect(expertAction(observation(7, [2, 5], [1, 4]))).toBe(BreakoutAction.left);
    expect(expertAction(observation(5, [2, 5], [1, 4]))).toBe(BreakoutAction.noop);
  });

  it("sees a rising ball's flight through: ceiling, bricks, walls", () => {
    // No bricks: (2, 5) up-left: (1, 4) (0, 3), clamped at the wall and turned: (0, 2) (1, 1)
    // (2, 0), clamped at the ceiling and turned down: (3, 0) (4, 1) ... (9, 6), clamped and
    // turned: (9, 7) (8, 8).
    expect(expertTarget(observation(4, [2, 5], [3, 6]))).toBe(8);
    expect(expertAction(observation(4, [2, 5], [3, 6]))).toBe(BreakoutAction.right);
    expect(expertAction(observation(8, [2, 5], [3, 6]))).toBe(BreakoutAction.noop);
    // A brick at (1, 4) is knocked out and sends the ball back down from (1, 5): (0, 6),
    // clamped and turned: (0, 7) (1, 8).
    const obs = observation(4, [2, 5], [3, 6]);
    obs[(4 * 10 + 1) * 4 + 3] = 1;
    expect(expertTarget(obs)).toBe(1);
    expect(expertAction(obs)).toBe(BreakoutAction.left);
  });

  it("waits when the ball is not on the board", () => {
    const obs = new Uint8Array(BREAKOUT_OBSERVATION_SIZE);
    obs[(9 * 10 + 4) * 4] = 1;
    expect(expertAction(obs)).toBe(BreakoutAction.noop);
  });
});
