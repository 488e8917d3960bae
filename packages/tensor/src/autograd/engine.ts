// Reverse-mode autodiff engine. Sorts the recorded graph topologically from the roots, then walks it
// backwards: each tensor's gradient is complete when it is reached, its hooks run, leaves (and tensors
// with retainGrad) receive `.grad`, and each node's backward rule pushes gradients to its inputs.
// After a pass the nodes' closures are dropped (the graph is freed) unless retainGraph is set.

import { ones, zeros } from "../creation";
import { AutogradError } from "../errors";
import { add } from "../ops/add";
import { clone } from "../ops/contiguous";
import { formatShape, sameShape } from "../shape";
import type { Tensor } from "../tensor";
import { setGradEnabled } from "./grad-mode";
import type { GradNode } from "./node";
import { versionOf } from "./version";

export interface GradOptions {
  /** Upstream gradients, one per output (required for non-scalar outputs). */
  gradOutputs?: readonly Tensor[];
  retainGraph?: boolean;
  createGraph?: boolean;
  /** Return zeros (instead of throwing) for inputs the outputs do not depend on. */
  allowUnused?: boolean;
}

/** Throws if a tensor this node's backward may read was overwritten in place after the op ran. */
function checkVersions(out: Tensor, node: GradNode): void {
  const tensors = [...node.inputs, out];
  for (let i = 0; i < tensors.length; i++) {
    if (versionOf(tensors[i]!.data) !== node.versions[i]) {
      throw new AutogradError(
        "IN_PLACE",
        node.op,
        `a tensor needed to compute gradients (${i < node.inputs.length ? `input ${i}` : "the output"}) was modified in place after ${node.op} ran; clone() it before changing it`,
      );
    }
  }
}

/** Tensors reachable from the roots through recorded nodes, in post-order (inputs before users). */
function topoOrder(roots: readonly Tensor[], op: string): Tensor[] {
  const order: Tensor[] = [];
  const seen = new Set<Tensor>();
  const stack: [Tensor, boolean][] = [];
  for (const r of roots) stack.push([r, false]);
  while (stack.length > 0) {
    const [t, done] = stack.pop()!;
    if (done) {
      order.push(t);
      continue;
    }
    if (seen.has(t)) continue;
    seen.add(t);
    stack.push([t, true]);
    const node = t._gradNode;
    if (node === null) continue;
    if (node.backward === null) {
      throw new AutogradError(
        "GRAPH_FREED",
        op,
        `trying to backward through the graph a second time (node ${node.op}); pass retainGraph: true to the first call`,
      );
    }
    for (const input of node.inputs) if (input.requiresGrad && !seen.has(input)) stack.push([input, false]);
  }
  return order;
}

function seedGrads(op: string, roots: readonly Tensor[], given: readonly Tensor[] | undefined): Tensor[] {
  if (given !== undefined && given.length !== roots.length) {
    throw new RangeError(`${op}: got ${given.length} upstream gradient(s) for ${roots.length} output(s)`);
  }
  return roots.map((r, i) => {
    if (!r.requiresGrad) {
      throw new AutogradError(
        "NO_GRAD_FN",
        op,
        "output does not require grad (no input had requiresGrad, or noGrad was on)",
      );
    }
    const g = given?.[i];
    if (g === undefined) {
      if (r.size !== 1) {
        throw new AutogradError(
          "NON_SCALAR",
          op,
          `a gradient can be created implicitly only for one-element outputs; pass one of shape ${formatShape(r.shape)}`,
        );
      }
      return ones(r.shape);
    }
    if (!sameShape(g.shape, r.shape)) {
      throw new AutogradError(
        "BAD_GRAD_SHAPE",
        op,
        `upstream gradient ${formatShape(g.shape)} does not match output ${formatShape(r.shape)}`,
      );
    }
    return g;
  });
}

/**
 * Shared pass. In "backward" mode every reachable leaf requiring grad gets `.grad` accumulated;
 * in "grad" mode only `targets` are collected and `.grad` is left alone.
 */
