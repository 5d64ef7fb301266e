import { describe, expect, it } from "vitest";
import { RandomState } from "../../../src/random/index.js";
import { MinAtarEnvironment } from "../../../src/rl/minatar/environment.js";
import type { MinAtarGameName } from "../../../src/rl/minatar/types.js";

// python3 + numpy 2.4.6: r = np.random.RandomState(3); [int(u < 0.5) for u in r.rand(20)]
const STICKY_SEED_3_P_HALF = [0, 0, 1, 0, 0, 0, 1, 1, 1, 1, 1, 1, 0, 1, 0, 0, 1, 0, 1, 1];

function rngPos(env: MinAtarEnvironment): number {
  return env.getState().rng.pos;
}

function rollout(env: MinAtarEnvironment, actions: number[]) {
  return actions.map((a) => {
    const { reward, terminal } = env.act(a);
    return { reward, terminal, obs: Array.from(env.state()).join("") };
  });
}

describe("MinAtar core environment", () => {
  it("repeats the previous executed action when the shared generator's draw is below p", () => {
    // Space Invaders draws nothing itself, so the sticky draws are RandomState(3).rand() in order.
    const env = new MinAtarEnvironment("space_invaders", { stickyActionProb: 0.5, seed: 3 });
    env.reset();
    let previous = 0;
    STICKY_SEED_3_P_HALF.forEach((sticky, k) => {
      const action = (k * 5 + 1) % 6;
      env.act(action);
      expect(env.lastActionWasSticky).toBe(sticky === 1);
      expect(env.lastAction).toBe(sticky === 1 ? previous : action);
      previous = env.lastAction;
    });
  });

  it("seeds in the constructor exactly as seed() does", () => {
    const a = new MinAtarEnvironment("freeway", { seed: 35 });
    const b = new MinAtarEnvironment("freeway", { seed: 1 });
    b.seed(35);
    a.reset();
    b.reset();
    const actions = Array.from({ length: 200 }, (_, k) => [2, 2, 0, 4, 2][k % 5]);
    expect(rollout(a, actions)).toEqual(rollout(b, actions));
  });

  it("keeps drawing (2 words per act) and remembering actions after the game is over, with the state frozen", () => {
    const env = new MinAtarEnvironment("breakout", { stickyActionProb: 0, seed: 0 });
    env.reset();
    let steps = 0;
    while (!env.act(0).terminal) steps += 1;
    expect(steps).toBeLessThan(20);
    const frozen = Array.from(env.state());
    for (const a of [3, 1, 5]) {
      const before = rngPos(env);
      expect(env.act(a)).toEqual({ reward: 0, terminal: true });
      expect(rngPos(env) - before).toBe(2);
      expect(env.lastAction).toBe(a);
      expect(Array.from(env.state())).toEqual(frozen);
    }
  });

  it("keeps the remembered action through reset() and seed()", () => {
    const env = new MinAtarEnvironment("asterix", { stickyActionProb: 1, seed: 0 });
    env.act(4);
    expect(env.lastAction).toBe(0); // p = 1 repeats the initial remembered action, 0
    const free = new MinAtarEnvironment("asterix", { stickyActionProb: 0, seed: 0 });
    free.act(4);
    free.reset();
    free.seed(7);
    expect(free.lastAction).toBe(4);
    const state = free.getState();
    const sticky = new MinAtarEnvironment("asterix", { stickyActionProb: 1, seed: 0 });
    sticky.setState({ ...state, stickyActionProb: 1 });
    sticky.act(1);
    expect(sticky.lastAction).toBe(4);
  });

  const games: MinAtarGameName[] = ["asterix", "breakout", "freeway", "seaquest", "space_invaders"];
  for (const game of games) {
    it(`resumes ${game} exactly from a JSON snapshot, generator included`, () => {
      const policy = new RandomState(11);
      const actions = Array.from({ length: 400 }, () => policy.randint(6));
      const env = new MinAtarEnvironment(game, { seed: 5 });
      env.reset();
      for (const a of actions.slice(0, 120)) if (env.act(a).terminal) env.reset();
      const copy = new MinAtarEnvironment(game, { seed: 999 });
      copy.setState(JSON.parse(JSON.stringify(env.getState())));
      expect(Array.from(copy.state())).toEqual(Array.from(env.state()));
      const play = (e: MinAtarEnvironment) =>
        actions.slice(120).map((a) => {
          const r = e.act(a);
          if (r.terminal) e.reset();
          return `${r.reward}${r.terminal}${e.lastAction}${Array.from(e.state()).join("")}`;
        });
      expect(play(copy)).toEqual(play(env));
    });
  }

  it("rejects snapshots of another game or setting", () => {
    const env = new MinAtarEnvironment("seaquest", { seed: 0 });
    const other = new MinAtarEnvironment("asterix", { seed: 0 });
    expect(() => env.setState(other.getState())).toThrow(/state must come from seaquest/);
    expect(() => env.setState({ ...env.getState(), lastAction: 9 })).toThrow(
      /state.lastAction must be an integer in \[0, 5\], got 9/,
    );
    expect(() =>
      env.setState({ ...env.getState(), game: { ...env.getState().game, oxygen: "full" } }),
    ).toThrow(/seaquest.setState: state.oxygen must be an integer, got full/);
  });

  it("leaves the game untouched when a snapshot has an off-grid position", () => {
    const env = new MinAtarEnvironment("breakout", { seed: 0 });
    const before = env.getState();
    const bad = { ...before, game: { ...before.game, paddle: 3, ballX: 12 } };
    expect(() => env.setState(bad)).toThrow(
      /breakout.setState: state.ballX must be in \[0, 9\], got 12/,
    );
    expect(env.getState()).toEqual(before);
    const seaquest = new MinAtarEnvironment("seaquest", { seed: 0 });
    const s = seaquest.getState();
    expect(() => seaquest.setState({ ...s, game: { ...s.game, fish: [[10, 3, 1, 0]] } })).toThrow(
      /state.fish must be a list of 4-integer tuples starting with an on-grid x, y/,
    );
  });

  it("validates its arguments", () => {
    expect(() => new MinAtarEnvironment("pong" as MinAtarGameName)).toThrow(
      /gameName must be one of asterix, breakout, freeway, seaquest, space_invaders, got "pong"/,
    );
    expect(() => new MinAtarEnvironment("breakout", { stickyActionProb: -0.1 })).toThrow(
      /stickyActionProb/,
    );
    const env = new MinAtarEnvironment("breakout", { seed: 0 });
    expect(() => env.act(6)).toThrow(/action must be an integer in \[0, 5\], got 6/);
    expect(() => env.act(1.5)).toThrow(RangeError);
    expect(() => env.state(new Uint8Array(10))).toThrow(/out must have length 400, got 10/);
    const out = new Uint8Array(400);
    expect(env.state(out)).toBe(out);
    expect(env.numChannels).toBe(4);
    expect(env.minimalActionSet).toEqual([0, 1, 3]);
  });
});
