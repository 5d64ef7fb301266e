/**
 * The progress report of `ncps atari`, character for character as the ncps example prints
 * it (Python f-strings):
 *
 *   Ran 0.1 hours
 *       sampled 52k steps
 *       policy reward: 1.9
 *       saved checkpoint 'rl_ckpt/ALE/Breakout-v5/checkpoint-13'
 */

/**
 * `x` with `digits` decimals as Python's `f"{x:0.{digits}f}"` prints it: correctly rounded,
 * exact ties to even (JavaScript's `toFixed` rounds them up), `nan`/`inf` spelled as Python does.
 */
export function pythonFixed(x: number, digits: number): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  const negative = x < 0 || Object.is(x, -0);
  const magnitude = Math.abs(x);
  if (magnitude >= 1e21) {
    // toFixed switches to exponent notation here; such doubles are integers.
    const whole = BigInt(magnitude).toString();
    return `${negative ? "-" : ""}${whole}${digits > 0 ? `.${"0".repeat(digits)}` : ""}`;
  }
  let text = magnitude.toFixed(digits);
  // A double's decimal expansion ends within ~1075 digits; ties have short ones, so 60 extra
  // digits decide exactly whether the dropped part is one half.
  const long = magnitude.toFixed(Math.min(100, digits + 60));
  const cut = long.length - (Math.min(100, digits + 60) - digits);
  const dropped = long.slice(cut);
  if (/^50*$/.test(dropped)) {
    const kept = digits === 0 ? long.slice(0, cut - 1) : long.slice(0, cut);
    const lastDigit = Number(kept.replace(".", "").slice(-1));
    // toFixed rounded the tie up; keep the truncated value when its last digit is even.
    if (lastDigit % 2 === 0) text = kept;
  }
  return negative ? `-${text}` : text;
}

/** The four report lines (with a trailing newline). */
export function formatReport(r: {
  hours: number;
  envSteps: number;
  policyReward: number;
  checkpoint: string;
}): string {
  return [
    `Ran ${pythonFixed(r.hours, 1)} hours`,
    `    sampled ${pythonFixed(r.envSteps / 1000, 0)}k steps`,
    `    policy reward: ${pythonFixed(r.policyReward, 1)}`,
    `    saved checkpoint '${r.checkpoint}'`,
    "",
  ].join("\n");
}
