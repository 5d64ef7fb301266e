/** `ncps replay <folder>`: replay every MinAtar trace of a folder step for step. */
import { replayFolder } from "../../rl/replay.js";
import { type Command, parseFlags } from "../command.js";

export const replayCommand: Command = {
  name: "replay",
  summary:
    "Replay every MinAtar trace (rewards, terminals, observations) of the game files in a folder.",
  positionals: "<folder>",
  flags: {},
  examples: ["npx ncps replay ../shared/minatar"],
  async run(argv) {
    const { positionals } = parseFlags(this, argv);
    if (positionals.length !== 1) {
      throw new Error(
        `expected one folder of MinAtar trace files, got ${positionals.length} arguments`,
      );
    }
    let passed = 0;
    let failed = 0;
    for (const r of replayFolder(positionals[0])) {
      if (r.ok) passed++;
      else failed++;
      const status = r.ok ? "ok  " : "FAIL";
      const detail = r.ok ? "" : `  (${r.firstMismatch ?? "mismatch"})`;
      process.stdout.write(
        `${status} ${r.game.padEnd(14)} ${r.traceId.padEnd(36)} ${String(r.steps).padStart(6)} steps${detail}\n`,
      );
    }
    process.stdout.write(`${passed} passed, ${failed} failed\n`);
    return failed === 0 ? 0 : 1;
  },
};
