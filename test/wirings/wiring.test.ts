/** The Wiring base class and the behaviours every wiring shares (build once, claim, clone). */
import { describe, expect, it } from "vitest";
import { AutoNCP, FullyConnected, NCP, Random, Wiring } from "../../src/wirings/index.js";

const ncpOptions = {
  interNeurons: 6,
  commandNeurons: 4,
  motorNeurons: 2,
  sensoryFanout: 3,
  interFanout: 2,
  recurrentCommandSynapses: 3,
  motorFanin: 2,
  seed: 7,
};

const makers: [string, () => Wiring][] = [
  ["FullyConnected", () => new FullyConnected(5, { outputDim: 2, erevInitSeed: 3 })],
  ["Random", () => new Random(8, { outputDim: 2, sparsityLevel: 0.5 })],
  ["NCP", () => new NCP(ncpOptions)],
  ["AutoNCP", () => new AutoNCP(16, 4, { seed: 1 })],
];

describe("Wiring (plain)", () => {
  it("starts empty and unbuilt", () => {
    const w = new Wiring(3);
    expect(w.units).toBe(3);
    expect(w.inputDim).toBeNull();
    expect(w.outputDim).toBeNull();
    expect(w.isBuilt()).toBe(false);
    expect(w.sensoryAdjacencyMatrix).toBeNull();
    expect(w.sensoryAdjacencyRows()).toBeNull();
    expect(w.synapseCount).toBe(0);
    expect(w.sensorySynapseCount).toBe(0);
    expect(w.numLayers).toBe(1);
    expect(w.getNeuronsOfLayer(0)).toEqual([0, 1, 2]);
    expect(w.getTypeOfNeuron(0)).toBe("inter");
  });

  it("adds synapses (overwriting) and counts them; row-major src * units + dest", () => {
    const w = new Wiring(3);
    w.addSynapse(0, 2, 1);
    w.addSynapse(2, 1, -1);
    w.addSynapse(2, 1, 1);
    expect(Array.from(w.adjacencyMatrix)).toEqual([0, 0, 1, 0, 0, 0, 0, 1, 0]);
    expect(w.adjacencyRows()).toEqual([
      [0, 0, 1],
      [0, 0, 0],
      [0, 1, 0],
    ]);
    expect(w.synapseCount).toBe(2);
    w.build(2);
    w.addSensorySynapse(1, 0, -1);
    expect(Array.from(w.sensoryAdjacencyMatrix ?? [])).toEqual([0, 0, 0, -1, 0, 0]);
    expect(w.sensorySynapseCount).toBe(1);
  });

  it("validates synapse endpoints and polarity", () => {
    const w = new Wiring(3);
    expect(() => w.addSynapse(3, 0, 1)).toThrow(/src: expected an integer in \[0, 2\], got 3/);
    expect(() => w.addSynapse(0, -1, 1)).toThrow(/dest: expected an integer in \[0, 2\], got -1/);
    expect(() => w.addSynapse(0, 1, 0 as 1)).toThrow(/polarity: expected -1 or 1, got 0/);
    expect(() => w.addSensorySynapse(0, 0, 1)).toThrow(/not built yet/);
    w.build(2);
    expect(() => w.addSensorySynapse(2, 0, 1)).toThrow(
      /src: expected an integer in \[0, 1\], got 2/,
    );
  });

  it("erev initializers are copies", () => {
    const w = new Wiring(2);
    w.addSynapse(0, 1, -1);
    const e = w.erevInitializer();
    e[1] = 1;
    expect(w.adjacencyMatrix[1]).toBe(-1);
    expect(() => w.sensoryErevInitializer()).toThrow(/not built yet/);
  });

  it("motor neurons are ids below outputDim", () => {
    const w = new FullyConnected(4, { outputDim: 2 });
    expect([0, 1, 2, 3].map((i) => w.getTypeOfNeuron(i))).toEqual([
      "motor",
      "motor",
      "inter",
      "inter",
    ]);
    expect(() => w.getTypeOfNeuron(4)).toThrow(/neuronId: expected an integer in \[0, 3\], got 4/);
    expect(() => w.getNeuronsOfLayer(1)).toThrow(/layer: expected an integer in \[0, 0\], got 1/);
  });

  it("rejects bad sizes", () => {
    expect(() => new Wiring(0)).toThrow(/units: expected an integer >= 1, got 0/);
    expect(() => new Wiring(2.5)).toThrow(/units: expected an integer, got 2.5/);
  });

  it("clone of a plain wiring is an independent copy", () => {
    const w = new Wiring(2);
    w.addSynapse(0, 1, 1);
    w.build(1);
    w.addSensorySynapse(0, 0, -1);
    w.claim("layer A");
    const c = w.clone();
    expect(c).not.toBe(w);
    expect(c.adjacencyRows()).toEqual(w.adjacencyRows());
    expect(c.sensoryAdjacencyRows()).toEqual(w.sensoryAdjacencyRows());
    expect(c.isClaimed()).toBe(false);
    c.addSynapse(1, 1, -1);
    expect(w.adjacencyMatrix[3]).toBe(0);
  });
});

