/**
 * `PPOTrainer`: recurrent PPO on a vector of environments. One `iterate()` collects
 * `rolloutLength` steps from every env with the current policy (sampling from its action
 * distribution, carrying each env's recurrent state and zeroing it when an episode ends),
 * computes GAE, then runs `numEpochs` passes of minibatches of sequence chunks, each
 * re-run from the state recorded at its first step (rllib's scheme, spec rl.md 4.4).
 *
 * All randomness lives in injected, checkpointed generators; `getState`/`setState` capture
 * everything else that decides the future (optimiser moments, env snapshots, the carried
 * observations and states, counters), so a resumed run repeats an uninterrupted one exactly.
 */
import { Adam, type AdamStateDict, clipGradNorm } from "../../optim/index.js";
import { defaultRng, type Generator, type GeneratorState } from "../../random/index.js";
import { noGrad } from "../../tensor/gradMode.js";
import { Tensor } from "../../tensor/tensor.js";
import type { Env, Observation } from "../env.js";
import type { EpisodeRecord } from "../vector/index.js";
import { SyncVectorEnv } from "../vector/index.js";
import { isCheckpointable } from "../wrappers/wrapper.js";
import { updateKlCoeff } from "./adaptiveKl.js";
import { logSoftmaxRow, sampleFromLogProbs } from "./categorical.js";
import { type PPOConfig, resolvePPOConfig } from "./config.js";
import { EpisodeWindow } from "./episodeStats.js";
import { computeGae } from "./gae.js";
import { type PPOLossStats, ppoLoss } from "./loss.js";
import type { RecurrentPolicy } from "./policy.js";
import {
  assembleMinibatch,
  floatArray,
  observationArrayLike,
  RolloutBuffer,
  standardize,
} from "./rollout.js";
import { chopIntoSequences, minibatchCount, splitIntoGroups } from "./sequences.js";

/** Options of {@link PPOTrainer}. */
export interface PPOTrainerOptions {
  /** The network to train (e.g. an `ActorCritic`); its parameters are updated in place. */
  policy: RecurrentPolicy;
  /** `config.numEnvs` environments of one kind; the trainer owns and closes them. */
  envs: readonly Env[];
  /** Overrides of {@link PPO_DEFAULTS} (spread a preset in to start from it). */
  config?: Partial<PPOConfig>;
  /** Seeds the env resets (env i gets seed + i), action sampling and minibatch shuffling. */
  seed: number;
  /** Finished episodes kept for the mean return (default 100). */
  episodeWindow?: number;
}

/** Loss statistics averaged over the minibatches of one iteration. */
export type UpdateStats = PPOLossStats & {
  /** Mean gradient 2-norm before clipping; NaN when `maxGradNorm` is null. */
  gradNorm: number;
};

/** What one {@link PPOTrainer.iterate} did. */
export interface IterationReport {
  /** Iterations completed, this one included. */
  iteration: number;
  /** Environment steps sampled since the start of training. */
  envSteps: number;
  /** Episodes that finished during this iteration. */
  episodes: EpisodeRecord[];
  /** Mean return of the last `episodeWindow` finished episodes (NaN before the first). */
  meanReturn: number;
  /** The update's loss statistics. */
  update: UpdateStats;
  /** The KL coefficient used by this iteration's update. */
  klCoeff: number;
  /** The learning rate used by this iteration's update. */
  lr: number;
  /** Wall-clock seconds spent collecting the rollout. */
  sampleSeconds: number;
  /** Wall-clock seconds spent on the update. */
  trainSeconds: number;
}

/** The checkpointable state of a {@link PPOTrainer} (model weights are saved separately). */
export interface PPOTrainerState {
  /** Identifies the snapshot. */
  format: "ncps-ppo-trainer";
  /** Snapshot layout version. */
  version: 1;
  /** Envs of the trainer that took it (a trainer restores only its own number). */
  numEnvs: number;
  /** Iterations completed. */
  iteration: number;
  /** Environment steps sampled. */
  envSteps: number;
  /** The adapted KL coefficient. */
  klCoeff: number;
  /** Whether the envs have been reset (false before the first rollout). */
  started: boolean;
  /** Adam's moments and step counts. */
  optimizer: AdamStateDict;
  /** The action-sampling generator. */
  sampleRng: GeneratorState;
  /** The minibatch-shuffling generator. */
  shuffleRng: GeneratorState;
  /** Each env's `getState()` snapshot. */
  envStates: unknown[];
  /** The observation each env shows, `[N, ...observationShape]`. */
  observations: Observation;
  /** Each env's recurrent state, `[N, stateSize]`. */
  states: Float32Array | Float64Array;
  /** 1 where an env's next step starts an episode, `[N]`. */
  episodeStarts: Uint8Array;
  /** The {@link EpisodeWindow} snapshot. */
  episodes: {
    /** Returns of the episodes in the window, oldest first. */
    returns: number[];
    /** Their lengths in steps. */
    lengths: number[];
    /** All episodes counted. */
    total: number;
  };
}

