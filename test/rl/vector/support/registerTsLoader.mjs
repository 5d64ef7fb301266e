/** `--import` target for worker threads: installs the TypeScript hooks of `tsLoaderHooks.mjs`. */
import { register } from "node:module";

register("./tsLoaderHooks.mjs", import.meta.url);