describe.each(makers)("%s: build once, claim once, clone", (_name, make) => {
  it("build returns the wiring and refuses a second build, pointing to clone()", () => {
    const w = make();
    expect(w.build(3)).toBe(w);
    expect(w.isBuilt()).toBe(true);
    const before = w.adjacencyRows();
    expect(() => w.build(3)).toThrow(/already built \(inputDim 3\).*clone\(\)/);
    expect(() => w.build(4)).toThrow(/already built/);
    expect(w.adjacencyRows()).toEqual(before);
  });

  it("ensureBuilt builds once and accepts the same dimension without redrawing", () => {
    const w = make();
    w.ensureBuilt(3);
    const rows = w.sensoryAdjacencyRows();
    expect(w.ensureBuilt(3)).toBe(w);
    expect(w.sensoryAdjacencyRows()).toEqual(rows);
    expect(() => w.ensureBuilt(2)).toThrow(/built for inputDim 3, got 2.*clone\(\)/);
  });

  it("build rejects non-positive and non-integer input dimensions", () => {
    const w = make();
    expect(() => w.build(0)).toThrow(/inputDim: expected an integer >= 1, got 0/);
    expect(() => w.build(1.5)).toThrow(/inputDim: expected an integer, got 1.5/);
    expect(w.isBuilt()).toBe(false);
  });

  it("a clone is unbuilt and builds to identical matrices", () => {
    const w = make().build(3);
    const c = w.clone();
    expect(c.constructor).toBe(w.constructor);
    expect(c.isBuilt()).toBe(false);
    c.build(3);
    expect(c.adjacencyRows()).toEqual(w.adjacencyRows());
    expect(c.sensoryAdjacencyRows()).toEqual(w.sensoryAdjacencyRows());
    expect(c.getConfig()).toEqual(w.getConfig());
  });

  it("a second claim names the first owner and asks for clone()", () => {
    const w = make();
    expect(w.isClaimed()).toBe(false);
    w.claim("CfC layer 1");
    expect(w.isClaimed()).toBe(true);
    expect(w.claimedBy).toBe("CfC layer 1");
    expect(() => w.claim("CfC layer 2")).toThrow(
      /already used by CfC layer 1, so CfC layer 2 cannot use it too; pass wiring\.clone\(\) to CfC layer 2/,
    );
    expect(() => w.clone().claim("CfC layer 2")).not.toThrow();
    expect(() => w.claim("")).toThrow(/owner: expected a non-empty string/);
  });
});

