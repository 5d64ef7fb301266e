import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { encodeNpy, type NpyData, parseNpy } from "../../src/data/npy.js";
import { SHARED } from "../support/paths.js";

// Files written by numpy 2.4 (`np.save` into a BytesIO, or `np.lib.format.write_array` with
// an explicit version), base64-encoded. The arrays are given in each test.
const NUMPY = {
  // np.array([[1.5, -2.25, 3.0], [0.1, 1e300, -0.0]], dtype="<f8")
  f8_2x3:
    "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAAD4PwAAAAAAAALAAAAAAAAACECamZmZmZm5P5x1AIg85Dd+AAAAAAAAAIA=",
  // np.array([0.1, -7.5, 3.4028235e38], dtype="<f4")
  f4_3: "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDMsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIArNzMw9AADwwP//f38=",
  // np.array([[-(2**40), 1], [2**62, -1]], dtype="<i8")
  i8_2x2:
    "k05VTVBZAQB2AHsnZGVzY3InOiAnPGk4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDIpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAP///wEAAAAAAAAAAAAAAAAAAED//////////w==",
  // np.array([True, False, False, True])
  bool_4:
    "k05VTVBZAQB2AHsnZGVzY3InOiAnfGIxJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDQsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoBAAAB",
  // np.array([1, -2], dtype=">i4") (big-endian)
  be_i4_2:
    "k05VTVBZAQB2AHsnZGVzY3InOiAnPmk0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAB/////g==",
  // np.array([1, 65535, 256], dtype="<u2")
  u2_3: "k05VTVBZAQB2AHsnZGVzY3InOiAnPHUyJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDMsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoBAP//AAE=",
  // np.asfortranarray(np.array([[1., 2., 3.], [4., 5., 6.]]))
  fortran_f8_2x3:
    "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBUcnVlLCAnc2hhcGUnOiAoMiwgMyksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAADwPwAAAAAAABBAAAAAAAAAAEAAAAAAAAAUQAAAAAAAAAhAAAAAAAAAGEA=",
  // np.array(2.5)
  f8_scalar:
    "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKCksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAAAEQA==",
  // np.zeros((0, 3))
  f8_empty_0x3:
    "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDAsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAo=",
  // np.array([1.0, 2.0]) written as format version 2.0
  v2_f8_2:
    "k05VTVBZAgB0AAAAeydkZXNjcic6ICc8ZjgnLCAnZm9ydHJhbl9vcmRlcic6IEZhbHNlLCAnc2hhcGUnOiAoMiwpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAADwPwAAAAAAAABA",
  // np.array([1.0, 2.0]) written as format version 3.0
  v3_f8_2:
    "k05VTVBZAwB0AAAAeydkZXNjcic6ICc8ZjgnLCAnZm9ydHJhbl9vcmRlcic6IEZhbHNlLCAnc2hhcGUnOiAoMiwpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAADwPwAAAAAAAABA",
} as const;

/** The elements as plain numbers (int64 elements converted from bigint). */
const nums = (data: NpyData): number[] => [...data].map(Number);

const bytesOf = (name: keyof typeof NUMPY): Uint8Array =>
  new Uint8Array(Buffer.from(NUMPY[name], "base64"));

