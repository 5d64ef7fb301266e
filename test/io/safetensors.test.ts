import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  decodeSafetensors,
  encodeSafetensors,
  loadSafetensors,
  type NamedArray,
  saveSafetensors,
} from "../../src/io/safetensors.js";

/**
 * Files written by hand in Python (numpy 2.4, no safetensors package) following the format
 * spec: u64 little-endian header length, JSON header space-padded to a multiple of 8, data.
 * `canonical` uses the Python library's layout (tensors by decreasing dtype alignment, then
 * name; compact JSON), so our encoder must reproduce it byte for byte. `foreign` has F16/BF16
 * tensors, keys in non-sorted order, spaced JSON and an unaligned F32 tensor.
 *
 *   RANK = ["BOOL","U8","I8","F8_E5M2","F8_E4M3","I16","U16","F16","BF16","I32","U32","F32","F64","I64","U64"]
 *   def build(tensors, metadata=None, canonical=True):
 *       if canonical: tensors = sorted(tensors, key=lambda t: (-RANK.index(t[1]), t[0].encode()))
 *       header, offset = {}, 0
 *       if metadata is not None: header["__metadata__"] = metadata
 *       for name, code, shape, raw in tensors:
 *           header[name] = {"dtype": code, "shape": shape, "data_offsets": [offset, offset + len(raw)]}
 *           offset += len(raw)
 *       text = json.dumps(header, separators=(",", ":") if canonical else (", ", ": ")).encode()
 *       text += b" " * (-len(text) % 8)
 *       return struct.pack("<Q", len(text)) + text + b"".join(t[3] for t in tensors)
 *   canonical = build([
 *       ("w", "F32", [2, 3], np.array([[0.5, -1.25, 3.0], [1e-3, 2.0**-20, -7.5]], dtype="<f4").tobytes()),
 *       ("b", "F64", [3], np.array([0.1, -0.2, 1e300], dtype="<f8").tobytes()),
 *       ("steps", "I64", [2], np.array([-3, 2**53 + 1], dtype="<i8").tobytes()),
 *       ("idx", "I32", [2, 2], np.array([[1, -2], [2**31 - 1, -2**31]], dtype="<i4").tobytes()),
 *       ("mask", "BOOL", [3], np.array([True, False, True]).tobytes()),
 *       ("pix", "U8", [2], np.array([0, 255], dtype="u1").tobytes()),
 *       ("empty", "F32", [0, 4], b""),
 *   ], metadata={"format": "pt", "note": "ncps"})
 *   f16 = np.array([1.0, -2.5, 65504.0, 2.0**-24, np.inf], dtype="<f2").tobytes()
 *   bf16 = (np.array([1.0, -0.15625, 3.0e38, -np.inf], dtype="<f4").view("<u4") >> 16).astype("<u2").tobytes()
 *   foreign = build([("z.last", "F16", [5], f16), ("a.first", "BF16", [2, 2], bf16),
 *                    ("m", "F32", [1], np.array([42.0], dtype="<f4").tobytes())],
 *                   metadata={"framework": "pt"}, canonical=False)
 *   print(base64.b64encode(canonical).decode()); print(base64.b64encode(foreign).decode())
 */
