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
  class: "Wiring";
  units: number;
  outputDim: number | null;
  inputDim: number | null;
  adjacencyMatrix: number[][];
  sensoryAdjacencyMatrix: number[][] | null;
}

/** `FullyConnected` constructor arguments, plus the matrices once built. */
export interface FullyConnectedConfig extends Partial<BuiltWiringState> {
  class: "FullyConnected";
  units: number;
  outputDim: number;
  erevInitSeed: number;
  selfConnections: boolean;
}

/** `Random` constructor arguments, plus the matrices once built. */
export interface RandomConfig extends Partial<BuiltWiringState> {
  class: "Random";
  units: number;
  outputDim: number;
  sparsityLevel: number;
  randomSeed: number;
}

/** The seven sizes that define an NCP (ncps `ncp_sizes`). */
export interface NCPSizes {
  interNeurons: number;
  commandNeurons: number;
  motorNeurons: number;
  sensoryFanout: number;
  interFanout: number;
  recurrentCommandSynapses: number;
  motorFanin: number;
}

/** `NCP` constructor arguments, plus the matrices once built. */
export interface NCPConfig extends NCPSizes, Partial<BuiltWiringState> {
  class: "NCP";
  seed: number;
}

/** `AutoNCP` constructor arguments, plus the matrices once built. */
export interface AutoNCPConfig extends Partial<BuiltWiringState> {
  class: "AutoNCP";
  units: number;
  outputSize: number;
  sparsityLevel: number;
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
