import { fileURLToPath } from "node:url";

/** The shared reference folder, which CI places beside the checkout as `../shared`. */
export const SHARED = fileURLToPath(new URL("../../../shared/", import.meta.url));
export const GOLDEN = `${SHARED}golden`;
export const MINATAR = `${SHARED}minatar`;