const PYTHON_CANONICAL =
  "yAEAAAAAAAB7Il9fbWV0YWRhdGFfXyI6eyJmb3JtYXQiOiJwdCIsIm5vdGUiOiJuY3BzIn0sInN0ZXBzIjp7ImR0eXBlIjoiSTY0Iiwic2hhcGUiOlsyXSwiZGF0YV9vZmZzZXRzIjpbMCwxNl19LCJiIjp7ImR0eXBlIjoiRjY0Iiwic2hhcGUiOlszXSwiZGF0YV9vZmZzZXRzIjpbMTYsNDBdfSwiZW1wdHkiOnsiZHR5cGUiOiJGMzIiLCJzaGFwZSI6WzAsNF0sImRhdGFfb2Zmc2V0cyI6WzQwLDQwXX0sInciOnsiZHR5cGUiOiJGMzIiLCJzaGFwZSI6WzIsM10sImRhdGFfb2Zmc2V0cyI6WzQwLDY0XX0sImlkeCI6eyJkdHlwZSI6IkkzMiIsInNoYXBlIjpbMiwyXSwiZGF0YV9vZmZzZXRzIjpbNjQsODBdfSwicGl4Ijp7ImR0eXBlIjoiVTgiLCJzaGFwZSI6WzJdLCJkYXRhX29mZnNldHMiOls4MCw4Ml19LCJtYXNrIjp7ImR0eXBlIjoiQk9PTCIsInNoYXBlIjpbM10sImRhdGFfb2Zmc2V0cyI6WzgyLDg1XX19ICAgICD9/////////wEAAAAAACAAmpmZmZmZuT+amZmZmZnJv5x1AIg85Dd+AAAAPwAAoL8AAEBAbxKDOgAAgDUAAPDAAQAAAP7///////9/AAAAgAD/AQAB";
const PYTHON_FOREIGN =
  "8AAAAAAAAAB7Il9fbWV0YWRhdGFfXyI6IHsiZnJhbWV3b3JrIjogInB0In0sICJ6Lmxhc3QiOiB7ImR0eXBlIjogIkYxNiIsICJzaGFwZSI6IFs1XSwgImRhdGFfb2Zmc2V0cyI6IFswLCAxMF19LCAiYS5maXJzdCI6IHsiZHR5cGUiOiAiQkYxNiIsICJzaGFwZSI6IFsyLCAyXSwgImRhdGFfb2Zmc2V0cyI6IFsxMCwgMThdfSwgIm0iOiB7ImR0eXBlIjogIkYzMiIsICJzaGFwZSI6IFsxXSwgImRhdGFfb2Zmc2V0cyI6IFsxOCwgMjJdfX0APADB/3sBAAB8gD8gvmF/gP8AAChC";

function base64Bytes(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, "base64"));
}

/** The tensors of PYTHON_CANONICAL, in the order a user might list them. */
function canonicalTensors(): Record<string, NamedArray> {
  return {
    w: {
      dtype: "float32",
      shape: [2, 3],
      data: Float32Array.from([0.5, -1.25, 3, 1e-3, 2 ** -20, -7.5]),
    },
    b: { dtype: "float64", shape: [3], data: Float64Array.from([0.1, -0.2, 1e300]) },
    steps: { dtype: "int64", shape: [2], data: BigInt64Array.from([-3n, 2n ** 53n + 1n]) },
    idx: { dtype: "int32", shape: [2, 2], data: Int32Array.from([1, -2, 2 ** 31 - 1, -(2 ** 31)]) },
    mask: { dtype: "bool", shape: [3], data: Uint8Array.from([1, 0, 1]) },
    pix: { dtype: "uint8", shape: [2], data: Uint8Array.from([0, 255]) },
    empty: { dtype: "float32", shape: [0, 4], data: new Float32Array(0) },
  };
}

/**
 * A file built from a raw header object and `dataBytes` zero bytes: a test-only writer for
 * malformed inputs, following the format spec directly.
 */
function rawFile(header: unknown, dataBytes: number): Uint8Array {
  let json = JSON.stringify(header);
  json += " ".repeat((8 - (json.length % 8)) % 8);
  return rawHeaderFile(new TextEncoder().encode(json), dataBytes);
}

function rawHeaderFile(header: Uint8Array, dataBytes: number): Uint8Array {
  const out = new Uint8Array(8 + header.length + dataBytes);
  new DataView(out.buffer).setBigUint64(0, BigInt(header.length), true);
  out.set(header, 8);
  return out;
}

const f32 = (shape: number[], begin: number, end: number) => ({
  dtype: "F32",
  shape,
  data_offsets: [begin, end],
});

