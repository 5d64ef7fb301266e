/**
 * Types and a loader for the ncps golden-vector files (`../shared/golden`, schema version 1).
 * The schema is described in that folder's README; only what the port reads is typed here.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** A row-major tensor as stored in a golden file. */
export interface GoldenTensor {
  shape: number[];
  values: number[];
}

/** The record of a built wiring, shared by wiring cases and `model.wiring`. */
export interface GoldenWiring {
  class: "FullyConnected" | "Random" | "NCP" | "AutoNCP" | "Wiring";
  args: Record<string, number | boolean | null>;
  units: number;
  input_dim: number;
  output_dim: number;
  num_layers: number;
  layers: number[][];
  neuron_types: string[];
  synapse_count: number;
  sensory_synapse_count: number;
  adjacency_matrix: number[][];
  sensory_adjacency_matrix: number[][];
  ncp_sizes?: Record<string, number>;
}

export interface GoldenWiringCase {
  schema_version: 1;
  case_id: string;
  kind: "wiring";
  description: string;
  wiring: GoldenWiring;
  rng_trace: Record<string, unknown>;
  get_config?: Record<string, unknown>;
}

export interface GoldenParameter {
  name: string;
  kind: string;
  requires_grad: boolean;
  shape: number[];
  values: number[];
}

export interface GoldenModelCase {
  schema_version: 1;
  case_id: string;
  kind: "model";
  description: string;
  model: {
    class: "CfC" | "LTC";
    input_size: number;
    units: number | null;
    kwargs: Record<string, string | number | boolean | null>;
    state_size: number;
    wiring: GoldenWiring | null;
    wiring_is_implicit?: boolean;
  };
  seeds: { torch_manual_seed: number; numpy_data_seed: number };
  call: {
    batch_first: boolean;
    unbatched: boolean;
    hx_given: boolean;
    timespans_given: boolean;
  };
  parameters: GoldenParameter[];
  inputs: {
    x: GoldenTensor;
    timespans: GoldenTensor | null;
    hx: { h0: GoldenTensor; c0?: GoldenTensor } | null;
  };
  outputs: { y: GoldenTensor; h_final: GoldenTensor; c_final: GoldenTensor | null };
  loss: { weights: GoldenTensor; value: number };
  grads: {
    x: GoldenTensor;
    timespans: GoldenTensor | null;
    hx: { h0: GoldenTensor; c0?: GoldenTensor } | null;
    params: Record<string, GoldenTensor | null>;
  };
}

export type GoldenCase = GoldenWiringCase | GoldenModelCase;

/** Reads one case file; throws naming the file when it is not a schema-1 case. */
export function loadGoldenCase(path: string): GoldenCase {
  const parsed: unknown = JSON.parse(readFileSync(path, "utf8"));
  if (typeof parsed !== "object" || parsed === null) {
    throw new Error(`golden file ${path}: expected a JSON object`);
  }
  const c = parsed as Partial<GoldenCase>;
  if (c.schema_version !== 1 || (c.kind !== "model" && c.kind !== "wiring")) {
    throw new Error(
      `golden file ${path}: expected schema_version 1 and kind "model" or "wiring", got ${String(c.schema_version)} / ${String(c.kind)}`,
    );
  }
  return c as GoldenCase;
}

/** Every case file in a folder (`index.json` and non-JSON files aside), sorted by name. */
export function listGoldenFiles(folder: string): string[] {
  return readdirSync(folder)
    .filter((f) => f.endsWith(".json") && f !== "index.json")
    .sort()
    .map((f) => join(folder, f));
}
