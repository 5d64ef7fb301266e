/** `NoopResetEnv`: start every real episode with a random number of no-op steps. */

import { defaultRng, type Generator, type GeneratorState } from "../../random/index.js";
import { checkSeed, entropySeed } from "../breakout/seeding.js";
import { SnapshotReader } from "../breakout/snapshot.js";
import type { Env, Observation, ResetResult, StepResult } from "../env.js";
import { Wrapper } from "./wrapper.js";

/** Second word of the seed entropy, so the no-op draws never share the env's stream. */
const NOOP_STREAM = 0x4e4f4f50;

/** Options of {@link NoopReset}. */
export interface NoopResetOptions {
  /** Largest number of no-ops (default 30); the count is uniform in `[1, noopMax]`. */
  noopMax?: number;
  /** The no-op action (default 0). */
  noopAction?: number;
}

/**
 * After each reset, takes k ~ U{1..noopMax} no-op steps (re-resetting, unseeded, if the
 * episode ends during them). The count comes from the wrapper's own generator, seeded at
 * `reset({ seed })` with numpy entropy `[seed, 0x4e4f4f50]`, so it is independent of the
 * env's stream and reproducible.
 */
export class NoopReset<O extends Observation = Observation> extends Wrapper<O> {
  readonly wrapperName = "NoopReset";
  /** Most no-op steps taken after a reset. */
  readonly noopMax: number;
  /** The no-op action. */
  readonly noopAction: number;
  private rng: Generator | null = null;

  constructor(env: Env<O>, options: NoopResetOptions = {}) {
    super(env);
    const noopMax = options.noopMax ?? 30;
    if (!Number.isInteger(noopMax) || noopMax < 1) {
      throw new RangeError(`NoopReset: noopMax must be a positive integer, got ${noopMax}`);
    }
    const noopAction = options.noopAction ?? 0;
    if (!Number.isInteger(noopAction) || noopAction < 0 || noopAction >= env.actionSpace.n) {
      throw new RangeError(
        `NoopReset: noopAction must be an integer in [0, ${env.actionSpace.n - 1}], got ${noopAction}`,
      );
    }
    this.noopMax = noopMax;
    this.noopAction = noopAction;
  }

  reset(options: { seed?: number } = {}): ResetResult<O> {
    if (options.seed !== undefined) {
      this.rng = defaultRng([
        checkSeed("NoopReset.reset: options.seed", options.seed),
        NOOP_STREAM,
      ]);
    } else if (this.rng === null) {
      this.rng = defaultRng([entropySeed(), NOOP_STREAM]);
    }
    let result = this.env.reset(options);
    const noops = this.rng.integers(1, this.noopMax + 1);
    for (let i = 0; i < noops; i++) {
      const s = this.env.step(this.noopAction);
      result = s.terminated || s.truncated ? this.env.reset() : s;
    }
    return { observation: result.observation, info: result.info };
  }

  step(action: number): StepResult<O> {
    return this.env.step(action);
  }

  protected override getOwnState(): unknown {
    return { rng: this.rng === null ? null : this.rng.getState() };
  }

  protected override prepareOwnState(own: unknown): () => void {
    const raw = new SnapshotReader(own, "NoopReset.setState: state.own").raw("rng");
    let rng: Generator | null = null;
    if (raw !== null) {
      rng = defaultRng(0);
      rng.setState(raw as GeneratorState);
    }
    return () => {
      this.rng = rng;
    };
  }
}
