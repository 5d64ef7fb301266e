import type { FusedRecurrences } from "./fused.js";
import { jsFused } from "./js/fused.js";
import { jsKernels } from "./js/index.js";
import type { BackendName, Kernels } from "./kernels.js";
import { loadNativeKernels, type NativeLoadResult } from "./native.js";

/** What `NCPS_BACKEND` asks for: one kernel set, or the best available ("auto"). */
export type BackendRequest = BackendName | "auto";

let active: Kernels | null = null;
let nativeLoad: NativeLoadResult | null = null;
let noticeGiven = false;

/** The active kernel set, chosen on first use (see `backend`). */
export function getKernels(): Kernels {
  return active ?? choose();
}

/**
 * The name of the active kernel set. Unless `setBackend` chose one, the first use picks it
 * from `NCPS_BACKEND` (`js` or `native`, forced), or else `native` when it loads and `js`
 * otherwise.
 */
export function backend(): BackendName {
  return getKernels().name;
}

/** Switches kernel sets; throws when `native` is asked for but cannot load. */
export function setBackend(name: BackendName): void {
  if (name === "js") {
    active = jsKernels;
  } else if (name === "native") {
    const load = native();
    if (load.kernels === null) {
      throw new Error(`setBackend: the native kernels are unavailable (${load.reason})`);
    }
    active = load.kernels;
  } else {
    throw new RangeError(`setBackend: name must be "js" or "native", got ${JSON.stringify(name)}`);
  }
}

/** The kernel sets this process can use, `js` first. */
export function availableBackends(): BackendName[] {
  return native().kernels === null ? ["js"] : ["js", "native"];
}

/** Parses a `NCPS_BACKEND` value: unset or empty means "auto". */
export function parseBackendRequest(value: string | undefined): BackendRequest {
  if (value === undefined || value === "") return "auto";
  if (value === "js" || value === "native") return value;
  throw new RangeError(`NCPS_BACKEND must be "js" or "native", got ${JSON.stringify(value)}`);
}

/** The one place the library reads its environment; browsers have no `process`. */
function readBackendVariable(): string | undefined {
  return typeof process === "undefined" ? undefined : process.env?.NCPS_BACKEND;
}

function choose(): Kernels {
  const request = parseBackendRequest(readBackendVariable());
  if (request === "auto") {
    const load = native();
    if (load.kernels !== null) {
      active = load.kernels;
    } else {
      if (load.failed) notice(load.reason);
      active = jsKernels;
    }
  } else {
    setBackend(request);
  }
  return active ?? jsKernels;
}

function native(): NativeLoadResult {
  nativeLoad ??= loadNativeKernels();
  return nativeLoad;
}

/** Says once, as a process warning, that the library runs on the portable kernels. */
function notice(reason: string): void {
  if (noticeGiven || typeof process === "undefined" || !process.emitWarning) return;
  noticeGiven = true;
  process.emitWarning(`ncps: native kernels unavailable (${reason}); using the js kernels`, {
    code: "NCPS_NATIVE_UNAVAILABLE",
  });
}

/** The active set's fused recurrences, each falling back to `js` where the set has none. */
export function fusedKernels(): FusedRecurrences {
  const kernels = getKernels();
  if (kernels.fused === undefined || kernels.fused === jsFused) return jsFused;
  if (mergedFor !== kernels) {
    merged = { ...jsFused, ...kernels.fused };
    mergedFor = kernels;
  }
  return merged;
}

let merged: FusedRecurrences = jsFused;
let mergedFor: Kernels | null = null;
