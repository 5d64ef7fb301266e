/** Reading of JSON snapshots given to `setState`, with errors that name the offending field. */

/** A checked view of one snapshot object; every getter throws a TypeError naming `where.key`. */
export class SnapshotReader {
  private readonly record: Record<string, unknown>;

  /** `where` prefixes error messages, e.g. `"PixelBreakout.setState: state"`. */
  constructor(
    value: unknown,
    private readonly where: string,
  ) {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      throw new TypeError(`${where} must be an object, got ${describe(value)}`);
    }
    this.record = value as Record<string, unknown>;
  }

  /** An integer in `[min, max]`. */
  int(key: string, min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER): number {
    const v = this.record[key];
    if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {
      throw new TypeError(
        `${this.where}.${key} must be an integer in [${min}, ${max}], got ${describe(v)}`,
      );
    }
    return v;
  }

  /** A number (finite). */
  number(key: string): number {
    const v = this.record[key];
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new TypeError(`${this.where}.${key} must be a finite number, got ${describe(v)}`);
    }
    return v;
  }

  bool(key: string): boolean {
    const v = this.record[key];
    if (typeof v !== "boolean") {
      throw new TypeError(`${this.where}.${key} must be a boolean, got ${describe(v)}`);
    }
    return v;
  }

  /** One of the listed values. */
  oneOf<T extends number | string>(key: string, allowed: readonly T[]): T {
    const v = this.record[key];
    if (!allowed.includes(v as T)) {
      throw new TypeError(
        `${this.where}.${key} must be one of ${JSON.stringify(allowed)}, got ${describe(v)}`,
      );
    }
    return v as T;
  }

  /** A list of exactly `length` integers, each in `[min, max]`. */
  intList(key: string, length: number, min: number, max: number): number[] {
    const v = this.record[key];
    if (
      !Array.isArray(v) ||
      v.length !== length ||
      !v.every((x) => typeof x === "number" && Number.isInteger(x) && x >= min && x <= max)
    ) {
      throw new TypeError(
        `${this.where}.${key} must be a list of ${length} integers in [${min}, ${max}], got ${describe(v)}`,
      );
    }
    return v as number[];
  }

  /** The raw value of a nested field, to be checked by its owner. */
  raw(key: string): unknown {
    return this.record[key];
  }
}

/** A short description of a received value for error messages. */
export function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) {
    return value.length > 8 ? `an array of length ${value.length}` : JSON.stringify(value);
  }
  if (typeof value === "object" && value !== null) return "an object";
  return String(value);
}
