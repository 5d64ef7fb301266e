/** Small DOM helpers that fail loudly when the page and the code disagree. */

/** The element with this id, checked to be of the expected class. */
export function byId<T extends HTMLElement>(id: string, type: new () => T): T {
  const el = document.getElementById(id);
  if (!(el instanceof type)) {
    throw new Error(
      `page: expected #${id} to be a ${type.name}, got ${el === null ? "nothing" : el.tagName}`,
    );
  }
  return el;
}

/** Reads an `<input type="number">` as an integer within [min, max]; throws a RangeError naming it. */
export function readInt(input: HTMLInputElement, name: string, min: number, max: number): number {
  const value = Number(input.value);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(
      `${name} must be an integer in [${min}, ${max}], got ${JSON.stringify(input.value)}`,
    );
  }
  return value;
}

/** The canvas's 2D context (always available for a canvas in a document). */
export function context2d(canvas: HTMLCanvasElement): CanvasRenderingContext2D {
  const ctx = canvas.getContext("2d");
  if (ctx === null) throw new Error(`page: #${canvas.id} has no 2D context`);
  return ctx;
}