function seconds(): number {
  return performance.now() / 1000;
}

/** Recurrent PPO over a {@link SyncVectorEnv}; see the module comment. */
export class PPOTrainer {
  /** The network being trained. */
  readonly policy: RecurrentPolicy;
  /** The complete, checked configuration. */
  readonly config: Readonly<PPOConfig>;
  /** Adam over the policy's parameters. */
  readonly optimizer: Adam;
  /** The returns of the recently finished episodes. */
  readonly episodes: EpisodeWindow;
  /** The seed of env resets, sampling and shuffling. */
  readonly seed: number;
  /** Iterations completed. */
  iteration = 0;
  /** Environment steps sampled. */
  envSteps = 0;
  /** The current KL penalty coefficient (adapted after every iteration). */
  klCoeff: number;

  private readonly envs: readonly Env[];
  private readonly vector: SyncVectorEnv;
  private readonly sampleRng: Generator;
  private readonly shuffleRng: Generator;
  private readonly buffer: RolloutBuffer;
  private readonly observationSize: number;
  /** The observation each env shows now. */
  private readonly obs: Observation;
  /** Each env's recurrent state now, `[N, H]`. */
  private readonly state: Float32Array | Float64Array;
  /** 1 where the env's next step starts an episode. */
  private readonly episodeStarts: Uint8Array;
  private started = false;

  /**
   * Checks the config, the seed and that the envs match the policy's observation shape and
   * action count; throws naming the mismatch. The envs are reset on the first rollout.
   */
  constructor(options: PPOTrainerOptions) {
    const { policy, seed } = options;
    const envs: readonly Env[] = options.envs;
    this.config = resolvePPOConfig(options.config ?? {});
    if (!Number.isInteger(seed) || seed < 0) {
      throw new RangeError(`PPOTrainer: seed must be a non-negative integer, got ${String(seed)}`);
    }
    if (!Array.isArray(envs) || envs.length !== this.config.numEnvs) {
      throw new RangeError(
        `PPOTrainer: envs must be an array of config.numEnvs = ${this.config.numEnvs} environments, got ${Array.isArray(envs) ? envs.length : String(envs)}`,
      );
    }
    const first: Env = envs[0];
    const space = first.observationSpace;
    const shape = policy.observationShape;
    if (space.shape.length !== shape.length || space.shape.some((d, i) => d !== shape[i])) {
      throw new RangeError(
        `PPOTrainer: the policy expects observations [${shape.join(", ")}], ${first.id} gives [${space.shape.join(", ")}]`,
      );
    }
    if (first.actionSpace.n !== policy.numActions) {
      throw new RangeError(
        `PPOTrainer: the policy has ${policy.numActions} actions, ${first.id} has ${first.actionSpace.n}`,
      );
    }
    this.policy = policy;
    this.seed = seed;
    this.envs = envs;
    this.vector = new SyncVectorEnv(envs);
    this.klCoeff = this.config.klCoeff;
    this.optimizer = new Adam(policy.parameters(), {
      lr: this.config.lr,
      eps: this.config.adamEps,
    });
    this.sampleRng = defaultRng([seed, 1]);
    this.shuffleRng = defaultRng([seed, 2]);
    this.episodes = new EpisodeWindow(options.episodeWindow ?? 100);
    this.observationSize = space.shape.reduce((a, b) => a * b, 1);
    const n = this.config.numEnvs;
    const kind = emptyObservation(space.dtype);
    this.obs = observationArrayLike(kind, n * this.observationSize);
    this.state = floatArray(policy.dtype, n * policy.stateSize);
    this.episodeStarts = new Uint8Array(n).fill(1);
    this.buffer = new RolloutBuffer(
      {
        numSteps: this.config.rolloutLength,
        numEnvs: n,
        observationSize: this.observationSize,
        stateSize: policy.stateSize,
        numActions: policy.numActions,
        stateDType: policy.dtype,
      },
      kind,
    );
  }

  /** Environment steps per iteration. */
  get stepsPerIteration(): number {
    return this.config.numEnvs * this.config.rolloutLength;
  }

