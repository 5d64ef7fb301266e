/** getConfig / fromConfig / wiringFromConfig round trips, built and unbuilt, through JSON. */
import { describe, expect, it } from "vitest";
import {
  AutoNCP,
  FullyConnected,
  NCP,
  Random,
  Wiring,
  type WiringConfig,
  wiringFromConfig,
} from "../../src/wirings/index.js";

const makers: [string, () => Wiring][] = [
  [
    "FullyConnected",
    () => new FullyConnected(5, { outputDim: 2, erevInitSeed: 3, selfConnections: false }),
  ],
  ["Random", () => new Random(8, { outputDim: 2, sparsityLevel: 0.5, randomSeed: 4 })],
  [
    "NCP",
    () =>
      new NCP({
        interNeurons: 6,
        commandNeurons: 4,
        motorNeurons: 2,
        sensoryFanout: 3,
        interFanout: 2,
        recurrentCommandSynapses: 3,
        motorFanin: 2,
        seed: 7,
      }),
  ],
  ["AutoNCP", () => new AutoNCP(16, 4, { sparsityLevel: 0.3, seed: 1 })],
  [
    "Wiring",
    () => {
      const w = new Wiring(3);
      w.addSynapse(0, 1, -1);
      w.addSynapse(2, 2, 1);
      return w;
    },
  ],
];

const viaJson = (c: WiringConfig): WiringConfig => JSON.parse(JSON.stringify(c));

describe.each(makers)("%s config", (name, make) => {
  it("has a class field and round-trips unbuilt", () => {
    const w = make();
    const cfg = viaJson(w.getConfig());
    expect(cfg.class).toBe(name);
    expect("inputDim" in cfg && cfg.inputDim !== null).toBe(false);
    const r = wiringFromConfig(cfg);
    expect(r.constructor).toBe(w.constructor);
    expect(r.isBuilt()).toBe(false);
    expect(r.getConfig()).toEqual(w.getConfig());
    // building both gives the same matrices
    w.build(3);
    r.build(3);
    expect(r.adjacencyRows()).toEqual(w.adjacencyRows());
    expect(r.sensoryAdjacencyRows()).toEqual(w.sensoryAdjacencyRows());
  });

  it("round-trips built, with the matrices and inputDim, exactly", () => {
    const w = make().build(3);
    if (w.className === "Wiring") w.addSensorySynapse(2, 0, 1);
    const cfg = viaJson(w.getConfig());
    expect(cfg.inputDim).toBe(3);
    expect(cfg.adjacencyMatrix).toEqual(w.adjacencyRows());
    expect(cfg.sensoryAdjacencyMatrix).toEqual(w.sensoryAdjacencyRows());
    const r = wiringFromConfig(cfg);
    expect(r.constructor).toBe(w.constructor);
    expect(r.isBuilt()).toBe(true);
    expect(r.inputDim).toBe(3);
    expect(r.outputDim).toBe(w.outputDim);
    expect(Array.from(r.adjacencyMatrix)).toEqual(Array.from(w.adjacencyMatrix));
    expect(Array.from(r.sensoryAdjacencyMatrix ?? [])).toEqual(
      Array.from(w.sensoryAdjacencyMatrix ?? []),
    );
    expect(r.getConfig()).toEqual(w.getConfig());
    expect(() => r.build(3)).toThrow(/already built/);
  });

  it("the class's own fromConfig restores it and refuses other classes", () => {
    const w = make().build(2);
    const cls = w.constructor as typeof Wiring;
    expect(cls.fromConfig(w.getConfig()).getConfig()).toEqual(w.getConfig());
    const other: WiringConfig =
      name === "Random" ? new FullyConnected(2).getConfig() : new Random(2).getConfig();
    expect(() => cls.fromConfig(other)).toThrow(/config.class: expected/);
  });
});

describe("restored built wirings keep edits made after building", () => {
  it("an NCP config carries its matrices, unlike ncps's broken NCP.get_config", () => {
    const w = new AutoNCP(12, 3).build(4);
    w.addSynapse(0, 0, -1);
    const r = wiringFromConfig(viaJson(w.getConfig()));
    expect(r.adjacencyMatrix[0]).toBe(-1);
    expect(r.adjacencyRows()).toEqual(w.adjacencyRows());
  });
});

describe("wiringFromConfig rejects bad configs", () => {
  it("unknown class, wrong shapes, bad values, matrices without inputDim", () => {
    expect(() => wiringFromConfig({ class: "Nope" } as unknown as WiringConfig)).toThrow(
      /config.class: expected one of "Wiring", "FullyConnected", "Random", "NCP", "AutoNCP", got "Nope"/,
    );
    expect(() => wiringFromConfig(null as unknown as WiringConfig)).toThrow(/config: expected/);
    const built = new FullyConnected(2).build(1).getConfig();
    expect(() => wiringFromConfig({ ...built, adjacencyMatrix: [[1, 1]] } as WiringConfig)).toThrow(
      /config.adjacencyMatrix: expected 2 rows/,
    );
    expect(() =>
      wiringFromConfig({ ...built, sensoryAdjacencyMatrix: [[1, 2]] } as WiringConfig),
    ).toThrow(/config.sensoryAdjacencyMatrix\[0\]\[1\]: expected -1, 0 or 1, got 2/);
    const { inputDim: _drop, ...noDim } = built as unknown as Record<string, unknown>;
    expect(() => wiringFromConfig(noDim as unknown as WiringConfig)).toThrow(/config.inputDim/);
    expect(() => wiringFromConfig({ ...built, units: -1 } as WiringConfig)).toThrow(
      /units: expected an integer >= 1, got -1/,
    );
  });
});
