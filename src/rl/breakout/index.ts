/** Pixel Breakout: an ALE-like Breakout lookalike producing 210 x 160 RGB frames. */
export { type AnsiBlockSize, rgbToAnsi } from "./ansi.js";
export { drawFrame, FRAME_BYTES } from "./draw.js";
export { BreakoutAction, BreakoutGame, type BreakoutGameState, type ServeRng } from "./game.js";
export {
  PIXEL_BREAKOUT_NOFRAMESKIP_V4,
  PIXEL_BREAKOUT_V5,
  PixelBreakout,
  type PixelBreakoutOptions,
  type PixelBreakoutState,
  pixelBreakoutNoFrameskip,
} from "./pixelBreakout.js";
export {
  makePixelBreakout,
  PIXEL_BREAKOUT_ENV_OPTIONS,
  type PixelBreakoutEnvOptions,
} from "./registration.js";
export { checkSeed, entropySeed } from "./seeding.js";
