// tril / triu: keep the lower (upper) triangle of the last two dims, zero the rest, as torch.tril/triu.
// `diagonal` shifts the boundary (0 = main diagonal, > 0 above it, < 0 below). Composed from a constant
// 0/1 mask (column − row compared with `diagonal`) and `where`, so the gradient is the same mask applied
// to the upstream gradient; no kernel of its own.
import { arange } from "../creation";
import { ShapeError } from "../errors";
import type { Tensor } from "../tensor";
import { ge, le } from "./compare";
import { requireFloat } from "./elementwise-op";
import { reshape } from "./reshape";
import { sub } from "./sub";
import { where } from "./where";

function triangle(op: "tril" | "triu", x: Tensor, diagonal: number): Tensor {
  requireFloat(op, x);
  if (x.ndim < 2) {
    throw new ShapeError("RANK", op, [x.shape], "input must have at least 2 dimensions (… × rows × cols)");
  }
  if (!Number.isInteger(diagonal)) throw new TypeError(`${op}: diagonal must be an integer, got ${diagonal}`);
  const rows = x.shape[x.ndim - 2]!;
  const cols = x.shape[x.ndim - 1]!;
  // offset[i, j] = j − i  [rows, cols]; element (i, j) is kept by tril when j − i ≤ diagonal
  const offset = sub(reshape(arange(cols), [1, cols]), reshape(arange(rows), [rows, 1]));
  const keep = op === "tril" ? le(offset, diagonal) : ge(offset, diagonal);
  // d tril(x) = tril(dx) (where's gradient routes dy through the same mask)
  return where(keep, x, 0);
}

/** Lower triangle of the last two dims (j − i ≤ diagonal kept), zeros above. */
export function tril(x: Tensor, diagonal = 0): Tensor {
  return triangle("tril", x, diagonal);
}

/** Upper triangle of the last two dims (j − i ≥ diagonal kept), zeros below. */
export function triu(x: Tensor, diagonal = 0): Tensor {
  return triangle("triu", x, diagonal);
}
