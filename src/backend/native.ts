import type { Kernels } from "./kernels.js";
import { loadNativeKernelsWithReason } from "./native/index.js";

/** What loading the native kernel set gave. */
export type NativeLoadResult =
  | {
      /** The loaded native kernel set. */
      readonly kernels: Kernels;
    }
  | {
      /** No native kernels. */
      readonly kernels: null;
      /** Why there are no native kernels, for messages. */
      readonly reason: string;
      /** True when the addon is missing or failed to load in Node (worth a notice); false in browsers. */
      readonly failed: boolean;
    };

/** Loads the C++ N-API kernel set built at install time (never throws; see native/). */
export function loadNativeKernels(): NativeLoadResult {
  return loadNativeKernelsWithReason();
}