describe("decodeSafetensors reads files written by Python", () => {
  it("reads every dtype, shape and the metadata of the canonical file", () => {
    const { tensors, metadata } = decodeSafetensors(base64Bytes(PYTHON_CANONICAL));
    expect(metadata).toEqual({ format: "pt", note: "ncps" });
    expect(tensors).toEqual(canonicalTensors());
    // File order: by offset.
    expect(Object.keys(tensors)).toEqual(["steps", "b", "empty", "w", "idx", "pix", "mask"]);
  });

  it("widens F16 and BF16 to float32 and reads tensors at unaligned offsets", () => {
    const { tensors, metadata } = decodeSafetensors(base64Bytes(PYTHON_FOREIGN));
    expect(metadata).toEqual({ framework: "pt" });
    expect(Object.keys(tensors)).toEqual(["z.last", "a.first", "m"]);
    expect(tensors["z.last"]).toEqual({
      dtype: "float32",
      shape: [5],
      data: Float32Array.from([1, -2.5, 65504, 2 ** -24, Number.POSITIVE_INFINITY]),
    });
    // 3.0e38 truncated to bfloat16 is 2.9907629905160607e+38 (numpy: top 16 bits of the float32).
    expect(tensors["a.first"]).toEqual({
      dtype: "float32",
      shape: [2, 2],
      data: Float32Array.from([1, -0.15625, 2.9907629905160607e38, Number.NEGATIVE_INFINITY]),
    });
    expect(tensors.m.data).toEqual(Float32Array.from([42]));
  });

  it("copies data out of the input buffer", () => {
    const bytes = base64Bytes(PYTHON_CANONICAL);
    const { tensors } = decodeSafetensors(bytes);
    bytes.fill(0);
    expect(tensors.w.data[0]).toBe(0.5);
    expect(tensors.w.data.buffer).not.toBe(bytes.buffer);
  });
});

describe("encodeSafetensors writes what the Python library writes", () => {
  it("reproduces the canonical Python file byte for byte", () => {
    const bytes = encodeSafetensors(canonicalTensors(), { note: "ncps", format: "pt" });
    expect(Buffer.from(bytes).toString("base64")).toBe(PYTHON_CANONICAL);
  });

  // Expected bytes from the Rust library's own unit tests (huggingface/safetensors,
  // safetensors/src/tensor.rs: test_serialization, test_serialization_forced_alignement,
  // test_empty).
  const ones = Float32Array.from([0, 1, 2, 3, 4, 5]);
  it('matches the library test vector for "attn.0" F32 [1, 2, 3]', () => {
    const out = encodeSafetensors({ "attn.0": { dtype: "float32", shape: [1, 2, 3], data: ones } });
    const header = '{"attn.0":{"dtype":"F32","shape":[1,2,3],"data_offsets":[0,24]}}';
    expect(out.length).toBe(8 + 64 + 24);
    expect(Array.from(out.subarray(0, 8))).toEqual([64, 0, 0, 0, 0, 0, 0, 0]);
    expect(new TextDecoder().decode(out.subarray(8, 72))).toBe(header);
    expect(Array.from(out.subarray(72, 80))).toEqual([0, 0, 0, 0, 0, 0, 128, 63]);
  });

  it('pads the header with spaces to a multiple of 8 ("attn0", test vector)', () => {
    const out = encodeSafetensors({ attn0: { dtype: "float32", shape: [1, 1, 2, 3], data: ones } });
    expect(Array.from(out.subarray(0, 8))).toEqual([72, 0, 0, 0, 0, 0, 0, 0]);
    expect(new TextDecoder().decode(out.subarray(8, 80))).toBe(
      `{"attn0":{"dtype":"F32","shape":[1,1,2,3],"data_offsets":[0,24]}}${" ".repeat(7)}`,
    );
  });

  it("writes an empty file as {} and metadata first (test vectors)", () => {
    expect(Array.from(encodeSafetensors({}))).toEqual([
      8, 0, 0, 0, 0, 0, 0, 0, 123, 125, 32, 32, 32, 32, 32, 32,
    ]);
    const out = encodeSafetensors({}, { framework: "pt" });
    expect(Array.from(out.subarray(0, 8))).toEqual([40, 0, 0, 0, 0, 0, 0, 0]);
    expect(new TextDecoder().decode(out.subarray(8))).toBe(
      '{"__metadata__":{"framework":"pt"}}     ',
    );
  });

  it("round-trips every writable dtype, including views into larger buffers", () => {
    const backing = new Float64Array([9, 1.5, -2.5, 9]);
    const tensors: Record<string, NamedArray> = {
      f64: { dtype: "float64", shape: [2], data: backing.subarray(1, 3) },
      u64: { dtype: "uint64", shape: [1], data: BigUint64Array.from([2n ** 64n - 1n]) },
      u32: { dtype: "uint32", shape: [1], data: Uint32Array.from([4294967295]) },
      i16: { dtype: "int16", shape: [2], data: Int16Array.from([-32768, 7]) },
      u16: { dtype: "uint16", shape: [1], data: Uint16Array.from([65535]) },
      i8: { dtype: "int8", shape: [1, 1], data: Int8Array.from([-128]) },
      scalar: { dtype: "float32", shape: [], data: Float32Array.from([3.5]) },
    };
    const { tensors: back, metadata } = decodeSafetensors(encodeSafetensors(tensors));
    expect(metadata).toEqual({});
    expect(back).toEqual(tensors);
    expect(back.f64.data.byteOffset).toBe(0);
  });

  it("keeps every tensor aligned by writing wider dtypes first", () => {
    const bytes = encodeSafetensors({
      a: { dtype: "uint8", shape: [3], data: Uint8Array.from([1, 2, 3]) },
      b: { dtype: "float64", shape: [1], data: Float64Array.from([1]) },
      c: { dtype: "float32", shape: [1], data: Float32Array.from([1]) },
    });
    const headerLength = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)));
    expect(Object.keys(header)).toEqual(["b", "c", "a"]);
    expect(header.c.data_offsets).toEqual([8, 12]);
  });
});