function run(
  op: string,
  roots: readonly Tensor[],
  rootGrads: Tensor[],
  options: { retainGraph?: boolean; createGraph?: boolean },
  targets: readonly Tensor[] | null,
): Map<Tensor, Tensor> {
  const order = topoOrder(roots, op);
  // In grad mode, only send gradients along edges that lead to a target.
  let reaches: Set<Tensor> | null = null;
  if (targets !== null) {
    reaches = new Set(targets);
    for (const t of order) {
      const node = t._gradNode;
      if (node?.inputs.some((i) => reaches!.has(i))) reaches.add(t);
    }
  }
  const targetSet = targets === null ? null : new Set(targets);
  const grads = new Map<Tensor, Tensor>();
  const captured = new Map<Tensor, Tensor>();
  for (let i = 0; i < roots.length; i++) {
    const r = roots[i]!;
    const prev = grads.get(r);
    grads.set(r, prev ? add(prev, rootGrads[i]!) : rootGrads[i]!);
  }
  const createGraph = options.createGraph ?? false;
  const prevMode = setGradEnabled(createGraph);
  try {
    for (let k = order.length - 1; k >= 0; k--) {
      const t = order[k]!;
      let g = grads.get(t);
      if (g === undefined) continue;
      grads.delete(t);
      for (const hook of t._gradHooks) {
        const r = hook(g);
        if (r !== undefined && r !== null) {
          if (!sameShape(r.shape, t.shape)) {
            throw new AutogradError(
              "BAD_GRAD_SHAPE",
              op,
              `hook returned a gradient of shape ${formatShape(r.shape)} for a tensor of shape ${formatShape(t.shape)}`,
            );
          }
          g = r;
        }
      }
      if (targetSet !== null) {
        if (targetSet.has(t)) captured.set(t, g);
      } else if (t.isLeaf || t._retainGrad) {
        // Own the stored gradient: rules may hand the same tensor to several inputs.
        const owned = createGraph ? g : clone(g.detach());
        t.grad = t.grad === null ? owned : add(t.grad, owned);
      }
      const node = t._gradNode;
      if (node === null) continue;
      const fn = node.backward!;
      checkVersions(t, node);
      const needs = node.inputs.map((i) => i.requiresGrad && (reaches === null || reaches.has(i)));
      if (needs.some(Boolean)) {
        const inGrads = fn(g, needs);
        for (let i = 0; i < node.inputs.length; i++) {
          const gi = inGrads[i];
          if (!needs[i] || gi === null || gi === undefined) continue;
          const input = node.inputs[i]!;
          if (!sameShape(gi.shape, input.shape)) {
            throw new AutogradError(
              "BAD_GRAD_SHAPE",
              node.op,
              `backward produced a gradient of shape ${formatShape(gi.shape)} for input ${i} of shape ${formatShape(input.shape)}`,
            );
          }
          const prev = grads.get(input);
          grads.set(input, prev ? add(prev, gi) : gi);
        }
      }
      // As in PyTorch, createGraph implies retainGraph (the new graph reuses the old nodes).
      if (!(options.retainGraph ?? createGraph)) {
        node.backward = null;
        node.inputs = [];
      }
    }
  } finally {
    setGradEnabled(prevMode);
  }
  return captured;
}

/** Backpropagates from `roots`, accumulating `.grad` on leaves. Used by Tensor.backward(). */
export function backward(
  roots: readonly Tensor[],
  gradients: readonly Tensor[] | undefined,
  options: { retainGraph?: boolean; createGraph?: boolean } = {},
): void {
  const seeds = seedGrads("backward", roots, gradients);
  run("backward", roots, seeds, options, null);
}

/**
 * Gradients of `outputs` w.r.t. `inputs` (leaves or intermediate tensors), without touching `.grad`.
 * Scalar outputs need no gradOutputs. Tensor hooks on the path still run.
 */
export function grad(
  outputs: Tensor | readonly Tensor[],
  inputs: Tensor | readonly Tensor[],
  options: GradOptions = {},
): Tensor[] {
  const outs = Array.isArray(outputs) ? (outputs as readonly Tensor[]) : [outputs as Tensor];
  const ins = Array.isArray(inputs) ? (inputs as readonly Tensor[]) : [inputs as Tensor];
  for (const t of ins) {
    if (!t.requiresGrad) throw new AutogradError("NO_GRAD_FN", "grad", "every input must require grad");
  }
  const seeds = seedGrads("grad", outs, options.gradOutputs);
  const captured = run("grad", outs, seeds, options, ins);
  return ins.map((t, i) => {
    const g = captured.get(t);
    if (g !== undefined) return g;
    if (!options.allowUnused) {
      throw new AutogradError(
        "UNUSED_INPUT",
        "grad",
        `input ${i} (shape ${formatShape(t.shape)}) was not used to compute the outputs; pass allowUnused: true to get zeros`,
      );
    }
    return zeros(t.shape);
  });
}
