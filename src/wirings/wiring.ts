/**
 * The wiring base class: which neuron feeds which (`adjacencyMatrix`) and which input feeds
 * which neuron (`sensoryAdjacencyMatrix`), with +1 excitatory and -1 inhibitory synapses.
 * Mirrors ncps `Wiring`, except that a wiring builds only once and is used by one layer.
 */
import { describe, requireIntAtLeast, requireIntBetween } from "./args.js";
import type { BuiltWiringState, PlainWiringConfig, WiringConfig } from "./configTypes.js";

/** Role of a neuron in a wiring. */
export type NeuronType = "motor" | "command" | "inter";

/** Synapse sign: +1 excitatory, -1 inhibitory. */
export type Polarity = -1 | 1;

function requirePolarity(name: string, value: unknown): Polarity {
  if (value !== 1 && value !== -1) {
    throw new RangeError(`${name}: expected -1 or 1, got ${describe(value)}`);
  }
  return value;
}

/** Rows of a row-major matrix as nested arrays (for JSON and display). */
function toRows(m: Int32Array, rows: number, cols: number): number[][] {
  const out: number[][] = [];
  for (let r = 0; r < rows; r++) out.push(Array.from(m.subarray(r * cols, (r + 1) * cols)));
  return out;
}

/** Checks a nested `rows × cols` matrix of -1/0/1 and flattens it row-major. */
export function matrixFromRows(
  name: string,
  rows: unknown,
  nRows: number,
  nCols: number,
): Int32Array {
  if (!Array.isArray(rows) || rows.length !== nRows) {
    throw new TypeError(`${name}: expected ${nRows} rows, got ${describe(rows)}`);
  }
  const out = new Int32Array(nRows * nCols);
  rows.forEach((row: unknown, r) => {
    if (!Array.isArray(row) || row.length !== nCols) {
      throw new TypeError(`${name}[${r}]: expected ${nCols} entries, got ${describe(row)}`);
    }
    row.forEach((v: unknown, c) => {
      if (v !== -1 && v !== 0 && v !== 1) {
        throw new RangeError(`${name}[${r}][${c}]: expected -1, 0 or 1, got ${describe(v)}`);
      }
      out[r * nCols + c] = v;
    });
  });
  return out;
}

function sumAbs(m: Int32Array): number {
  let s = 0;
  for (let i = 0; i < m.length; i++) s += Math.abs(m[i]);
  return s;
}

/**
 * A wiring of `units` neurons. Neurons are numbered `0..units-1`, sensory inputs
 * `0..inputDim-1`; the motor (output) neurons are ids `0..outputDim-1`.
 */
export class Wiring {
  /** Number of neurons. */
  readonly units: number;
  /** `units × units` row-major, index `src * units + dest`; +1, -1 or 0. */
  readonly adjacencyMatrix: Int32Array;
  private inputDimValue: number | null = null;
  private outputDimValue: number | null = null;
  private sensoryMatrix: Int32Array | null = null;
  private owner: string | null = null;

  /** A wiring without synapses; add them with {@link addSynapse}. */
  constructor(units: number) {
    this.units = requireIntAtLeast("units", units, 1);
    this.adjacencyMatrix = new Int32Array(this.units * this.units);
  }

  /** Number of sensory inputs, or `null` until built. */
  get inputDim(): number | null {
    return this.inputDimValue;
  }

  /** Number of motor (output) neurons, or `null` when not set. */
  get outputDim(): number | null {
    return this.outputDimValue;
  }

  /** `inputDim × units` row-major, index `input * units + dest`; `null` until built. */
  get sensoryAdjacencyMatrix(): Int32Array | null {
    return this.sensoryMatrix;
  }

  /** Number of neuron layers (1 unless a subclass layers its neurons). */
  get numLayers(): number {
    return 1;
  }

  /** Neuron ids of layer `layer` (all neurons for a single-layer wiring). */
  getNeuronsOfLayer(layer: number): number[] {
    requireIntBetween("layer", layer, 0, this.numLayers - 1);
    return Array.from({ length: this.units }, (_, i) => i);
  }

  /** `"motor"` for ids below `outputDim`, otherwise `"inter"`. */
  getTypeOfNeuron(neuronId: number): NeuronType {
    const i = requireIntBetween("neuronId", neuronId, 0, this.units - 1);
    return this.outputDimValue !== null && i < this.outputDimValue ? "motor" : "inter";
  }

