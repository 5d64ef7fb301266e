/**
 * Builds the demo page from web/ into web/dist (`npx vite build --config web/vite.config.ts`);
 * `npx vite --config web/vite.config.ts` serves it for development. The page imports the
 * library's TypeScript sources directly, so the dev server may read the whole repository;
 * `browserSafety` fails the build if anything the page loads imports a Node.js built-in.
 */
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";
import { browserSafety } from "./browserSafety.js";

const webRoot = fileURLToPath(new URL(".", import.meta.url));
const repoRoot = fileURLToPath(new URL("..", import.meta.url));

export default defineConfig({
  root: webRoot,
  base: "./",
  publicDir: "public",
  logLevel: "warn",
  plugins: [browserSafety()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    sourcemap: true,
  },
  server: { fs: { allow: [repoRoot] } },
});
