/**
 * The Breakout clone's rules, checked frame by frame against the description in
 * spec/rl.md 3.2 (geometry, points 7/7/4/4/1/1, paddle inertia, speed-ups, lives, walls).
 * Situations are set up through getState/setState; expected numbers follow from the rules.
 */
import { describe, expect, it } from "vitest";
import {
  BreakoutAction,
  BreakoutGame,
  type BreakoutGameState,
} from "../../../src/rl/breakout/game.js";

const { noop, fire, right, left } = BreakoutAction;
const SUB = 8; // sub-pixels per pixel

/** A generator stub: `integers` returns `low` and records its calls. */
function stubRng(pick: (low: number, high: number) => number = (low) => low) {
  const calls: [number, number][] = [];
  return {
    calls,
    integers(low: number, high: number): number {
      calls.push([low, high]);
      return pick(low, high);
    },
  };
}

function gameWith(patch: Partial<BreakoutGameState>): BreakoutGame {
  const g = new BreakoutGame();
  g.setState({ ...g.getState(), ...patch });
  return g;
}

/** A wall with only the listed bricks standing. */
function bricksAt(...cells: [number, number][]): number[] {
  const bricks = new Array<number>(108).fill(0);
  for (const [row, col] of cells) bricks[row * 18 + col] = 1;
  return bricks;
}

/** The brick under test plus a far-away one, so the wall is not cleared by the hit. */
function targetBrick(row: number, col: number): number[] {
  return bricksAt([row, col], [5, 17]);
}

describe("BreakoutGame reset", () => {
  it("starts with 108 bricks, 5 lives, score 0, a centred 16 px paddle and no ball", () => {
    const s = new BreakoutGame().getState();
    expect(s.bricks.reduce((a, b) => a + b, 0)).toBe(108);
    expect(s.lives).toBe(5);
    expect(s.score).toBe(0);
    expect(s.wall).toBe(0);
    expect(s.paddleX).toBe(72); // (8 + 152 - 16) / 2
    expect(s.paddleWidth).toBe(16);
    expect(s.ballInPlay).toBe(false);
    expect(s.gameOver).toBe(false);
  });
});

describe("paddle", () => {
  it("accelerates by +3, +2, -1, +1, +1 px per frame, capped at 6", () => {
    const g = new BreakoutGame();
    const xs: number[] = [];
    for (let i = 0; i < 6; i++) {
      g.frame(right, stubRng());
      xs.push(g.paddleX);
    }
    // speeds 3, 5, 4, 5, 6, 6 from x = 72
    expect(xs).toEqual([75, 80, 84, 89, 95, 101]);
  });

  it("halves its speed when released", () => {
    const g = new BreakoutGame();
    for (let i = 0; i < 6; i++) g.frame(right, stubRng());
    const xs: number[] = [];
    for (let i = 0; i < 3; i++) {
      g.frame(noop, stubRng());
      xs.push(g.paddleX);
    }
    // speeds 6 -> 3 -> 1 -> 0 from x = 101
    expect(xs).toEqual([104, 105, 105]);
  });

  it("drops to zero speed when the direction reverses", () => {
    const g = new BreakoutGame();
    g.frame(right, stubRng());
    g.frame(right, stubRng()); // speed 5, x 80
    g.frame(left, stubRng()); // speed 0, then -3
    expect(g.paddleX).toBe(77);
    expect(g.paddleSpeed).toBe(-3);
  });

  it("stops at the side walls: x in [8, 152 - width]", () => {
    const g = new BreakoutGame();
    for (let i = 0; i < 40; i++) g.frame(left, stubRng());
    expect(g.paddleX).toBe(8);
    for (let i = 0; i < 60; i++) g.frame(right, stubRng());
    expect(g.paddleX).toBe(136);
  });

  it("does not move on FIRE", () => {
    const g = gameWith({ paddleX: 50 });
    g.frame(fire, stubRng());
    expect(g.paddleX).toBe(50);
  });
});