  /** The learning rate the next update uses (linearly annealed when configured). */
  currentLr(): number {
    const c = this.config;
    if (!c.annealLr) return c.lr;
    const iterations = Math.ceil(c.totalSteps / this.stepsPerIteration);
    return c.lr * Math.max(0, 1 - this.iteration / iterations);
  }

  /** Collects one rollout and updates the policy on it. */
  iterate(): IterationReport {
    const t0 = seconds();
    const episodes = this.collect();
    const t1 = seconds();
    const klCoeff = this.klCoeff;
    const lr = this.currentLr();
    const update = this.update();
    return {
      iteration: this.iteration,
      envSteps: this.envSteps,
      episodes,
      meanReturn: this.episodes.meanReturn(),
      update,
      klCoeff,
      lr,
      sampleSeconds: t1 - t0,
      trainSeconds: seconds() - t1,
    };
  }

  /** The rollout collected last (overwritten by the next {@link collect}). */
  get rollout(): RolloutBuffer {
    return this.buffer;
  }

  /** Runs the policy on one step of sequences: `obs` `[B, ...]`, `state` `[B, H]`. */
  private step(obs: Observation, batch: number, state: Float32Array | Float64Array) {
    const h = this.policy.stateSize > 0 ? new Tensor(state, [batch, this.policy.stateSize]) : null;
    return this.policy.forward({ data: obs, batch, time: 1 }, h);
  }

  /**
   * Fills {@link rollout} with `rolloutLength` steps of every env and computes its advantages;
   * returns the episodes that finished. {@link iterate} calls it, then {@link update}.
   */
  collect(): EpisodeRecord[] {
    const { numEnvs: n, rolloutLength: steps, gamma } = this.config;
    const { numActions: na, stateSize: hs } = this.policy;
    const os = this.observationSize;
    const buf = this.buffer;
    if (!this.started) {
      this.obs.set(this.vector.reset(this.seed).observations);
      this.started = true;
    }
    const finished: EpisodeRecord[] = [];
    const logp = new Float64Array(na);
    const actions = new Int32Array(n);
    noGrad(() => {
      for (let t = 0; t < steps; t++) {
        const at = t * n;
        buf.observations.set(this.obs, at * os);
        buf.states.set(this.state, at * hs);
        buf.episodeStarts.set(this.episodeStarts, at);
        const out = this.step(this.obs, n, this.state);
        const logits = out.logits.data;
        for (let e = 0; e < n; e++) {
          logSoftmaxRow(logits, e, na, logp);
          const a = sampleFromLogProbs(logp, na, this.sampleRng);
          actions[e] = a;
          buf.actions[at + e] = a;
          buf.logProbs[at + e] = logp[a];
          buf.values[at + e] = out.values.data[e];
          for (let k = 0; k < na; k++) buf.logits[(at + e) * na + k] = logits[e * na + k];
        }
        const r = this.vector.step(actions);
        if (out.state !== null) this.state.set(out.state.data);
        const bootstrap = this.truncationValues(r.terminated, r.truncated, r.finalObservations);
        for (let e = 0; e < n; e++) {
          const done = r.terminated[e] || r.truncated[e] ? 1 : 0;
          buf.rewards[at + e] = r.rewards[e] + gamma * (bootstrap.get(e) ?? 0);
          buf.dones[at + e] = done;
          this.episodeStarts[e] = done;
          if (done && hs > 0) this.state.fill(0, e * hs, (e + 1) * hs);
        }
        this.obs.set(r.observations);
        for (const ep of r.episodes) {
          this.episodes.add(ep.episodeReturn, ep.episodeLength);
          finished.push(ep);
        }
        this.envSteps += n;
      }
      const last = this.step(this.obs, n, this.state);
      const gae = computeGae({
        rewards: buf.rewards,
        values: buf.values,
        dones: buf.dones,
        lastValues: last.values.data,
        numSteps: steps,
        numEnvs: n,
        gamma,
        lambda: this.config.gaeLambda,
      });
      buf.advantages = gae.advantages;
      buf.returns = gae.returns;
    });
    return finished;
  }

