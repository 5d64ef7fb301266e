/**
 * Verified checkpoints (Node only). A checkpoint is a directory written atomically:
 *
 *   manifest.json        {"format": "ncps-checkpoint", "version": 1,
 *                         "files": {name: {"bytes": n, "sha256": hex}, ...}}
 *   config.json          the model config (plain JSON)
 *   model.safetensors    the model's tensors (loadable by Python's safetensors)
 *   state.json           extra state: optimiser state, generator states, counters...
 *   state.safetensors    the typed arrays found inside that state
 *
 * The state may hold JSON values, typed arrays (stored in `state.safetensors` and referenced
 * from `state.json` as `{"__tensor__": "<JSON pointer>"}`) and bigints (as
 * `{"__bigint__": "<decimal>"}`), so an optimiser's `stateDict()` goes in unchanged.
 * `loadCheckpoint` checks the manifest, every file's size and SHA-256, and parses everything
 * before returning: a checkpoint either loads completely or throws.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { type WriteDirOptions, writeDirAtomic } from "./atomic.js";
import {
  decodeSafetensors,
  encodeSafetensors,
  type NamedArray,
  type SafetensorsData,
} from "./safetensors.js";

/** `format` field of every manifest. */
export const CHECKPOINT_FORMAT = "ncps-checkpoint";
/** The manifest version this library writes and reads. */
export const CHECKPOINT_VERSION = 1;

/** The files of a version-1 checkpoint, besides the manifest. */
export const CHECKPOINT_FILES = {
  /** File names and sizes with their SHA-256, written last. */
  manifest: "manifest.json",
  /** The model config (plain JSON). */
  config: "config.json",
  /** The model tensors. */
  model: "model.safetensors",
  /** Extra state (optimiser, counters) as JSON, typed arrays replaced by references. */
  state: "state.json",
  /** The typed arrays referenced by `state.json`. */
  stateTensors: "state.safetensors",
} as const;

/** A JSON value. */
export type JsonValue =
  | null
  | boolean
  | number
  | string
  | JsonValue[]
  | { [key: string]: JsonValue };

/** A value of the extra state: JSON, plus typed arrays and bigints. */
export type StateValue =
  | null
  | boolean
  | number
  | string
  | bigint
  | SafetensorsData
  | StateValue[]
  | { [key: string]: StateValue };

/** What to save. `config` must be plain JSON; `state` may also hold typed arrays and bigints. */
export interface CheckpointContents {
  /** Plain JSON, saved as `config.json`. */
  config: unknown;
  /** Named tensors, saved as `model.safetensors`. */
  tensors: Readonly<Record<string, NamedArray>>;
  /** Extra state (JSON, typed arrays, bigints), e.g. an optimiser's state dict. */
  state?: unknown;
}

/** A loaded checkpoint (state is null when none was saved). */
export interface Checkpoint {
  /** The saved config. */
  config: JsonValue;
  /** The saved tensors. */
  tensors: Record<string, NamedArray>;
  /** The saved extra state, or null. */
  state: StateValue;
}

const TENSOR_REF = "__tensor__";
const BIGINT_REF = "__bigint__";

/** Typed arrays the state may hold, with their safetensors dtype. */
const STATE_ARRAYS: ReadonlyArray<[new (n: number) => SafetensorsData, NamedArray["dtype"]]> = [
  [Float64Array, "float64"],
  [Float32Array, "float32"],
  [BigInt64Array, "int64"],
  [BigUint64Array, "uint64"],
  [Int32Array, "int32"],
  [Uint32Array, "uint32"],
  [Int16Array, "int16"],
  [Uint16Array, "uint16"],
  [Int8Array, "int8"],
  [Uint8Array, "uint8"],
];

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** RFC 6901 JSON pointer step. */
function pointer(base: string, key: string | number): string {
  return `${base}/${String(key).replaceAll("~", "~0").replaceAll("/", "~1")}`;
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value === "object") return `a ${value.constructor?.name ?? "object"}`;
  return `${typeof value} ${String(value)}`;
}

/**
 * Converts a state value to JSON, moving typed arrays into `arrays` (keyed by their JSON
 * pointer). With `arrays` undefined (config), only plain JSON is accepted.
 */
