/**
 * Panel 3: the CfC policy plays MinAtar Breakout (`MinAtar/Breakout-v1`, sticky actions as in
 * MinAtar). Each step the observation goes through the policy's stepper, the board is drawn,
 * and the CfC state joins the heatmap strip. Episodes follow one another with seeds seed,
 * seed + 1, ... The counters (`#breakout-score`, `#breakout-total`, ...) are what the
 * browser test reads.
 */
import { MinAtarEnv } from "../../../src/browser.js";
import { BREAKOUT_ACTION_NAMES } from "../breakout/observation.js";
import type { BreakoutPolicy } from "../breakout/policy.js";
import { drawBoard } from "../ui/board.js";
import { byId, readInt } from "../ui/dom.js";
import { type FrameLoop, startFrameLoop } from "../ui/frameLoop.js";
import { StateHeatmap } from "../ui/heatmap.js";

/** Row labels of the state heatmap: the neuron id and its NCP layer (m, c, i). */
function neuronLabels(policy: BreakoutPolicy): string[] {
  const wiring = policy.model.wiring;
  return Array.from({ length: policy.stateSize }, (_, i) =>
    wiring === null ? `n${i}` : `${wiring.getTypeOfNeuron(i)[0]}${i}`,
  );
}

/** Wires the panel to a loaded policy and starts playing. */
export function mountBreakoutPanel(policy: BreakoutPolicy): void {
  const panel = byId("breakout-panel", HTMLElement);
  const board = byId("breakout-board", HTMLCanvasElement);
  const strip = byId("breakout-heatmap", HTMLCanvasElement);
  const speed = byId("breakout-speed", HTMLSelectElement);
  const seedInput = byId("breakout-seed", HTMLInputElement);
  const restart = byId("breakout-restart", HTMLButtonElement);
  const stepOut = byId("breakout-step", HTMLSpanElement);
  const scoreOut = byId("breakout-score", HTMLSpanElement);
  const totalOut = byId("breakout-total", HTMLSpanElement);
  const totalStepsOut = byId("breakout-total-steps", HTMLSpanElement);
  const episodesOut = byId("breakout-episodes", HTMLSpanElement);
  const returnsOut = byId("breakout-returns", HTMLSpanElement);
  const actionOut = byId("breakout-action", HTMLSpanElement);
  const error = byId("breakout-error", HTMLParagraphElement);
  strip.height = 10 * policy.stateSize;
  const heatmap = new StateHeatmap(strip, neuronLabels(policy));
  let loop: FrameLoop | null = null;

  const start = (): void => {
    loop?.stop();
    let seed: number;
    try {
      seed = readInt(seedInput, "seed", 0, 2 ** 31);
      error.textContent = "";
    } catch (e) {
      error.textContent = e instanceof Error ? e.message : String(e);
      return;
    }
    const env = new MinAtarEnv("breakout", { minimalActions: true });
    let observation = env.reset({ seed }).observation;
    policy.reset();
    heatmap.clear();
    const returns: number[] = [];
    let score = 0;
    let total = 0;
    let totalSteps = 0;
    let lastAction = "";
    let due = 0;
    let lastTime: number | null = null;

    const step = (): void => {
      const decision = policy.act(observation);
      heatmap.push(policy.state);
      const result = env.step(decision.action);
      score += result.reward;
      total += result.reward;
      totalSteps += 1;
      const logits = Array.from(decision.logits, (v) => v.toFixed(2)).join(", ");
      lastAction = `${BREAKOUT_ACTION_NAMES[decision.action]} (logits ${logits})`;
      observation = result.observation;
      if (result.terminated || result.truncated) {
        returns.push(score);
        score = 0;
        observation = env.reset({ seed: seed + returns.length }).observation;
        policy.reset();
      }
    };
    const draw = (): void => {
      drawBoard(board, observation);
      stepOut.textContent = String(env.elapsedSteps);
      scoreOut.textContent = String(score);
      totalOut.textContent = String(total);
      totalStepsOut.textContent = String(totalSteps);
      episodesOut.textContent = String(returns.length);
      returnsOut.textContent = returns.length === 0 ? "none yet" : returns.slice(-12).join(", ");
      actionOut.textContent = lastAction;
      panel.dataset.state = "playing";
    };
    loop = startFrameLoop((now) => {
      const perSecond = Number(speed.value);
      if (perSecond === 0) {
        step();
        return "more";
      }
      // Steps fall due at `perSecond`; a long pause (a hidden tab) does not pile them up.
      due = Math.min(due + (lastTime === null ? 1 : ((now - lastTime) * perSecond) / 1000), 4);
      lastTime = now;
      if (due < 1) return "wait";
      due -= 1;
      step();
      return due >= 1 ? "more" : "wait";
    }, draw);
  };
  restart.addEventListener("click", start);
  start();
}
