/**
 * The ncps browser demo: an NCP wiring drawing, a CfC learning the sine task live, and a CfC
 * policy playing MinAtar Breakout. Everything runs in this page on the library's `js` kernels.
 */
import { backend, jsSimd } from "../../src/browser.js";
import { BreakoutPolicy } from "./breakout/policy.js";
import { mountBreakoutPanel } from "./panels/breakoutPanel.js";
import { mountSinePanel } from "./panels/sinePanel.js";
import { mountWiringPanel } from "./panels/wiringPanel.js";
import { byId } from "./ui/dom.js";

/** The policy file shipped in `web/public/`, made by `scripts/web-train-policy.ts`. */
const POLICY_URL = new URL("breakout-policy.safetensors", document.baseURI);

async function loadPolicy(): Promise<BreakoutPolicy> {
  const response = await fetch(POLICY_URL);
  if (!response.ok) {
    throw new Error(`fetching ${POLICY_URL.href} failed: HTTP ${response.status}`);
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  return BreakoutPolicy.fromSafetensors(bytes, POLICY_URL.pathname);
}

function describePolicy(policy: BreakoutPolicy): string {
  const notes = policy.metadata;
  let evaluation = "";
  try {
    const e = JSON.parse(notes.evaluation ?? "{}") as Record<string, unknown>;
    if (typeof e.studentMeanReturn === "number" && typeof e.teacherMeanReturn === "number") {
      evaluation = ` Evaluated offline on ${String(e.episodes)} seeded episodes of at most ${String(e.maxEpisodeSteps)} steps, it averaged ${e.studentMeanReturn.toFixed(1)} points; its teacher averaged ${e.teacherMeanReturn.toFixed(1)}.`;
    }
  } catch {
    // Notes are informative only; a policy without them still plays.
  }
  return `Policy: CfC with ${policy.stateSize} neurons, trained by ${notes.trainer ?? "an unknown trainer"}.${evaluation}`;
}

async function main(): Promise<void> {
  byId("backend", HTMLSpanElement).textContent =
    backend() === "js" && jsSimd() ? "js, WebAssembly SIMD" : backend();
  mountWiringPanel();
  mountSinePanel();
  const info = byId("policy-info", HTMLParagraphElement);
  try {
    const policy = await loadPolicy();
    info.textContent = describePolicy(policy);
    mountBreakoutPanel(policy);
  } catch (e) {
    info.textContent = `The Breakout policy could not be loaded: ${e instanceof Error ? e.message : String(e)}`;
    throw e;
  }
}

main().catch((e: unknown) => {
  console.error(e);
});
