import type { Kernels } from "./kernels.js";

/** What loading the native kernel set gave. */
export type NativeLoadResult =
  | { readonly kernels: Kernels }
  | {
      readonly kernels: null;
      /** Why there are no native kernels, for messages. */
      readonly reason: string;
      /** True when an addon exists but failed to load (worth a notice); false when absent by design (browser, no build). */
      readonly failed: boolean;
    };

/**
 * Loads the C++ N-API kernel set. This is the slot the native loader fills; until the addon
 * exists it reports the kernels as absent, which is not a failure.
 */
export function loadNativeKernels(): NativeLoadResult {
  return { kernels: null, reason: "this build has no native kernels", failed: false };
}
