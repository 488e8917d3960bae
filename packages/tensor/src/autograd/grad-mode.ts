// The global "record the graph?" switch. noGrad(fn) turns recording off for the synchronous body of fn;
// it does not follow promises (an async fn would re-enable recording at its first await).
let enabled = true;

export function isGradEnabled(): boolean {
  return enabled;
}

/** Sets recording on/off and returns the previous state. Prefer noGrad/enableGrad, which restore it. */
export function setGradEnabled(on: boolean): boolean {
  const prev = enabled;
  enabled = on;
  return prev;
}

/** Runs fn without recording the autograd graph (inference, weight updates). Synchronous bodies only. */
export function noGrad<T>(fn: () => T): T {
  const prev = setGradEnabled(false);
  try {
    return fn();
  } finally {
    enabled = prev;
  }
}

/** Runs fn with recording on, even inside noGrad. */
export function enableGrad<T>(fn: () => T): T {
  const prev = setGradEnabled(true);
  try {
    return fn();
  } finally {
    enabled = prev;
  }
}
