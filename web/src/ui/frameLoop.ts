/**
 * Work in slices per animation frame, so long jobs (training, playing) never block the page:
 * each frame calls `work` until it asks to wait, says it is done, or `budgetMs` has passed;
 * then `draw` runs once.
 */

/** What a unit of work asks next: more now, nothing until the next frame, or stop. */
export type FrameWork = "more" | "wait" | "done";

/** A running frame loop. */
export interface FrameLoop {
  /** Stops before the next frame. */
  stop(): void;
  readonly running: boolean;
}

/** Starts a frame loop; see the module comment. `work` receives `performance.now()`. */
export function startFrameLoop(
  work: (now: number) => FrameWork,
  draw: () => void,
  budgetMs = 8,
): FrameLoop {
  let running = true;
  const frame = (): void => {
    if (!running) return;
    const start = performance.now();
    let next: FrameWork;
    do {
      next = work(performance.now());
    } while (next === "more" && performance.now() - start < budgetMs);
    draw();
    if (next === "done") running = false;
    else requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  return {
    stop: () => {
      running = false;
    },
    get running() {
      return running;
    },
  };
}
