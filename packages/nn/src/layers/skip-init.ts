// Building layers without initialising them: while a skip-init scope is open, Linear and Embedding keep their
// zero-filled parameters instead of drawing random values (the role of PyTorch's torch.nn.utils.skip_init
// and accelerate's init_empty_weights). For models whose every value a checkpoint will overwrite: it saves the
// time of drawing them and the three weight-sized temporaries each draw allocates (rand, ·scale, +shift).
// It does not skip allocation: parameters exist (as zeros) so the checkpoint can be written into them.

let depth = 0;

/** Runs fn with layer initialisation skipped (nested scopes are fine). */
export function withoutInit<T>(fn: () => T): T {
  depth++;
  try {
    return fn();
  } finally {
    depth--;
  }
}

/** @internal opens a scope by hand (a constructor cannot assign readonly fields inside a closure). */
export function beginSkipInit(): void {
  depth++;
}

/** @internal closes a scope opened with {@link beginSkipInit}. */
export function endSkipInit(): void {
  depth = Math.max(0, depth - 1);
}

/** Whether layers being constructed now should skip their random initialisation. */
export function initSkipped(): boolean {
  return depth > 0;
}
