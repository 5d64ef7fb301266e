import { describe, expect, it } from "vitest";
import { linspace, sineTask } from "../../src/data/sine.js";

describe("sineTask: ncps first-steps data (spec/papers.md A.6.2)", () => {
  it("has the documented shapes and matches numpy", () => {
    const task = sineTask({ dtype: "float64" });
    expect(task.x.shape).toEqual([1, 48, 2]);
    expect(task.y.shape).toEqual([1, 48, 1]);
    // numpy: t = np.linspace(0, 3 * np.pi, 48); np.sin(t[5]), np.cos(t[30]),
    // np.sin(np.linspace(0, 6 * np.pi, 48))[7]; t[1], t[17]
    expect(task.phase[1]).toBe(0.20052719065466765);
    expect(task.phase[17]).toBe(3.40896224112935);
    expect(task.x.data[2 * 5]).toBe(0.842892271416797);
    expect(task.x.data[2 * 30 + 1]).toBe(0.9644691750543765);
    expect(task.y.data[7]).toBe(0.32802485783956936);
    expect(task.phase[47]).toBe(3 * Math.PI);
  });

  it("defaults to float32", () => {
    expect(sineTask().x.dtype).toBe("float32");
  });
});

describe("linspace", () => {
  it("matches numpy.linspace(0, 1, 7)", () => {
    expect(Array.from(linspace(0, 1, 7))).toEqual([
      0.0, 0.16666666666666666, 0.3333333333333333, 0.5, 0.6666666666666666, 0.8333333333333333,
      1.0,
    ]);
    expect(Array.from(linspace(2, 5, 1))).toEqual([2]);
  });

  it("rejects a bad count", () => {
    expect(() => linspace(0, 1, 0)).toThrow("linspace: n must be an integer >= 1, got 0");
  });
});
