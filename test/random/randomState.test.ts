/**
 * RandomState reproduces numpy's legacy `RandomState` stream. Expected values were produced
 * with numpy 2.4.6; the Python that printed them is quoted above each block.
 */
import { describe, expect, it } from "vitest";
import { MT19937, RandomState } from "../../src/random/index.js";

const draw = <T>(n: number, f: () => T): T[] => Array.from({ length: n }, f);

describe("MT19937", () => {
  it("matches numpy's raw 32-bit outputs for several seeds", () => {
    // np.random.RandomState(s).randint(0, 2**32, size=6, dtype=np.uint32)
    const expected: Record<number, number[]> = {
      0: [2357136044, 2546248239, 3071714933, 3626093760, 2588848963, 3684848379],
      1: [1791095845, 4282876139, 3093770124, 4005303368, 491263, 550290313],
      4294967295: [419326371, 479346978, 3918654476, 2416749639, 3388880820, 2260532800],
    };
    for (const [seed, words] of Object.entries(expected)) {
      const mt = new MT19937(Number(seed));
      expect(draw(6, () => mt.nextUint32())).toEqual(words);
    }
  });

  it("continues correctly across the 624-word twist", () => {
    // x = RandomState(0).randint(0, 2**32, size=700, dtype=np.uint32); x[620:627]
    const mt = new MT19937(0);
    const all = draw(700, () => mt.nextUint32());
    expect(all.slice(620, 627)).toEqual([
      3309619115, 1308169859, 631131020, 3791854820, 341544762, 1076416385, 384842097,
    ]);
  });

  it("rejects seeds outside [0, 2^32-1] and non-integers", () => {
    expect(() => new MT19937(-1)).toThrow(/seed: expected an integer in \[0, 4294967295\], got -1/);
    expect(() => new MT19937(2 ** 32)).toThrow(RangeError);
    expect(() => new MT19937(1.5)).toThrow(/seed: expected an integer, got 1.5/);
    expect(() => new RandomState(Number.NaN)).toThrow(TypeError);
  });
});

