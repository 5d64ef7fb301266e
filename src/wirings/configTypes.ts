/** JSON shapes of wiring configs (`getConfig()` / `wiringFromConfig()`); camelCase keys. */

/** The matrices of a built wiring; present in a config exactly when the wiring was built. */
export interface BuiltWiringState {
  /** Number of sensory inputs the wiring was built for. */
  inputDim: number;
  /** `units × units`, `[src][dest]`, values in {-1, 0, 1}. */
  adjacencyMatrix: number[][];
  /** `inputDim × units`, `[input][dest]`, values in {-1, 0, 1}. */
  sensoryAdjacencyMatrix: number[][];
}

/** A plain {@link Wiring} with explicit matrices (ncps `Wiring.get_config`). */
export interface PlainWiringConfig {
  /** The class tag. */
  class: "Wiring";
  /** Number of neurons. */
  units: number;
  /** Number of motor neurons, or null when not set. */
  outputDim: number | null;
  /** Number of sensory inputs, or null when unbuilt. */
  inputDim: number | null;
  /** `units × units`, `[src][dest]`, values in {-1, 0, 1}. */
  adjacencyMatrix: number[][];
  /** `inputDim × units`, `[input][dest]`, or null when unbuilt. */
  sensoryAdjacencyMatrix: number[][] | null;
}

/** `FullyConnected` constructor arguments, plus the matrices once built. */
export interface FullyConnectedConfig extends Partial<BuiltWiringState> {
  /** The class tag. */
  class: "FullyConnected";
  /** Number of neurons. */
  units: number;
  /** Number of motor neurons. */
  outputDim: number;
  /** Seed of the PCG64 generator drawing the polarities. */
  erevInitSeed: number;
  /** Whether neurons synapse onto themselves. */
  selfConnections: boolean;
}

/** `Random` constructor arguments, plus the matrices once built. */
export interface RandomConfig extends Partial<BuiltWiringState> {
  /** The class tag. */
  class: "Random";
  /** Number of neurons. */
  units: number;
  /** Number of motor neurons. */
  outputDim: number;
  /** Fraction of absent synapses, in `[0, 1)`. */
  sparsityLevel: number;
  /** Seed of the PCG64 generator. */
  randomSeed: number;
}

/** The seven sizes that define an NCP (ncps `ncp_sizes`). */
export interface NCPSizes {
  /** Number of inter neurons (layer 0, fed by the sensory inputs). */
  interNeurons: number;
  /** Number of command neurons (layer 1). */
  commandNeurons: number;
  /** Number of motor (output) neurons (layer 2). */
  motorNeurons: number;
  /** Inter neurons each sensory input synapses onto. */
  sensoryFanout: number;
  /** Command neurons each inter neuron synapses onto. */
  interFanout: number;
  /** Number of random command → command synapses drawn. */
  recurrentCommandSynapses: number;
  /** Command neurons synapsing onto each motor neuron. */
  motorFanin: number;
}

/** `NCP` constructor arguments, plus the matrices once built. */
export interface NCPConfig extends NCPSizes, Partial<BuiltWiringState> {
  /** The class tag. */
  class: "NCP";
  /** Seed of the legacy MT19937 generator. */
  seed: number;
}

/** `AutoNCP` constructor arguments, plus the matrices once built. */
export interface AutoNCPConfig extends Partial<BuiltWiringState> {
  /** The class tag. */
  class: "AutoNCP";
  /** Number of neurons. */
  units: number;
  /** Number of motor neurons. */
  outputSize: number;
  /** Fraction of absent synapses. */
  sparsityLevel: number;
  /** Seed of the legacy MT19937 generator. */
  seed: number;
}

/** Any wiring config; `class` says which. */
export type WiringConfig =
  | PlainWiringConfig
  | FullyConnectedConfig
  | RandomConfig
  | NCPConfig
  | AutoNCPConfig;

/** The `class` names a config may carry. */
export type WiringClassName = WiringConfig["class"];