  /** Whether {@link build} has run (the input dimension is known). */
  isBuilt(): boolean {
    return this.inputDimValue !== null;
  }

  /**
   * Fixes the input dimension and draws the sensory synapses (subclasses). A wiring builds
   * only once: ncps silently redraws on a second build, which changes the wiring, so this
   * throws instead; build a `clone()` for another layer.
   */
  build(inputDim: number): this {
    const d = requireIntAtLeast("inputDim", inputDim, 1);
    if (this.inputDimValue !== null) {
      throw new Error(
        `build: this ${this.className} wiring is already built (inputDim ${this.inputDimValue}), got inputDim ${d}; building again would redraw its synapses. Use wiring.clone() for a fresh wiring`,
      );
    }
    this.setInputDim(d);
    this.buildSynapses(d);
    return this;
  }

  /**
   * Builds for `inputDim` unless already built for exactly that dimension (no redraw).
   * Throws when built for a different dimension.
   */
  ensureBuilt(inputDim: number): this {
    const d = requireIntAtLeast("inputDim", inputDim, 1);
    if (this.inputDimValue === null) return this.build(d);
    if (this.inputDimValue !== d) {
      throw new Error(
        `ensureBuilt: inputDim: this ${this.className} wiring is built for inputDim ${this.inputDimValue}, got ${d}; use wiring.clone() for a wiring with another input size`,
      );
    }
    return this;
  }

  /** Sets `adjacencyMatrix[src, dest] = polarity` (overwrites). */
  addSynapse(src: number, dest: number, polarity: Polarity): void {
    const s = requireIntBetween("src", src, 0, this.units - 1);
    const d = requireIntBetween("dest", dest, 0, this.units - 1);
    this.adjacencyMatrix[s * this.units + d] = requirePolarity("polarity", polarity);
  }

  /** Sets `sensoryAdjacencyMatrix[src, dest] = polarity`; the wiring must be built. */
  addSensorySynapse(src: number, dest: number, polarity: Polarity): void {
    const m = this.sensoryMatrix;
    if (m === null || this.inputDimValue === null) {
      throw new Error("addSensorySynapse: the wiring is not built yet; call build(inputDim) first");
    }
    const s = requireIntBetween("src", src, 0, this.inputDimValue - 1);
    const d = requireIntBetween("dest", dest, 0, this.units - 1);
    m[s * this.units + d] = requirePolarity("polarity", polarity);
  }

  /** A copy of the adjacency matrix (LTC's `erev` initial value). */
  erevInitializer(): Int32Array {
    return this.adjacencyMatrix.slice();
  }

  /** A copy of the sensory adjacency matrix (LTC's `sensory_erev`); the wiring must be built. */
  sensoryErevInitializer(): Int32Array {
    return this.requireBuilt("sensoryErevInitializer").slice();
  }

  /** Number of synapses between neurons. */
  get synapseCount(): number {
    return sumAbs(this.adjacencyMatrix);
  }

  /** Number of synapses from sensory inputs (0 until built). */
  get sensorySynapseCount(): number {
    return this.sensoryMatrix === null ? 0 : sumAbs(this.sensoryMatrix);
  }

  /** The adjacency matrix as `units` rows. */
  adjacencyRows(): number[][] {
    return toRows(this.adjacencyMatrix, this.units, this.units);
  }

  /** The sensory matrix as `inputDim` rows, or `null` until built. */
  sensoryAdjacencyRows(): number[][] | null {
    if (this.sensoryMatrix === null || this.inputDimValue === null) return null;
    return toRows(this.sensoryMatrix, this.inputDimValue, this.units);
  }

  /** Plain JSON from which {@link wiringFromConfig} restores this wiring exactly. */
  getConfig(): WiringConfig {
    return {
      class: "Wiring",
      units: this.units,
      outputDim: this.outputDimValue,
      inputDim: this.inputDimValue,
      adjacencyMatrix: this.adjacencyRows(),
      sensoryAdjacencyMatrix: this.sensoryAdjacencyRows(),
    };
  }

