/**
 * Whole-model save/load, and weights moving between ncps-torch and this library. The fixtures
 * in test/fixtures/torch were written by ncps-torch (see make_fixture.py there), with the outputs
 * ncps computed for a fixed input.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import {
  loadModel,
  loadTorchStateDict,
  saveModel,
  saveTorchStateDict,
} from "../../src/io/model.js";
import { loadSafetensors } from "../../src/io/safetensors.js";
import { CfC } from "../../src/nn/cfc.js";
import { LTC } from "../../src/nn/ltc.js";
import type { Module } from "../../src/nn/module.js";
import type { RecurrentState, SequenceCall } from "../../src/nn/recurrent/sequenceIO.js";
import { Tensor } from "../../src/tensor/tensor.js";
import { AutoNCP } from "../../src/wirings/index.js";
import { assertClose } from "../support/assertClose.js";

const FIXTURES = fileURLToPath(new URL("../fixtures/torch/", import.meta.url));
interface Stored {
  shape: number[];
  values: number[];
}
const outputs = JSON.parse(readFileSync(join(FIXTURES, "outputs.json"), "utf8")) as {
  x: Stored;
  models: Record<string, { y: Stored; h: Stored }>;
};
const x = new Tensor(Float32Array.from(outputs.x.values), outputs.x.shape);
const dir = mkdtempSync(join(tmpdir(), "ncps-model-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type SequenceModel = Module & { forward(x: Tensor, call?: SequenceCall): [Tensor, RecurrentState] };
const stateH = (s: RecurrentState): Tensor => (s instanceof Tensor ? s : s[0]);

const matching: Record<string, () => SequenceModel> = {
  cfc_autoncp: () => new CfC(3, new AutoNCP(10, 2), { seed: 1 }),
  ltc_autoncp: () => new LTC(3, new AutoNCP(8, 2), { seed: 1 }),
  cfc_fc_mixed_proj: () =>
    new CfC(3, 6, { backboneUnits: 8, mixedMemory: true, projSize: 2, seed: 1 }),
};

describe("weights from ncps-torch (safetensors.torch.save_file(model.state_dict()))", () => {
  for (const [name, make] of Object.entries(matching)) {
    it(`${name}: loads and reproduces ncps's outputs`, async () => {
      const model = make().eval();
      await loadTorchStateDict(model, join(FIXTURES, `${name}.safetensors`));
      const [y, h] = model.forward(x);
      const want = outputs.models[name];
      expect(y.shape).toEqual(want.y.shape);
      assertClose(y.data, want.y.values, { atol: 1e-5, rtol: 1e-4 }, `${name} y`);
      assertClose(stateH(h).data, want.h.values, { atol: 1e-5, rtol: 1e-4 }, `${name} h`);
    });
  }

  it("exports back with ncps's names, shapes and values", async () => {
    const model = matching.cfc_autoncp();
    await loadTorchStateDict(model, join(FIXTURES, "cfc_autoncp.safetensors"));
    const path = join(dir, "export.safetensors");
    await saveTorchStateDict(model, path);
    const ours = (await loadSafetensors(path)).tensors;
    const theirs = (await loadSafetensors(join(FIXTURES, "cfc_autoncp.safetensors"))).tensors;
    expect(Object.keys(ours).sort()).toEqual(Object.keys(theirs).sort());
    for (const [k, t] of Object.entries(theirs)) {
      expect(ours[k].shape).toEqual(t.shape);
      expect(Array.from(ours[k].data as Float32Array)).toEqual(Array.from(t.data as Float32Array));
    }
  });

  it("refuses weights of another model, naming the problem and changing nothing", async () => {
    const model = new CfC(3, 6, { backboneUnits: 8, seed: 1 });
    const before = model.stateDict()["rnn_cell.ff1.weight"].data.slice();
    await expect(
      loadTorchStateDict(model, join(FIXTURES, "cfc_autoncp.safetensors")),
    ).rejects.toThrow(
      /missing keys: rnn_cell\.backbone\.0\.weight.*unexpected keys: rnn_cell\.layer_0/,
    );
    expect(model.stateDict()["rnn_cell.ff1.weight"].data).toEqual(before);
  });
});

describe("saveModel / loadModel", () => {
  it("round-trips config and weights: the loaded model computes the same outputs", async () => {
    const model = new CfC(3, new AutoNCP(10, 2), { mode: "no_gate", projSize: 3, seed: 5 });
    const path = join(dir, "cfc-model");
    await saveModel(path, model);
    const loaded = (await loadModel(path)) as SequenceModel;
    expect(loaded.getConfig()).toEqual(model.getConfig());
    const [a] = model.forward(x);
    const [b] = loaded.forward(x);
    expect(Array.from(b.data)).toEqual(Array.from(a.data));
  });

  it("round-trips an LTC with explicit constraints", async () => {
    const model = new LTC(3, 5, { implicitParamConstraints: false, odeUnfolds: 3, seed: 2 });
    const path = join(dir, "ltc-model");
    await saveModel(path, model);
    const loaded = (await loadModel(path)) as SequenceModel;
    expect(Array.from(loaded.forward(x)[0].data)).toEqual(Array.from(model.forward(x)[0].data));
  });

  it("never overwrites an existing model folder unless asked", async () => {
    const path = join(dir, "kept");
    await saveModel(path, new CfC(3, 4, { seed: 1 }));
    await expect(saveModel(path, new CfC(3, 4, { seed: 2 }))).rejects.toThrow(/exists/);
    await saveModel(path, new CfC(3, 4, { seed: 2 }), { overwrite: true });
  });

  it("detects a corrupted weights file", async () => {
    const path = join(dir, "corrupt");
    await saveModel(path, new CfC(3, 4, { seed: 1 }));
    const file = join(path, "model.safetensors");
    const bytes = readFileSync(file);
    bytes[bytes.length - 1] ^= 0xff;
    writeFileSync(file, bytes);
    await expect(loadModel(path)).rejects.toThrow(/model\.safetensors/);
  });
});
