/**
 * SeedSequence, PCG64 and Generator reproduce numpy's `default_rng` streams. Expected values
 * were produced with numpy 2.4.6; the Python that printed them is quoted above each block.
 */
import { describe, expect, it } from "vitest";
import { defaultRng, Generator, PCG64, SeedSequence } from "../../src/random/index.js";

const draw = <T>(n: number, f: () => T): T[] => Array.from({ length: n }, f);
const hex64 = (v: bigint): string => `0x${v.toString(16)}`;

describe("SeedSequence", () => {
  // ss = SeedSequence(e); ss.pool, ss.generate_state(6, np.uint32), ss.generate_state(2, np.uint64)
  const cases: [
    entropy: number | bigint | number[],
    pool: number[],
    u32: number[],
    u64: string[],
  ][] = [
    [
      0,
      [4265667335, 1328953910, 1320288413, 3365567143],
      [2968811710, 3677149159, 745650761, 2884920346, 2642120001, 549907821],
      ["0xdb2cd7e7b0f478be", "0xabf4641a2c71ba49"],
    ],
    [
      1111,
      [134002025, 2168349896, 1415380251, 211963021],
      [1016718093, 525758819, 1142929953, 3354900395, 24213781, 2492715974],
      ["0x1f5671633c99e30d", "0xc7f7b7ab441fba21"],
    ],
    [
      2 ** 40 + 5,
      [2635101428, 3437552004, 3468235908, 3153711952],
      [3767146251, 3672381269, 2127416108, 2216012776, 1267800272, 623232436],
      ["0xdae41755e08a170b", "0x8415abe87ecdcb2c"],
    ],
    [
      2n ** 70n + 3n,
      [3435483930, 2277436512, 849986699, 3652452159],
      [1577814244, 1150883556, 2574053826, 2815373929, 739318622, 2676107871],
      ["0x449916e45e0b88e4", "0xa7cf3269996cf1c2"],
    ],
    [
      [1, 2, 3, 4, 5, 6],
      [988259991, 2719934729, 3479241324, 1314086023],
      [488360481, 3956080669, 2986500235, 3488252836, 3841783222, 2602687873],
      ["0xebcd001d1d1bca21", "0xcfea83a4b202608b"],
    ],
  ];
  for (const [entropy, pool, u32, u64] of cases) {
    it(`matches numpy for entropy ${String(entropy)}`, () => {
      const ss = new SeedSequence(entropy);
      expect(Array.from(ss.pool)).toEqual(pool);
      expect(Array.from(ss.generateState32(6))).toEqual(u32);
      expect(ss.generateState64(2).map(hex64)).toEqual(u64);
    });
  }

  it("rejects negative and non-integer entropy", () => {
    expect(() => new SeedSequence(-1)).toThrow(/entropy: expected a non-negative integer, got -1/);
    expect(() => new SeedSequence(0.5)).toThrow(TypeError);
    expect(() => new SeedSequence(-3n)).toThrow(RangeError);
    expect(() => new SeedSequence([1, -2])).toThrow(/entropy\[1\]/);
    expect(() => new SeedSequence([])).toThrow(/entropy: expected at least one integer/);
  });
});

describe("PCG64", () => {
  it("matches numpy's state after seeding and raw 64-bit outputs", () => {
    // bg = PCG64(s); hex(bg.state['state']['state']), hex(bg.state['state']['inc']); PCG64(s).random_raw(3)
    const b0 = new PCG64(0);
    expect(hex64(b0.state128)).toBe("0x1aa1b5345996452d09585eb7a69561e3");
    expect(hex64(b0.increment128)).toBe("0x418ddadb3af71a82588133bc447873a9");
    expect(draw(3, () => b0.nextUint64().toString())).toEqual([
      "11749869230777074271",
      "4976686463289251617",
      "755828109848996024",
    ]);
    const big = new PCG64(2n ** 70n + 3n);
    expect(hex64(big.state128)).toBe("0xc4dd53ca36b715f58d34a46de147be20");
    expect(hex64(big.increment128)).toBe("0x3f0454be582236bce1ea5386a1a49a19");
    expect(draw(3, () => big.nextUint64().toString())).toEqual([
      "7754773597696927362",
      "5273438921104871389",
      "1960393013035974977",
    ]);
  });

  it("nextUint32 returns the low half first, then the buffered high half", () => {
    // Generator(PCG64(5)).integers(0, 2**32, size=5)
    const bg = new PCG64(5);
    expect(draw(5, () => bg.nextUint32())).toEqual([
      2881021352, 3457461230, 97294837, 3470079269, 2013703616,
    ]);
    const raw = new PCG64(5).nextUint64();
    expect(Number(raw & 0xffffffffn)).toBe(2881021352);
    expect(Number(raw >> 32n)).toBe(3457461230);
  });
});

