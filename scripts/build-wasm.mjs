#!/usr/bin/env node
// Regenerates src/backend/js/simd/<name>Wasm.ts from each <name>.wat beside it (run after
// editing a .wat; the tests fail while a generated module is stale).
import { readdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { assembleWat, renderWasmModule } from "./wasm-assemble.mjs";

const DIR = join(dirname(dirname(fileURLToPath(import.meta.url))), "src", "backend", "js", "simd");

for (const file of readdirSync(DIR).filter((f) => f.endsWith(".wat"))) {
  const name = file.slice(0, -".wat".length);
  const bytes = await assembleWat(join(DIR, file));
  const out = join(DIR, `${name}Wasm.ts`);
  writeFileSync(out, renderWasmModule(file, `${name.toUpperCase()}_WASM`, bytes));
  console.log(`${out}: ${bytes.length} bytes`);
}
