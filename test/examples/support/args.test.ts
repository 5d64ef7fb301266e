import { describe, expect, it } from "vitest";
import { kebab, parseArgs } from "../../../examples/support/args.js";

const SPEC = {
  steps: { kind: "number", integer: true, min: 1, default: 400, help: "steps" },
  lr: { kind: "number", default: 0.01, help: "learning rate" },
  model: { kind: "choice", choices: ["ltc", "cfc", "both"], default: "both", help: "model" },
  out: { kind: "string", default: "a.svg", help: "output" },
  full: { kind: "boolean", help: "long run" },
  timeUnit: { kind: "choice", choices: ["pad", "bit"], default: "pad", help: "unit" },
} as const;

const run = (argv: string[]) => {
  const r = parseArgs("demo", "A demo.", argv, SPEC);
  if (r.help) throw new Error("unexpected help");
  return r.flags;
};

describe("parseArgs", () => {
  it("gives the defaults for no arguments", () => {
    expect(run([])).toEqual({
      steps: 400,
      lr: 0.01,
      model: "both",
      out: "a.svg",
      full: false,
      timeUnit: "pad",
    });
  });

  it("reads --name value, --name=value, bare booleans and kebab-case names", () => {
    const f = run(["--steps", "5", "--lr=0.5", "--model", "cfc", "--full", "--time-unit=bit"]);
    expect(f).toMatchObject({ steps: 5, lr: 0.5, model: "cfc", full: true, timeUnit: "bit" });
    expect(kebab("timeUnit")).toBe("time-unit");
  });

  it("returns the usage for --help, listing every flag with its default", () => {
    const r = parseArgs("demo", "A demo.", ["--steps", "3", "--help"], SPEC);
    expect(r.help).toBe(true);
    if (!r.help) return;
    expect(r.usage).toContain("Usage: demo [flags]");
    expect(r.usage).toContain("A demo.");
    expect(r.usage).toMatch(/--steps <number> +steps \(default: 400\)/);
    expect(r.usage).toMatch(/--model ltc\|cfc\|both +model \(default: both\)/);
    expect(r.usage).toMatch(/--time-unit pad\|bit/);
    expect(r.usage).toMatch(/--full +long run\n/);
  });

  it("rejects unknown flags and positional arguments, naming the valid flags", () => {
    expect(() => run(["--stpes", "3"])).toThrow(
      "demo: unknown flag --stpes; expected one of --steps, --lr, --model, --out, --full, --time-unit, --help",
    );
    expect(() => run(["sine"])).toThrow('demo: unexpected argument "sine"; flags are --steps');
  });

  it("rejects malformed values with the flag, the expectation and the value", () => {
    expect(() => run(["--steps", "2.5"])).toThrow(
      'demo: --steps must be an integer >= 1, got "2.5"',
    );
    expect(() => run(["--steps", "0"])).toThrow('demo: --steps must be an integer >= 1, got "0"');
    expect(() => run(["--lr", "fast"])).toThrow('demo: --lr must be a number, got "fast"');
    expect(() => run(["--lr="])).toThrow('demo: --lr must be a number, got ""');
    expect(() => run(["--model", "gru"])).toThrow(
      'demo: --model must be one of ltc, cfc, both, got "gru"',
    );
    expect(() => run(["--steps"])).toThrow("demo: --steps needs a value");
    expect(() => run(["--full=yes"])).toThrow('demo: --full takes no value, got "--full=yes"');
    expect(() => run(["--out="])).toThrow("demo: --out must not be empty");
  });
});
