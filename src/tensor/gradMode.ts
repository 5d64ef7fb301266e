let enabled = true;

/** Whether ops currently record the graph that `backward`/`grad` differentiate. */
export function isGradEnabled(): boolean {
  return enabled;
}

/**
 * Runs `fn` without recording any graph (inference, optimiser updates) and returns its
 * result. Synchronous only: recording resumes when `fn` returns, before any promise settles.
 */
export function noGrad<R>(fn: () => R): R {
  return withGradMode(false, fn);
}

/** Runs `fn` with recording switched on or off, restoring the previous mode afterwards. */
export function withGradMode<R>(on: boolean, fn: () => R): R {
  const previous = enabled;
  enabled = on;
  try {
    return fn();
  } finally {
    enabled = previous;
  }
}
