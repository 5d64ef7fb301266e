import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // README and docs snippets import the package by name; tests run them against the sources
    alias: [
      { find: /^ncps$/, replacement: fileURLToPath(new URL("./src/index.ts", import.meta.url)) },
      {
        find: /^ncps\/rl$/,
        replacement: fileURLToPath(new URL("./src/rl/index.ts", import.meta.url)),
      },
    ],
  },
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 120_000,
    // worker-thread tests start TypeScript workers in their hooks: slow on a loaded 2-core machine
    hookTimeout: 60_000,
    pool: "forks",
    // --expose-gc lets the memory tests collect garbage before measuring the heap
    poolOptions: { forks: { execArgv: ["--expose-gc"] } },
  },
});
