/**
 * The safetensors format (huggingface/safetensors), read and written byte-compatibly with the
 * Python library:
 *
 *   [u64 little-endian N][N bytes of JSON header, space-padded to a multiple of 8][data]
 *   header = {"__metadata__": {str: str}?, name: {"dtype", "shape", "data_offsets": [b, e]}...}
 *
 * Offsets are relative to the data section, which the tensors must tile exactly (no gap, no
 * overlap, nothing left over). Like the Python library, the encoder orders tensors by
 * decreasing dtype alignment, then by name, so every tensor stays aligned.
 *
 * `encodeSafetensors`/`decodeSafetensors` run anywhere (browser included);
 * `saveSafetensors`/`loadSafetensors` need Node and load `node:fs` only when called.
 */

/** Element types this library stores (F16 and BF16 are read as float32). */
export type DType =
  | "float64"
  | "float32"
  | "int64"
  | "uint64"
  | "int32"
  | "uint32"
  | "int16"
  | "uint16"
  | "int8"
  | "uint8"
  | "bool";

/** The typed array holding each dtype's elements (bool: a Uint8Array of 0/1). */
export type SafetensorsData =
  | Float64Array
  | Float32Array
  | BigInt64Array
  | BigUint64Array
  | Int32Array
  | Uint32Array
  | Int16Array
  | Uint16Array
  | Int8Array
  | Uint8Array;

/** A named tensor's content: dtype, row-major shape and elements. */
export interface NamedArray {
  /** Element type in the file. */
  dtype: DType;
  /** Row-major dimensions. */
  shape: readonly number[];
  /** The elements, in a typed array matching `dtype`. */
  data: SafetensorsData;
}

/** A decoded file: its tensors (in file order) and its `__metadata__` (empty if none). */
export interface DecodedSafetensors {
  /** The tensors by name, in file order. */
  tensors: Record<string, NamedArray>;
  /** The `__metadata__` strings. */
  metadata: Record<string, string>;
}

interface DTypeInfo {
  /** The dtype's name in the file. */
  code: string;
  bytes: number;
  /** Position in the Python library's `Dtype` enum (its alignment order). */
  rank: number;
  create: (length: number) => SafetensorsData;
  holds: (data: SafetensorsData) => boolean;
}

const DTYPES: Readonly<Record<DType, DTypeInfo>> = {
  bool: {
    code: "BOOL",
    bytes: 1,
    rank: 0,
    create: (n) => new Uint8Array(n),
    holds: (d) => d instanceof Uint8Array,
  },
  uint8: {
    code: "U8",
    bytes: 1,
    rank: 1,
    create: (n) => new Uint8Array(n),
    holds: (d) => d instanceof Uint8Array,
  },
  int8: {
    code: "I8",
    bytes: 1,
    rank: 2,
    create: (n) => new Int8Array(n),
    holds: (d) => d instanceof Int8Array,
  },
  int16: {
    code: "I16",
    bytes: 2,
    rank: 5,
    create: (n) => new Int16Array(n),
    holds: (d) => d instanceof Int16Array,
  },
  uint16: {
    code: "U16",
    bytes: 2,
    rank: 6,
    create: (n) => new Uint16Array(n),
    holds: (d) => d instanceof Uint16Array,
  },
  int32: {
    code: "I32",
    bytes: 4,
    rank: 9,
    create: (n) => new Int32Array(n),
    holds: (d) => d instanceof Int32Array,
  },
  uint32: {
    code: "U32",
    bytes: 4,
    rank: 10,
    create: (n) => new Uint32Array(n),
    holds: (d) => d instanceof Uint32Array,
  },
  float32: {
    code: "F32",
    bytes: 4,
    rank: 11,
    create: (n) => new Float32Array(n),
    holds: (d) => d instanceof Float32Array,
  },
  float64: {
    code: "F64",
    bytes: 8,
    rank: 12,
    create: (n) => new Float64Array(n),
    holds: (d) => d instanceof Float64Array,
  },
  int64: {
    code: "I64",
    bytes: 8,
    rank: 13,
    create: (n) => new BigInt64Array(n),
    holds: (d) => d instanceof BigInt64Array,
  },
  uint64: {
    code: "U64",
    bytes: 8,
    rank: 14,
    create: (n) => new BigUint64Array(n),
    holds: (d) => d instanceof BigUint64Array,
  },
};

