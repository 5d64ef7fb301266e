/** The live progress line shown on a terminal between reports. */
import { pythonFixed } from "./format.js";

const WIDTH = 24;

/** Erases the current terminal line. */
export const CLEAR_LINE = "\r\x1b[2K";

/**
 * `[#########...............]  38% to next report | 52k steps | 312 steps/s | reward 1.9`,
 * prefixed with a carriage return so it redraws in place.
 */
export function progressLine(p: {
  fraction: number;
  envSteps: number;
  stepsPerSecond: number;
  meanReturn: number;
}): string {
  const f = Math.min(1, Math.max(0, p.fraction));
  const filled = Math.round(f * WIDTH);
  const bar = `[${"#".repeat(filled)}${".".repeat(WIDTH - filled)}]`;
  const reward = Number.isNaN(p.meanReturn)
    ? "no episode yet"
    : `reward ${pythonFixed(p.meanReturn, 1)}`;
  return `${CLEAR_LINE}${bar} ${String(Math.round(f * 100)).padStart(3)}% to next report | ${pythonFixed(p.envSteps / 1000, 0)}k steps | ${pythonFixed(p.stepsPerSecond, 0)} steps/s | ${reward}`;
}
