/** Wirings: which neuron and which input feeds which neuron (ncps `ncps.wirings`). */
export { AutoNCP, type AutoNCPOptions, autoNcpSizes } from "./autoNcp.js";
export type {
  AutoNCPConfig,
  BuiltWiringState,
  FullyConnectedConfig,
  NCPConfig,
  NCPSizes,
  PlainWiringConfig,
  RandomConfig,
  WiringClassName,
  WiringConfig,
} from "./configTypes.js";
export {
  DEFAULT_NEURON_COLORS,
  DEFAULT_SYNAPSE_COLORS,
  type DrawnNodeKind,
  type DrawWiringOptions,
  drawWiring,
} from "./draw.js";
export { wiringFromConfig } from "./fromConfig.js";
export { FullyConnected, type FullyConnectedOptions } from "./fullyConnected.js";
export { NCP, type NCPOptions } from "./ncp.js";
export { Random, type RandomOptions, roundHalfEven } from "./random.js";
export { type NeuronType, type Polarity, Wiring } from "./wiring.js";