/** File dtype codes read as one of ours; F16 and BF16 widen to float32. */
const READABLE: Readonly<Record<string, { dtype: DType; bytes: number }>> = {
  ...Object.fromEntries(
    Object.entries(DTYPES).map(([dtype, info]) => [
      info.code,
      { dtype: dtype as DType, bytes: info.bytes },
    ]),
  ),
  F16: { dtype: "float32", bytes: 2 },
  BF16: { dtype: "float32", bytes: 2 },
};

/** Codes the format defines that this library does not read. */
const UNSUPPORTED = new Set(["F8_E5M2", "F8_E4M3", "F8_E8M0", "F6_E2M3", "F6_E3M2", "F4"]);

/** The Python library rejects larger headers as hostile. */
const MAX_HEADER_BYTES = 100_000_000;

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function requireLittleEndian(): void {
  // Tensor bytes are copied straight into typed arrays, which use the host's byte order.
  if (!LITTLE_ENDIAN) throw new Error("safetensors: big-endian hosts are not supported");
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return JSON.stringify(value);
  if (typeof value === "object") return `a ${value.constructor?.name ?? "object"}`;
  return String(value);
}

function isNonNegativeInteger(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}

function elementCount(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

const UTF8 = new TextEncoder();

/** Byte-wise UTF-8 order, as Rust sorts `String`s. */
function compareUtf8(a: string, b: string): number {
  const x = UTF8.encode(a);
  const y = UTF8.encode(b);
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}

function checkNamedArray(name: string, tensor: unknown): DTypeInfo {
  const where = `encodeSafetensors: tensor ${JSON.stringify(name)}`;
  if (typeof tensor !== "object" || tensor === null) {
    throw new TypeError(`${where}: expected { dtype, shape, data }, got ${describe(tensor)}`);
  }
  const { dtype, shape, data } = tensor as Partial<Record<keyof NamedArray, unknown>>;
  if (typeof dtype !== "string" || !(dtype in DTYPES)) {
    throw new TypeError(
      `${where}: dtype must be one of ${Object.keys(DTYPES).join(", ")}, got ${describe(dtype)}`,
    );
  }
  const info = DTYPES[dtype as DType];
  if (!Array.isArray(shape) || !shape.every(isNonNegativeInteger)) {
    throw new TypeError(
      `${where}: shape must be an array of non-negative integers, got ${describe(shape)}`,
    );
  }
  if (!ArrayBuffer.isView(data) || !info.holds(data as SafetensorsData)) {
    throw new TypeError(
      `${where}: dtype ${dtype} needs data in a ${info.create(0).constructor.name}, got ${describe(data)}`,
    );
  }
  const array = data as SafetensorsData;
  const count = elementCount(shape);
  if (array.length !== count) {
    throw new RangeError(
      `${where}: shape [${shape.join(", ")}] holds ${count} elements, but data has ${array.length}`,
    );
  }
  if (dtype === "bool" && (array as Uint8Array).some((v) => v > 1)) {
    throw new RangeError(`${where}: bool data must hold only 0 and 1`);
  }
  return info;
}

function checkMetadata(metadata: unknown, where: string): Record<string, string> {
  if (typeof metadata !== "object" || metadata === null || Array.isArray(metadata)) {
    throw new TypeError(
      `${where}: metadata must be an object of strings, got ${describe(metadata)}`,
    );
  }
  for (const [key, value] of Object.entries(metadata)) {
    if (typeof value !== "string") {
      throw new TypeError(
        `${where}: metadata ${JSON.stringify(key)} must be a string, got ${describe(value)}`,
      );
    }
  }
  return metadata as Record<string, string>;
}

/**
 * Serialises named tensors (and optional string metadata) to safetensors bytes, identical to
 * what the Python library writes for the same input.
 */
export function encodeSafetensors(
  tensors: Readonly<Record<string, NamedArray>>,
  metadata?: Readonly<Record<string, string>>,
): Uint8Array {
  requireLittleEndian();
  if (typeof tensors !== "object" || tensors === null) {
    throw new TypeError(
      `encodeSafetensors: tensors must be an object of name → { dtype, shape, data }, got ${describe(tensors)}`,
    );
  }
  const entries = Object.entries(tensors).map(([name, tensor]) => {
    if (name === "__metadata__") {
      throw new TypeError('encodeSafetensors: "__metadata__" is reserved and cannot name a tensor');
    }
    return { name, tensor, info: checkNamedArray(name, tensor) };
  });
  entries.sort((a, b) => b.info.rank - a.info.rank || compareUtf8(a.name, b.name));

  const parts: string[] = [];
  if (metadata !== undefined) {
    const checked = checkMetadata(metadata, "encodeSafetensors");
    const keys = Object.keys(checked).sort((a, b) => compareUtf8(a, b));
    const fields = keys.map((k) => `${JSON.stringify(k)}:${JSON.stringify(checked[k])}`);
    parts.push(`"__metadata__":{${fields.join(",")}}`);
  }
  let offset = 0;
  for (const { name, tensor, info } of entries) {
    const end = offset + tensor.data.byteLength;
    parts.push(
      `${JSON.stringify(name)}:{"dtype":"${info.code}","shape":[${tensor.shape.join(",")}],"data_offsets":[${offset},${end}]}`,
    );
    offset = end;
  }
  const json = UTF8.encode(`{${parts.join(",")}}`);
  const headerLength = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + headerLength + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerLength), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + headerLength);
  let position = 8 + headerLength;
  for (const { tensor } of entries) {
    const { buffer, byteOffset, byteLength } = tensor.data;
    out.set(new Uint8Array(buffer, byteOffset, byteLength), position);
    position += byteLength;
  }
  return out;
}

