/** Small helpers over the channel-last 10 x 10 x C observation and Python-style lists. */
import { GRID_SIZE } from "./types.js";

/** Marks cell (row, col) of channel `ch` in a `[row][col][ch]` observation with `channels` channels. */
export function setCell(
  out: Uint8Array,
  channels: number,
  row: number,
  col: number,
  ch: number,
): void {
  out[(row * GRID_SIZE + col) * channels + ch] = 1;
}

/** True when `x` is a valid row or column index. */
export function onGrid(x: number): boolean {
  return x >= 0 && x < GRID_SIZE;
}

/**
 * The indices `start..stop-1` a Python slice `[start:stop]` selects from a length-10 axis,
 * negative bounds counting from the end (the gauges rely on this for negative counts).
 */
export function pySliceIndices(start: number, stop: number): number[] {
  const clamp = (i: number): number => {
    const j = i < 0 ? i + GRID_SIZE : i;
    return Math.min(Math.max(j, 0), GRID_SIZE);
  };
  const out: number[] = [];
  for (let i = clamp(start); i < clamp(stop); i++) out.push(i);
  return out;
}

/** Python's floor division for integers. */
export function floorDiv(a: number, b: number): number {
  return Math.floor(a / b);
}

function sameValues(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Python's `list.remove(item)`: removes the first entry equal in value to `item`. MinAtar
 * removes objects this way, which differs from removing `item` itself only for duplicates.
 */
export function removeFirstEqual(list: number[][], item: readonly number[]): void {
  const i = list.findIndex((x) => sameValues(x, item));
  if (i < 0) throw new Error("removeFirstEqual: item not in list");
  list.splice(i, 1);
}

/**
 * Python's `for item in reversed(list)` over a list the body may shrink: the index steps down
 * from the end and the loop stops as soon as it is past the current end.
 */
export function forEachReversed(list: number[][], body: (item: number[]) => void): void {
  for (let i = list.length - 1; i >= 0; i--) {
    if (i >= list.length) return;
    body(list[i]);
  }
}
