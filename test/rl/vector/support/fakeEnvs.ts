/**
 * A small deterministic env registered for the vector tests (imported by the test file and
 * preloaded by the workers). `Test/Counter-v0`: the observation is [seed, t] as float64;
 * actions 0..2 earn action + 1, action 3 throws; the episode ends after 3 + (seed % 3)
 * steps, terminated for even seeds and truncated for odd ones, with
 * info.episodeReturn/episodeLength; an unseeded reset continues with seed + 100.
 */
import type {
  BoxSpace,
  DiscreteSpace,
  Env,
  Info,
  ResetResult,
  StepResult,
} from "../../../../src/rl/env.js";
import { checkAction } from "../../../../src/rl/env.js";
import { listEnvs, registerEnv } from "../../../../src/rl/registry.js";

export const COUNTER_ID = "Test/Counter-v0";

/** The counter env described above. */
export class CounterEnv implements Env<Float64Array> {
  readonly id = COUNTER_ID;
  readonly observationSpace: BoxSpace = {
    kind: "box",
    shape: [2],
    low: 0,
    high: Number.MAX_SAFE_INTEGER,
    dtype: "float64",
  };
  readonly actionSpace: DiscreteSpace = { kind: "discrete", n: 4 };
  private seed = 0;
  private t = 0;
  private total = 0;

  reset(options: { seed?: number } = {}): ResetResult<Float64Array> {
    this.seed = options.seed ?? this.seed + 100;
    this.t = 0;
    this.total = 0;
    return { observation: Float64Array.of(this.seed, 0), info: { seed: this.seed } };
  }

  step(action: number): StepResult<Float64Array> {
    checkAction(this, action);
    if (action === 3) throw new Error(`Counter: deliberate failure at seed ${this.seed}`);
    this.t += 1;
    const reward = action + 1;
    this.total += reward;
    const ended = this.t >= 3 + (this.seed % 3);
    const terminated = ended && this.seed % 2 === 0;
    const truncated = ended && !terminated;
    const info: Info = { t: this.t };
    if (ended) {
      info.episodeReturn = this.total;
      info.episodeLength = this.t;
    }
    return {
      observation: Float64Array.of(this.seed, this.t),
      reward,
      terminated,
      truncated,
      info,
    };
  }

  render(): string {
    return `seed ${this.seed} t ${this.t}`;
  }
}

if (!listEnvs().includes(COUNTER_ID)) registerEnv(COUNTER_ID, () => new CounterEnv());
