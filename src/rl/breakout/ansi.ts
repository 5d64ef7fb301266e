/** Text rendering of RGB frames for terminals: 24-bit ANSI colours on half-block characters. */

/** How many frame pixels one character cell covers horizontally and per half vertically. */
export interface AnsiBlockSize {
  /** Pixels per character column (default 2). */
  blockWidth?: number;
  /** Pixels per half character row (default 4): a character shows two such blocks. */
  blockHeight?: number;
}

const UPPER_HALF = "\u2580";
const RESET = "\x1b[0m";

/**
 * Renders a channel-last RGB frame `[height, width, 3]` as lines of "▀" characters whose
 * foreground is the upper block and background the lower one. Each block shows its
 * brightest pixel, so 2-pixel objects such as a ball survive the downsampling.
 */
export function rgbToAnsi(
  frame: Uint8Array,
  height: number,
  width: number,
  size: AnsiBlockSize = {},
): string {
  const bw = size.blockWidth ?? 2;
  const bh = size.blockHeight ?? 4;
  if (frame.length !== height * width * 3) {
    throw new RangeError(
      `rgbToAnsi: frame must have height*width*3 = ${height * width * 3} bytes, got ${frame.length}`,
    );
  }
  for (const [name, v] of [
    ["blockWidth", bw],
    ["blockHeight", bh],
  ] as const) {
    if (!Number.isInteger(v) || v < 1) {
      throw new RangeError(`rgbToAnsi: ${name} must be a positive integer, got ${v}`);
    }
  }
  const cols = Math.ceil(width / bw);
  const halfRows = Math.ceil(height / bh);
  const lines: string[] = [];
  for (let hr = 0; hr < halfRows; hr += 2) {
    let line = "";
    let lastFg = -1;
    let lastBg = -1;
    for (let c = 0; c < cols; c++) {
      const fg = brightest(frame, height, width, hr * bh, c * bw, bh, bw);
      const bg =
        hr + 1 < halfRows ? brightest(frame, height, width, (hr + 1) * bh, c * bw, bh, bw) : 0;
      if (fg !== lastFg) line += `\x1b[38;2;${fg >> 16};${(fg >> 8) & 255};${fg & 255}m`;
      if (bg !== lastBg) line += `\x1b[48;2;${bg >> 16};${(bg >> 8) & 255};${bg & 255}m`;
      lastFg = fg;
      lastBg = bg;
      line += UPPER_HALF;
    }
    lines.push(line + RESET);
  }
  return lines.join("\n");
}

/** The brightest pixel of a block as 0xRRGGBB. */
function brightest(
  frame: Uint8Array,
  height: number,
  width: number,
  y0: number,
  x0: number,
  bh: number,
  bw: number,
): number {
  let best = 0;
  let bestSum = -1;
  const y1 = Math.min(height, y0 + bh);
  const x1 = Math.min(width, x0 + bw);
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = (y * width + x) * 3;
      const sum = frame[i] + frame[i + 1] + frame[i + 2];
      if (sum > bestSum) {
        bestSum = sum;
        best = (frame[i] << 16) | (frame[i + 1] << 8) | frame[i + 2];
      }
    }
  }
  return best;
}
