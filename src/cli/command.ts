/** What every `ncps` subcommand provides, and the flag parser they share. */
import { parseArgs } from "node:util";

export interface FlagSpec {
  type: "string" | "boolean";
  short?: string;
  /** Shown in --help, e.g. "<n>" for a value. */
  value?: string;
  description: string;
  default?: string | boolean;
}

export interface Command {
  name: string;
  summary: string;
  /** Positional arguments, e.g. "<folder>". */
  positionals?: string;
  flags: Record<string, FlagSpec>;
  examples: string[];
  run(argv: string[]): Promise<number>;
}

export type ParsedFlags = Record<string, string | boolean | undefined>;

/** Parses argv strictly: an unknown flag or a missing value is an error that lists what is accepted. */
export function parseFlags(
  command: Command,
  argv: string[],
): { flags: ParsedFlags; positionals: string[] } {
  const options: Record<string, { type: "string" | "boolean"; short?: string }> = {};
  for (const [name, spec] of Object.entries(command.flags)) {
    options[name] = spec.short ? { type: spec.type, short: spec.short } : { type: spec.type };
  }
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options,
      allowPositionals: true,
      strict: true,
    });
    const flags: ParsedFlags = {};
    for (const [name, spec] of Object.entries(command.flags)) {
      const v = (values as Record<string, string | boolean | undefined>)[name];
      flags[name] = v ?? spec.default;
    }
    return { flags, positionals };
  } catch (error) {
    const known = Object.keys(command.flags)
      .map((f) => `--${f}`)
      .join(", ");
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`${message.split("\n")[0]} (accepted options: ${known}, --help)`);
  }
}

/** A flag value as a number, with an error naming the flag when it is not one. */
export function numberFlag(
  flags: ParsedFlags,
  name: string,
  check: { integer?: boolean; min?: number } = {},
): number | undefined {
  const raw = flags[name];
  if (raw === undefined) return undefined;
  const value = Number(raw);
  const kind = check.integer ? "an integer" : "a number";
  const bound = check.min !== undefined ? ` >= ${check.min}` : "";
  if (
    typeof raw !== "string" ||
    raw.trim() === "" ||
    !Number.isFinite(value) ||
    (check.integer && !Number.isInteger(value)) ||
    (check.min !== undefined && value < check.min)
  ) {
    throw new Error(`--${name} expects ${kind}${bound}, got '${String(raw)}'`);
  }
  return value;
}

export function formatHelp(command: Command): string {
  const lines = [
    `Usage: ncps ${command.name}${command.positionals ? ` ${command.positionals}` : ""} [options]`,
    "",
    command.summary,
    "",
    "Options:",
  ];
  for (const [name, spec] of Object.entries(command.flags)) {
    const head = `--${name}${spec.value ? ` ${spec.value}` : ""}`;
    const def =
      spec.default !== undefined && spec.default !== false
        ? ` (default: ${String(spec.default)})`
        : "";
    lines.push(`  ${head.padEnd(24)} ${spec.description}${def}`);
  }
  lines.push(`  ${"--help".padEnd(24)} show this help`, "", "Examples:");
  for (const e of command.examples) lines.push(`  ${e}`);
  lines.push("");
  return lines.join("\n");
}
