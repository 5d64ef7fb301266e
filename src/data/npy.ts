/**
 * NumPy `.npy` files (format versions 1.0, 2.0 and 3.0): numeric and boolean arrays of any
 * shape, either byte order, C or Fortran order (returned in C order). Works on bytes, so it
 * runs in the browser too; reading a file is the caller's `readFileSync`.
 */

/** Element types a `.npy` array may hold here. */
export type NpyDType =
  | "float32"
  | "float64"
  | "int8"
  | "int16"
  | "int32"
  | "int64"
  | "uint8"
  | "uint16"
  | "uint32"
  | "uint64"
  | "bool";

/** The typed array holding an {@link NpyArray}'s elements (bool as 0/1 bytes). */
export type NpyData =
  | Float32Array
  | Float64Array
  | Int8Array
  | Int16Array
  | Int32Array
  | BigInt64Array
  | Uint8Array
  | Uint16Array
  | Uint32Array
  | BigUint64Array;

/** A decoded array: elements in C (row-major) order. */
export interface NpyArray {
  readonly dtype: NpyDType;
  readonly shape: readonly number[];
  readonly data: NpyData;
}

interface DTypeInfo {
  readonly dtype: NpyDType;
  readonly kind: string;
  readonly size: number;
  readonly make: (n: number) => NpyData;
}

const DTYPES: readonly DTypeInfo[] = [
  { dtype: "float32", kind: "f", size: 4, make: (n) => new Float32Array(n) },
  { dtype: "float64", kind: "f", size: 8, make: (n) => new Float64Array(n) },
  { dtype: "int8", kind: "i", size: 1, make: (n) => new Int8Array(n) },
  { dtype: "int16", kind: "i", size: 2, make: (n) => new Int16Array(n) },
  { dtype: "int32", kind: "i", size: 4, make: (n) => new Int32Array(n) },
  { dtype: "int64", kind: "i", size: 8, make: (n) => new BigInt64Array(n) },
  { dtype: "uint8", kind: "u", size: 1, make: (n) => new Uint8Array(n) },
  { dtype: "uint16", kind: "u", size: 2, make: (n) => new Uint16Array(n) },
  { dtype: "uint32", kind: "u", size: 4, make: (n) => new Uint32Array(n) },
  { dtype: "uint64", kind: "u", size: 8, make: (n) => new BigUint64Array(n) },
  { dtype: "bool", kind: "b", size: 1, make: (n) => new Uint8Array(n) },
];

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // "\x93NUMPY"
/** numpy pads the preamble + header to a multiple of this (numpy >= 1.14 uses 64). */
const HEADER_ALIGN = 64;
/** numpy's `GROWTH_AXIS_MAX_DIGITS`: header room for the first dimension to grow in place. */
const GROWTH_AXIS_DIGITS = 21;

