/**
 * `Module`: named parameters, buffers and submodules, with torch's `state_dict` naming and
 * order (own parameters, then own buffers, then children, recursively) so weights move
 * between ncps-torch and this library unchanged.
 */
import type { DType } from "../tensor/dtype.js";
import { Tensor } from "../tensor/tensor.js";

/** A JSON-serialisable description from which `fromConfig` rebuilds a module. */
export type ModuleConfig = {
  /** The module's class name, e.g. `"CfC"`. */
  class: string;
} & Record<string, unknown>;

/** An ordered name → tensor map, as returned by `stateDict()`. */
export type StateDict = Record<string, Tensor>;

/** A name → array record accepted by `loadStateDict` (tensors, typed arrays or nested lists). */
export interface StateEntry {
  /** Dimensions. */
  shape: readonly number[];
  /** Row-major values. */
  data: ArrayLike<number>;
}

/**
 * Base class of layers: named parameters, buffers and submodules with torch's `state_dict` naming
 * and order (own parameters, then own buffers, then children, recursively), so weights move between
 * ncps-torch and this library unchanged.
 */
export abstract class Module {
  /** Training mode (dropout active) or evaluation mode. */
  training = true;
  private readonly ownParams = new Map<string, Tensor>();
  private readonly ownBuffers = new Map<string, Tensor>();
  private readonly children = new Map<string, Module>();

  /** The JSON config from which the module's class rebuilds an equal, freshly initialised module. */
  abstract getConfig(): ModuleConfig;

  /**
   * Registers a parameter. `trainable: false` keeps it in `stateDict()` (as ncps's sparsity
   * masks, which are `Parameter(requires_grad=False)`) but out of `parameters()`.
   */
  protected registerParameter(name: string, value: Tensor, trainable = true): Tensor {
    this.checkFreeName(name);
    value.requiresGrad = trainable;
    this.ownParams.set(name, value);
    return value;
  }

  /** Registers a non-parameter tensor that is saved with the module (e.g. running statistics). */
  protected registerBuffer(name: string, value: Tensor): Tensor {
    this.checkFreeName(name);
    this.ownBuffers.set(name, value);
    return value;
  }

  /** Registers a submodule; its state appears under `name.` in `stateDict()`. */
  protected registerModule<M extends Module>(name: string, module: M): M {
    this.checkFreeName(name);
    this.children.set(name, module);
    return module;
  }

  private checkFreeName(name: string): void {
    if (this.ownParams.has(name) || this.ownBuffers.has(name) || this.children.has(name)) {
      throw new Error(`${this.constructor.name}: '${name}' is already registered`);
    }
  }

  /** Direct submodules in registration order. */
  namedChildren(): [string, Module][] {
    return [...this.children];
  }

  /** Every state tensor (parameters, including frozen ones, and buffers) in torch order. */
  namedStateTensors(prefix = ""): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    for (const [n, t] of this.ownParams) out.push([prefix + n, t]);
    for (const [n, t] of this.ownBuffers) out.push([prefix + n, t]);
    for (const [n, m] of this.children) out.push(...m.namedStateTensors(`${prefix}${n}.`));
    return out;
  }

  /** Trainable parameters with their state-dict names, in torch order. */
  namedParameters(prefix = ""): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    for (const [n, t] of this.ownParams) if (t.requiresGrad) out.push([prefix + n, t]);
    for (const [n, m] of this.children) out.push(...m.namedParameters(`${prefix}${n}.`));
    return out;
  }

  /** Trainable parameters, in torch order (what an optimiser takes). */
  parameters(): Tensor[] {
    return this.namedParameters().map(([, t]) => t);
  }

  /** Every state tensor by name, in torch `state_dict` order. The tensors are the live ones. */
  stateDict(): StateDict {
    return Object.fromEntries(this.namedStateTensors());
  }

  /**
   * Copies values into the module's state tensors. Every name, shape, size and value (NaN or
   * infinity is rejected) is checked before anything is written, so a failed load leaves the
   * module unchanged. With `strict` (the default) missing and unexpected keys are errors.
   */
  loadStateDict(state: Record<string, StateEntry>, options: { strict?: boolean } = {}): void {
    const strict = options.strict ?? true;
    const own = new Map(this.namedStateTensors());
    const problems: string[] = [];
    if (strict) {
      const missing = [...own.keys()].filter((k) => !(k in state));
      const unexpected = Object.keys(state).filter((k) => !own.has(k));
      if (missing.length > 0) problems.push(`missing keys: ${missing.join(", ")}`);
      if (unexpected.length > 0) problems.push(`unexpected keys: ${unexpected.join(", ")}`);
    }
    for (const [name, entry] of Object.entries(state)) {
      const target = own.get(name);
      if (target === undefined) continue;
      const shape = [...entry.shape];
      if (shape.length !== target.shape.length || shape.some((d, i) => d !== target.shape[i])) {
        problems.push(
          `'${name}' has shape [${shape.join(", ")}], expected [${target.shape.join(", ")}]`,
        );
      } else if (entry.data.length !== target.size) {
        problems.push(`'${name}' has ${entry.data.length} values, expected ${target.size}`);
      } else {
        for (let i = 0; i < entry.data.length; i++) {
          if (!Number.isFinite(entry.data[i])) {
            problems.push(`'${name}' holds a non-finite value (${entry.data[i]}) at index ${i}`);
            break;
          }
        }
      }
    }
    if (problems.length > 0) {
      throw new Error(`${this.constructor.name}.loadStateDict: ${problems.join("; ")}`);
    }
    for (const [name, entry] of Object.entries(state)) {
      const target = own.get(name);
      if (target !== undefined) target.data.set(entry.data);
    }
  }

  /** Sets training mode here and in every submodule; returns this. */
  train(mode = true): this {
    this.training = mode;
    for (const m of this.children.values()) m.train(mode);
    return this;
  }

  /** Evaluation mode (dropout off); returns this. */
  eval(): this {
    return this.train(false);
  }

  /** Clears the gradients of all trainable parameters. */
  zeroGrad(): void {
    for (const p of this.parameters()) p.grad = null;
  }

  /** The dtype of the module's first state tensor (float32 when it has none). */
  get dtype(): DType {
    const first = this.namedStateTensors()[0];
    return first === undefined ? "float32" : first[1].dtype;
  }
}

/** A fresh trainable parameter tensor of `shape`, filled by `init`. */
export function parameterTensor(
  dtype: DType,
  shape: readonly number[],
  fill: (data: Float32Array | Float64Array) => void,
): Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  const data = dtype === "float64" ? new Float64Array(size) : new Float32Array(size);
  fill(data);
  return new Tensor(data, shape);
}