function toJson(
  value: unknown,
  at: string,
  what: string,
  arrays?: Record<string, NamedArray>,
): JsonValue {
  const where = `saveCheckpoint: ${what} at "${at || "/"}"`;
  if (value === null || typeof value === "boolean" || typeof value === "string") return value;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new TypeError(`${where}: ${value} cannot be stored in JSON`);
    return value;
  }
  if (typeof value === "bigint") {
    if (arrays === undefined) throw new TypeError(`${where}: a bigint is not JSON`);
    return { [BIGINT_REF]: value.toString() };
  }
  if (typeof value !== "object")
    throw new TypeError(`${where}: ${describe(value)} is not storable`);
  if (ArrayBuffer.isView(value)) {
    const kind = STATE_ARRAYS.find(([ctor]) => value instanceof ctor);
    if (arrays === undefined || kind === undefined) {
      throw new TypeError(
        `${where}: ${describe(value)} is not storable${arrays === undefined ? " (typed arrays belong in tensors or state)" : ""}`,
      );
    }
    const data = value as SafetensorsData;
    arrays[at] = { dtype: kind[1], shape: [data.length], data };
    return { [TENSOR_REF]: at };
  }
  if (Array.isArray(value)) {
    return value.map((item, i) => {
      if (item === undefined) throw new TypeError(`${where}: element ${i} is undefined`);
      return toJson(item, pointer(at, i), what, arrays);
    });
  }
  if (!isPlainObject(value)) {
    throw new TypeError(`${where}: ${describe(value)} is not a plain object`);
  }
  const out: { [key: string]: JsonValue } = {};
  for (const [key, item] of Object.entries(value)) {
    if (key === TENSOR_REF || key === BIGINT_REF) {
      throw new TypeError(`${where}: the key "${key}" is reserved`);
    }
    // As JSON.stringify: undefined fields are left out (optional fields).
    if (item !== undefined) out[key] = toJson(item, pointer(at, key), what, arrays);
  }
  return out;
}

/** Restores typed arrays and bigints from their JSON references. */
function fromJson(value: JsonValue, arrays: Record<string, NamedArray>, where: string): StateValue {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((item) => fromJson(item, arrays, where));
  const keys = Object.keys(value);
  if (keys.length === 1 && keys[0] === TENSOR_REF) {
    const name = value[TENSOR_REF];
    const array = typeof name === "string" ? arrays[name] : undefined;
    if (array === undefined) {
      throw new Error(
        `${where}: references tensor ${JSON.stringify(name)}, which state.safetensors lacks`,
      );
    }
    return array.data;
  }
  if (keys.length === 1 && keys[0] === BIGINT_REF) {
    const digits = value[BIGINT_REF];
    if (typeof digits !== "string" || !/^-?\d+$/.test(digits)) {
      throw new Error(`${where}: malformed bigint ${JSON.stringify(digits)}`);
    }
    return BigInt(digits);
  }
  const out: { [key: string]: StateValue } = {};
  for (const key of keys) out[key] = fromJson(value[key], arrays, where);
  return out;
}

function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/**
 * Writes a checkpoint directory at `path` atomically (see the module comment for the
 * layout). Everything is encoded and validated before anything is written; an existing
 * `path` is replaced only with `{ overwrite: true }`.
 */
export async function saveCheckpoint(
  path: string,
  contents: CheckpointContents,
  options: WriteDirOptions = {},
): Promise<void> {
  if (typeof contents !== "object" || contents === null) {
    throw new TypeError(
      `saveCheckpoint: contents must be { config, tensors, state? }, got ${describe(contents)}`,
    );
  }
  const encoder = new TextEncoder();
  const config = toJson(contents.config, "", "config");
  const stateArrays: Record<string, NamedArray> = {};
  const state = toJson(contents.state ?? null, "", "state", stateArrays);
  const files: Record<string, Uint8Array> = {
    [CHECKPOINT_FILES.config]: encoder.encode(`${JSON.stringify(config, null, 2)}\n`),
    [CHECKPOINT_FILES.model]: encodeSafetensors(contents.tensors),
    [CHECKPOINT_FILES.state]: encoder.encode(`${JSON.stringify(state)}\n`),
    [CHECKPOINT_FILES.stateTensors]: encodeSafetensors(stateArrays),
  };
  const manifest = {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    files: Object.fromEntries(
      Object.entries(files).map(([name, bytes]) => [
        name,
        { bytes: bytes.length, sha256: sha256(bytes) },
      ]),
    ),
  };
  files[CHECKPOINT_FILES.manifest] = encoder.encode(`${JSON.stringify(manifest, null, 2)}\n`);
  await writeDirAtomic(path, files, options);
}

async function readRequired(path: string, name: string, where: string): Promise<Uint8Array> {
  try {
    return await readFile(join(path, name));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === "ENOENT" ? "is missing" : `cannot be read (${(error as Error).message})`;
    throw new Error(`${where}: ${name} ${reason}`, { cause: error });
  }
}