describe("encodeSafetensors rejects bad input", () => {
  const good = { dtype: "float32", shape: [2], data: new Float32Array(2) } as const;
  it.each<[string, unknown, RegExp]>([
    [
      "an unknown dtype",
      { w: { ...good, dtype: "float16" } },
      /tensor "w": dtype must be one of .*got "float16"/,
    ],
    [
      "data of another type",
      { w: { ...good, data: new Float64Array(2) } },
      /dtype float32 needs data in a Float32Array, got a Float64Array/,
    ],
    [
      "a shape not matching the data",
      { w: { ...good, shape: [3] } },
      /shape \[3\] holds 3 elements, but data has 2/,
    ],
    [
      "a negative dimension",
      { w: { ...good, shape: [-2] } },
      /shape must be an array of non-negative integers, got \[-2\]/,
    ],
    [
      "bool data other than 0/1",
      { m: { dtype: "bool", shape: [1], data: Uint8Array.from([2]) } },
      /bool data must hold only 0 and 1/,
    ],
    ["the reserved name", { __metadata__: good }, /"__metadata__" is reserved/],
  ])("%s", (_what, tensors, message) => {
    expect(() => encodeSafetensors(tensors as Record<string, NamedArray>)).toThrow(message);
  });

  it("rejects non-string metadata", () => {
    const metadata = { epoch: 3 } as unknown as Record<string, string>;
    expect(() => encodeSafetensors({}, metadata)).toThrow(
      /metadata "epoch" must be a string, got 3/,
    );
  });
});

