/**
 * Panel 2: CfC(2, AutoNCP(16, 1)) learns sin(2t) from sin(t), cos(t) live. Training runs a
 * few Adam steps per animation frame; the loss curve and the model's output are redrawn each
 * frame. The numbers shown (`#sine-epoch`, `#sine-loss-first`, `#sine-loss`) are what the
 * browser test reads.
 */
import { SineTrainer } from "../sine/task.js";
import { byId, readInt } from "../ui/dom.js";
import { type FrameLoop, startFrameLoop } from "../ui/frameLoop.js";
import { drawLossChart } from "../ui/lossChart.js";
import { drawSeries } from "../ui/seriesChart.js";

/** Adam steps per training run. */
export const SINE_EPOCHS = 600;

/** Wires the panel and starts training. */
export function mountSinePanel(): void {
  const panel = byId("sine-panel", HTMLElement);
  const seed = byId("sine-seed", HTMLInputElement);
  const restart = byId("sine-restart", HTMLButtonElement);
  const epoch = byId("sine-epoch", HTMLSpanElement);
  const first = byId("sine-loss-first", HTMLSpanElement);
  const latest = byId("sine-loss", HTMLSpanElement);
  const error = byId("sine-error", HTMLParagraphElement);
  const lossCanvas = byId("sine-loss-chart", HTMLCanvasElement);
  const fitCanvas = byId("sine-fit-chart", HTMLCanvasElement);
  let loop: FrameLoop | null = null;

  const start = (): void => {
    loop?.stop();
    let trainer: SineTrainer;
    try {
      trainer = new SineTrainer({ seed: readInt(seed, "seed", 0, 2 ** 32 - 1) });
      error.textContent = "";
    } catch (e) {
      error.textContent = e instanceof Error ? e.message : String(e);
      return;
    }
    panel.dataset.state = "training";
    const draw = (): void => {
      const losses = trainer.losses;
      epoch.textContent = String(trainer.epoch);
      if (losses.length > 0) {
        first.textContent = losses[0].toExponential(3);
        latest.textContent = losses[losses.length - 1].toExponential(3);
      }
      drawLossChart(lossCanvas, losses);
      drawSeries(fitCanvas, [
        { values: trainer.data.targets, color: "#2ca02c", label: "target sin(2t)" },
        { values: trainer.predict(), color: "#ff7f0e", label: "CfC output" },
      ]);
      if (trainer.epoch >= SINE_EPOCHS) panel.dataset.state = "done";
    };
    loop = startFrameLoop(() => {
      trainer.step();
      return trainer.epoch < SINE_EPOCHS ? "more" : "done";
    }, draw);
  };
  restart.addEventListener("click", start);
  start();
}