describe("RandomState", () => {
  it("rand() gives numpy's 53-bit doubles", () => {
    // RandomState(0): [rs.rand() for _ in range(5)]
    const rs = new RandomState(0);
    expect(draw(5, () => rs.rand())).toEqual([
      0.5488135039273248, 0.7151893663724195, 0.6027633760716439, 0.5448831829968969,
      0.4236547993389047,
    ]);
    // RandomState(2024).rand(6)
    expect(Array.from(new RandomState(2024).rand(6))).toEqual([
      0.5880145188953979, 0.6991087476815825, 0.18815196003850598, 0.043808563746864815,
      0.2050189523942888, 0.10606287447626572,
    ]);
  });

  it("randint follows numpy's masked rejection for several bounds", () => {
    // rs = RandomState(12345)
    // [rs.randint(2) x8], [rs.randint(1, 9) x8], [rs.randint(7) x8], rs.randint(-5, 1000, 6),
    // rs.randint(0, 2**32), rs.randint(10, 10 + 2**31 + 1)
    const rs = new RandomState(12345);
    expect(draw(8, () => rs.randint(2))).toEqual([0, 1, 1, 1, 0, 1, 0, 0]);
    expect(draw(8, () => rs.randint(1, 9))).toEqual([6, 3, 6, 2, 7, 2, 4, 7]);
    expect(draw(8, () => rs.randint(7))).toEqual([1, 3, 6, 0, 2, 1, 3, 5]);
    expect(draw(6, () => rs.randint(-5, 1000))).toEqual([645, 76, 717, 161, 258, 38]);
    expect(rs.randint(0, 2 ** 32)).toBe(2693349607);
    expect(rs.randint(10, 10 + 2 ** 31 + 1)).toBe(216844133);
  });

  it("randint handles large offsets, empty ranges and full 32-bit ranges", () => {
    // rs = RandomState(7); [rs.randint(3) x10], [rs.randint(100, 117) x10],
    // [rs.randint(-(2**40), -(2**40)+1000003) x5], [rs.randint(1, 2) x3], [rs.randint(0, 2**32) x2]
    // st = rs.get_state(); st[2], st[1][:3]
    const rs = new RandomState(7);
    expect(draw(10, () => rs.randint(3))).toEqual([0, 1, 2, 0, 1, 2, 0, 1, 2, 2]);
    expect(draw(10, () => rs.randint(100, 117))).toEqual([
      108, 107, 106, 104, 116, 107, 112, 100, 111, 106,
    ]);
    expect(draw(5, () => rs.randint(-(2 ** 40), -(2 ** 40) + 1000003))).toEqual([
      -1099510898925, -1099510837828, -1099511600084, -1099511517505, -1099510684347,
    ]);
    expect(draw(3, () => rs.randint(1, 2))).toEqual([1, 1, 1]);
    expect(draw(2, () => rs.randint(0, 2 ** 32))).toEqual([3992293176, 3999499416]);
    const st = rs.getState();
    expect(st.pos).toBe(37);
    expect(st.key.slice(0, 3)).toEqual([2022286329, 1444425037, 2858264774]);
  });

  it("bounded(max) is inclusive and bounded(0) consumes nothing", () => {
    const a = new RandomState(0);
    expect(a.bounded(0)).toBe(0);
    // RandomState(0) first raw word (see MT19937 test above)
    expect(a.nextUint32()).toBe(2357136044);
    // randint(1, 9) is 1 + bounded(7): same stream as RandomState(12345) above
    const b = new RandomState(12345);
    draw(8, () => b.bounded(1));
    expect(draw(8, () => 1 + b.bounded(7))).toEqual([6, 3, 6, 2, 7, 2, 4, 7]);
  });

  it("choice, permutation and shuffle match numpy", () => {
    // rs = RandomState(42)
    // [int(rs.choice(5)) x6], rs.choice(10, 4), rs.choice(10, 4, replace=False),
    // rs.choice([-1, 1]), rs.choice(['a','b','c'], 3), rs.permutation(10),
    // a = list(range(12)); rs.shuffle(a); rs.randint(0, 2**32, size=3, dtype=np.uint32)
    const rs = new RandomState(42);
    expect(draw(6, () => rs.choice(5))).toEqual([3, 4, 2, 4, 4, 1]);
    expect(rs.choice(10, 4)).toEqual([2, 6, 7, 4]);
    expect(rs.choice(10, 4, false)).toEqual([0, 6, 9, 1]);
    expect(rs.choice([-1, 1])).toBe(1);
    expect(rs.choice(["a", "b", "c"], 3)).toEqual(["a", "a", "b"]);
    expect(rs.permutation(10)).toEqual([7, 4, 9, 3, 1, 6, 2, 0, 8, 5]);
    const a = draw(
      12,
      (() => {
        let i = 0;
        return () => i++;
      })(),
    );
    rs.shuffle(a);
    expect(a).toEqual([9, 1, 5, 0, 10, 7, 4, 11, 8, 3, 6, 2]);
    expect(draw(3, () => rs.nextUint32())).toEqual([4075432323, 4046725720, 4147358011]);
  });

  it("choice without replacement draws a full permutation, also for one sample", () => {
    // rs = RandomState(99)
    // rs.choice(6, 12), rs.choice(8, 3, replace=False), int(rs.choice(5, replace=False)),
    // rs.choice([10, 20, 30], 5), rs.permutation(1), rs.permutation(17),
    // rs.permutation([5, 6, 7, 8]), rs.choice([-1, 1])
    const rs = new RandomState(99);
    expect(rs.choice(6, 12)).toEqual([1, 3, 1, 0, 1, 0, 2, 4, 5, 4, 1, 3]);
    expect(rs.choice(8, 3, false)).toEqual([4, 3, 2]);
    expect(rs.choice(5, undefined, false)).toBe(1);
    expect(rs.choice([10, 20, 30], 5)).toEqual([10, 10, 10, 10, 20]);
    expect(rs.permutation(1)).toEqual([0]);
    expect(rs.permutation(17)).toEqual([6, 8, 13, 2, 16, 3, 14, 12, 0, 1, 9, 4, 5, 11, 10, 15, 7]);
    expect(rs.permutation([5, 6, 7, 8])).toEqual([7, 5, 6, 8]);
    expect(rs.choice([-1, 1])).toBe(-1);
  });

  it("shuffles typed arrays in place", () => {
    // rs = RandomState(3); arr = np.arange(20); rs.shuffle(arr); rs.randint(0, 2**32, dtype=np.uint32)
    const rs = new RandomState(3);
    const arr = Int32Array.from({ length: 20 }, (_, i) => i);
    rs.shuffle(arr);
    expect(Array.from(arr)).toEqual([
      14, 2, 1, 17, 4, 16, 6, 7, 15, 12, 9, 11, 19, 18, 13, 5, 0, 8, 3, 10,
    ]);
    expect(rs.nextUint32()).toBe(1946360206);
  });

  it("getState/setState round-trips through JSON and repeats the stream", () => {
    const rs = new RandomState(5);
    draw(700, () => rs.rand());
    const saved = JSON.parse(JSON.stringify(rs.getState()));
    const expected = draw(50, () => rs.randint(1000));
    const other = new RandomState(0);
    other.setState(saved);
    expect(draw(50, () => other.randint(1000))).toEqual(expected);
  });

  it("setState rejects malformed states", () => {
    const rs = new RandomState(0);
    const good = rs.getState();
    expect(() => rs.setState({ ...good, key: good.key.slice(1) })).toThrow(
      /state.key: expected an array of 624/,
    );
    expect(() => rs.setState({ ...good, pos: 625 })).toThrow(/state.pos/);
    expect(() => rs.setState({ ...good, key: good.key.map(() => -1) })).toThrow(/state.key\[0\]/);
  });

  it("rejects invalid arguments with clear messages", () => {
    const rs = new RandomState(0);
    expect(() => rs.randint(5, 5)).toThrow(/randint: expected low < high, got low 5 and high 5/);
    expect(() => rs.randint(0)).toThrow(/low < high/);
    expect(() => rs.randint(0, 2 ** 32 + 1)).toThrow(/high - low <= 2\^32/);
    expect(() => rs.randint(0.5, 3)).toThrow(/randint: low: expected an integer, got 0.5/);
    expect(() => rs.bounded(-1)).toThrow(/bounded: max/);
    expect(() => rs.choice(0)).toThrow(/choice: a: expected a non-empty population/);
    expect(() => rs.choice(3, 4, false)).toThrow(
      /choice: size: expected at most the population size 3/,
    );
    expect(() => rs.choice(3, -1)).toThrow(/choice: size/);
    expect(() => rs.choice(-2)).toThrow(/choice: a/);
    expect(() => rs.permutation(-1)).toThrow(/permutation: n/);
    expect(() => rs.rand(1.5)).toThrow(/rand: n/);
  });

  it("choice of zero samples from an empty population is allowed", () => {
    expect(new RandomState(0).choice(0, 0)).toEqual([]);
  });
});