  /**
   * Values of the final observations of episodes cut short by a time limit (not those that
   * terminated), each evaluated with its env's state after the step: env -> value.
   */
  private truncationValues(
    terminated: Uint8Array,
    truncated: Uint8Array,
    finals: Observation,
  ): Map<number, number> {
    const out = new Map<number, number>();
    const envs: number[] = [];
    for (let e = 0; e < terminated.length; e++) if (truncated[e] && !terminated[e]) envs.push(e);
    if (envs.length === 0) return out;
    const os = this.observationSize;
    const hs = this.policy.stateSize;
    const obs = observationArrayLike(finals, envs.length * os);
    const state = floatArray(this.policy.dtype, envs.length * hs);
    envs.forEach((e, i) => {
      obs.set(finals.subarray(e * os, (e + 1) * os), i * os);
      state.set(this.state.subarray(e * hs, (e + 1) * hs), i * hs);
    });
    const values = this.step(obs, envs.length, state).values.data;
    envs.forEach((e, i) => {
      out.set(e, values[i]);
    });
    return out;
  }

  /**
   * Runs the PPO epochs on the collected rollout, then adapts the KL coefficient and counts
   * the iteration. Returns the loss statistics averaged over the minibatches.
   */
  update(): UpdateStats {
    const c = this.config;
    const buf = this.buffer;
    const lr = this.currentLr();
    for (const group of this.optimizer.paramGroups) group.lr = lr;
    const seqLen = this.policy.stateSize > 0 ? c.maxSeqLen : 1;
    const chunks = chopIntoSequences(buf.episodeStarts, c.rolloutLength, c.numEnvs, seqLen);
    if (c.normalizeAdvantages === "batch") standardize(buf.advantages);
    const groupsPerEpoch = minibatchCount(this.stepsPerIteration, c.minibatchSize);
    const params = this.policy.parameters();
    const totals = {
      loss: 0,
      policyLoss: 0,
      valueLoss: 0,
      entropy: 0,
      kl: 0,
      clipFraction: 0,
      gradNorm: 0,
    };
    let count = 0;
    for (let epoch = 0; epoch < c.numEpochs; epoch++) {
      const order = Array.from({ length: chunks.length }, (_, i) => i);
      this.shuffleRng.shuffle(order);
      for (const group of splitIntoGroups(order, groupsPerEpoch)) {
        const mb = assembleMinibatch(buf, chunks, group);
        const advantages = mb.advantages.slice();
        if (c.normalizeAdvantages === "minibatch") standardize(advantages, mb.mask);
        const start =
          mb.startStates === null
            ? null
            : new Tensor(mb.startStates, [mb.batch, this.policy.stateSize]);
        const output = this.policy.forward(mb.observations, start);
        const { loss, stats } = ppoLoss(output, mb, advantages, { ...c, klCoeff: this.klCoeff });
        this.optimizer.zeroGrad();
        loss.backward();
        const gradNorm = c.maxGradNorm === null ? Number.NaN : clipGradNorm(params, c.maxGradNorm);
        this.optimizer.step();
        totals.loss += stats.loss;
        totals.policyLoss += stats.policyLoss;
        totals.valueLoss += stats.valueLoss;
        totals.entropy += stats.entropy;
        totals.kl += stats.kl;
        totals.clipFraction += stats.clipFraction;
        totals.gradNorm += gradNorm;
        count++;
      }
    }
    const stats = {
      loss: totals.loss / count,
      policyLoss: totals.policyLoss / count,
      valueLoss: totals.valueLoss / count,
      entropy: totals.entropy / count,
      kl: totals.kl / count,
      clipFraction: totals.clipFraction / count,
      gradNorm: totals.gradNorm / count,
    };
    if (c.klCoeff > 0) this.klCoeff = updateKlCoeff(this.klCoeff, stats.kl, c.klTarget);
    this.iteration += 1;
    return stats;
  }

  /** A snapshot of everything but the model weights; see {@link PPOTrainerState}. */
  getState(): PPOTrainerState {
    const envStates = this.envs.map((env, i) => {
      if (!isCheckpointable(env)) {
        throw new Error(
          `PPOTrainer.getState: env ${i} (${env.id}) cannot be checkpointed (no getState)`,
        );
      }
      return env.getState();
    });
    return {
      format: "ncps-ppo-trainer",
      version: 1,
      numEnvs: this.config.numEnvs,
      iteration: this.iteration,
      envSteps: this.envSteps,
      klCoeff: this.klCoeff,
      started: this.started,
      optimizer: this.optimizer.stateDict(),
      sampleRng: this.sampleRng.getState(),
      shuffleRng: this.shuffleRng.getState(),
      envStates,
      observations: this.obs.slice(),
      states: this.state.slice(),
      episodeStarts: this.episodeStarts.slice(),
      episodes: this.episodes.getState(),
    };
  }

