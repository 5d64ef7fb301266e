/** ANSI-coloured text frames of MinAtar observations, for terminals. */
import { GRID_SIZE } from "./types.js";

// 256-colour foreground codes, one per channel index (Seaquest has the most channels: 10).
const PALETTE = [226, 196, 33, 46, 201, 208, 51, 250, 129, 118];
const RESET = "\x1b[0m";

function paint(channel: number, text: string): string {
  return `\x1b[38;5;${PALETTE[channel % PALETTE.length]}m${text}${RESET}`;
}

/**
 * Draws a `[row][col][channel]` observation as a 10-line grid, two characters per cell; a
 * cell shows its lowest active channel (the player's channel comes first in every game), and
 * a legend names the channel colours.
 */
export function renderObservation(
  obs: Uint8Array,
  channelNames: readonly string[],
  title?: string,
): string {
  const c = channelNames.length;
  if (obs.length !== GRID_SIZE * GRID_SIZE * c) {
    throw new RangeError(
      `obs must have length ${GRID_SIZE * GRID_SIZE * c} for ${c} channels, got ${obs.length}`,
    );
  }
  const lines: string[] = [];
  if (title !== undefined) lines.push(title);
  const border = `+${"-".repeat(2 * GRID_SIZE)}+`;
  lines.push(border);
  for (let row = 0; row < GRID_SIZE; row++) {
    let line = "|";
    for (let col = 0; col < GRID_SIZE; col++) {
      const base = (row * GRID_SIZE + col) * c;
      let shown = -1;
      for (let ch = 0; ch < c && shown < 0; ch++) if (obs[base + ch] === 1) shown = ch;
      line += shown < 0 ? "  " : paint(shown, "██");
    }
    lines.push(`${line}|`);
  }
  lines.push(border);
  lines.push(channelNames.map((name, ch) => paint(ch, `██ ${name}`)).join("  "));
  return `${lines.join("\n")}\n`;
}
