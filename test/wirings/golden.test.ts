/**
 * Every golden wiring (the `w_*.json` cases and the `model.wiring` record of every model
 * case) is rebuilt from its class, arguments and input dimension, and must match ncps exactly.
 */
import { describe, expect, it } from "vitest";
import { camelKeys, wiringFromGoldenArgs } from "../../src/cli/golden/goldenWiring.js";
import { type GoldenWiring, listGoldenFiles, loadGoldenCase } from "../../src/cli/golden/schema.js";
import { AutoNCP, NCP, type Wiring } from "../../src/wirings/index.js";
import { GOLDEN } from "../support/paths.js";

interface Entry {
  name: string;
  rec: GoldenWiring;
  getConfig?: Record<string, unknown>;
}

const entries: Entry[] = [];
for (const f of listGoldenFiles(GOLDEN)) {
  const c = loadGoldenCase(f);
  if (c.kind === "wiring") {
    // ncps's NCP.get_config is broken (null here); its constructor args are what we serialise
    const cfg = c.get_config ?? (c.wiring.class === "NCP" ? c.wiring.args : undefined);
    entries.push({ name: c.case_id, rec: c.wiring, getConfig: cfg });
  } else if (c.model.wiring !== null) {
    entries.push({ name: `${c.case_id} (model.wiring)`, rec: c.model.wiring });
  }
}

function expectMatches(w: Wiring, rec: GoldenWiring): void {
  expect(w.units).toBe(rec.units);
  expect(w.inputDim).toBe(rec.input_dim);
  expect(w.outputDim).toBe(rec.output_dim);
  expect(w.adjacencyRows()).toEqual(rec.adjacency_matrix);
  expect(w.sensoryAdjacencyRows()).toEqual(rec.sensory_adjacency_matrix);
  expect(Array.from(w.adjacencyMatrix)).toEqual(rec.adjacency_matrix.flat());
  expect(Array.from(w.sensoryAdjacencyMatrix ?? [])).toEqual(rec.sensory_adjacency_matrix.flat());
  expect(w.synapseCount).toBe(rec.synapse_count);
  expect(w.sensorySynapseCount).toBe(rec.sensory_synapse_count);
  expect(w.numLayers).toBe(rec.num_layers);
  expect(Array.from({ length: w.numLayers }, (_, l) => w.getNeuronsOfLayer(l))).toEqual(rec.layers);
  expect(Array.from({ length: w.units }, (_, i) => w.getTypeOfNeuron(i))).toEqual(rec.neuron_types);
  if (rec.ncp_sizes !== undefined) {
    expect(w).toBeInstanceOf(NCP);
    expect({ ...(w as NCP).sizes }).toEqual(camelKeys(rec.ncp_sizes));
  }
}

describe("golden wirings", () => {
  it("found the 12 wiring cases and the model wirings", () => {
    expect(entries.filter((e) => e.name.startsWith("w_")).length).toBe(12);
    expect(entries.length).toBeGreaterThan(12);
  });

  for (const { name, rec, getConfig } of entries) {
    it(`${name}: ${rec.class} matches ncps exactly`, () => {
      const w = wiringFromGoldenArgs(rec).build(rec.input_dim);
      expectMatches(w, rec);
      expect(w.erevInitializer()).toEqual(Int32Array.from(rec.adjacency_matrix.flat()));
      expect(w.sensoryErevInitializer()).toEqual(
        Int32Array.from(rec.sensory_adjacency_matrix.flat()),
      );
      if (getConfig !== undefined) {
        const {
          inputDim,
          adjacencyMatrix,
          sensoryAdjacencyMatrix,
          class: cls,
          ...args
        } = w.getConfig() as unknown as Record<string, unknown>;
        expect(cls).toBe(rec.class);
        expect(inputDim).toBe(rec.input_dim);
        expect(adjacencyMatrix).toEqual(rec.adjacency_matrix);
        expect(sensoryAdjacencyMatrix).toEqual(rec.sensory_adjacency_matrix);
        expect(args).toEqual(camelKeys(getConfig));
      }
    });
  }

  it("implicit LTC wirings are FullyConnected(units), seed 1111, built with input_size", () => {
    const implicit = listGoldenFiles(GOLDEN)
      .map((f) => loadGoldenCase(f))
      .filter((c) => c.kind === "model" && c.model.wiring_is_implicit === true);
    expect(implicit.length).toBeGreaterThan(0);
    for (const c of implicit) {
      if (c.kind !== "model" || c.model.wiring === null || c.model.units === null) {
        throw new Error(`${c.case_id}: expected an implicit wiring record and int units`);
      }
      expect(c.model.wiring.class).toBe("FullyConnected");
      const w = wiringFromGoldenArgs({ class: "FullyConnected", args: { units: c.model.units } });
      w.build(c.model.input_size);
      expectMatches(w, c.model.wiring);
    }
  });

  it("AutoNCP derived sizes match the golden ncp_sizes", () => {
    for (const { rec } of entries) {
      if (rec.class !== "AutoNCP" || rec.ncp_sizes === undefined) continue;
      const w = wiringFromGoldenArgs(rec);
      expect(w).toBeInstanceOf(AutoNCP);
      expect({ ...(w as AutoNCP).sizes }).toEqual(camelKeys(rec.ncp_sizes));
    }
  });
});
