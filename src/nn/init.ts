/**
 * Weight initialisers with ncps-torch's distributions (spec/ncps.md 2.2, 2.4, 2.6, 9.6).
 * The random source is always injected; exact torch RNG parity is not a goal (weights that
 * must match are loaded, not drawn).
 */
import { defaultRng, type Generator } from "../random/index.js";

/** Uniform doubles in [0, 1): anything with numpy's `Generator.random()` shape. */
export interface RandomSource {
  /** A uniform double in `[0, 1)`. */
  random(): number;
}

/** A generator with a fresh seed from Math.random, for models built without `seed` or `rng` (like torch without manual_seed). */
export function unseededRng(): Generator {
  return defaultRng(Math.floor(Math.random() * 2 ** 32));
}

/** The generator a module uses: `rng` when given, else one seeded by `seed`, else an unseeded one. */
export function resolveRng(options: { rng?: RandomSource; seed?: number }): RandomSource {
  if (options.rng !== undefined) return options.rng;
  if (options.seed !== undefined) return defaultRng(options.seed);
  return unseededRng();
}

type Data = Float32Array | Float64Array;

/** U(low, high) in every element. */
export function uniform(rng: RandomSource, data: Data, low: number, high: number): void {
  for (let i = 0; i < data.length; i++) data[i] = low + (high - low) * rng.random();
}

/** torch `xavier_uniform_` for a `[fanOut, fanIn]` matrix: U(±sqrt(6 / (fanIn + fanOut))). */
export function xavierUniform(rng: RandomSource, data: Data, fanOut: number, fanIn: number): void {
  const bound = Math.sqrt(6 / (fanIn + fanOut));
  uniform(rng, data, -bound, bound);
}

/** torch's default `nn.Linear`/`nn.Conv2d` init for weights and biases: U(±1/sqrt(fanIn)). */
export function torchDefaultUniform(rng: RandomSource, data: Data, fanIn: number): void {
  const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
  uniform(rng, data, -bound, bound);
}

/** Standard normal draws by Box-Muller. */
export function normal(rng: RandomSource, data: Data, mean = 0, std = 1): void {
  for (let i = 0; i < data.length; i += 2) {
    const u1 = 1 - rng.random();
    const u2 = rng.random();
    const r = Math.sqrt(-2 * Math.log(u1));
    data[i] = mean + std * r * Math.cos(2 * Math.PI * u2);
    if (i + 1 < data.length) data[i + 1] = mean + std * r * Math.sin(2 * Math.PI * u2);
  }
}

/**
 * torch `orthogonal_` for a `[rows, cols]` matrix: QR of a Gaussian matrix with the sign fix
 * `Q·diag(sign(diag(R)))`, transposed when rows < cols, so rows (or columns) are orthonormal.
 */
export function orthogonal(
  rng: RandomSource,
  data: Data,
  rows: number,
  cols: number,
  gain = 1,
): void {
  const tall = rows >= cols;
  const m = tall ? rows : cols;
  const n = tall ? cols : rows;
  const a = new Float64Array(m * n);
  normal(rng, a);
  // modified Gram-Schmidt on the n columns of the m x n matrix a (column j = a[i*n + j])
  for (let j = 0; j < n; j++) {
    for (let k = 0; k < j; k++) {
      let dot = 0;
      for (let i = 0; i < m; i++) dot += a[i * n + j] * a[i * n + k];
      for (let i = 0; i < m; i++) a[i * n + j] -= dot * a[i * n + k];
    }
    let norm = 0;
    for (let i = 0; i < m; i++) norm += a[i * n + j] ** 2;
    norm = Math.sqrt(norm);
    // Gram-Schmidt yields R with a positive diagonal, which is exactly torch's sign fix
    for (let i = 0; i < m; i++) a[i * n + j] /= norm;
  }
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      data[r * cols + c] = gain * (tall ? a[r * n + c] : a[c * n + r]);
    }
  }
}
