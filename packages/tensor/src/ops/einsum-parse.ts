// Parses an einsum equation ("bij,bjk->bik", "...ij,...jk", "ii->i") against the operands' ranks into
// one label list per operand and the output labels. Letters a–z, A–Z are labels; "..." stands for the
// broadcast dims, which get the labels "…0", "…1", … aligned from the right (NumPy/PyTorch broadcasting).
// Without "->" the output is the ellipsis dims, then every letter used exactly once, in ASCII order
// (upper case first, as torch.einsum). It checks syntax and ranks only; sizes are checked by einsum.ts.
import { EinsumError, ShapeError } from "../errors";
import type { Shape } from "../shape";

export interface EinsumSpec {
  /** Per operand, one label per dim (a repeated label is a diagonal). */
  inputs: string[][];
  /** Labels of the result, in order; each at most once. */
  output: string[];
}

const LETTER = /^[a-zA-Z]$/;

/** Quotes an untrusted equation for a message, cut to 100 characters. */
function quote(s: string): string {
  return JSON.stringify(s.length > 100 ? `${s.slice(0, 100)}…` : s);
}

/** Splits one term into letters and at most one ellipsis marker ("..."), in order. */
function terms(term: string, what: string, equation: string): string[] {
  const out: string[] = [];
  let ellipsis = false;
  for (let i = 0; i < term.length; i++) {
    const c = term[i]!;
    if (c === ".") {
      if (term.slice(i, i + 3) !== "..." || ellipsis) {
        throw new EinsumError("SYNTAX", `${what} of ${quote(equation)} has a "." that is not one "..."`);
      }
      ellipsis = true;
      out.push("...");
      i += 2;
    } else if (LETTER.test(c)) {
      out.push(c);
    } else {
      throw new EinsumError(
        "SYNTAX",
        `${what} of ${quote(equation)} has ${JSON.stringify(c)}; labels are letters a–z, A–Z (and "...")`,
      );
    }
  }
  return out;
}

function ellipsisLabels(count: number, total: number): string[] {
  return Array.from({ length: count }, (_, k) => `…${total - count + k}`);
}

export function parseEinsum(equation: string, shapes: readonly Shape[]): EinsumSpec {
  if (typeof equation !== "string") throw new TypeError("einsum: equation must be a string");
  const eq = equation.replace(/\s+/g, "");
  const arrow = eq.indexOf("->");
  if (arrow !== eq.lastIndexOf("->")) {
    throw new EinsumError("SYNTAX", `${quote(equation)} has more than one "->"`);
  }
  const lhs = arrow < 0 ? eq : eq.slice(0, arrow);
  const rhs = arrow < 0 ? null : eq.slice(arrow + 2);
  const parts = lhs.split(",");
  if (parts.length !== shapes.length) {
    throw new EinsumError(
      "OPERAND_COUNT",
      `${quote(equation)} has ${parts.length} input term(s) but ${shapes.length} operand(s) were given`,
    );
  }
  const raw = parts.map((p, i) => terms(p, `input term ${i}`, equation));
  // number of broadcast dims each operand gives its "..."
  let total = 0;
  const counts = raw.map((t, i) => {
    const letters = t.filter((l) => l !== "...").length;
    const ndim = shapes[i]!.length;
    const has = t.includes("...");
    if (has ? ndim < letters : ndim !== letters) {
      throw new ShapeError(
        "RANK",
        "einsum",
        [shapes[i]!],
        `operand ${i} has ${ndim} dim(s) but term ${quote(parts[i]!)} names ${letters}${has ? " (plus ...)" : ""}`,
      );
    }
    const n = has ? ndim - letters : 0;
    total = Math.max(total, n);
    return n;
  });
  const inputs = raw.map((t, i) => t.flatMap((l) => (l === "..." ? ellipsisLabels(counts[i]!, total) : [l])));
  const broadcast = ellipsisLabels(total, total);
  let output: string[];
  if (rhs === null) {
    const uses = new Map<string, number>();
    for (const t of raw) for (const l of t) if (l !== "...") uses.set(l, (uses.get(l) ?? 0) + 1);
    const once = [...uses].filter(([, n]) => n === 1).map(([l]) => l);
    output = [...broadcast, ...once.sort()];
  } else {
    const t = terms(rhs, "the output", equation);
    const seen = new Set<string>();
    const known = new Set(raw.flat());
    for (const l of t) {
      if (seen.has(l))
        throw new EinsumError(
          "OUTPUT",
          `output label ${JSON.stringify(l)} appears twice in ${quote(equation)}`,
        );
      seen.add(l);
      if (l !== "..." && !known.has(l)) {
        throw new EinsumError(
          "OUTPUT",
          `output label ${JSON.stringify(l)} appears in no input of ${quote(equation)}`,
        );
      }
    }
    output = t.flatMap((l) => (l === "..." ? broadcast : [l]));
  }
  return { inputs, output };
}
