#!/usr/bin/env node
/** The `ncps` command: subcommands for wirings, golden checks, trace replay and RL training. */
import { runCli } from "./run.js";

process.exitCode = await runCli(process.argv.slice(2));
