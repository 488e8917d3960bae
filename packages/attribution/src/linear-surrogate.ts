// Weighted (ridge) linear regression, the surrogate model of LIME and KernelSHAP:
//   minimise Σ_k w_k (y_k − b − z_k·β)² + α‖β‖²  (the intercept b is not penalised),
// solved from the normal equations with ml-matrix (SVD solve, so a rank-deficient design gives the
// minimum-norm solution instead of NaN). Float64 throughout.
import { Matrix, solve } from "ml-matrix";
import { AttributionError } from "./errors";
import { checkOptions, type OptionKeys } from "./options";

export interface LinearSurrogateOptions {
  /** Ridge penalty α ≥ 0 on the coefficients; default 0. */
  alpha?: number;
  /** Fit an intercept; default true. */
  intercept?: boolean;
}

export interface LinearSurrogate {
  coefficients: number[];
  intercept: number;
}

const LINEAR_SURROGATE_KEYS: OptionKeys<LinearSurrogateOptions> = { alpha: true, intercept: true };

/** Fits y ≈ b + Z β with sample weights w. Z is given as rows (samples × features). */
export function fitLinearSurrogate(
  z: readonly (readonly number[] | ArrayLike<number>)[],
  y: ArrayLike<number>,
  weights: ArrayLike<number>,
  options: LinearSurrogateOptions = {},
): LinearSurrogate {
  const op = "fitLinearSurrogate";
  checkOptions(op, options, LINEAR_SURROGATE_KEYS);
  const alpha = options.alpha ?? 0;
  const withIntercept = options.intercept ?? true;
  if (!Number.isFinite(alpha) || alpha < 0) {
    throw new AttributionError("BAD_OPTION", op, `alpha must be a finite number ≥ 0, got ${alpha}`);
  }
  const n = z.length;
  if (n === 0 || y.length !== n || weights.length !== n) {
    throw new AttributionError(
      "BAD_OPTION",
      op,
      `need the same non-zero number of rows, targets and weights, got ${n}, ${y.length}, ${weights.length}`,
    );
  }
  const m = z[0]!.length;
  const c = m + (withIntercept ? 1 : 0); // column 0 is the intercept when fitted
  const a = new Matrix(c, c); // Zᵀ W Z (+ α I on the coefficients)
  const rhs = new Matrix(c, 1); // Zᵀ W y
  const row = new Float64Array(c);
  for (let k = 0; k < n; k++) {
    const zk = z[k]!;
    if (zk.length !== m) {
      throw new AttributionError("BAD_OPTION", op, `row ${k} has ${zk.length} features, row 0 has ${m}`);
    }
    const w = weights[k]!;
    if (!Number.isFinite(w) || w < 0) {
      throw new AttributionError("BAD_OPTION", op, `weight ${k} must be a finite number ≥ 0, got ${w}`);
    }
    if (withIntercept) row[0] = 1;
    for (let j = 0; j < m; j++) row[j + (withIntercept ? 1 : 0)] = zk[j]!;
    for (let r = 0; r < c; r++) {
      rhs.set(r, 0, rhs.get(r, 0) + w * row[r]! * y[k]!);
      for (let s = 0; s < c; s++) a.set(r, s, a.get(r, s) + w * row[r]! * row[s]!);
    }
  }
  for (let j = withIntercept ? 1 : 0; j < c; j++) a.set(j, j, a.get(j, j) + alpha);
  const beta = solve(a, rhs, true).getColumn(0);
  return withIntercept
    ? { intercept: beta[0]!, coefficients: beta.slice(1) }
    : { intercept: 0, coefficients: beta };
}