interface HeaderEntry {
  name: string;
  code: string;
  dtype: DType;
  shape: number[];
  begin: number;
  end: number;
}

function parseEntry(name: string, raw: unknown, where: string): HeaderEntry {
  const at = `${where}: tensor ${JSON.stringify(name)}`;
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new Error(`${at}: expected { dtype, shape, data_offsets }, got ${describe(raw)}`);
  }
  const { dtype: code, shape, data_offsets: offsets } = raw as Record<string, unknown>;
  if (typeof code !== "string")
    throw new Error(`${at}: dtype must be a string, got ${describe(code)}`);
  const readable = READABLE[code];
  if (readable === undefined) {
    throw new Error(
      UNSUPPORTED.has(code)
        ? `${at}: dtype ${code} is not supported by this library`
        : `${at}: unknown dtype ${JSON.stringify(code)}`,
    );
  }
  if (!Array.isArray(shape) || !shape.every(isNonNegativeInteger)) {
    throw new Error(
      `${at}: shape must be an array of non-negative integers, got ${describe(shape)}`,
    );
  }
  if (
    !Array.isArray(offsets) ||
    offsets.length !== 2 ||
    !offsets.every(isNonNegativeInteger) ||
    offsets[0] > offsets[1]
  ) {
    throw new Error(
      `${at}: data_offsets must be [begin, end] with 0 <= begin <= end, got ${describe(offsets)}`,
    );
  }
  const [begin, end] = offsets as [number, number];
  const needed = elementCount(shape) * readable.bytes;
  if (end - begin !== needed) {
    throw new Error(
      `${at}: data_offsets [${begin}, ${end}] hold ${end - begin} bytes, but shape [${shape.join(", ")}] of ${code} needs ${needed}`,
    );
  }
  return { name, code, dtype: readable.dtype, shape, begin, end };
}

/** Checks that the tensors tile the data section exactly. */
function checkLayout(entries: HeaderEntry[], dataLength: number, where: string): void {
  for (const e of entries) {
    if (e.end > dataLength) {
      throw new Error(
        `${where}: tensor ${JSON.stringify(e.name)}: data_offsets [${e.begin}, ${e.end}] run past the end of the data section (${dataLength} bytes); the file may be truncated`,
      );
    }
  }
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let covered = 0;
  let previous: HeaderEntry | undefined;
  for (const e of sorted) {
    if (e.begin < covered && previous !== undefined) {
      throw new Error(
        `${where}: tensors ${JSON.stringify(previous.name)} [${previous.begin}, ${previous.end}] and ${JSON.stringify(e.name)} [${e.begin}, ${e.end}] overlap`,
      );
    }
    if (e.begin > covered) {
      throw new Error(`${where}: data bytes [${covered}, ${e.begin}) belong to no tensor`);
    }
    covered = e.end;
    previous = e;
  }
  if (covered !== dataLength) {
    throw new Error(
      `${where}: the data section has ${dataLength} bytes but the tensors cover only ${covered}`,
    );
  }
}

