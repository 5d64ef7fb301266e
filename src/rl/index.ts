/**
 * Reinforcement learning (the `ncps/rl` entry point): Gymnasium-style environments (CartPole,
 * RepeatAfterMe, MinAtar's five games, a pixel Breakout clone with the DeepMind wrappers),
 * vectorised rollouts on worker threads, and recurrent PPO with CfC policies.
 *
 * @module ncps/rl
 */
export * from "./breakout/index.js";
export * from "./classic/index.js";
export * from "./env.js";
export * from "./minatar/index.js";
export * from "./models/index.js";
export * from "./ppo/index.js";
export { type EnvFactory, type EnvOptions, listEnvs, makeEnv, registerEnv } from "./registry.js";
export { replayFolder, replayTraceFile } from "./replay.js";
export * from "./vector/index.js";
export * from "./wrappers/index.js";
