// Layer plumbing for the hook-based methods: resolve a layer given as a module or a dotted path
// ("features.0"), capture or replace its output with a forward hook, and always take the hooks off again —
// also when the model throws — so no hook outlives an `attribute` call.
import type { AnyModule, RemovableHandle } from "@paramlens/nn";
import { formatShape, type Tensor } from "@paramlens/tensor";
import { AttributionError } from "./errors";
import type { ModelLike } from "./model";

/** A layer: a module object, or its dotted path inside the model (as nn's getSubmodule). */
export type LayerRef = string | AnyModule;

function isModule(m: unknown): m is AnyModule {
  return m !== null && typeof m === "object" && typeof (m as AnyModule).registerForwardHook === "function";
}

export function resolveLayer(op: string, model: ModelLike, layer: LayerRef): AnyModule {
  if (typeof layer === "string") {
    const root = model as unknown as AnyModule;
    if (!isModule(root) || typeof root.getSubmodule !== "function") {
      throw new AttributionError(
        "BAD_OPTION",
        op,
        `layer "${layer}" is a path, so the model must be an nn Module`,
      );
    }
    try {
      return root.getSubmodule(layer);
    } catch (e) {
      throw new AttributionError("BAD_OPTION", op, `no layer "${layer}": ${(e as Error).message}`);
    }
  }
  if (!isModule(layer))
    throw new AttributionError("BAD_OPTION", op, "layer must be an nn Module or a dotted path");
  return layer;
}

/** Runs fn, then removes every handle (even if fn throws). */
export function withHooks<T>(handles: RemovableHandle[], fn: () => T): T {
  try {
    return fn();
  } finally {
    for (const h of handles) h.remove();
  }
}

/**
 * Registers a forward hook on `layer` that hands its output to `onOutput`, which may return a replacement.
 * Throws if the layer's output is not a single tensor or the layer runs more than once per forward.
 */
export function hookLayerOutput(
  op: string,
  layer: AnyModule,
  onOutput: (out: Tensor) => Tensor | undefined,
): { handle: RemovableHandle; reset(): void; calls(): number } {
  let calls = 0;
  const handle = layer.registerForwardHook((_m, _inputs, out) => {
    calls++;
    if (calls > 1) {
      throw new AttributionError(
        "BAD_OPTION",
        op,
        `layer ${layer.typeName} ran ${calls} times in one forward; hook a layer used once`,
      );
    }
    if (out === null || typeof out !== "object" || !("shape" in (out as object))) {
      throw new AttributionError("BAD_OUTPUT", op, `layer ${layer.typeName} must output one tensor`);
    }
    return onOutput(out as Tensor);
  });
  return {
    handle,
    reset: () => {
      calls = 0;
    },
    calls: () => calls,
  };
}

export function expectLayerRan(op: string, layer: AnyModule, calls: number): void {
  if (calls === 0) {
    throw new AttributionError(
      "BAD_OPTION",
      op,
      `layer ${layer.typeName} did not run during the model's forward`,
    );
  }
}

export function shapeOf(t: Tensor): string {
  return formatShape(t.shape);
}
