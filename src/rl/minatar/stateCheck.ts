/** Validation of game snapshots passed to `setState`, with errors that name the field. */
import { onGrid } from "./grid.js";
import type { MinAtarGameName } from "./types.js";

/** Checks that `state` is a snapshot object of `game` and returns it as a record. */
export function snapshotOf(state: unknown, game: MinAtarGameName): Record<string, unknown> {
  if (typeof state !== "object" || state === null || Array.isArray(state)) {
    throw new TypeError(`${game}.setState: state must be an object, got ${String(state)}`);
  }
  const record = state as Record<string, unknown>;
  if (record.game !== game) {
    throw new TypeError(
      `${game}.setState: state.game must be "${game}", got ${JSON.stringify(record.game)}`,
    );
  }
  return record;
}

/** Reads an integer field, optionally limited to `[min, max]`. */
export function intField(
  state: Record<string, unknown>,
  key: string,
  game: string,
  min = Number.NEGATIVE_INFINITY,
  max = Number.POSITIVE_INFINITY,
): number {
  const v = state[key];
  if (typeof v !== "number" || !Number.isInteger(v)) {
    throw new TypeError(`${game}.setState: state.${key} must be an integer, got ${String(v)}`);
  }
  if (v < min || v > max) {
    throw new RangeError(`${game}.setState: state.${key} must be in [${min}, ${max}], got ${v}`);
  }
  return v;
}

/** Reads a boolean field. */
export function boolField(state: Record<string, unknown>, key: string, game: string): boolean {
  const v = state[key];
  if (typeof v !== "boolean") {
    throw new TypeError(`${game}.setState: state.${key} must be a boolean, got ${String(v)}`);
  }
  return v;
}

/** Reads a list of integers, optionally of a fixed length; returns a copy. */
export function intListField(
  state: Record<string, unknown>,
  key: string,
  game: string,
  length?: number,
): number[] {
  const v = state[key];
  if (
    !Array.isArray(v) ||
    (length !== undefined && v.length !== length) ||
    !v.every((x) => typeof x === "number" && Number.isInteger(x))
  ) {
    const want = length === undefined ? "a list of integers" : `a list of ${length} integers`;
    throw new TypeError(`${game}.setState: state.${key} must be ${want}, got ${JSON.stringify(v)}`);
  }
  return [...(v as number[])];
}

/**
 * Reads a list of integer tuples of one length (entities) whose first two entries are a cell
 * `x, y` on the grid; returns a deep copy.
 */
export function tupleListField(
  state: Record<string, unknown>,
  key: string,
  game: string,
  tupleLength: number,
): number[][] {
  const v = state[key];
  const ok =
    Array.isArray(v) &&
    v.every(
      (t) =>
        Array.isArray(t) &&
        t.length === tupleLength &&
        t.every((x) => typeof x === "number" && Number.isInteger(x)) &&
        onGrid(t[0]) &&
        onGrid(t[1]),
    );
  if (!ok) {
    throw new TypeError(
      `${game}.setState: state.${key} must be a list of ${tupleLength}-integer tuples starting with an on-grid x, y, got ${JSON.stringify(v)}`,
    );
  }
  return (v as number[][]).map((t) => [...t]);
}