describe("serve", () => {
  it("FIRE serves the ball at y 122 from x drawn in [16, 142], direction drawn", () => {
    const g = new BreakoutGame();
    const rng = stubRng((low, high) => (high === 2 ? 1 : low));
    expect(g.frame(fire, rng)).toBe(0);
    expect(g.ballInPlay).toBe(true);
    expect(rng.calls).toEqual([
      [16, 143],
      [0, 2],
    ]);
    expect(g.ballX).toBe(16 * SUB);
    expect(g.ballY).toBe(122 * SUB);
  });

  it("NOOP, RIGHT and LEFT never serve", () => {
    const g = new BreakoutGame();
    const rng = stubRng();
    for (const a of [noop, right, left]) g.frame(a, rng);
    expect(g.ballInPlay).toBe(false);
    expect(rng.calls).toEqual([]);
  });
});

describe("bricks", () => {
  const points = [7, 7, 4, 4, 1, 1];
  for (let row = 0; row < 6; row++) {
    it(`a brick of row ${row} scores ${points[row]} and sends the ball back`, () => {
      // Ball 1 px below the brick's bottom edge, moving up 1.5 px per frame.
      const g = gameWith({
        bricks: targetBrick(row, 5),
        ballInPlay: true,
        ballX: 50 * SUB - 6,
        ballY: (64 + 6 * row) * SUB,
        ballDirX: 1,
        ballDirY: -1,
      });
      expect(g.frame(noop, stubRng())).toBe(points[row]);
      expect(g.score).toBe(points[row]);
      expect(g.bricks[row * 18 + 5]).toBe(0);
      const y = g.ballY;
      g.frame(noop, stubRng());
      expect(g.ballY).toBeGreaterThan(y); // now moving down
    });
  }

  it("a brick of the two top rows sends the ball to the top speed (3 px per frame)", () => {
    const g = gameWith({
      bricks: targetBrick(1, 5),
      ballInPlay: true,
      ballX: 50 * SUB - 6,
      ballY: (64 + 6) * SUB,
      ballDirX: 1,
      ballDirY: -1,
    });
    g.frame(noop, stubRng());
    const y = g.ballY;
    g.frame(noop, stubRng());
    expect(g.ballY - y).toBe(24);
  });

  it("a lower brick keeps the speed (1.5 px per frame)", () => {
    const g = gameWith({
      bricks: targetBrick(3, 5),
      ballInPlay: true,
      ballX: 50 * SUB - 6,
      ballY: (64 + 18) * SUB,
      ballDirX: 1,
      ballDirY: -1,
    });
    g.frame(noop, stubRng());
    const y = g.ballY;
    g.frame(noop, stubRng());
    expect(g.ballY - y).toBe(12);
  });

  it("breaks only one brick per wall or paddle contact: after one, it passes through", () => {
    // Ball below the full wall, moving up, having already broken a brick on this contact.
    const g = gameWith({
      ballInPlay: true,
      ballX: 80 * SUB,
      ballY: 100 * SUB,
      ballDirX: 1,
      ballDirY: -1,
      bricksHittable: false,
    });
    let reward = 0;
    let frames = 0;
    while (reward === 0 && frames < 200) {
      reward = g.frame(noop, stubRng());
      frames += 1;
    }
    // It crossed all six rows untouched, bounced off the top wall, and the first brick it
    // met on the way down was a top-row one.
    expect(reward).toBe(7);
    expect(g.remainingBricks).toBe(107);
    expect(g.paddleWidth).toBe(12);
  });

  it("clearing the first wall brings a second one", () => {
    const g = gameWith({
      bricks: bricksAt([5, 5]),
      ballInPlay: true,
      ballX: 50 * SUB - 6,
      ballY: (64 + 30) * SUB,
      ballDirX: 1,
      ballDirY: -1,
    });
    expect(g.frame(noop, stubRng())).toBe(1);
    expect(g.wall).toBe(1);
    expect(g.remainingBricks).toBe(108);
    expect(g.gameOver).toBe(false);
  });

  it("clearing the second wall ends the game", () => {
    const g = gameWith({
      wall: 1,
      score: 863,
      bricks: bricksAt([5, 5]),
      ballInPlay: true,
      ballX: 50 * SUB - 6,
      ballY: (64 + 30) * SUB,
      ballDirX: 1,
      ballDirY: -1,
    });
    expect(g.frame(noop, stubRng())).toBe(1);
    expect(g.score).toBe(864);
    expect(g.gameOver).toBe(true);
    expect(g.frame(fire, stubRng())).toBe(0);
  });
});

