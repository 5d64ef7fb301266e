import type { Tolerance } from "../../src/cli/golden/compare.js";

/**
 * float64 against torch float64: both compute in double; only operation order and fused
 * multiply-adds in ATen's vector kernels differ (measured: at most 7e-17 absolute).
 */
export const FLOAT64_VS_TORCH: Tolerance = { rtol: 1e-12, atol: 1e-15 };

/**
 * float32 against torch float32: we compute each update in double and round once on store,
 * torch rounds after every kernel. The intermediates are of magnitude ~0.25, whose float32
 * ulp is 1.5e-8 (measured: at most 7.5e-9 absolute, i.e. half an ulp of those values).
 */
export const FLOAT32_VS_TORCH: Tolerance = { rtol: 3e-7, atol: 2e-8 };
