/**
 * ncps's `WiredCfCCell` (spec/ncps.md 2.3): one masked CfC layer per wiring layer (inter,
 * command, motor for NCP), each reading the previous layer's new state. The state is the
 * concatenation [layer 0 | layer 1 | ...]; the readout is the last layer's new state.
 * As in ncps, within-layer synapses are not used (the recurrent block of each mask is all ones).
 */
import type { CfcMode, CfcParams } from "../backend/js/cfc.js";
import type { Tensor } from "../tensor/tensor.js";
import type { Wiring } from "../wirings/index.js";
import { CfCCell, checkCfcMode } from "./cfcCell.js";
import { resolveRng } from "./init.js";
import { Module, type ModuleConfig } from "./module.js";
import type { LayerOptions } from "./options.js";

/** The `[n_l, in_l + n_l]` mask of wiring layer `l`: |synapses| from the layer's inputs, then ones. */
export function wiredLayerMask(
  wiring: Wiring,
  l: number,
): { inputSize: number; hiddenSize: number; mask: Float64Array } {
  const units = wiring.units;
  const neurons = wiring.getNeuronsOfLayer(l);
  const n = neurons.length;
  let sources: number[];
  let matrix: Int32Array;
  if (l === 0) {
    sources = Array.from({ length: wiring.inputDim ?? 0 }, (_, i) => i);
    matrix = wiring.sensoryAdjacencyMatrix!;
  } else {
    sources = wiring.getNeuronsOfLayer(l - 1);
    matrix = wiring.adjacencyMatrix;
  }
  const width = sources.length + n;
  const mask = new Float64Array(n * width);
  neurons.forEach((dest, r) => {
    sources.forEach((src, c) => {
      mask[r * width + c] = Math.abs(matrix[src * units + dest]);
    });
    for (let c = sources.length; c < width; c++) mask[r * width + c] = 1;
  });
  return { inputSize: sources.length, hiddenSize: n, mask };
}

/**
 * ncps-torch's `WiredCfCCell`: one masked CfC layer per wiring layer (inter, command, motor for an
 * NCP), each reading the previous layer's new state. The state is `[layer 0 | layer 1 | ...]` (for
 * an NCP: inter, command, motor, the reverse of LTC's neuron-id order); the readout is the last
 * layer's new state. As in ncps, within-layer synapses are not used.
 */
export class WiredCfCCell extends Module {
  /** Number of input features. */
  readonly inputSize: number;
  /** The (built) wiring. */
  readonly wiring: Wiring;
  /** The CfC mode of every layer. */
  readonly mode: CfcMode;
  /** One masked cell per wiring layer (`layer_0`, `layer_1`, ...). */
  readonly layers: readonly CfCCell[];

  constructor(inputSize: number, wiring: Wiring, options: LayerOptions & { mode?: CfcMode } = {}) {
    super();
    this.mode = checkCfcMode("WiredCfCCell", options.mode ?? "default");
    wiring.ensureBuilt(inputSize);
    this.inputSize = inputSize;
    this.wiring = wiring;
    const rng = resolveRng(options);
    const layers: CfCCell[] = [];
    for (let l = 0; l < wiring.numLayers; l++) {
      const { inputSize: inL, hiddenSize, mask } = wiredLayerMask(wiring, l);
      layers.push(
        this.registerModule(
          `layer_${l}`,
          new CfCCell(inL, hiddenSize, {
            mode: this.mode,
            activation: "lecun_tanh",
            backboneLayers: 0,
            backboneUnits: 0,
            sparsityMask: mask,
            dtype: options.dtype ?? "float32",
            rng,
          }),
        ),
      );
    }
    this.layers = layers;
  }

  /** The width of the state (all neurons). */
  get stateSize(): number {
    return this.wiring.units;
  }

  /** The width of the readout (the last layer). */
  get outputSize(): number {
    return this.layers[this.layers.length - 1].hiddenSize;
  }

  /** Layer widths, in state order. */
  get layerSizes(): number[] {
    return this.layers.map((l) => l.hiddenSize);
  }

  /**
   * The kernel view of all layers (live references to the parameters' data).
   * @internal
   */
  kernelParams(): CfcParams {
    return {
      mode: this.mode,
      backboneActivation: "lecun_tanh",
      layers: this.layers.map((l) => l.kernelParams()),
      lstm: null,
    };
  }

  /**
   * Trainable tensors in the kernel's canonical order.
   * @internal
   */
  kernelTensors(): Tensor[] {
    return this.layers.flatMap((l) => l.kernelTensors());
  }

  getConfig(): ModuleConfig {
    return {
      class: "WiredCfCCell",
      inputSize: this.inputSize,
      wiring: this.wiring.getConfig(),
      mode: this.mode,
      dtype: this.dtype,
    };
  }
}
