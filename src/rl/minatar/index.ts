/** The five MinAtar games (bit-exact with MinAtar 1.0.15), their core and Gymnasium-style adapter. */
export { Asterix } from "./asterix.js";
export { Breakout } from "./breakout.js";
export {
  type ActResult,
  MinAtarEnvironment,
  type MinAtarEnvironmentOptions,
  type MinAtarEnvironmentState,
} from "./environment.js";
export { Freeway } from "./freeway.js";
export { createGame, isMinAtarGameName, MINATAR_GAMES } from "./games.js";
export {
  MINATAR_DEFAULT_MAX_EPISODE_STEPS,
  MinAtarEnv,
  type MinAtarEnvOptions,
  type MinAtarEnvState,
  minAtarId,
} from "./gymEnv.js";
export { renderObservation } from "./render.js";
export { Seaquest } from "./seaquest.js";
export { SpaceInvaders } from "./spaceInvaders.js";
export {
  encodeObservation,
  parseTraceFile,
  type ReplayResult,
  replayTrace,
  type Trace,
  type TraceEpisode,
  type TraceFile,
  type TraceObservation,
} from "./trace.js";
export {
  FULL_ACTION_COUNT,
  type GameStateJson,
  GRID_SIZE,
  MinAtarAction,
  type MinAtarGame,
  type MinAtarGameName,
  type MinAtarRng,
} from "./types.js";
