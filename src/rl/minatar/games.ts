/** Construction of the five MinAtar games by name. */
import { Asterix } from "./asterix.js";
import { Breakout } from "./breakout.js";
import { Freeway } from "./freeway.js";
import { Seaquest } from "./seaquest.js";
import { SpaceInvaders } from "./spaceInvaders.js";
import type { MinAtarGame, MinAtarGameName } from "./types.js";

/** The game names in MinAtar's spelling. */
export const MINATAR_GAMES: readonly MinAtarGameName[] = [
  "asterix",
  "breakout",
  "freeway",
  "seaquest",
  "space_invaders",
];

/** True when `name` is one of {@link MINATAR_GAMES}. */
export function isMinAtarGameName(name: unknown): name is MinAtarGameName {
  return typeof name === "string" && (MINATAR_GAMES as readonly string[]).includes(name);
}

/** A fresh game (not yet reset). `difficultyRamping` matters to Asterix, Seaquest and Space Invaders. */
export function createGame(name: MinAtarGameName, difficultyRamping: boolean): MinAtarGame {
  switch (name) {
    case "asterix":
      return new Asterix(difficultyRamping);
    case "breakout":
      return new Breakout();
    case "freeway":
      return new Freeway();
    case "seaquest":
      return new Seaquest(difficultyRamping);
    case "space_invaders":
      return new SpaceInvaders(difficultyRamping);
    default:
      throw new RangeError(
        `game must be one of ${MINATAR_GAMES.join(", ")}, got ${JSON.stringify(name)}`,
      );
  }
}
