/** Generic environment wrappers and the DeepMind Atari preprocessing chain. */
export {
  type DeepMindOptions,
  isUint8Env,
  makePixelBreakoutDeepMind,
  PIXEL_BREAKOUT_DEEPMIND_V5,
  wrapDeepMind,
} from "./atari.js";
export { ClipReward } from "./clipReward.js";
export { EpisodicLife, livesOf } from "./episodicLife.js";
export { FireReset } from "./fireReset.js";
export { FrameStack } from "./frameStack.js";
export { AreaResize, greyOf, rgbToGrey } from "./image.js";
export { type AtariEnvOptions, makeAtariEnv } from "./makeAtariEnv.js";
export { MaxAndSkip } from "./maxAndSkip.js";
export { NoopReset, type NoopResetOptions } from "./noopReset.js";
export { RecordEpisodeStatistics } from "./recordEpisodeStatistics.js";
export { TimeLimit } from "./timeLimit.js";
export { WarpFrame, type WarpFrameOptions } from "./warpFrame.js";
export { type Checkpointable, isCheckpointable, Wrapper, type WrapperState } from "./wrapper.js";
