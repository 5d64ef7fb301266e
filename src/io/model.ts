/**
 * Saving and loading whole models (config JSON + safetensors weights, written atomically and
 * verified on load), and moving weights to and from ncps-torch: a file written in Python by
 * `safetensors.torch.save_file(model.state_dict(), path)` loads into the matching model here,
 * and `saveTorchStateDict` writes one that `load_state_dict(load_file(path))` accepts.
 */
import { CfC } from "../nn/cfc.js";
import { LTC } from "../nn/ltc.js";
import type { Module, ModuleConfig, StateEntry } from "../nn/module.js";
import { loadCheckpoint, saveCheckpoint } from "./checkpoint.js";
import { loadSafetensors, type NamedArray, saveSafetensors } from "./safetensors.js";

/** The model classes `loadModel` can rebuild from a config. */
const MODEL_CLASSES: Record<string, (config: ModuleConfig) => Module> = {
  CfC: (c) => CfC.fromConfig(c, { seed: 0 }),
  LTC: (c) => LTC.fromConfig(c, { seed: 0 }),
};

/** The model's state as safetensors arrays, in its own dtype (ncps-torch names). */
export function stateArrays(model: Module): Record<string, NamedArray> {
  const out: Record<string, NamedArray> = {};
  for (const [name, t] of Object.entries(model.stateDict())) {
    out[name] = { dtype: t.dtype, shape: [...t.shape], data: t.data };
  }
  return out;
}

function toEntries(path: string, tensors: Record<string, NamedArray>): Record<string, StateEntry> {
  const out: Record<string, StateEntry> = {};
  for (const [name, a] of Object.entries(tensors)) {
    if (a.data instanceof BigInt64Array || a.data instanceof BigUint64Array) {
      throw new TypeError(
        `${path}: tensor '${name}' is ${a.dtype}; model weights must be floating point`,
      );
    }
    out[name] = { shape: a.shape, data: a.data };
  }
  return out;
}

/**
 * Saves `model` as a folder (config.json, model.safetensors, manifest with checksums), written
 * atomically; an existing folder is replaced only with `{ overwrite: true }`.
 */
export async function saveModel(
  path: string,
  model: Module,
  options: { overwrite?: boolean } = {},
): Promise<void> {
  await saveCheckpoint(path, { config: model.getConfig(), tensors: stateArrays(model) }, options);
}

/** Loads a folder written by `saveModel`: verifies it, rebuilds the model and loads every weight. */
export async function loadModel(path: string): Promise<Module> {
  const { config, tensors } = await loadCheckpoint(path);
  if (
    typeof config !== "object" ||
    config === null ||
    Array.isArray(config) ||
    typeof config.class !== "string"
  ) {
    throw new Error(`${path}: config.json does not describe a model (no "class")`);
  }
  const build = MODEL_CLASSES[config.class];
  if (build === undefined) {
    throw new Error(
      `${path}: unknown model class ${JSON.stringify(config.class)}; expected one of ${Object.keys(MODEL_CLASSES).join(", ")}`,
    );
  }
  const model = build(config as ModuleConfig);
  model.loadStateDict(toEntries(path, tensors));
  return model;
}

/**
 * Loads an ncps-torch `state_dict` saved with safetensors into `model` (strict: every name and
 * shape must match; nothing is written unless all do). float32 files load into float64 models.
 */
export async function loadTorchStateDict(model: Module, path: string): Promise<void> {
  const { tensors } = await loadSafetensors(path);
  try {
    model.loadStateDict(toEntries(path, tensors));
  } catch (error) {
    throw new Error(`${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Writes the model's state in ncps-torch's names as safetensors, for `model.load_state_dict` in Python. */
export async function saveTorchStateDict(model: Module, path: string): Promise<void> {
  await saveSafetensors(path, stateArrays(model));
}
