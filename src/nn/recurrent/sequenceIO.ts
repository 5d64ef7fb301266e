/**
 * Input and output handling shared by the CfC and LTC sequence modules: layouts (batch-first,
 * time-first, unbatched), initial state checks, and timespans validation. The fused kernels see
 * only batch-first `[B, T, C]` data; everything else is arranged here, with errors that name the
 * argument, the expected and the received shape.
 */
import { slice, transpose } from "../../tensor/ops/arrange.js";
import { reshape } from "../../tensor/ops/view.js";
import { Tensor } from "../../tensor/tensor.js";

/** The recurrent state: `h`, or `[h, c]` with mixed memory (as ncps's tuple). */
export type RecurrentState = Tensor | readonly [Tensor, Tensor];

/** The optional arguments of `CfC.forward` and `LTC.forward`. */
export interface SequenceCall {
  /** Initial state: `[B, H]` (or `[H]` for unbatched input); `[h, c]` with mixed memory. */
  hx?: RecurrentState | null;
  /**
   * Elapsed time of every step, one per sample and step: `[B, T]` or `[B, T, 1]` batch-first,
   * `[T, B]` time-first, `[T]` unbatched. Default 1.0 everywhere. Must be finite and >= 0.
   */
  timespans?: Tensor | null;
  /**
   * Per sample and step reset mask, laid out like `timespans`: 1 where a new sequence starts
   * (the state is zeroed before that step, e.g. at an episode start), 0 elsewhere.
   */
  resets?: Tensor | null;
}

export interface SequenceLayout {
  layer: string;
  inputSize: number;
  stateSize: number;
  batchFirst: boolean;
  mixedMemory: boolean;
  dtype: string;
  /** LTC divides by the elapsed time, so its timespans must be > 0 (CfC accepts 0). */
  positiveTimespans?: boolean;
}

/** A call arranged for the kernels. */
export interface PreparedSequence {
  x: Tensor;
  timespans: Tensor | null;
  /** `[B, T]` 0/1 reset mask (batch-first), or null. */
  resets: Uint8Array | null;
  h0: Tensor | null;
  c0: Tensor | null;
  unbatched: boolean;
  batch: number;
  steps: number;
}

const shapeText = (s: readonly number[]): string => `[${s.join(", ")}]`;

function checkTensorArg(layer: string, what: string, v: unknown, dtype: string): Tensor {
  if (!(v instanceof Tensor)) {
    throw new TypeError(
      `${layer}: ${what} must be a Tensor, got ${v === null ? "null" : typeof v}`,
    );
  }
  if (v.dtype !== dtype) {
    throw new TypeError(
      `${layer}: ${what} has dtype ${v.dtype}, but the layer's parameters are ${dtype}`,
    );
  }
  return v;
}

/** The smallest value a tensor may hold: any, zero (CfC times), or above zero (LTC times). */
type Bound = "any" | "nonNegative" | "positive";

function checkFinite(layer: string, what: string, t: Tensor, bound: Bound): void {
  const d = t.data;
  for (let i = 0; i < d.length; i++) {
    const v = d[i];
    const outside = bound === "nonNegative" ? v < 0 : bound === "positive" ? v <= 0 : false;
    if (!Number.isFinite(v) || outside) {
      const want =
        bound === "nonNegative"
          ? "finite values >= 0"
          : bound === "positive"
            ? "finite values > 0"
            : "finite values";
      throw new RangeError(`${layer}: ${what} must hold ${want}, got ${v} at flat index ${i}`);
    }
  }
}