  /**
   * Restores a {@link getState} snapshot taken from a trainer built the same way (same env
   * id, numEnvs, policy shape). Everything is checked before the trainer changes.
   */
  setState(state: unknown): void {
    const where = "PPOTrainer.setState";
    if (typeof state !== "object" || state === null) {
      throw new TypeError(`${where}: state must be an object, got ${String(state)}`);
    }
    const s = state as Partial<PPOTrainerState>;
    if (s.format !== "ncps-ppo-trainer" || s.version !== 1) {
      throw new TypeError(
        `${where}: state must be an "ncps-ppo-trainer" version 1 snapshot, got format ${JSON.stringify(s.format)} version ${JSON.stringify(s.version)}`,
      );
    }
    const n = this.config.numEnvs;
    if (s.numEnvs !== n) {
      throw new RangeError(
        `${where}: the snapshot has ${String(s.numEnvs)} envs, this trainer has ${n}`,
      );
    }
    for (const key of ["iteration", "envSteps"] as const) {
      const v = s[key];
      if (!Number.isInteger(v) || (v as number) < 0) {
        throw new TypeError(`${where}: ${key} must be a non-negative integer, got ${String(v)}`);
      }
    }
    if (typeof s.klCoeff !== "number" || !(s.klCoeff >= 0)) {
      throw new TypeError(`${where}: klCoeff must be a number >= 0, got ${String(s.klCoeff)}`);
    }
    if (typeof s.started !== "boolean") {
      throw new TypeError(`${where}: started must be a boolean, got ${String(s.started)}`);
    }
    const expectArray = (name: string, v: unknown, like: ArrayBufferView, length: number) => {
      if (
        !ArrayBuffer.isView(v) ||
        v.constructor !== like.constructor ||
        (v as unknown as ArrayLike<number>).length !== length
      ) {
        throw new TypeError(
          `${where}: ${name} must be a ${like.constructor.name} of ${length} values, got ${describe(v)}`,
        );
      }
    };
    expectArray("observations", s.observations, this.obs, this.obs.length);
    expectArray("states", s.states, this.state, this.state.length);
    expectArray("episodeStarts", s.episodeStarts, this.episodeStarts, n);
    if (!Array.isArray(s.envStates) || s.envStates.length !== n) {
      throw new TypeError(`${where}: envStates must be an array of ${n} env snapshots`);
    }
    // Validate by restoring into throwaway generators and a throwaway window first.
    const sampleRng = defaultRng(0);
    sampleRng.setState(s.sampleRng as GeneratorState);
    const shuffleRng = defaultRng(0);
    shuffleRng.setState(s.shuffleRng as GeneratorState);
    const window = new EpisodeWindow(this.episodes.capacity);
    window.setState(s.episodes);
    const envStates = s.envStates;
    // The optimiser and each env validate before changing; roll back what already changed.
    const previous = this.getState();
    try {
      this.optimizer.loadStateDict(s.optimizer);
      this.envs.forEach((env, i) => {
        if (!isCheckpointable(env)) {
          throw new Error(`${where}: env ${i} (${env.id}) cannot be restored (no setState)`);
        }
        env.setState(envStates[i]);
      });
    } catch (error) {
      this.optimizer.loadStateDict(previous.optimizer);
      this.envs.forEach((env, i) => {
        if (isCheckpointable(env)) env.setState(previous.envStates[i]);
      });
      throw error;
    }
    this.sampleRng.setState(sampleRng.getState());
    this.shuffleRng.setState(shuffleRng.getState());
    this.episodes.setState(window.getState());
    this.iteration = s.iteration as number;
    this.envSteps = s.envSteps as number;
    this.klCoeff = s.klCoeff;
    this.started = s.started;
    this.obs.set(s.observations as Observation);
    this.state.set(s.states as Float32Array | Float64Array);
    this.episodeStarts.set(s.episodeStarts as Uint8Array);
  }

  /** Closes the environments. */
  close(): void {
    this.vector.close();
  }
}

/** A zero-length array of the element type of `dtype` observations. */
function emptyObservation(dtype: "uint8" | "float32" | "float64"): Observation {
  if (dtype === "uint8") return new Uint8Array(0);
  return dtype === "float32" ? new Float32Array(0) : new Float64Array(0);
}

function describe(v: unknown): string {
  if (v === null || v === undefined) return String(v);
  if (typeof v === "object")
    return `a ${v.constructor?.name ?? "object"}${ArrayBuffer.isView(v) ? ` of ${(v as unknown as ArrayLike<number>).length} values` : ""}`;
  return `${typeof v} ${String(v)}`;
}