  /** Restores a plain `Wiring` config (for subclasses use `wiringFromConfig`). */
  static fromConfig(config: WiringConfig): Wiring {
    if (typeof config !== "object" || config === null || config.class !== "Wiring") {
      throw new TypeError(
        `config.class: expected "Wiring" (use wiringFromConfig for other classes), got ${describe(
          typeof config === "object" && config !== null ? config.class : config,
        )}`,
      );
    }
    const cfg: PlainWiringConfig = config;
    const w = new Wiring(cfg.units);
    if (cfg.outputDim !== null && cfg.outputDim !== undefined) {
      w.setOutputDim(requireIntBetween("config.outputDim", cfg.outputDim, 1, w.units));
    }
    w.adjacencyMatrix.set(
      matrixFromRows("config.adjacencyMatrix", cfg.adjacencyMatrix, w.units, w.units),
    );
    if (cfg.inputDim !== null && cfg.inputDim !== undefined) {
      const d = requireIntAtLeast("config.inputDim", cfg.inputDim, 1);
      w.setInputDim(d);
      w.sensoryMatrix = matrixFromRows(
        "config.sensoryAdjacencyMatrix",
        cfg.sensoryAdjacencyMatrix,
        d,
        w.units,
      );
    }
    return w;
  }

  /**
   * An independent wiring with the same configuration. Subclasses return an unbuilt wiring
   * made from the same constructor arguments (building it with the same input dimension gives
   * identical matrices); a plain `Wiring` returns a copy of its matrices.
   */
  clone(): Wiring {
    const c = Wiring.fromConfig(this.getConfig());
    return c;
  }

  /**
   * Marks this wiring as used by `owner` (a layer name). A wiring serves one layer: a second
   * claim throws, naming the first owner, and asks for `wiring.clone()`.
   */
  claim(owner: string): void {
    if (typeof owner !== "string" || owner.length === 0) {
      throw new TypeError(`owner: expected a non-empty string, got ${describe(owner)}`);
    }
    if (this.owner !== null) {
      throw new Error(
        `claim: this ${this.className} wiring is already used by ${this.owner}, so ${owner} cannot use it too; pass wiring.clone() to ${owner}`,
      );
    }
    this.owner = owner;
  }

  /** Whether a layer has claimed this wiring. */
  isClaimed(): boolean {
    return this.owner !== null;
  }

  /** The layer that claimed this wiring, or `null`. */
  get claimedBy(): string | null {
    return this.owner;
  }

  /** The class name used in configs and messages. */
  get className(): WiringConfig["class"] {
    return "Wiring";
  }

  /** Sets the number of motor neurons (ids `0..d-1`). */
  protected setOutputDim(d: number): void {
    this.outputDimValue = d;
  }

  /** Draws the subclass's sensory synapses; called once by {@link build}. */
  protected buildSynapses(_inputDim: number): void {}

  /** The matrices and input dimension for a config, or nothing when unbuilt. */
  protected builtState(): Partial<BuiltWiringState> {
    const rows = this.sensoryAdjacencyRows();
    if (this.inputDimValue === null || rows === null) return {};
    return {
      inputDim: this.inputDimValue,
      adjacencyMatrix: this.adjacencyRows(),
      sensoryAdjacencyMatrix: rows,
    };
  }

  /** Restores the built state of a config without drawing anything (used by `fromConfig`). */
  protected restoreBuiltState(config: Partial<BuiltWiringState>): void {
    if (config.inputDim === undefined || config.inputDim === null) {
      if (config.adjacencyMatrix !== undefined || config.sensoryAdjacencyMatrix !== undefined) {
        throw new TypeError(
          "config.inputDim: expected the input dimension alongside the stored matrices, got none",
        );
      }
      return;
    }
    const d = requireIntAtLeast("config.inputDim", config.inputDim, 1);
    const adj = matrixFromRows(
      "config.adjacencyMatrix",
      config.adjacencyMatrix,
      this.units,
      this.units,
    );
    const sens = matrixFromRows(
      "config.sensoryAdjacencyMatrix",
      config.sensoryAdjacencyMatrix,
      d,
      this.units,
    );
    this.adjacencyMatrix.set(adj);
    this.setInputDim(d);
    this.sensoryMatrix = sens;
  }

  private setInputDim(d: number): void {
    this.inputDimValue = d;
    this.sensoryMatrix = new Int32Array(d * this.units);
  }

  private requireBuilt(method: string): Int32Array {
    if (this.sensoryMatrix === null) {
      throw new Error(`${method}: the wiring is not built yet; call build(inputDim) first`);
    }
    return this.sensoryMatrix;
  }
}
