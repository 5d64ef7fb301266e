import { afterEach, describe, expect, it } from "vitest";
import {
  availableBackends,
  backend,
  getKernels,
  jsKernels,
  parseBackendRequest,
  setBackend,
} from "../../src/backend/index.js";

describe("backend selection", () => {
  afterEach(() => setBackend("js"));

  it("runs on the js kernels when no native kernels are built", () => {
    expect(availableBackends()).toContain("js");
    setBackend("js");
    expect(backend()).toBe("js");
    expect(getKernels()).toBe(jsKernels);
  });

  it("refuses native when it cannot load, saying why", () => {
    if (availableBackends().includes("native")) return;
    expect(() => setBackend("native")).toThrow(/setBackend: the native kernels are unavailable/);
  });

  it("rejects an unknown backend name, naming it", () => {
    expect(() => setBackend("gpu" as "js")).toThrow(
      'setBackend: name must be "js" or "native", got "gpu"',
    );
  });

  it("parses NCPS_BACKEND: unset or empty means auto, anything else must be a name", () => {
    expect(parseBackendRequest(undefined)).toBe("auto");
    expect(parseBackendRequest("")).toBe("auto");
    expect(parseBackendRequest("js")).toBe("js");
    expect(parseBackendRequest("native")).toBe("native");
    expect(() => parseBackendRequest("JS")).toThrow(
      'NCPS_BACKEND must be "js" or "native", got "JS"',
    );
  });
});