describe("decodeSafetensors rejects corrupt files with a specific error", () => {
  const canonical = () => base64Bytes(PYTHON_CANONICAL);
  const utf8 = (s: string) => new TextEncoder().encode(s);

  it.each<[string, () => Uint8Array, RegExp]>([
    [
      "fewer than 8 bytes",
      () => new Uint8Array(5),
      /5 bytes is too short for the 8-byte header length/,
    ],
    [
      "header length past the end",
      () => canonical().subarray(0, 100),
      /header length 456 runs past the end of the file \(100 bytes\); the file may be truncated/,
    ],
    [
      "absurd header length",
      () => Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 1]),
      /header length 72057594037927936 exceeds the 100000000-byte limit/,
    ],
    [
      "header not UTF-8",
      () => rawHeaderFile(Uint8Array.from([123, 0xff, 125, 32, 32, 32, 32, 32]), 0),
      /the header is not valid UTF-8/,
    ],
    ["header not JSON", () => rawHeaderFile(utf8('{"a":   '), 0), /the header is not valid JSON/],
    [
      "header not an object",
      () => rawFile([1, 2], 0),
      /the header must be a JSON object, got \[1,2\]/,
    ],
    [
      "unknown dtype",
      () => rawFile({ w: { ...f32([1], 0, 4), dtype: "F99" } }, 4),
      /tensor "w": unknown dtype "F99"/,
    ],
    [
      "unsupported dtype",
      () => rawFile({ w: { ...f32([1], 0, 1), dtype: "F8_E4M3" } }, 1),
      /tensor "w": dtype F8_E4M3 is not supported/,
    ],
    [
      "bad shape",
      () => rawFile({ w: f32([1.5], 0, 4) }, 4),
      /tensor "w": shape must be an array of non-negative integers, got \[1.5\]/,
    ],
    [
      "reversed offsets",
      () => rawFile({ w: f32([0], 8, 4) }, 8),
      /tensor "w": data_offsets must be \[begin, end\] with 0 <= begin <= end, got \[8,4\]/,
    ],
    [
      "size not matching shape × dtype",
      () => rawFile({ w: f32([3], 0, 8) }, 8),
      /tensor "w": data_offsets \[0, 8\] hold 8 bytes, but shape \[3\] of F32 needs 12/,
    ],
    [
      "offsets out of bounds (truncated data)",
      () => canonical().subarray(0, canonical().length - 2),
      /tensor "mask": data_offsets \[82, 85\] run past the end of the data section \(83 bytes\); the file may be truncated/,
    ],
    [
      "overlapping tensors",
      () => rawFile({ a: f32([2], 0, 8), b: f32([2], 4, 12) }, 12),
      /tensors "a" \[0, 8\] and "b" \[4, 12\] overlap/,
    ],
    [
      "a gap between tensors",
      () => rawFile({ a: f32([1], 0, 4), b: f32([1], 8, 12) }, 12),
      /data bytes \[4, 8\) belong to no tensor/,
    ],
    [
      "trailing bytes",
      () => Uint8Array.from([...canonical(), 7]),
      /the data section has 86 bytes but the tensors cover only 85/,
    ],
    [
      "non-string metadata",
      () => rawFile({ __metadata__: { epoch: 3 } }, 0),
      /metadata "epoch" must be a string, got 3/,
    ],
  ])("%s", (_what, bytes, message) => {
    expect(() => decodeSafetensors(bytes(), "model.safetensors")).toThrow(message);
    expect(() => decodeSafetensors(bytes(), "model.safetensors")).toThrow(/^model\.safetensors: /);
  });
});

describe("saveSafetensors / loadSafetensors", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "ncps-safetensors-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("round-trips through a file and leaves no temporary behind", async () => {
    const path = join(dir, "model.safetensors");
    await saveSafetensors(path, canonicalTensors(), { format: "pt", note: "ncps" });
    expect(Buffer.from(await readFile(path)).toString("base64")).toBe(PYTHON_CANONICAL);
    expect(await loadSafetensors(path)).toEqual({
      tensors: canonicalTensors(),
      metadata: { format: "pt", note: "ncps" },
    });
    expect(await readdir(dir)).toEqual(["model.safetensors"]);
  });

  it("names the file in errors", async () => {
    const path = join(dir, "truncated.safetensors");
    await writeFile(path, base64Bytes(PYTHON_CANONICAL).subarray(0, 300));
    await expect(loadSafetensors(path)).rejects.toThrow(
      `${path}: header length 456 runs past the end`,
    );
    await expect(loadSafetensors(join(dir, "missing.safetensors"))).rejects.toThrow(
      /missing\.safetensors/,
    );
  });
});
