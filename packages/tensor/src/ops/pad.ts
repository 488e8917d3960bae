// pad: constant padding, one [before, after] pair per dim (all dims, first to last; unlike
// torch.nn.functional.pad, which lists the last dim first). Negative padding is rejected (use slice).
import { formatShape } from "../shape";
import type { Tensor } from "../tensor";
import { embed } from "./slice";

export function pad(x: Tensor, padding: readonly (readonly [number, number])[], value = 0): Tensor {
  if (!Array.isArray(padding) || padding.length !== x.ndim) {
    throw new RangeError(
      `pad: need one [before, after] pair per dim (${x.ndim}) for shape ${formatShape(x.shape)}, got ${JSON.stringify(padding)}`,
    );
  }
  if (x.dtype === "int32" && !Number.isInteger(value)) {
    throw new RangeError(`pad: value ${value} is not an integer, but the tensor is int32`);
  }
  const shape: number[] = [];
  for (let d = 0; d < x.ndim; d++) {
    const pair = padding[d]!;
    const [before, after] = pair;
    if (!Number.isInteger(before) || !Number.isInteger(after) || before < 0 || after < 0) {
      throw new RangeError(
        `pad: padding for dim ${d} must be non-negative integers, got [${before}, ${after}]`,
      );
    }
    shape.push(x.shape[d]! + before + after);
  }
  return embed(
    x,
    shape,
    padding.map((p) => p[0]),
    padding.map(() => 1),
    value,
  );
}
