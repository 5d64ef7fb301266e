/** Classic control and memory environments. */
export {
  CARTPOLE_DEFAULT_MAX_EPISODE_STEPS,
  CARTPOLE_THETA_THRESHOLD,
  CARTPOLE_X_THRESHOLD,
  CartPole,
  type CartPoleOptions,
  type CartPoleState,
} from "./cartpole.js";
export {
  RepeatAfterMe,
  type RepeatAfterMeOptions,
  type RepeatAfterMeState,
} from "./repeatAfterMe.js";
export { checkMaxEpisodeSteps } from "./timeLimit.js";