describe("NCP structure", () => {
  it("numbers motor, then command, then inter neurons; layers are inter, command, motor", () => {
    const w = new NCP(ncpOptions);
    expect(w.units).toBe(12);
    expect(w.outputDim).toBe(2);
    expect(w.numLayers).toBe(3);
    expect(w.getNeuronsOfLayer(0)).toEqual([6, 7, 8, 9, 10, 11]);
    expect(w.getNeuronsOfLayer(1)).toEqual([2, 3, 4, 5]);
    expect(w.getNeuronsOfLayer(2)).toEqual([0, 1]);
    expect(w.getTypeOfNeuron(1)).toBe("motor");
    expect(w.getTypeOfNeuron(2)).toBe("command");
    expect(w.getTypeOfNeuron(6)).toBe("inter");
    expect(() => w.getNeuronsOfLayer(3)).toThrow(/layer: expected an integer in \[0, 2\], got 3/);
  });

  it("draws nothing before build", () => {
    const w = new NCP(ncpOptions);
    expect(w.synapseCount).toBe(0);
    w.build(3);
    expect(w.synapseCount).toBeGreaterThan(0);
  });

  it("rejects fanouts larger than their target layer, bad sizes and seeds", () => {
    expect(() => new NCP({ ...ncpOptions, sensoryFanout: 7 })).toThrow(
      /sensoryFanout: expected an integer in \[0, 6\] \(at most interNeurons = 6\), got 7/,
    );
    expect(() => new NCP({ ...ncpOptions, interFanout: 5 })).toThrow(
      /interFanout: .*at most commandNeurons = 4\), got 5/,
    );
    expect(() => new NCP({ ...ncpOptions, motorFanin: 5 })).toThrow(
      /motorFanin: .*at most commandNeurons = 4\), got 5/,
    );
    expect(() => new NCP({ ...ncpOptions, interNeurons: -1 })).toThrow(
      /interNeurons: expected an integer >= 1, got -1/,
    );
    expect(() => new NCP({ ...ncpOptions, commandNeurons: 2.5 })).toThrow(
      /commandNeurons: expected an integer, got 2.5/,
    );
    expect(() => new NCP({ ...ncpOptions, recurrentCommandSynapses: -1 })).toThrow(
      /recurrentCommandSynapses/,
    );
    expect(() => new NCP({ ...ncpOptions, seed: 1.5 })).toThrow(
      /seed: expected an integer, got 1.5/,
    );
    expect(() => new NCP({ ...ncpOptions, seed: 2 ** 32 })).toThrow(
      /seed: expected an integer in \[0, 4294967295\]/,
    );
  });
});

describe("FullyConnected and Random validation", () => {
  it("FullyConnected", () => {
    expect(() => new FullyConnected(0)).toThrow(/units: expected an integer >= 1, got 0/);
    expect(() => new FullyConnected(4, { outputDim: 5 })).toThrow(
      /outputDim: expected an integer in \[1, 4\], got 5/,
    );
    expect(() => new FullyConnected(4, { erevInitSeed: -1 })).toThrow(
      /erevInitSeed: expected an integer >= 0, got -1/,
    );
    expect(() => new FullyConnected(4, { erevInitSeed: 0.5 })).toThrow(/erevInitSeed/);
    expect(new FullyConnected(4).outputDim).toBe(4);
    // every entry is +-1 with self-connections, the diagonal is 0 without
    const noSelf = new FullyConnected(4, { selfConnections: false });
    expect(noSelf.synapseCount).toBe(12);
    expect([0, 5, 10, 15].map((i) => noSelf.adjacencyMatrix[i])).toEqual([0, 0, 0, 0]);
  });

  it("Random", () => {
    expect(() => new Random(4, { sparsityLevel: 1 })).toThrow(
      /sparsityLevel: expected a number in \[0, 1\), got 1/,
    );
    expect(() => new Random(4, { sparsityLevel: -0.1 })).toThrow(/sparsityLevel/);
    expect(() => new Random(4, { sparsityLevel: Number.NaN })).toThrow(
      /sparsityLevel: expected a finite number/,
    );
    expect(() => new Random(4, { randomSeed: -2 })).toThrow(/randomSeed/);
    // round(16 * 0.5) = 8 synapses
    expect(new Random(4, { sparsityLevel: 0.5 }).synapseCount).toBe(8);
  });
});
