// fit()'s private tensor-RNG stream. Dropout and every other random op draw from @paramlens/tensor's one
// global generator, so a training step borrows it: the stream's state is swapped in for the step
// (forward, backward, optimizer) and the caller's state is put back afterwards (like torch.random.fork_rng). Training
// draws then never depend on what callbacks, validation or the caller draw, and the stream's state is a
// small JSON snapshot that checkpoints store. It does not give each module its own generator.
import { Generator, type GeneratorState, getRngState, setRngState } from "@paramlens/tensor";
import { mixSeed } from "./data";

/** The mixSeed key of a fresh run's stream (epochs use keys 0, 1, …; this one is far from them). */
const STREAM_KEY = 0x10000;

/** The state a fresh run with this seed starts its stream from. */
export function initialRngState(seed: number): GeneratorState {
  return new Generator(mixSeed(seed, STREAM_KEY)).getState();
}

/**
 * The stream of checkpoints saved before fit() stored RNG state: those runs re-seeded the global
 * generator from (seed, step) before every step, so resuming one re-seeds the same way.
 */
export function legacyStepRngState(seed: number, step: number): GeneratorState {
  return new Generator(mixSeed(seed, step + STREAM_KEY)).getState();
}

/**
 * Runs `fn` with the global generator set to `state`; returns its result and the state it left behind,
 * and restores the caller's global state even when `fn` throws.
 */
export function withRngState<T>(state: GeneratorState, fn: () => T): { result: T; state: GeneratorState } {
  const caller = getRngState();
  setRngState(state);
  try {
    const result = fn();
    return { result, state: getRngState() };
  } finally {
    setRngState(caller);
  }
}
