/**
 * The base of every environment wrapper: it forwards everything to the wrapped env and
 * lets subclasses replace `reset`/`step` and the observation space. Wrappers chain the
 * checkpoint state of the env below them, so a whole wrapper stack can be saved and resumed.
 */
import type { BoxSpace, DiscreteSpace, Env, Observation, ResetResult, StepResult } from "../env.js";

/** An env (or wrapper) whose complete state can be saved and restored. */
export interface Checkpointable {
  /** A JSON-serialisable snapshot. */
  getState(): unknown;
  /** Restores a snapshot from `getState`; the following steps repeat exactly. */
  setState(state: unknown): void;
}

/** True when `env` offers `getState`/`setState`. */
export function isCheckpointable(env: object): env is Checkpointable {
  const e = env as Partial<Checkpointable>;
  return typeof e.getState === "function" && typeof e.setState === "function";
}

/** The snapshot a wrapper produces: its own fields plus the wrapped env's snapshot. */
export interface WrapperState {
  /** The wrapper's name. */
  wrapper: string;
  /** The wrapper's own fields. */
  own: unknown;
  /** The wrapped env's snapshot. */
  inner: unknown;
}

/** Forwards to `env`; subclasses override what they change. */
export abstract class Wrapper<I extends Observation = Observation, O extends Observation = I>
  implements Env<O>, Checkpointable
{
  /**
   * The observation space: the wrapped env's, or the one the subclass passes (e.g. resized frames).
   */
  readonly observationSpace: BoxSpace;
  /** The name recorded in snapshots (explicit, so minified builds keep it). */
  abstract readonly wrapperName: string;

  constructor(
    /** The wrapped environment. */
    readonly env: Env<I>,
    observationSpace?: BoxSpace,
  ) {
    this.observationSpace = observationSpace ?? env.observationSpace;
  }

  get id(): string {
    return this.env.id;
  }

  /** The wrapped env's action space. */
  get actionSpace(): DiscreteSpace {
    return this.env.actionSpace;
  }

  /** The innermost environment. */
  get unwrapped(): Env<Observation> {
    let e: Env<Observation> = this.env;
    while (e instanceof Wrapper) e = e.env;
    return e;
  }

  abstract reset(options?: { seed?: number }): ResetResult<O>;
  abstract step(action: number): StepResult<O>;

  render(): string {
    return this.env.render();
  }

  /** Closes the wrapped env. */
  close(): void {
    this.env.close?.();
  }

  /** Snapshot of this wrapper and everything below it; throws if the innermost env cannot save. */
  getState(): WrapperState {
    if (!isCheckpointable(this.env)) {
      throw new Error(
        `${this.wrapperName}.getState: the wrapped env ${this.env.id} has no getState()`,
      );
    }
    return { wrapper: this.wrapperName, own: this.getOwnState(), inner: this.env.getState() };
  }

  /**
   * Restores a snapshot from {@link getState} taken on an identically built wrapper stack.
   * Everything is validated before anything changes, so a bad snapshot leaves the stack as it was.
   */
  setState(state: unknown): void {
    const name = this.wrapperName;
    if (typeof state !== "object" || state === null || Array.isArray(state)) {
      throw new TypeError(`${name}.setState: state must be an object, got ${String(state)}`);
    }
    const s = state as Partial<WrapperState>;
    if (s.wrapper !== name) {
      throw new TypeError(
        `${name}.setState: state.wrapper must be "${name}", got ${JSON.stringify(s.wrapper)}`,
      );
    }
    if (!isCheckpointable(this.env)) {
      throw new Error(`${name}.setState: the wrapped env ${this.env.id} has no setState()`);
    }
    const applyOwn = this.prepareOwnState(s.own);
    this.env.setState(s.inner);
    applyOwn();
  }

  /** This wrapper's own JSON-serialisable fields (none by default). */
  protected getOwnState(): unknown {
    return null;
  }

  /**
   * Validates {@link getOwnState}'s output and returns the function that applies it (called
   * only once the wrapped env accepted its part). Throws a TypeError naming a bad field.
   */
  protected prepareOwnState(_own: unknown): () => void {
    return () => {};
  }
}
