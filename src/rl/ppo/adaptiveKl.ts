/** rllib's adaptive KL coefficient (`update_kl` of its PPO policy). */

/**
 * The coefficient after an iteration whose mean KL(old || new) was `sampledKl`: x1.5 when
 * the KL exceeded twice the target, x0.5 when it fell below half of it, unchanged otherwise.
 */
export function updateKlCoeff(klCoeff: number, sampledKl: number, klTarget: number): number {
  if (sampledKl > 2 * klTarget) return klCoeff * 1.5;
  if (sampledKl < 0.5 * klTarget) return klCoeff * 0.5;
  return klCoeff;
}
