/**
 * Wirings beyond the golden files, checked against digests from the pure-Python reference
 * `shared/spec/numpy_rng_reference.py` (self-checked against numpy and ncps). Produced by:
 *
 *   import numpy_rng_reference as R
 *   def digest(adj, sens):
 *       flat = [v for row in adj for v in row]; sflat = [v for row in sens for v in row]
 *       return dict(syn=sum(abs(v) for v in flat), sens=sum(abs(v) for v in sflat),
 *                   pos=sum(1 for v in flat if v > 0), spos=sum(1 for v in sflat if v > 0),
 *                   chk=sum((i + 1) * v for i, v in enumerate(flat)),
 *                   schk=sum((i + 1) * v for i, v in enumerate(sflat)))
 *   digest(*R.auto_ncp(64, 8, 20, 0.5, 0)), digest(*R.random_wiring(110, 3, 0.0, 5)), ...
 */
import { describe, expect, it } from "vitest";
import { AutoNCP, FullyConnected, NCP, Random, type Wiring } from "../../src/wirings/index.js";

interface Digest {
  syn: number;
  sens: number;
  pos: number;
  spos: number;
  chk: number;
  schk: number;
}

function digest(w: Wiring): Digest {
  const flat = Array.from(w.adjacencyMatrix);
  const sflat = Array.from(w.sensoryAdjacencyMatrix ?? []);
  const weighted = (a: number[]): number => a.reduce((s, v, i) => s + (i + 1) * v, 0);
  return {
    syn: w.synapseCount,
    sens: w.sensorySynapseCount,
    pos: flat.filter((v) => v > 0).length,
    spos: sflat.filter((v) => v > 0).length,
    chk: weighted(flat),
    schk: weighted(sflat),
  };
}

const cases: [string, () => Wiring, Digest][] = [
  [
    "AutoNCP(64, 8) seed 0, input 20",
    () => new AutoNCP(64, 8, { seed: 0 }).build(20),
    { syn: 484, sens: 340, pos: 251, spos: 175, chk: 56352, schk: 7937 },
  ],
  [
    "AutoNCP(40, 5) sparsity 0.9 seed 99, input 6",
    () => new AutoNCP(40, 5, { sparsityLevel: 0.9, seed: 99 }).build(6),
    { syn: 38, sens: 24, pos: 13, spos: 16, chk: -15199, schk: 1402 },
  ],
  [
    "NCP(12, 6, 1, 6, 4, 4, 6), input 32 (the driving model)",
    () =>
      new NCP({
        interNeurons: 12,
        commandNeurons: 6,
        motorNeurons: 1,
        sensoryFanout: 6,
        interFanout: 4,
        recurrentCommandSynapses: 4,
        motorFanin: 6,
      }).build(32),
    { syn: 58, sens: 192, pos: 31, spos: 95, chk: 878, schk: -2594 },
  ],
  [
    "FullyConnected(16) without self-connections, seed 31337, input 7",
    () => new FullyConnected(16, { erevInitSeed: 31337, selfConnections: false }).build(7),
    { syn: 240, sens: 112, pos: 162, spos: 72, chk: 10236, schk: 2432 },
  ],
  [
    "Random(110) seed 5, input 3 (12100 pairs: numpy's tail Fisher-Yates branch)",
    () => new Random(110, { randomSeed: 5 }).build(3),
    { syn: 12100, sens: 330, pos: 7988, spos: 218, chk: 22977418, schk: 17721 },
  ],
  [
    "Random(101) sparsity 0.99 seed 7, input 2 (Floyd on a population > 10000)",
    () => new Random(101, { sparsityLevel: 0.99, randomSeed: 7 }).build(2),
    { syn: 102, sens: 2, pos: 75, spos: 2, chk: 249405, schk: 199 },
  ],
  [
    "Random(16) sparsity 0.75 seed 31337, input 7",
    () => new Random(16, { sparsityLevel: 0.75, randomSeed: 31337 }).build(7),
    { syn: 64, sens: 28, pos: 38, spos: 15, chk: 1207, schk: 403 },
  ],
];

describe("wirings match the Python reference", () => {
  for (const [name, make, expected] of cases) {
    it(name, () => {
      expect(digest(make())).toEqual(expected);
    });
  }
});
