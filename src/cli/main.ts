#!/usr/bin/env node
/** The `ncps` command: subcommands for wirings, golden checks, trace replay and RL training. */
import { runCli } from "./run.js";

// `ncps golden ... | head` closes the pipe early: that is not an error
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});

process.exitCode = await runCli(process.argv.slice(2));
