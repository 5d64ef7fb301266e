/** The kernel interface, the portable `js` kernels, and the choice between kernel sets. */

export type { CfcStepKernel, FusedRecurrences, FusedSaved, LtcStepKernel } from "./fused.js";
export { erf, jsKernels, jsSimd } from "./js/index.js";
export type {
  BackendName,
  BinaryOp,
  Conv2dGeometry,
  FloatArray,
  Kernels,
  UnaryOp,
} from "./kernels.js";
export { BINARY_OPS, UNARY_OPS } from "./kernels.js";
export { loadNativeKernels, type NativeLoadResult } from "./native.js";
export {
  availableBackends,
  type BackendRequest,
  backend,
  fusedKernels,
  getKernels,
  parseBackendRequest,
  setBackend,
} from "./select.js";
export { contiguousStrides } from "./strides.js";
