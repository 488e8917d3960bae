// einsum(equation, ...operands): Einstein summation as torch.einsum, lowered to existing differentiable
// ops, so it has no kernel and no backward rule of its own:
//   1. a label repeated inside one operand ("ii") takes the diagonal: multiply by an identity mask, sum;
//   2. labels found in one operand only and not in the output are summed out at once;
//   3. operands are contracted left to right: shared labels still needed later (or in the output) are
//      batch dims, the others are contracted by one batched matmul [B, M, K] @ [B, K, N] (a plain
//      broadcast mul when nothing is contracted);
//   4. the last operand is summed over leftover labels and permuted into the output order.
// Size-1 dims broadcast against the same label's size elsewhere, as PyTorch allows. Contraction order is
// left to right (no path optimisation, like torch.einsum without opt_einsum).
import { arange } from "../creation";
import { ShapeError } from "../errors";
import { shapeSize } from "../shape";
import { Tensor } from "../tensor";
import { eq } from "./compare";
import { parseEinsum } from "./einsum-parse";
import { requireFloat } from "./elementwise-op";
import { expand } from "./expand";
import { matmul } from "./matmul";
import { mul } from "./mul";
import { permute } from "./permute";
import { reshape } from "./reshape";
import { sum } from "./sum";

/** A tensor with one label per dim. */
interface Term {
  t: Tensor;
  labels: string[];
}

/** Takes the diagonal over every label that repeats inside the term. */
function diagonals(term: Term, index: number): Term {
  let { t, labels } = term;
  for (let q = labels.length - 1; q >= 0; q--) {
    const p = labels.indexOf(labels[q]!);
    if (p === q) continue;
    const n = t.shape[p]!;
    if (t.shape[q] !== n) {
      throw new ShapeError(
        "SHAPE_MISMATCH",
        "einsum",
        [t.shape],
        `label ${labels[q]} repeats in operand ${index} over dims of sizes ${n} and ${t.shape[q]}`,
      );
    }
    // x[…, i, …, j, …] · [i = j], summed over j: keeps the diagonal in dim p
    const at = (d: number) =>
      reshape(
        arange(n),
        labels.map((_, k) => (k === d ? n : 1)),
      );
    t = sum(mul(t, eq(at(p), at(q))), q);
    labels = labels.filter((_, k) => k !== q);
  }
  return { t, labels };
}

/** Sums out the labels `keep` rejects. */
function sumOut(term: Term, keep: (label: string) => boolean): Term {
  const dims = term.labels.flatMap((l, d) => (keep(l) ? [] : [d]));
  if (dims.length === 0) return term;
  return { t: sum(term.t, dims), labels: term.labels.filter((l) => keep(l)) };
}

/** term permuted to `order`, with each dim expanded to `sizes` (size-1 broadcast). */
function arrange(term: Term, order: readonly string[], sizes: Map<string, number>): Tensor {
  const p = permute(
    term.t,
    order.map((l) => term.labels.indexOf(l)),
  );
  return expand(
    p,
    order.map((l) => sizes.get(l)!),
  );
}

/** Contracts a with b, keeping the labels in `needed`. */
function contract(a: Term, b: Term, needed: Set<string>, sizes: Map<string, number>): Term {
  const inB = new Set(b.labels);
  const inA = new Set(a.labels);
  const batch = a.labels.filter((l) => inB.has(l) && needed.has(l));
  const inner = a.labels.filter((l) => inB.has(l) && !needed.has(l));
  const aOnly = a.labels.filter((l) => !inB.has(l));
  const bOnly = b.labels.filter((l) => !inA.has(l));
  const labels = [...batch, ...aOnly, ...bOnly];
  const size = (ls: readonly string[]) => shapeSize(ls.map((l) => sizes.get(l)!));
  if (inner.length === 0) {
    // no shared summed label: a broadcast product [batch, aOnly, 1…] ⊙ [batch, 1…, bOnly]
    const ta = reshape(arrange(a, [...batch, ...aOnly], sizes), [
      ...batch.map((l) => sizes.get(l)!),
      ...aOnly.map((l) => sizes.get(l)!),
      ...bOnly.map(() => 1),
    ]);
    const tb = reshape(arrange(b, [...batch, ...bOnly], sizes), [
      ...batch.map((l) => sizes.get(l)!),
      ...aOnly.map(() => 1),
      ...bOnly.map((l) => sizes.get(l)!),
    ]);
    return { t: mul(ta, tb), labels };
  }
  // [B, M, K] @ [B, K, N] → [B, M, N]
  const ta = reshape(arrange(a, [...batch, ...aOnly, ...inner], sizes), [
    size(batch),
    size(aOnly),
    size(inner),
  ]);
  const tb = reshape(arrange(b, [...batch, ...inner, ...bOnly], sizes), [
    size(batch),
    size(inner),
    size(bOnly),
  ]);
  return {
    t: reshape(
      matmul(ta, tb),
      labels.map((l) => sizes.get(l)!),
    ),
    labels,
  };
}

/**
 * Einstein summation: `einsum("bij,bjk->bik", a, b)` is a batched matmul, `einsum("ii", x)` the trace,
 * `einsum("...ij->...ji", x)` a transpose of the last two dims. Operands may also be passed as one array.
 */
export function einsum(equation: string, ...operands: Tensor[] | [readonly Tensor[]]): Tensor {
  const xs = (operands.length === 1 && Array.isArray(operands[0]) ? operands[0] : operands) as Tensor[];
  if (xs.length === 0) throw new TypeError("einsum: needs at least one operand");
  xs.forEach((x, i) => {
    if (!(x instanceof Tensor)) throw new TypeError(`einsum: operand ${i} must be a Tensor`);
    requireFloat("einsum", x);
  });
  const spec = parseEinsum(
    equation,
    xs.map((x) => x.shape),
  );
  // one size per label: equal everywhere, or 1 where it broadcasts
  const sizes = new Map<string, number>();
  spec.inputs.forEach((labels, i) => {
    labels.forEach((l, d) => {
      const n = xs[i]!.shape[d]!;
      const seen = sizes.get(l);
      if (seen === undefined || seen === 1) sizes.set(l, n);
      else if (n !== seen && n !== 1) {
        throw new ShapeError(
          "SHAPE_MISMATCH",
          "einsum",
          xs.map((x) => x.shape),
          `label ${l.startsWith("…") ? "..." : l} has sizes ${seen} and ${n}, which do not broadcast`,
        );
      }
    });
  });
  const out = new Set(spec.output);
  const diag = spec.inputs.map((labels, i) => diagonals({ t: xs[i]!, labels }, i));
  // labels used by one operand only and absent from the output are summed at once
  const terms = diag.map((term, i) =>
    sumOut(term, (l) => out.has(l) || diag.some((other, j) => j !== i && other.labels.includes(l))),
  );
  let acc = terms[0]!;
  for (let i = 1; i < terms.length; i++) {
    const needed = new Set(spec.output);
    for (let j = i + 1; j < terms.length; j++) for (const l of terms[j]!.labels) needed.add(l);
    acc = contract(acc, terms[i]!, needed, sizes);
  }
  acc = sumOut(acc, (l) => out.has(l));
  return arrange(acc, spec.output, sizes);
}
