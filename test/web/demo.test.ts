/**
 * The browser demo, end to end: builds web/ with Vite into a temporary folder, serves it on
 * 127.0.0.1, and drives it in headless Chromium (playwright-core with Debian's
 * /usr/bin/chromium). Skipped, saying so, only when Chromium is not installed.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";
import { build } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM_ARGS, CHROMIUM_PATH, hasChromium } from "./chromium.js";
import { type StaticServer, serveDirectory } from "./staticServer.js";

const WEB_ROOT = fileURLToPath(new URL("../../web/", import.meta.url));
const SUITE = hasChromium()
  ? "web demo in headless Chromium"
  : `web demo in headless Chromium (SKIPPED: no Chromium at ${CHROMIUM_PATH}; apt-get install -y chromium)`;

/** Reads a number the page shows in `#id`. */
async function shownNumber(page: Page, id: string): Promise<number> {
  const text = await page.locator(`#${id}`).textContent();
  const value = Number(text);
  if (text === null || text.trim() === "" || !Number.isFinite(value)) {
    throw new Error(`#${id} should show a number, shows ${JSON.stringify(text)}`);
  }
  return value;
}

describe.skipIf(!hasChromium())(SUITE, () => {
  let dir = "";
  let server: StaticServer | null = null;
  let browser: Browser | null = null;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "ncps-web-"));
    await build({
      configFile: join(WEB_ROOT, "vite.config.ts"),
      logLevel: "error",
      build: { outDir: join(dir, "dist"), emptyOutDir: true, sourcemap: false },
    });
    server = await serveDirectory(join(dir, "dist"));
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [...CHROMIUM_ARGS],
    });
    page = await browser.newPage({ viewport: { width: 1100, height: 1500 } });
    page.on("console", (msg) => {
      if (msg.type() === "error") problems.push(`console error: ${msg.text()}`);
    });
    page.on("pageerror", (error) => problems.push(`uncaught: ${error.message}`));
    page.on("requestfailed", (req) => problems.push(`request failed: ${req.url()}`));
    page.on("response", (res) => {
      if (res.status() >= 400) problems.push(`HTTP ${res.status()} for ${res.url()}`);
    });
    await page.goto(server.url, { waitUntil: "load" });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dir !== "") await rm(dir, { recursive: true, force: true });
  });

  it("loads the library and the policy, and reports no errors", async () => {
    await page.locator("#breakout-panel[data-state=playing]").waitFor({ timeout: 20_000 });
    // The browser runs the js kernels, with their products on WebAssembly SIMD.
    expect(await page.locator("#backend").textContent()).toBe("js, WebAssembly SIMD");
    expect(await page.locator("#policy-info").textContent()).toContain("behaviour cloning");
    expect(problems).toEqual([]);
  });

  it("draws the AutoNCP wiring and redraws it when the settings change", async () => {
    // AutoNCP(16, 2), sparsity 0.5: 14 inter+command neurons, command = trunc(0.4 * 14) = 5.
    await expect
      .poll(() => page.locator("#wiring-summary").textContent())
      .toContain("9 inter, 5 command, 2 motor neurons");
    expect(await page.locator("#wiring-drawing svg circle").count()).toBe(16 + 4);
    await page.locator("#wiring-units").fill("24");
    // AutoNCP(24, 2): 22 inter+command, command = trunc(8.8) = 8, inter = 14.
    await expect
      .poll(() => page.locator("#wiring-summary").textContent())
      .toContain("14 inter, 8 command, 2 motor neurons");
    expect(await page.locator("#wiring-drawing svg circle").count()).toBe(24 + 4);
    await page.locator("#wiring-outputs").fill("30");
    await expect.poll(() => page.locator("#wiring-error").textContent()).toContain("outputSize");
    await page.locator("#wiring-outputs").fill("2");
    await expect.poll(() => page.locator("#wiring-error").textContent()).toBe("");
  });

  it("trains the sine CfC live and the loss falls", async () => {
    await expect
      .poll(() => shownNumber(page, "sine-epoch"), { timeout: 60_000, interval: 250 })
      .toBeGreaterThanOrEqual(300);
    const first = await shownNumber(page, "sine-loss-first");
    const latest = await shownNumber(page, "sine-loss");
    // The target sin(2t) has mean square 0.49; an untrained CfC is far off, 300 Adam steps fit it.
    expect(first).toBeGreaterThan(0.1);
    expect(latest).toBeLessThan(first / 10);
  });

  it("plays Breakout with the CfC policy and scores", async () => {
    await page.locator("#breakout-speed").selectOption("0");
    await expect
      .poll(() => shownNumber(page, "breakout-total-steps"), { timeout: 30_000, interval: 250 })
      .toBeGreaterThanOrEqual(500);
    expect(await shownNumber(page, "breakout-total")).toBeGreaterThan(0);
    // The last step's logits are shown next to its action.
    expect(await page.locator("#breakout-action").textContent()).toMatch(
      /^(noop|left|right) \(logits -?\d/,
    );
  });

  it("renders the page to a PNG screenshot", async () => {
    const path = process.env.NCPS_WEB_SCREENSHOT ?? join(dir, "demo.png");
    await page.screenshot({ path, fullPage: true });
    const png = await readFile(path);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.length).toBeGreaterThan(10_000);
  });

  it("raised no console error, page error or failed request during the session", () => {
    expect(problems).toEqual([]);
  });
});