/** IEEE half precision bits to a number. */
function halfToNumber(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction === 0 ? sign * Number.POSITIVE_INFINITY : Number.NaN;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

function readTensor(bytes: Uint8Array, entry: HeaderEntry): SafetensorsData {
  const source = bytes.subarray(entry.begin, entry.end);
  const count = elementCount(entry.shape);
  if (entry.code === "F16" || entry.code === "BF16") {
    const halves = new Uint16Array(count);
    new Uint8Array(halves.buffer).set(source);
    const out = new Float32Array(count);
    if (entry.code === "F16") {
      for (let i = 0; i < count; i++) out[i] = halfToNumber(halves[i]);
    } else {
      // bfloat16 is the top half of a float32.
      const bits = new Uint32Array(out.buffer);
      for (let i = 0; i < count; i++) bits[i] = halves[i] << 16;
    }
    return out;
  }
  // A fresh, aligned array: the file buffer may be unaligned and must not stay referenced.
  const out = DTYPES[entry.dtype].create(count);
  new Uint8Array(out.buffer).set(source);
  return out;
}

/**
 * Parses safetensors bytes, validating the header and layout; every tensor is copied into its
 * own typed array. `source` names the input in error messages (loadSafetensors passes the path).
 */
export function decodeSafetensors(
  bytes: Uint8Array,
  source = "safetensors data",
): DecodedSafetensors {
  requireLittleEndian();
  if (!(bytes instanceof Uint8Array)) {
    throw new TypeError(`decodeSafetensors: bytes must be a Uint8Array, got ${describe(bytes)}`);
  }
  const where = source;
  if (bytes.length < 8) {
    throw new Error(
      `${where}: ${bytes.length} bytes is too short for the 8-byte header length; the file may be truncated`,
    );
  }
  const declared = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
  if (declared > BigInt(MAX_HEADER_BYTES)) {
    throw new Error(
      `${where}: header length ${declared} exceeds the ${MAX_HEADER_BYTES}-byte limit; this is not a safetensors file`,
    );
  }
  const headerLength = Number(declared);
  if (8 + headerLength > bytes.length) {
    throw new Error(
      `${where}: header length ${headerLength} runs past the end of the file (${bytes.length} bytes); the file may be truncated`,
    );
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(8, 8 + headerLength));
  } catch {
    throw new Error(`${where}: the header is not valid UTF-8`);
  }
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (error) {
    throw new Error(`${where}: the header is not valid JSON (${(error as Error).message})`);
  }
  if (typeof header !== "object" || header === null || Array.isArray(header)) {
    throw new Error(`${where}: the header must be a JSON object, got ${describe(header)}`);
  }
  let metadata: Record<string, string> = {};
  const entries: HeaderEntry[] = [];
  for (const [name, raw] of Object.entries(header)) {
    if (name === "__metadata__") metadata = { ...checkMetadata(raw, where) };
    else entries.push(parseEntry(name, raw, where));
  }
  const data = bytes.subarray(8 + headerLength);
  checkLayout(entries, data.length, where);
  entries.sort((a, b) => a.begin - b.begin || a.end - b.end);
  const tensors = Object.fromEntries(
    entries.map((e) => [e.name, { dtype: e.dtype, shape: e.shape, data: readTensor(data, e) }]),
  );
  return { tensors, metadata };
}

/** Writes tensors to a safetensors file atomically (Node only). */
export async function saveSafetensors(
  path: string,
  tensors: Readonly<Record<string, NamedArray>>,
  metadata?: Readonly<Record<string, string>>,
): Promise<void> {
  const bytes = encodeSafetensors(tensors, metadata);
  // Loaded on demand so that the codec above stays usable in browsers.
  const { writeFileAtomic } = await import("./atomic.js");
  await writeFileAtomic(path, bytes);
}

/** Reads and validates a safetensors file (Node only); errors name the path. */
export async function loadSafetensors(path: string): Promise<DecodedSafetensors> {
  if (typeof path !== "string" || path.length === 0) {
    throw new TypeError(`loadSafetensors: path must be a non-empty string, got ${describe(path)}`);
  }
  const { readFile } = await import("node:fs/promises");
  return decodeSafetensors(await readFile(path), path);
}