/** Validates a call and arranges it batch-first. */
export function prepareSequence(
  layout: SequenceLayout,
  input: unknown,
  call: SequenceCall = {},
): PreparedSequence {
  const { layer, inputSize, stateSize, batchFirst, mixedMemory, dtype } = layout;
  let x = checkTensorArg(layer, "input", input, dtype);
  if (x.ndim !== 2 && x.ndim !== 3) {
    const want = batchFirst ? "[B, T, C] (or [T, C] unbatched)" : "[T, B, C] (or [T, C] unbatched)";
    throw new RangeError(`${layer}: input must have shape ${want}, got ${shapeText(x.shape)}`);
  }
  if (x.shape[x.ndim - 1] !== inputSize) {
    throw new RangeError(
      `${layer}: input has ${x.shape[x.ndim - 1]} features (shape ${shapeText(x.shape)}), expected ${inputSize}`,
    );
  }
  checkFinite(layer, "input", x, "any");
  const unbatched = x.ndim === 2;
  if (unbatched) x = reshape(x, [1, x.shape[0], inputSize]);
  else if (!batchFirst) x = transpose(x, 0, 1);
  const [batch, steps] = x.shape;
  if (steps === 0) throw new RangeError(`${layer}: input must have at least one time step`);

  const perStep = (what: string, given: unknown, bound: Bound): Tensor => {
    let t = checkTensorArg(layer, what, given, what === "resets" ? (given as Tensor).dtype : dtype);
    const expected = unbatched ? [steps] : batchFirst ? [batch, steps] : [steps, batch];
    const s = t.shape;
    const matches =
      (s.length === expected.length ||
        (s.length === expected.length + 1 && s[s.length - 1] === 1)) &&
      expected.every((d, i) => s[i] === d);
    if (!matches) {
      throw new RangeError(
        `${layer}: ${what} must have shape ${shapeText(expected)} (or with a trailing 1) to match the input, got ${shapeText(s)}`,
      );
    }
    checkFinite(layer, what, t, bound);
    t = reshape(t, expected);
    if (unbatched) return reshape(t, [1, steps]);
    return batchFirst ? t : transpose(t, 0, 1);
  };
  let timespans: Tensor | null = null;
  if (call.timespans !== undefined && call.timespans !== null) {
    timespans = perStep(
      "timespans",
      call.timespans,
      layout.positiveTimespans ? "positive" : "nonNegative",
    );
  }
  let resets: Uint8Array | null = null;
  if (call.resets !== undefined && call.resets !== null) {
    const r = perStep("resets", call.resets, "nonNegative").data;
    resets = new Uint8Array(r.length);
    for (let i = 0; i < r.length; i++) {
      if (r[i] !== 0 && r[i] !== 1) {
        throw new RangeError(`${layer}: resets must hold 0 or 1, got ${r[i]} at flat index ${i}`);
      }
      resets[i] = r[i];
    }
  }

  let h0: Tensor | null = null;
  let c0: Tensor | null = null;
  if (call.hx !== undefined && call.hx !== null) {
    let hx: readonly Tensor[];
    if (mixedMemory) {
      if (!Array.isArray(call.hx) || call.hx.length !== 2) {
        throw new TypeError(`${layer}: with mixedMemory, hx must be a pair [h0, c0] of tensors`);
      }
      hx = call.hx;
    } else {
      if (Array.isArray(call.hx)) {
        throw new TypeError(`${layer}: hx must be one tensor (a pair [h0, c0] is for mixedMemory)`);
      }
      hx = [call.hx as Tensor];
    }
    const names = ["hx[0] (h0)", "hx[1] (c0)"];
    const states = hx.map((t, k) => {
      const what = mixedMemory ? names[k] : "hx";
      const v = checkTensorArg(layer, what, t, dtype);
      const expected = unbatched ? [stateSize] : [batch, stateSize];
      if (v.ndim !== expected.length || v.shape.some((d, i) => d !== expected[i])) {
        throw new RangeError(
          `${layer}: ${what} must have shape ${shapeText(expected)} for an input of shape ${shapeText(unbatched ? x.shape.slice(1) : (input as Tensor).shape)}, got ${shapeText(v.shape)}`,
        );
      }
      checkFinite(layer, what, v, "any");
      return unbatched ? reshape(v, [1, stateSize]) : v;
    });
    h0 = states[0];
    c0 = states[1] ?? null;
  }
  return { x, timespans, resets, h0, c0, unbatched, batch, steps };
}

/** Arranges the batch-first readout `[B, T, O]` and final state like the input was laid out. */
export function finishSequence(
  prepared: PreparedSequence,
  readout: Tensor,
  hFinal: Tensor,
  cFinal: Tensor | null,
  options: { batchFirst: boolean; returnSequences: boolean },
): [Tensor, RecurrentState] {
  const { unbatched, steps } = prepared;
  let y = readout;
  if (!options.returnSequences) {
    y = reshape(slice(y, 1, steps - 1, steps), [y.shape[0], y.shape[2]]);
    if (unbatched) y = reshape(y, [y.shape[1]]);
  } else if (unbatched) {
    y = reshape(y, [steps, y.shape[2]]);
  } else if (!options.batchFirst) {
    y = transpose(y, 0, 1);
  }
  const flat = (t: Tensor): Tensor => (unbatched ? reshape(t, [t.shape[1]]) : t);
  const state: RecurrentState = cFinal === null ? flat(hFinal) : [flat(hFinal), flat(cFinal)];
  return [y, state];
}
