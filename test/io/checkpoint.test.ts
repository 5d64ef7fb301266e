import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile, rm, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  type CheckpointContents,
  loadCheckpoint,
  saveCheckpoint,
} from "../../src/io/checkpoint.js";
import { decodeSafetensors } from "../../src/io/safetensors.js";
import { Adam } from "../../src/optim/adam.js";
import { FLOAT64_VS_TORCH } from "../optim/tolerances.js";
import { TORCH_OPTIM_TRAJECTORIES } from "../optim/torchReference.js";
import { makeParams, setGrads } from "../optim/trajectory.js";
import { assertClose } from "../support/assertClose.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "ncps-checkpoint-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function contents(): CheckpointContents {
  return {
    config: {
      class: "CfC",
      inputSize: 20,
      units: 50,
      kwargs: { mode: "default", mixedMemory: false },
    },
    tensors: {
      "rnn_cell.ff1.weight": {
        dtype: "float32",
        shape: [2, 3],
        data: Float32Array.from([1, 2, 3, 4, 5, 6]),
      },
      "rnn_cell.ff1.bias": { dtype: "float32", shape: [2], data: Float32Array.from([-0.5, 0.25]) },
    },
    state: {
      step: 1234,
      optimizer: {
        state: {
          0: {
            step: 3,
            expAvg: Float64Array.from([0.1, -0.2]),
            expAvgSq: Float32Array.from([1e-3]),
          },
        },
        paramGroups: [{ lr: 0.01, betas: [0.9, 0.999], params: [0, 1], initialLr: undefined }],
      },
      rng: {
        bitGenerator: "PCG64",
        state: "0x1234",
        key: Uint32Array.from([4294967295, 0]),
        big: 2n ** 100n,
      },
      "odd/key~name": [Int32Array.from([-1]), null, true, "text"],
    },
  };
}

/** What `contents().state` loads back as: optional undefined fields are left out, as in JSON. */
function expectedState() {
  const state = contents().state as Record<string, Record<string, unknown>>;
  const optimizer = state.optimizer as { paramGroups: Record<string, unknown>[] };
  delete optimizer.paramGroups[0].initialLr;
  return state;
}

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

describe("saveCheckpoint / loadCheckpoint", () => {
  it("round-trips config, tensors and a state holding typed arrays and bigints", async () => {
    const path = join(dir, "ckpt-1");
    await saveCheckpoint(path, contents());
    const loaded = await loadCheckpoint(path);
    expect(loaded.config).toEqual(contents().config);
    expect(loaded.tensors).toEqual(contents().tensors);
    expect(loaded.state).toEqual(expectedState());
  });

  it("writes a manifest with the size and SHA-256 of every file", async () => {
    const path = join(dir, "ckpt");
    await saveCheckpoint(path, contents());
    expect((await readdir(path)).sort()).toEqual([
      "config.json",
      "manifest.json",
      "model.safetensors",
      "state.json",
      "state.safetensors",
    ]);
    const manifest = JSON.parse(await readFile(join(path, "manifest.json"), "utf8"));
    expect(manifest.format).toBe("ncps-checkpoint");
    expect(manifest.version).toBe(1);
    for (const name of ["config.json", "model.safetensors", "state.json", "state.safetensors"]) {
      const bytes = await readFile(join(path, name));
      expect(manifest.files[name]).toEqual({ bytes: bytes.length, sha256: sha256(bytes) });
    }
    // The model file is plain safetensors, readable by Python.
    const model = decodeSafetensors(await readFile(join(path, "model.safetensors")));
    expect(Object.keys(model.tensors).sort()).toEqual(["rnn_cell.ff1.bias", "rnn_cell.ff1.weight"]);
  });

  it("stores a null state when none is given", async () => {
    const path = join(dir, "ckpt");
    await saveCheckpoint(path, { config: null, tensors: {} });
    expect(await loadCheckpoint(path)).toEqual({ config: null, tensors: {}, state: null });
  });

  it("resumes an Adam optimiser through a checkpoint as torch continues", async () => {
    const expected = TORCH_OPTIM_TRAJECTORIES.adam_default_lr01;
    const params = makeParams();
    const adam = new Adam(params, { lr: 0.1 });
    for (let t = 0; t < 2; t++) {
      setGrads(params, t);
      adam.step();
    }
    const path = join(dir, "adam");
    await saveCheckpoint(path, {
      config: {},
      tensors: Object.fromEntries(
        params.map((p, k) => [`p${k}`, { dtype: "float64", shape: [p.data.length], data: p.data }]),
      ),
      state: { optimizer: adam.stateDict() },
    });
    const loaded = await loadCheckpoint(path);
    const resumed = [0, 1].map((k) => ({
      data: loaded.tensors[`p${k}`].data as Float64Array,
      grad: null,
    }));
    const resumedAdam = new Adam(resumed);
    resumedAdam.loadStateDict((loaded.state as { optimizer: unknown }).optimizer);
    for (let t = 2; t < expected.length; t++) {
      setGrads(resumed, t);
      resumedAdam.step();
      resumed.forEach((p, k) => {
        assertClose(p.data, expected[t][k], FLOAT64_VS_TORCH, `step ${t + 1} param ${k}`);
      });
    }
  });

  it("replaces an existing checkpoint only with overwrite", async () => {
    const path = join(dir, "ckpt");
    await saveCheckpoint(path, contents());
    await expect(saveCheckpoint(path, { config: 2, tensors: {} })).rejects.toThrow(
      /already exists/,
    );
    expect((await loadCheckpoint(path)).config).toEqual(contents().config);
    await saveCheckpoint(path, { config: 2, tensors: {} }, { overwrite: true });
    expect((await loadCheckpoint(path)).config).toBe(2);
  });
});

