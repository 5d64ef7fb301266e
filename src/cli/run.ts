/** Subcommand dispatch for the `ncps` command; returns the exit code instead of exiting. */
import { type Command, formatHelp } from "./command.js";

/** Commands load lazily so that `ncps wiring` never pays for the RL stack. */
const commands: Record<string, () => Promise<Command>> = {
  wiring: async () => (await import("./commands/wiring.js")).wiringCommand,
  golden: async () => (await import("./commands/golden.js")).goldenCommand,
  replay: async () => (await import("./commands/replay.js")).replayCommand,
  atari: async () => (await import("./commands/atari.js")).atariCommand,
};

export async function runCli(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(await usage());
    return name === undefined ? 1 : 0;
  }
  const load = commands[name];
  if (load === undefined) {
    process.stderr.write(
      `ncps: unknown command '${name}'; expected one of: ${Object.keys(commands).join(", ")}\n`,
    );
    return 2;
  }
  const command = await load();
  if (rest.includes("--help") || rest.includes("-h")) {
    process.stdout.write(formatHelp(command));
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    process.stderr.write(
      `ncps ${name}: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return 1;
  }
}

async function usage(): Promise<string> {
  const lines = ["Usage: ncps <command> [options]", "", "Commands:"];
  for (const [name, load] of Object.entries(commands)) {
    const c = await load();
    lines.push(`  ${name.padEnd(10)} ${c.summary}`);
  }
  lines.push("", "Run 'ncps <command> --help' for the options and examples of a command.", "");
  return lines.join("\n");
}
