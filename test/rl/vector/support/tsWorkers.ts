/** Worker options for tests, which run from TypeScript sources (see `tsLoaderHooks.mjs`). */

/** `execArgv` that lets a worker thread import `.ts` modules. */
export const TS_WORKER_EXEC_ARGV: string[] = [
  "--import",
  new URL("./registerTsLoader.mjs", import.meta.url).href,
];