describe("Generator", () => {
  it("random and integers follow numpy (Lemire), keeping the 32-bit buffer across random()", () => {
    // g = default_rng(2024); g.random(4);
    // [g.integers(3) x10], [g.integers(100, 117) x10], [g.integers(-(2**40), -(2**40)+1000003) x5],
    // [g.integers(1, 2) x3], g.random(); st = g.bit_generator.state
    const g = defaultRng(2024);
    expect(Array.from(g.random(4))).toEqual([
      0.6758313379812818, 0.21432320123825765, 0.3094520308816917, 0.7994660967748332,
    ]);
    expect(draw(10, () => g.integers(3))).toEqual([2, 2, 0, 0, 2, 0, 0, 0, 2, 1]);
    expect(draw(10, () => g.integers(100, 117))).toEqual([
      104, 102, 107, 110, 113, 110, 116, 101, 108, 109,
    ]);
    expect(draw(5, () => g.integers(-(2 ** 40), -(2 ** 40) + 1000003))).toEqual([
      -1099510940213, -1099511623147, -1099511425182, -1099511162656, -1099511561558,
    ]);
    expect(draw(3, () => g.integers(1, 2))).toEqual([1, 1, 1]);
    expect(g.random()).toBe(0.7994284384514969);
    expect(g.getState()).toEqual({
      bitGenerator: "PCG64",
      state: "0x703bcfe66ed8cd6d1a787c927212b814",
      inc: "0xc67e5ec6f768fa51df440b34fffb7769",
      hasUint32: true,
      uinteger: 4190265432,
    });
  });

  it("matches numpy on the stream of the first default_rng(1111) calls", () => {
    // g = default_rng(1111); [g.random() x3]; [g.integers(10) x6]; [g.integers(-3, 3) x6];
    // g.integers(0, 2**32); g.integers(5, 5 + 2**31 + 7)
    const g = defaultRng(1111);
    expect(draw(3, () => g.random())).toEqual([
      0.8593443536292209, 0.6567786370856387, 0.48178493289049806,
    ]);
    expect(draw(6, () => g.integers(10))).toEqual([5, 6, 9, 5, 5, 6]);
    expect(draw(6, () => g.integers(-3, 3))).toEqual([0, 0, 0, -3, 2, -1]);
    expect(g.integers(0, 2 ** 32)).toBe(3905906785);
    expect(g.integers(5, 5 + 2 ** 31 + 7)).toBe(467964042);
    // ... g.choice(10, 5), g.choice(10, 5, replace=False), int(g.choice(7)),
    // g.choice(100, 30, replace=False), g.permutation(10), b = list(range(12)); g.shuffle(b)
    expect(g.choice(10, 5)).toEqual([4, 7, 1, 5, 3]);
    expect(g.choice(10, 5, false)).toEqual([2, 9, 6, 1, 0]);
    expect(g.choice(7)).toBe(3);
    expect(g.choice(100, 30, false)).toEqual([
      21, 93, 29, 56, 52, 19, 53, 16, 55, 27, 25, 40, 67, 88, 86, 98, 63, 47, 1, 39, 4, 18, 38, 79,
      2, 65, 78, 31, 99, 3,
    ]);
    expect(g.permutation(10)).toEqual([3, 2, 4, 1, 9, 6, 8, 5, 7, 0]);
    const b = draw(
      12,
      (() => {
        let i = 0;
        return () => i++;
      })(),
    );
    g.shuffle(b);
    expect(b).toEqual([11, 5, 8, 1, 0, 6, 4, 10, 2, 9, 7, 3]);
  });

  it("choice: with and without replacement, Floyd on a large population, tail Fisher-Yates", () => {
    // g = default_rng(77); g.choice(6, 12); g.choice([10, 20, 30], 5); g.choice(8, 3, replace=False);
    // int(g.choice(5, replace=False)); g.choice(9, 9, replace=False); g.choice(40000, 12, replace=False)
    const g = defaultRng(77);
    expect(g.choice(6, 12)).toEqual([0, 4, 3, 3, 4, 1, 5, 2, 5, 1, 2, 2]);
    expect(g.choice([10, 20, 30], 5)).toEqual([10, 30, 10, 10, 30]);
    expect(g.choice(8, 3, false)).toEqual([2, 1, 6]);
    expect(g.choice(5, undefined, false)).toBe(3);
    expect(g.choice(9, 9, false)).toEqual([7, 3, 2, 6, 5, 0, 4, 1, 8]);
    expect(g.choice(40000, 12, false)).toEqual([
      15524, 13280, 13572, 18330, 14126, 22007, 25508, 7420, 4638, 6474, 10355, 21954,
    ]);
    // t = g.choice(20000, 1000, replace=False)  (n > 10000 and k > n // 50: tail Fisher-Yates)
    // t[:12], t[-12:], t.sum(), (t * np.arange(1000)).sum(), len(set(t))
    const t = g.choice(20000, 1000, false);
    expect(t.slice(0, 12)).toEqual([
      8676, 4189, 19027, 18429, 3251, 7592, 10602, 8035, 2684, 13702, 3873, 2432,
    ]);
    expect(t.slice(-12)).toEqual([
      16001, 8689, 5364, 18749, 16218, 1061, 4124, 6713, 16239, 13797, 684, 7437,
    ]);
    expect(t.reduce((s, v) => s + v, 0)).toBe(9938963);
    expect(t.reduce((s, v, i) => s + v * i, 0)).toBe(5019983448);
    expect(new Set(t).size).toBe(1000);
    // t = g.choice(10001, 10001, replace=False): t[:8], t[-8:], (t * np.arange(10001)).sum()
    const full = g.choice(10001, 10001, false);
    expect(full.slice(0, 8)).toEqual([1787, 2640, 466, 3928, 628, 9354, 6788, 5296]);
    expect(full.slice(-8)).toEqual([5995, 9922, 8487, 4398, 3159, 6849, 4851, 8626]);
    expect(full.reduce((s, v, i) => s + v * i, 0)).toBe(250578410734);
    // g.permutation(15), g.permutation([5, 6, 7]); a = np.arange(20); g.shuffle(a); g.integers(0, 2**32)
    expect(g.permutation(15)).toEqual([3, 14, 10, 1, 11, 13, 6, 7, 5, 8, 12, 2, 9, 4, 0]);
    expect(g.permutation([5, 6, 7])).toEqual([5, 6, 7]);
    const a = Float64Array.from({ length: 20 }, (_, i) => i);
    g.shuffle(a);
    expect(Array.from(a)).toEqual([
      10, 0, 4, 15, 6, 16, 8, 18, 3, 13, 14, 9, 12, 11, 2, 1, 7, 17, 19, 5,
    ]);
    expect(g.integers(0, 2 ** 32)).toBe(3796185417);
  });

  it("getState/setState round-trips through JSON, including the buffered half", () => {
    const g = defaultRng(3);
    g.integers(10); // leaves a buffered high half
    const saved = JSON.parse(JSON.stringify(g.getState()));
    expect(saved.hasUint32).toBe(true);
    const expected = [...draw(20, () => g.integers(1000)), ...g.choice(50, 10, false)];
    const other = defaultRng(0);
    other.setState(saved);
    expect([...draw(20, () => other.integers(1000)), ...other.choice(50, 10, false)]).toEqual(
      expected,
    );
  });

  it("rejects malformed states and invalid arguments", () => {
    const g = defaultRng(0);
    const good = g.getState();
    expect(() => g.setState({ ...good, inc: "0x2" })).toThrow(/state.inc: expected an odd/);
    expect(() => g.setState({ ...good, state: "12" })).toThrow(/state.state: expected a hex/);
    expect(() => g.setState({ ...good, uinteger: 2 ** 32 })).toThrow(/state.uinteger/);
    expect(() => g.integers(3, 3)).toThrow(/integers: expected low < high, got low 3 and high 3/);
    expect(() => g.integers(0, 2 ** 32 + 1)).toThrow(/high - low <= 2\^32/);
    expect(() => g.choice(5, 6, false)).toThrow(
      /choice: size: expected at most the population size 5/,
    );
    expect(() => g.choice([], 1)).toThrow(/non-empty population/);
    expect(() => g.random(-1)).toThrow(/random: n/);
    expect(() => defaultRng(-5)).toThrow(/entropy/);
    expect(() => new Generator({} as PCG64)).toThrow(/bitGenerator: expected a PCG64/);
  });
});
