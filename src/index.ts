/**
 * ncps for TypeScript: liquid neural networks (LTC and CfC neurons) wired by Neural Circuit
 * Policies, numerically identical to Python ncps-torch. Reinforcement learning lives in the
 * `ncps/rl` entry point.
 *
 * @module ncps
 */
export * from "./backend/index.js";
export * from "./io/index.js";
export * from "./nn/index.js";
export * from "./optim/index.js";
export * from "./random/index.js";
export * from "./tensor/index.js";
export * from "./wirings/index.js";
