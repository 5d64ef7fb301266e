/**
 * Panel 1: an AutoNCP wiring drawn as SVG (the library's `drawWiring`), redrawn whenever the
 * user changes its neurons, outputs, sensory inputs or seed. Invalid settings show the
 * library's error message instead of a drawing.
 */
import { AutoNCP, drawWiring } from "../../../src/browser.js";
import { byId, readInt } from "../ui/dom.js";

/** Wires the panel's inputs to its drawing and draws once. */
export function mountWiringPanel(): void {
  const units = byId("wiring-units", HTMLInputElement);
  const outputs = byId("wiring-outputs", HTMLInputElement);
  const inputs = byId("wiring-inputs", HTMLInputElement);
  const seed = byId("wiring-seed", HTMLInputElement);
  const drawing = byId("wiring-drawing", HTMLDivElement);
  const summary = byId("wiring-summary", HTMLParagraphElement);
  const error = byId("wiring-error", HTMLParagraphElement);

  const redraw = (): void => {
    try {
      const wiring = new AutoNCP(
        readInt(units, "units", 3, 64),
        readInt(outputs, "outputs", 1, 61),
        {
          seed: readInt(seed, "seed", 0, 2 ** 32 - 1),
        },
      );
      wiring.build(readInt(inputs, "sensory inputs", 1, 32));
      drawing.innerHTML = drawWiring(wiring, { title: "AutoNCP wiring" });
      const s = wiring.sizes;
      summary.textContent = `${s.interNeurons} inter, ${s.commandNeurons} command, ${s.motorNeurons} motor neurons; ${wiring.synapseCount} synapses and ${wiring.sensorySynapseCount} sensory synapses.`;
      error.textContent = "";
    } catch (e) {
      error.textContent = e instanceof Error ? e.message : String(e);
    }
  };
  for (const input of [units, outputs, inputs, seed]) input.addEventListener("input", redraw);
  redraw();
}