/** A valid file whose header text is replaced (length field fixed up). */
function withHeader(header: string, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const h = new TextEncoder().encode(header);
  const out = new Uint8Array(10 + h.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  new DataView(out.buffer).setUint16(8, h.length, true);
  out.set(h, 10);
  out.set(data, 10 + h.length);
  return out;
}

describe("parseNpy reads numpy's files", () => {
  it("float64 2-D", () => {
    const a = parseNpy(bytesOf("f8_2x3"));
    expect(a.dtype).toBe("float64");
    expect(a.shape).toEqual([2, 3]);
    expect(nums(a.data)).toEqual([1.5, -2.25, 3.0, 0.1, 1e300, -0]);
    expect(Object.is(a.data[5], -0)).toBe(true);
  });

  it("float32 1-D", () => {
    const a = parseNpy(bytesOf("f4_3"));
    expect(a.dtype).toBe("float32");
    expect(a.shape).toEqual([3]);
    expect(nums(a.data)).toEqual([Math.fround(0.1), -7.5, Math.fround(3.4028235e38)]);
  });

  it("int64 as BigInt64Array", () => {
    const a = parseNpy(bytesOf("i8_2x2"));
    expect(a.dtype).toBe("int64");
    expect(a.data).toBeInstanceOf(BigInt64Array);
    expect([...a.data]).toEqual([-(2n ** 40n), 1n, 2n ** 62n, -1n]);
  });

  it("bool, big-endian int32 and uint16", () => {
    expect(nums(parseNpy(bytesOf("bool_4")).data)).toEqual([1, 0, 0, 1]);
    const be = parseNpy(bytesOf("be_i4_2"));
    expect(be.dtype).toBe("int32");
    expect(nums(be.data)).toEqual([1, -2]);
    expect(nums(parseNpy(bytesOf("u2_3")).data)).toEqual([1, 65535, 256]);
  });

  it("Fortran order is returned in C order", () => {
    const a = parseNpy(bytesOf("fortran_f8_2x3"));
    expect(a.shape).toEqual([2, 3]);
    expect(nums(a.data)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("0-d and empty arrays", () => {
    const s = parseNpy(bytesOf("f8_scalar"));
    expect(s.shape).toEqual([]);
    expect(nums(s.data)).toEqual([2.5]);
    const e = parseNpy(bytesOf("f8_empty_0x3"));
    expect(e.shape).toEqual([0, 3]);
    expect(e.data.length).toBe(0);
  });

  it("format versions 2.0 and 3.0", () => {
    expect(nums(parseNpy(bytesOf("v2_f8_2")).data)).toEqual([1, 2]);
    expect(nums(parseNpy(bytesOf("v3_f8_2")).data)).toEqual([1, 2]);
  });

  it("a Half-Cheetah trace: 1000 x 17 float64", () => {
    const file = `${SHARED}data/cheetah/trace_0000.npy`;
    const a = parseNpy(new Uint8Array(readFileSync(file)), file);
    expect(a.dtype).toBe("float64");
    expect(a.shape).toEqual([1000, 17]);
    // numpy: t = np.load(file); t[0, :3], t[999, 16], t.sum()
    expect(nums(a.data).slice(0, 3)).toEqual([
      0.02593367234331112, 0.009202157776256298, -0.09279847848272504,
    ]);
    expect(a.data[999 * 17 + 16]).toBe(-10.264668300543814);
    let sum = 0;
    for (const v of a.data as Float64Array) sum += v;
    expect(sum).toBeCloseTo(-59.289166090214096, 9);
  });
});

describe("encodeNpy writes what np.save writes", () => {
  it("byte for byte, for several dtypes and shapes", () => {
    const cases = ["f8_2x3", "f4_3", "i8_2x2", "bool_4", "u2_3", "f8_scalar", "f8_empty_0x3"];
    for (const name of cases as (keyof typeof NUMPY)[]) {
      const original = bytesOf(name);
      expect(Buffer.from(encodeNpy(parseNpy(original))).toString("base64"), name).toBe(NUMPY[name]);
    }
  });

  it("round-trips a big-endian or Fortran file into little-endian C order", () => {
    const again = parseNpy(encodeNpy(parseNpy(bytesOf("fortran_f8_2x3"))));
    expect(nums(again.data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(nums(parseNpy(encodeNpy(parseNpy(bytesOf("be_i4_2")))).data)).toEqual([1, -2]);
  });

  it("rejects data that does not fit the dtype or the shape", () => {
    expect(() => encodeNpy({ dtype: "float64", shape: [2], data: new Float32Array(2) })).toThrow(
      "encodeNpy: dtype float64 needs a Float64Array, got a Float32Array",
    );
    expect(() => encodeNpy({ dtype: "float64", shape: [2, 2], data: new Float64Array(3) })).toThrow(
      "encodeNpy: shape [2, 2] needs 4 elements, got 3",
    );
  });
});

describe("parseNpy rejects bad files with a message naming the problem", () => {
  it("wrong magic or version", () => {
    expect(() => parseNpy(new TextEncoder().encode("PK\x03\x04 not numpy"), "x.npy")).toThrow(
      'parseNpy: x.npy: not a .npy file (expected the magic string "\\x93NUMPY" at the start)',
    );
    const v4 = bytesOf("f8_2x3");
    v4[6] = 4;
    expect(() => parseNpy(v4)).toThrow("unsupported format version 4.0");
  });

  it("a header longer than the file", () => {
    expect(() => parseNpy(bytesOf("f8_2x3").subarray(0, 60))).toThrow(
      "truncated header: it needs 118 bytes, the file has 50",
    );
  });

  it("truncated data", () => {
    const full = bytesOf("f8_2x3");
    expect(() => parseNpy(full.subarray(0, full.length - 1), "t.npy")).toThrow(
      "parseNpy: t.npy: truncated data: shape [2, 3] of float64 needs 48 bytes, the file has 47",
    );
  });

  it("bytes after the data", () => {
    const full = bytesOf("f4_3");
    const longer = new Uint8Array(full.length + 2);
    longer.set(full);
    expect(() => parseNpy(longer)).toThrow("2 unexpected bytes after the data of shape [3]");
  });

  it("unsupported dtypes", () => {
    expect(() =>
      parseNpy(withHeader("{'descr': '<c16', 'fortran_order': False, 'shape': (1,), }\n")),
    ).toThrow('unsupported dtype descr "<c16"');
    expect(() =>
      parseNpy(withHeader("{'descr': '<f2', 'fortran_order': False, 'shape': (1,), }\n")),
    ).toThrow('unsupported dtype descr "<f2"');
  });

  it("malformed or incomplete headers", () => {
    expect(() =>
      parseNpy(withHeader("{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (1,), }\n")),
    ).toThrow("expected a string, True, False or a tuple");
    expect(() => parseNpy(withHeader("{'descr': '<f8', 'shape': (1,), }\n"))).toThrow(
      "lacks one of 'descr', 'fortran_order', 'shape'",
    );
    expect(() =>
      parseNpy(withHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (-1,), }\n")),
    ).toThrow("expected a non-negative integer dimension");
    expect(() => parseNpy(withHeader("{'descr': '<f8' 'fortran_order': False}\n"))).toThrow(
      "expected ',' or '}'",
    );
  });

  it("bool bytes other than 0 and 1", () => {
    const bad = withHeader(
      "{'descr': '|b1', 'fortran_order': False, 'shape': (2,), }\n",
      new Uint8Array([1, 7]),
    );
    expect(() => parseNpy(bad)).toThrow("bool element 1 holds byte 7 (expected 0 or 1)");
  });
});
