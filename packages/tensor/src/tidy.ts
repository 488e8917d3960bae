// tidy(fn): deterministic release of the backend memory fn allocates. Wasm-resident storage created while
// fn runs is released when fn returns, except storage the result keeps (a tensor, or tensors in a returned
// array or plain object, one level deep); nested scopes hand what they keep to the enclosing one.
// Deliberately not here: JS-heap tensors (the garbage collector frees them; nothing to release early) and
// async functions (a scope spans the synchronous body only, as noGrad).
import { adoptIntoOuterScope, closeScope, openScope, release, residentEntry } from "./backend/resident";
import type { Storage } from "./dtype";
import { Tensor } from "./tensor";

function keptBy(result: unknown): Set<Storage> {
  const kept = new Set<Storage>();
  const visit = (v: unknown) => {
    if (v instanceof Tensor) {
      kept.add(v._storage);
      if (v.grad) kept.add(v.grad._storage);
    }
  };
  visit(result);
  if (Array.isArray(result)) result.forEach(visit);
  else if (
    result !== null &&
    typeof result === "object" &&
    Object.getPrototypeOf(result) === Object.prototype
  )
    Object.values(result).forEach(visit);
  return kept;
}

/** Runs fn and releases the wasm-resident storage it created that its result does not keep. */
export function tidy<T>(fn: () => T): T {
  if (typeof fn !== "function") throw new TypeError("tidy: expected a function");
  openScope();
  let result: T;
  try {
    result = fn();
  } catch (error) {
    for (const s of closeScope()) release(residentEntry(s)!);
    throw error;
  }
  const created = closeScope();
  const kept = keptBy(result);
  const stay: Storage[] = [];
  for (const s of created) {
    if (kept.has(s)) stay.push(s);
    else release(residentEntry(s)!);
  }
  adoptIntoOuterScope(stay);
  return result;
}