describe("top wall", () => {
  it("bounces the ball and narrows the paddle to 12 px", () => {
    const g = gameWith({
      bricks: new Array<number>(108).fill(0),
      ballInPlay: true,
      ballX: 80 * SUB,
      ballY: 33 * SUB,
      ballDirX: 1,
      ballDirY: -1,
    });
    g.frame(noop, stubRng()); // 33 - 1.5 = 31.5 -> reflected to 32.5
    expect(g.ballY).toBe(32 * SUB + 4);
    expect(g.paddleWidth).toBe(12);
    g.frame(noop, stubRng());
    expect(g.ballY).toBe(32 * SUB + 4 + 12);
  });
});

describe("paddle bounces", () => {
  // Paddle at x 72..87: quarters [72,76) [76,80) [80,84) [84,88) by the ball's centre.
  const cases = [
    { ballPx: 72, dx: -12, name: "left quarter: left, shallow" },
    { ballPx: 78, dx: -6, name: "inner left quarter: left, steep" },
    { ballPx: 80, dx: 6, name: "inner right quarter: right, steep" },
    { ballPx: 86, dx: 12, name: "right quarter: right, shallow" },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const g = gameWith({
        bricks: new Array<number>(108).fill(0),
        ballInPlay: true,
        ballX: c.ballPx * SUB - 6,
        ballY: 185 * SUB,
        ballDirX: 1,
        ballDirY: 1,
      });
      g.frame(noop, stubRng());
      expect(g.ballY).toBe(185 * SUB); // put back on top of the paddle
      const x = g.ballX;
      g.frame(noop, stubRng());
      expect(g.ballX - x).toBe(c.dx);
      expect(g.ballY).toBe(185 * SUB - 12);
    });
  }

  it("speeds up at the 4th and the 12th paddle hit", () => {
    for (const [hitsBefore, dy] of [
      [2, 12],
      [3, 16],
      [11, 20],
    ] as const) {
      const g = gameWith({
        bricks: new Array<number>(108).fill(0),
        ballInPlay: true,
        ballX: 80 * SUB - 6,
        ballY: 185 * SUB,
        ballDirX: 1,
        ballDirY: 1,
        paddleHits: hitsBefore,
      });
      g.frame(noop, stubRng());
      const y = g.ballY;
      g.frame(noop, stubRng());
      expect(y - g.ballY).toBe(dy);
    }
  });
});

describe("lives", () => {
  const falling = {
    ballInPlay: true,
    ballX: 100 * SUB,
    ballY: 195 * SUB,
    ballDirX: 1 as const,
    ballDirY: 1 as const,
    paddleX: 8,
  };

  it("a ball below the paddle costs a life, waits for FIRE and restores the wide paddle", () => {
    const g = gameWith({ ...falling, paddleWidth: 12, topWallReached: true, speedLevel: 3 });
    g.frame(noop, stubRng());
    expect(g.lives).toBe(4);
    expect(g.ballInPlay).toBe(false);
    expect(g.paddleWidth).toBe(16);
    expect(g.gameOver).toBe(false);
    g.frame(fire, stubRng());
    const y = g.ballY;
    g.frame(noop, stubRng());
    expect(g.ballY - y).toBe(12); // speed back to the slowest level
  });

  it("losing the last life ends the game", () => {
    const g = gameWith({ ...falling, lives: 1 });
    g.frame(noop, stubRng());
    expect(g.lives).toBe(0);
    expect(g.gameOver).toBe(true);
  });
});

describe("snapshots", () => {
  it("getState/setState round-trips through JSON", () => {
    const g = new BreakoutGame();
    const rng = stubRng((low, high) => Math.floor((low + high) / 2));
    for (let i = 0; i < 50; i++) g.frame(i % 7 === 0 ? fire : i % 3, rng);
    const copy = new BreakoutGame();
    copy.setState(JSON.parse(JSON.stringify(g.getState())));
    expect(copy.getState()).toEqual(g.getState());
  });

  it("rejects a bad field by name and leaves the game untouched", () => {
    const g = new BreakoutGame();
    const before = g.getState();
    expect(() => g.setState({ ...before, lives: 9 })).toThrow(
      /lives must be an integer in \[0, 5\]/,
    );
    expect(() => g.setState({ ...before, bricks: [1, 0] })).toThrow(/bricks must be a list of 108/);
    expect(() => g.setState({ ...before, ballDirX: 0 })).toThrow(/ballDirX/);
    expect(() => g.setState("nope")).toThrow(TypeError);
    expect(g.getState()).toEqual(before);
  });
});