describe("saveCheckpoint rejects what it cannot store, writing nothing", () => {
  it.each<[string, Partial<CheckpointContents>, RegExp]>([
    [
      "NaN in the state",
      { state: { a: { b: [1, Number.NaN] } } },
      /state at "\/a\/b\/1": NaN cannot be stored in JSON/,
    ],
    [
      "a typed array in the config",
      { config: { w: new Float32Array(2) } },
      /config at "\/w": a Float32Array is not storable \(typed arrays belong in tensors or state\)/,
    ],
    ["a bigint in the config", { config: { n: 1n } }, /config at "\/n": a bigint is not JSON/],
    ["a Map", { state: { m: new Map() } }, /state at "\/m": a Map is not a plain object/],
    [
      "a reserved key",
      { state: { __tensor__: "x" } },
      /state at "\/": the key "__tensor__" is reserved/,
    ],
    ["a function", { state: { f: () => 1 } }, /state at "\/f": function .* is not storable/],
    [
      "a bad tensor",
      { tensors: { w: { dtype: "float32", shape: [3], data: new Float32Array(2) } } },
      /tensor "w": shape \[3\] holds 3 elements, but data has 2/,
    ],
  ])("%s", async (_what, change, message) => {
    const path = join(dir, "ckpt");
    await expect(saveCheckpoint(path, { ...contents(), ...change })).rejects.toThrow(message);
    expect(await readdir(dir)).toEqual([]);
  });
});

describe("loadCheckpoint detects damage", () => {
  let path: string;
  beforeEach(async () => {
    path = join(dir, "ckpt");
    await saveCheckpoint(path, contents());
  });
  const file = (name: string) => join(path, name);
  const where = () => `loadCheckpoint("${path}")`;

  async function editManifest(edit: (m: Record<string, unknown>) => void) {
    const manifest = JSON.parse(await readFile(file("manifest.json"), "utf8"));
    edit(manifest);
    await writeFile(file("manifest.json"), JSON.stringify(manifest));
  }

  it("a flipped byte: checksum mismatch naming the file", async () => {
    const bytes = await readFile(file("model.safetensors"));
    bytes[bytes.length - 1] ^= 1;
    await writeFile(file("model.safetensors"), bytes);
    await expect(loadCheckpoint(path)).rejects.toThrow(
      `${where()}: model.safetensors fails its checksum`,
    );
  });

  it("a truncated file: size mismatch", async () => {
    const bytes = await readFile(file("state.json"));
    await writeFile(file("state.json"), bytes.subarray(0, 10));
    await expect(loadCheckpoint(path)).rejects.toThrow(
      new RegExp(
        `state.json has 10 bytes, the manifest records ${bytes.length} \\(truncated or modified\\)`,
      ),
    );
  });

  it("a missing file", async () => {
    await unlink(file("config.json"));
    await expect(loadCheckpoint(path)).rejects.toThrow(`${where()}: config.json is missing`);
  });

  it("a missing manifest, or a folder that is no checkpoint", async () => {
    await unlink(file("manifest.json"));
    await expect(loadCheckpoint(path)).rejects.toThrow(`${where()}: manifest.json is missing`);
    await expect(loadCheckpoint(join(dir, "nothing"))).rejects.toThrow(/manifest.json is missing/);
  });

  it("a newer format version", async () => {
    await editManifest((m) => {
      m.version = 2;
    });
    await expect(loadCheckpoint(path)).rejects.toThrow(
      /checkpoint format version 2 is not supported \(this library reads version 1\)/,
    );
  });

  it("a foreign manifest", async () => {
    await editManifest((m) => {
      m.format = "other";
    });
    await expect(loadCheckpoint(path)).rejects.toThrow(
      /format is "other", expected "ncps-checkpoint"/,
    );
    await writeFile(file("manifest.json"), "{ not json");
    await expect(loadCheckpoint(path)).rejects.toThrow(/manifest.json is not valid JSON/);
  });

  it("a manifest that does not list a file", async () => {
    await editManifest((m) => {
      delete (m.files as Record<string, unknown>)["state.safetensors"];
    });
    await expect(loadCheckpoint(path)).rejects.toThrow(
      /manifest.json does not list state.safetensors/,
    );
  });

  it("a state referencing a tensor that is not there, even with a matching manifest", async () => {
    const state = new TextEncoder().encode('{"w":{"__tensor__":"/nope"}}');
    await writeFile(file("state.json"), state);
    await editManifest((m) => {
      (m.files as Record<string, unknown>)["state.json"] = {
        bytes: state.length,
        sha256: sha256(state),
      };
    });
    await expect(loadCheckpoint(path)).rejects.toThrow(
      /state.json: references tensor "\/nope", which state.safetensors lacks/,
    );
  });
});
