/**
 * Strict command-line flags for the examples: `--name value` or `--name=value`, booleans as a
 * bare `--name`, camelCase keys spelt kebab-case on the command line (`timeUnit` → `--time-unit`).
 * Unknown flags, positional arguments, missing or malformed values are errors that name the
 * flag, what was expected and what was given.
 */

/** One flag: its kind, default and help line. */
export type FlagSpec =
  | {
      kind: "number";
      default: number;
      help: string;
      integer?: boolean;
      min?: number;
    }
  | { kind: "string"; default: string; help: string }
  | { kind: "boolean"; help: string }
  | { kind: "choice"; choices: readonly string[]; default: string; help: string };

type FlagValue<F extends FlagSpec> = F extends { kind: "number" }
  ? number
  : F extends { kind: "boolean" }
    ? boolean
    : F extends { kind: "choice"; choices: readonly (infer C)[] }
      ? C
      : string;

/** Parsed values, typed by the spec. */
export type Flags<S extends Record<string, FlagSpec>> = { [K in keyof S]: FlagValue<S[K]> };

/** What a command line asks for: the help text, or a run with these flags. */
export type ParsedArgs<S extends Record<string, FlagSpec>> =
  | { help: true; usage: string }
  | { help: false; flags: Flags<S> };

/** `timeUnit` → `time-unit`. */
export function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** The usage text: program line, description and one line per flag with its default. */
export function usage(
  program: string,
  description: string,
  spec: Record<string, FlagSpec>,
): string {
  const rows = Object.entries(spec).map(([name, f]) => {
    const left =
      f.kind === "boolean"
        ? `--${kebab(name)}`
        : `--${kebab(name)} ${f.kind === "choice" ? f.choices.join("|") : `<${f.kind}>`}`;
    const def = f.kind === "boolean" ? "" : ` (default: ${f.default})`;
    return [left, `${f.help}${def}`] as const;
  });
  rows.push(["--help", "print this help and exit"]);
  const width = Math.max(...rows.map(([l]) => l.length));
  const lines = rows.map(([l, r]) => `  ${l.padEnd(width)}  ${r}`);
  return `Usage: ${program} [flags]\n\n${description}\n\nFlags:\n${lines.join("\n")}\n`;
}

/** Parses `argv` (without the node and script paths) against `spec`. */
export function parseArgs<S extends Record<string, FlagSpec>>(
  program: string,
  description: string,
  argv: readonly string[],
  spec: S,
): ParsedArgs<S> {
  const byFlag = new Map(Object.keys(spec).map((k) => [kebab(k), k]));
  const known = () => [...byFlag.keys(), "help"].map((f) => `--${f}`).join(", ");
  const values: Record<string, string | number | boolean> = {};
  for (const [name, f] of Object.entries(spec)) {
    values[name] = f.kind === "boolean" ? false : f.default;
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith("--")) {
      throw new Error(
        `${program}: unexpected argument ${JSON.stringify(arg)}; flags are ${known()}`,
      );
    }
    const eq = arg.indexOf("=");
    const flag = arg.slice(2, eq < 0 ? undefined : eq);
    if (flag === "help") return { help: true, usage: usage(program, description, spec) };
    const name = byFlag.get(flag);
    if (name === undefined) {
      throw new Error(`${program}: unknown flag --${flag}; expected one of ${known()}`);
    }
    const f = spec[name];
    if (f.kind === "boolean") {
      if (eq >= 0) {
        throw new Error(`${program}: --${flag} takes no value, got ${JSON.stringify(arg)}`);
      }
      values[name] = true;
      continue;
    }
    let raw: string;
    if (eq >= 0) {
      raw = arg.slice(eq + 1);
    } else {
      if (i + 1 >= argv.length) throw new Error(`${program}: --${flag} needs a value`);
      raw = argv[++i];
    }
    values[name] = parseValue(program, flag, f, raw);
  }
  return { help: false, flags: values as Flags<S> };
}

function parseValue(program: string, flag: string, f: FlagSpec, raw: string): string | number {
  if (f.kind === "choice") {
    if (!f.choices.includes(raw)) {
      throw new Error(
        `${program}: --${flag} must be one of ${f.choices.join(", ")}, got ${JSON.stringify(raw)}`,
      );
    }
    return raw;
  }
  if (f.kind === "number") {
    const v = raw.trim() === "" ? Number.NaN : Number(raw);
    const what = f.integer ? "an integer" : "a number";
    const bound = f.min === undefined ? "" : ` >= ${f.min}`;
    if (
      !Number.isFinite(v) ||
      (f.integer && !Number.isInteger(v)) ||
      (f.min !== undefined && v < f.min)
    ) {
      throw new Error(`${program}: --${flag} must be ${what}${bound}, got ${JSON.stringify(raw)}`);
    }
    return v;
  }
  if (raw === "") throw new Error(`${program}: --${flag} must not be empty`);
  return raw;
}
