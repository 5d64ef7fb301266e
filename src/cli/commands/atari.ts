/**
 * `ncps atari`: train a CfC policy with recurrent PPO on an Atari-style environment (the ncps
 * Atari PPO example, for TypeScript), continue from a checkpoint, or watch the policy play.
 */

import { type AtariIO, processIO } from "../atari/io.js";
import { ATARI_FLAGS, atariOptions } from "../atari/options.js";
import { renderAtari } from "../atari/render.js";
import { trainAtari } from "../atari/train.js";
import { type Command, parseFlags } from "../command.js";

/** Runs `ncps atari` with the given arguments against `io`; returns the exit code. */
export async function runAtari(argv: string[], io: AtariIO): Promise<number> {
  const { flags, positionals } = parseFlags(atariCommand, argv);
  if (positionals.length > 0) {
    throw new Error(`ncps atari takes no positional arguments, got '${positionals.join(" ")}'`);
  }
  const options = atariOptions(flags);
  return options.render ? renderAtari(options, io) : trainAtari(options, io);
}

/** The `ncps atari` command: its flags, help text and entry point on the real process. */
export const atariCommand: Command = {
  name: "atari",
  summary:
    "Train a CfC policy with recurrent PPO (the ncps Atari example), continue it, or watch it play.",
  flags: ATARI_FLAGS,
  examples: [
    "npx ncps atari                                   # MinAtar Breakout: up to 4 hours, ends when the preset has annealed (1M steps)",
    "npx ncps atari --env MinAtar/Breakout-v1 --steps 1000000 --seed 1",
    "npx ncps atari --cont 13                         # continue from rl_ckpt/<env>/checkpoint-13",
    "npx ncps atari --cont 13 --render                # watch it play",
    "npx ncps atari --env PixelBreakout-DeepMind-v5   # pixels + the ncps Conv-CfC",
    "npx ncps atari --env RepeatAfterMe-v0 --wiring auto-ncp:32,8 --steps 100000",
  ],
  run(argv) {
    return runAtari(argv, processIO());
  },
};
