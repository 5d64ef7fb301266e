/**
 * Reading and checking hyperparameters and state that arrive as untyped values (constructor
 * options, or a state dict read back from a checkpoint). Every error names where the value
 * was, what was expected and what was received.
 */
import type { FloatArray } from "./types.js";

/** A plain object whose fields have not been checked yet. */
export type RawRecord = Readonly<Record<string, unknown>>;

/** True for non-null, non-array objects. */
export function isRecord(value: unknown): value is RawRecord {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A short description of a received value for error messages. */
export function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "bigint") return `${value}n`;
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name}`;
  return `a ${typeof value}`;
}

/** `raw[key]` as a number (not NaN). */
export function readNumber(raw: RawRecord, key: string, where: string): number {
  const value = raw[key];
  if (typeof value !== "number" || Number.isNaN(value)) {
    throw new TypeError(`${where}: ${key} must be a number, got ${describe(value)}`);
  }
  return value;
}

/** `raw[key]` as a boolean. */
export function readBoolean(raw: RawRecord, key: string, where: string): boolean {
  const value = raw[key];
  if (typeof value !== "boolean") {
    throw new TypeError(`${where}: ${key} must be a boolean, got ${describe(value)}`);
  }
  return value;
}

/** `raw[key]` as a pair of numbers, copied. */
export function readPair(raw: RawRecord, key: string, where: string): readonly [number, number] {
  const value = raw[key];
  if (
    !Array.isArray(value) ||
    value.length !== 2 ||
    typeof value[0] !== "number" ||
    typeof value[1] !== "number"
  ) {
    throw new TypeError(`${where}: ${key} must be a pair of numbers, got ${describe(value)}`);
  }
  return [value[0], value[1]];
}

/** Throws a RangeError unless `ok`; `expected` reads like "must be >= 0". */
export function requireRange(
  ok: boolean,
  where: string,
  key: string,
  expected: string,
  got: number,
) {
  if (!ok) throw new RangeError(`${where}: ${key} ${expected}, got ${got}`);
}

/** A non-negative integer counter such as Adam's `step`. */
export function readCount(raw: RawRecord, key: string, where: string): number {
  const value = readNumber(raw, key, where);
  requireRange(
    Number.isSafeInteger(value) && value >= 0,
    where,
    key,
    "must be a non-negative integer",
    value,
  );
  return value;
}

/**
 * A state buffer for `param`: a float typed array of the parameter's length, copied into the
 * parameter's dtype (torch casts floating state to the parameter's dtype on load).
 */
export function readBuffer(
  raw: RawRecord,
  key: string,
  like: FloatArray,
  where: string,
): FloatArray {
  const value = raw[key];
  if (!(value instanceof Float32Array || value instanceof Float64Array)) {
    throw new TypeError(
      `${where}: ${key} must be a Float32Array or Float64Array, got ${describe(value)}`,
    );
  }
  if (value.length !== like.length) {
    throw new RangeError(
      `${where}: ${key} has ${value.length} elements, but the parameter has ${like.length}`,
    );
  }
  return like instanceof Float32Array ? Float32Array.from(value) : Float64Array.from(value);
}

/** An empty buffer of the parameter's dtype and length. */
export function zerosLike(like: FloatArray): FloatArray {
  return like instanceof Float32Array
    ? new Float32Array(like.length)
    : new Float64Array(like.length);
}

/** A copy of a buffer in its own dtype. */
export function copyBuffer(buffer: FloatArray): FloatArray {
  return buffer instanceof Float32Array ? Float32Array.from(buffer) : Float64Array.from(buffer);
}

/** The own enumerable fields of any object, as an unchecked record. */
export function toRecord(value: object): RawRecord {
  return Object.fromEntries(Object.entries(value));
}

/** `{...defaults, ...options}` where options left `undefined` keep the default. */
export function withDefaults<T extends object>(defaults: T, options: Partial<T>): RawRecord {
  const merged: Record<string, unknown> = { ...toRecord(defaults) };
  for (const [key, value] of Object.entries(options)) {
    if (value !== undefined) merged[key] = value;
  }
  return merged;
}