/** Decodes the bytes of a `.npy` file; `source` names it in error messages. */
export function parseNpy(bytes: Uint8Array, source = "npy data"): NpyArray {
  if (!(bytes instanceof Uint8Array)) {
    throw new TypeError(`parseNpy: bytes must be a Uint8Array, got ${typeof bytes}`);
  }
  const fail = (what: string): never => {
    throw new Error(`parseNpy: ${source}: ${what}`);
  };
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) {
    fail(`not a .npy file (expected the magic string "\\x93NUMPY" at the start)`);
  }
  const major = bytes[6];
  const minor = bytes[7];
  if (![1, 2, 3].includes(major) || minor !== 0) {
    fail(`unsupported format version ${major}.${minor} (expected 1.0, 2.0 or 3.0)`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lengthBytes = major === 1 ? 2 : 4;
  if (bytes.length < 8 + lengthBytes) fail("truncated before the header length");
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const dataStart = 8 + lengthBytes + headerLength;
  if (dataStart > bytes.length) {
    fail(
      `truncated header: it needs ${headerLength} bytes, the file has ${bytes.length - 8 - lengthBytes}`,
    );
  }
  const headerBytes = bytes.subarray(8 + lengthBytes, dataStart);
  const header = major === 3 ? new TextDecoder("utf-8").decode(headerBytes) : latin1(headerBytes);
  const fields = parseHeader(header, fail);
  const info = dtypeFromDescr(fields.descr, fail);
  const shape = fields.shape;
  const count = shape.reduce((a, b) => a * b, 1);
  const expected = count * info.size;
  const available = bytes.length - dataStart;
  if (available < expected) {
    fail(
      `truncated data: shape [${shape.join(", ")}] of ${info.dtype} needs ${expected} bytes, the file has ${available}`,
    );
  }
  if (available > expected) {
    fail(`${available - expected} unexpected bytes after the data of shape [${shape.join(", ")}]`);
  }
  const little = fields.descr[0] !== ">";
  const data = info.make(count);
  readElements(view, dataStart, info, little, data);
  if (info.dtype === "bool" && data instanceof Uint8Array) {
    const bad = data.findIndex((v) => v > 1);
    if (bad >= 0) fail(`bool element ${bad} holds byte ${data[bad]} (expected 0 or 1)`);
  }
  return {
    dtype: info.dtype,
    shape,
    data: fields.fortranOrder && shape.length > 1 ? fortranToC(data, shape) : data,
  };
}

function latin1(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return s;
}

function readElements(
  view: DataView,
  start: number,
  info: DTypeInfo,
  little: boolean,
  out: NpyData,
): void {
  const n = out.length;
  const size = info.size;
  const read = elementReader(view, info);
  if (out instanceof BigInt64Array || out instanceof BigUint64Array) {
    const get = info.dtype === "int64" ? view.getBigInt64 : view.getBigUint64;
    for (let i = 0; i < n; i++) out[i] = get.call(view, start + i * size, little);
    return;
  }
  for (let i = 0; i < n; i++) out[i] = read(start + i * size, little);
}

function elementReader(view: DataView, info: DTypeInfo): (at: number, little: boolean) => number {
  switch (info.dtype) {
    case "float32":
      return (at, le) => view.getFloat32(at, le);
    case "float64":
      return (at, le) => view.getFloat64(at, le);
    case "int8":
      return (at) => view.getInt8(at);
    case "int16":
      return (at, le) => view.getInt16(at, le);
    case "int32":
      return (at, le) => view.getInt32(at, le);
    case "uint16":
      return (at, le) => view.getUint16(at, le);
    case "uint32":
      return (at, le) => view.getUint32(at, le);
    default:
      return (at) => view.getUint8(at);
  }
}

/** Reorders column-major elements into row-major order. */
function fortranToC(data: NpyData, shape: readonly number[]): NpyData {
  const source = fortranIndexOfC(shape);
  if (data instanceof BigInt64Array || data instanceof BigUint64Array) {
    const out = data.slice();
    for (let c = 0; c < source.length; c++) out[c] = data[source[c]];
    return out;
  }
  const out = data.slice();
  for (let c = 0; c < source.length; c++) out[c] = data[source[c]];
  return out;
}

/** For each row-major position, the column-major position holding the same element. */
function fortranIndexOfC(shape: readonly number[]): Int32Array {
  const nd = shape.length;
  const fStrides = new Array<number>(nd);
  let s = 1;
  for (let d = 0; d < nd; d++) {
    fStrides[d] = s;
    s *= shape[d];
  }
  const out = new Int32Array(s);
  const index = new Array<number>(nd).fill(0);
  for (let c = 0; c < s; c++) {
    let f = 0;
    for (let d = 0; d < nd; d++) f += index[d] * fStrides[d];
    out[c] = f;
    for (let d = nd - 1; d >= 0; d--) {
      if (++index[d] < shape[d]) break;
      index[d] = 0;
    }
  }
  return out;
}

function dtypeFromDescr(descr: string, fail: (what: string) => never): DTypeInfo {
  const m = /^([<>|=])([fiub])(\d+)$/.exec(descr);
  const info = m ? DTYPES.find((d) => d.kind === m[2] && d.size === Number(m[3])) : undefined;
  if (!m || !info) {
    return fail(
      `unsupported dtype descr ${JSON.stringify(descr)} (expected float32/64, (u)int8-64 or bool, e.g. "<f8")`,
    );
  }
  return info;
}

interface HeaderFields {
  descr: string;
  fortranOrder: boolean;
  shape: number[];
}

/**
 * Parses the header, a Python dict literal such as
 * `{'descr': '<f8', 'fortran_order': False, 'shape': (1000, 17), }`.
 */
function parseHeader(header: string, fail: (what: string) => never): HeaderFields {
  let pos = 0;
  const text = header.trimEnd();
  const bad = (what: string): never =>
    fail(`malformed header ${JSON.stringify(text)}: ${what} at character ${pos}`);
  const skip = (): void => {
    while (pos < text.length && /\s/.test(text[pos])) pos++;
  };
  const expect = (c: string): void => {
    skip();
    if (text[pos] !== c) bad(`expected '${c}'`);
    pos++;
  };
  const str = (): string => {
    skip();
    const q = text[pos];
    if (q !== "'" && q !== '"') bad("expected a quoted string");
    const end = text.indexOf(q, pos + 1);
    if (end < 0) bad("unterminated string");
    const s = text.slice(pos + 1, end);
    pos = end + 1;
    return s;
  };
  const value = (): string | boolean | number[] => {
    skip();
    if (text[pos] === "'" || text[pos] === '"') return str();
    if (text.startsWith("True", pos)) {
      pos += 4;
      return true;
    }
    if (text.startsWith("False", pos)) {
      pos += 5;
      return false;
    }
    if (text[pos] === "(") {
      pos++;
      const dims: number[] = [];
      skip();
      while (text[pos] !== ")") {
        const m = /^\d+/.exec(text.slice(pos));
        if (!m) bad("expected a non-negative integer dimension");
        dims.push(Number(m?.[0]));
        pos += m?.[0].length ?? 0;
        skip();
        if (text[pos] === ",") pos++;
        else if (text[pos] !== ")") bad("expected ',' or ')'");
        skip();
      }
      pos++;
      return dims;
    }
    return bad("expected a string, True, False or a tuple");
  };
  const fields: Partial<HeaderFields> = {};
  expect("{");
  skip();
  while (text[pos] !== "}") {
    const key = str();
    expect(":");
    const v = value();
    if (key === "descr" && typeof v === "string") fields.descr = v;
    else if (key === "fortran_order" && typeof v === "boolean") fields.fortranOrder = v;
    else if (key === "shape" && Array.isArray(v)) fields.shape = v;
    else bad(`unexpected key or value type for '${key}'`);
    skip();
    if (text[pos] === ",") pos++;
    else if (text[pos] !== "}") bad("expected ',' or '}'");
    skip();
  }
  pos++;
  skip();
  if (pos !== text.length) bad("unexpected text after the dict");
  if (fields.descr === undefined || fields.fortranOrder === undefined || !fields.shape) {
    fail(`header ${JSON.stringify(text)} lacks one of 'descr', 'fortran_order', 'shape'`);
  }
  return fields as HeaderFields;
}

/**
 * Encodes an array as a version 1.0 `.npy` file in C order and little-endian, byte for byte
 * as numpy 2's `np.save` writes it (header padded with spaces to a multiple of 64 bytes).
 */
export function encodeNpy(array: NpyArray): Uint8Array {
  const info = DTYPES.find((d) => d.dtype === array.dtype);
  if (!info) throw new TypeError(`encodeNpy: unsupported dtype ${JSON.stringify(array.dtype)}`);
  const shape = array.shape;
  if (!shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new RangeError(`encodeNpy: shape must hold integers >= 0, got [${shape.join(", ")}]`);
  }
  const count = shape.reduce((a, b) => a * b, 1);
  if (array.data.constructor !== info.make(0).constructor) {
    throw new TypeError(
      `encodeNpy: dtype ${array.dtype} needs a ${info.make(0).constructor.name}, got a ${array.data.constructor.name}`,
    );
  }
  if (array.data.length !== count) {
    throw new RangeError(
      `encodeNpy: shape [${shape.join(", ")}] needs ${count} elements, got ${array.data.length}`,
    );
  }
  const descr = `${info.size === 1 ? "|" : "<"}${info.kind}${info.size}`;
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  // numpy leaves room to grow the first axis in place, then pads to the alignment with at
  // least one space and ends with a newline.
  if (shape.length > 0) header += " ".repeat(GROWTH_AXIS_DIGITS - String(shape[0]).length);
  header += " ".repeat(HEADER_ALIGN - ((10 + header.length + 1) % HEADER_ALIGN));
  header += "\n";
  if (header.length > 0xffff) throw new RangeError("encodeNpy: header too long for version 1.0");
  const out = new Uint8Array(10 + header.length + count * info.size);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  const view = new DataView(out.buffer);
  view.setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  writeElements(view, 10 + header.length, info, array.data);
  return out;
}

function writeElements(view: DataView, start: number, info: DTypeInfo, data: NpyData): void {
  const size = info.size;
  if (data instanceof BigInt64Array) {
    for (let i = 0; i < data.length; i++) view.setBigInt64(start + i * size, data[i], true);
    return;
  }
  if (data instanceof BigUint64Array) {
    for (let i = 0; i < data.length; i++) view.setBigUint64(start + i * size, data[i], true);
    return;
  }
  const write = elementWriter(view, info);
  for (let i = 0; i < data.length; i++) write(start + i * size, data[i]);
}

function elementWriter(view: DataView, info: DTypeInfo): (at: number, v: number) => void {
  switch (info.dtype) {
    case "float32":
      return (at, v) => view.setFloat32(at, v, true);
    case "float64":
      return (at, v) => view.setFloat64(at, v, true);
    case "int8":
      return (at, v) => view.setInt8(at, v);
    case "int16":
      return (at, v) => view.setInt16(at, v, true);
    case "int32":
      return (at, v) => view.setInt32(at, v, true);
    case "uint16":
      return (at, v) => view.setUint16(at, v, true);
    case "uint32":
      return (at, v) => view.setUint32(at, v, true);
    default:
      return (at, v) => view.setUint8(at, v);
  }
}