function parseJson(bytes: Uint8Array, name: string, where: string): JsonValue {
  try {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch (error) {
    throw new Error(`${where}: ${name} is not valid JSON (${(error as Error).message})`);
  }
}

/** Reads and checks the manifest; returns the expected size and hash of each file. */
function parseManifest(
  bytes: Uint8Array,
  where: string,
): Map<string, { bytes: number; sha256: string }> {
  const manifest = parseJson(bytes, CHECKPOINT_FILES.manifest, where);
  if (typeof manifest !== "object" || manifest === null || Array.isArray(manifest)) {
    throw new Error(`${where}: manifest.json must be an object`);
  }
  if (manifest.format !== CHECKPOINT_FORMAT) {
    throw new Error(
      `${where}: manifest.json format is ${JSON.stringify(manifest.format)}, expected "${CHECKPOINT_FORMAT}"`,
    );
  }
  if (manifest.version !== CHECKPOINT_VERSION) {
    throw new Error(
      `${where}: checkpoint format version ${JSON.stringify(manifest.version)} is not supported (this library reads version ${CHECKPOINT_VERSION})`,
    );
  }
  const files = manifest.files;
  if (typeof files !== "object" || files === null || Array.isArray(files)) {
    throw new Error(`${where}: manifest.json has no files table`);
  }
  const expected = new Map<string, { bytes: number; sha256: string }>();
  for (const name of Object.values(CHECKPOINT_FILES)) {
    if (name === CHECKPOINT_FILES.manifest) continue;
    const entry = files[name];
    if (entry === undefined) throw new Error(`${where}: manifest.json does not list ${name}`);
    if (
      typeof entry !== "object" ||
      entry === null ||
      Array.isArray(entry) ||
      typeof entry.bytes !== "number" ||
      typeof entry.sha256 !== "string" ||
      !/^[0-9a-f]{64}$/.test(entry.sha256)
    ) {
      throw new Error(`${where}: manifest.json entry for ${name} must be { bytes, sha256 }`);
    }
    expected.set(name, { bytes: entry.bytes, sha256: entry.sha256 });
  }
  return expected;
}

/**
 * Loads a checkpoint saved by {@link saveCheckpoint}, verifying the manifest (format and
 * version), the presence, size and SHA-256 of every file, and their contents. Throws an Error
 * naming the checkpoint and the faulty file; nothing is returned unless all of it is sound.
 */
export async function loadCheckpoint(path: string): Promise<Checkpoint> {
  if (typeof path !== "string" || path.length === 0) {
    throw new TypeError(`loadCheckpoint: path must be a non-empty string, got ${describe(path)}`);
  }
  const where = `loadCheckpoint("${path}")`;
  const expected = parseManifest(await readRequired(path, CHECKPOINT_FILES.manifest, where), where);
  const read = async (name: string): Promise<Uint8Array> => {
    const bytes = await readRequired(path, name, where);
    const want = expected.get(name);
    if (want === undefined) throw new Error(`${where}: manifest.json does not list ${name}`);
    if (bytes.length !== want.bytes) {
      throw new Error(
        `${where}: ${name} has ${bytes.length} bytes, the manifest records ${want.bytes} (truncated or modified)`,
      );
    }
    const actual = sha256(bytes);
    if (actual !== want.sha256) {
      throw new Error(
        `${where}: ${name} fails its checksum: SHA-256 ${actual}, the manifest records ${want.sha256} (corrupted or modified)`,
      );
    }
    return bytes;
  };
  // Verify every file before parsing any, so a damaged checkpoint fails on the checksum.
  const configBytes = await read(CHECKPOINT_FILES.config);
  const modelBytes = await read(CHECKPOINT_FILES.model);
  const stateBytes = await read(CHECKPOINT_FILES.state);
  const stateTensorBytes = await read(CHECKPOINT_FILES.stateTensors);
  const config = parseJson(configBytes, CHECKPOINT_FILES.config, where);
  const model = decodeSafetensors(modelBytes, `${where}: ${CHECKPOINT_FILES.model}`);
  const stateArrays = decodeSafetensors(
    stateTensorBytes,
    `${where}: ${CHECKPOINT_FILES.stateTensors}`,
  );
  const state = fromJson(
    parseJson(stateBytes, CHECKPOINT_FILES.state, where),
    stateArrays.tensors,
    `${where}: ${CHECKPOINT_FILES.state}`,
  );
  return { config, tensors: model.tensors, state };
}
