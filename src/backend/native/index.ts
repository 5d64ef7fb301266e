/** The C++ (N-API) kernel set: loading the addon and adapting it to the Kernels interface. */

export { createNativeKernels } from "./adapter.js";
export { addonMismatch, NATIVE_ABI_VERSION, NATIVE_METHODS, type NativeAddon } from "./addon.js";
export {
  ADDON_RELATIVE_PATH,
  loadNativeKernels,
  loadNativeKernelsWithReason,
  type NativeLoadOptions,
  type NativeLoadOutcome,
} from "./load.js";
