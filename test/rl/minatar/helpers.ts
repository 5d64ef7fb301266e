import type { MinAtarGame, MinAtarRng } from "../../../src/rl/minatar/types.js";

/** A generator that fails the test if a rule draws from it. */
export const NO_RNG: MinAtarRng = {
  rand: () => {
    throw new Error("unexpected rand()");
  },
  randint: () => {
    throw new Error("unexpected randint()");
  },
};

/** Cells of each channel as [row, col] pairs, channel by channel. */
export function cellsByChannel(game: MinAtarGame): [number, number][][] {
  const c = game.channelNames.length;
  const obs = new Uint8Array(100 * c);
  game.writeState(obs);
  const out: [number, number][][] = Array.from({ length: c }, () => []);
  for (let cell = 0; cell < 100; cell++) {
    for (let ch = 0; ch < c; ch++) {
      if (obs[cell * c + ch] === 1) out[ch].push([Math.floor(cell / 10), cell % 10]);
    }
  }
  return out;
}

/** The cells of the named channel. */
export function cells(game: MinAtarGame, channel: string): [number, number][] {
  const ch = game.channelNames.indexOf(channel);
  if (ch < 0) throw new Error(`no channel ${channel}`);
  return cellsByChannel(game)[ch];
}

/** All cells of a rectangle, row-major. */
export function block(rows: [number, number], cols: [number, number]): [number, number][] {
  const out: [number, number][] = [];
  for (let r = rows[0]; r <= rows[1]; r++)
    for (let c = cols[0]; c <= cols[1]; c++) out.push([r, c]);
  return out;
}

/** Overwrites fields of a game's snapshot. */
export function patchState(game: MinAtarGame, patch: Record<string, unknown>): void {
  game.setState({ ...game.getState(), ...patch });
}

/** A 100-cell map (row-major) with ones at the given cells. */
export function cellMap(on: [number, number][]): number[] {
  const map = new Array<number>(100).fill(0);
  for (const [r, c] of on) map[r * 10 + c] = 1;
  return map;
}

/** A generator that replays scripted answers and records each call, e.g. "randint(8)". */
export class ScriptedRng implements MinAtarRng {
  readonly calls: string[] = [];
  constructor(
    private readonly doubles: number[],
    private readonly ints: number[],
  ) {}

  rand(): number {
    this.calls.push("rand()");
    const v = this.doubles.shift();
    if (v === undefined) throw new Error("ScriptedRng: out of doubles");
    return v;
  }

  randint(low: number, high?: number): number {
    this.calls.push(high === undefined ? `randint(${low})` : `randint(${low},${high})`);
    const v = this.ints.shift();
    if (v === undefined) throw new Error("ScriptedRng: out of integers");
    return v;
  }
}

/** A generator that always answers the same values. */
export function constantRng(double: number, int: number): MinAtarRng {
  return { rand: () => double, randint: (low, high) => (high === undefined ? int : low + int) };
}
