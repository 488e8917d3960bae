// Scalar error function. JavaScript has no Math.erf; this uses W. J. Cody's rational Chebyshev
// approximations, accurate to about 1e-15 in float64 (far below float32 resolution).
// Source: W. J. Cody, "Rational Chebyshev approximations for the error function", Math. Comp. 23 (1969),
// coefficients as in the public-domain CALERF routine (netlib specfun).

const A = [
  3.1611237438705655, 113.86415415105016, 377.48523768530526, 3209.3775891384694, 0.18577770618460315,
];
const B = [23.601290952344122, 244.02463793444417, 1282.6165260773723, 2844.2368334391704];
const C = [
  0.5641884969886701, 8.883149794388377, 66.11919063714163, 298.6351381974001, 881.952221241769,
  1712.0476126340707, 2051.0783778260716, 1230.3393547979972, 2.1531153547440383e-8,
];
const D = [
  15.744926110709835, 117.6939508913125, 537.1811018620099, 1621.3895745666903, 3290.7992357334597,
  4362.619090143247, 3439.3676741437216, 1230.3393548037495,
];
const P = [
  0.30532663496123236, 0.36034489994980445, 0.12578172611122926, 0.016083785148742275, 0.0006587491615298378,
  0.016315387137302097,
];
const Q = [
  2.568520192289822, 1.8729528499234673, 0.5279051029514285, 0.06051834131244132, 0.0023352049762686918,
];
const SQRPI = 0.5641895835477563; // 1/sqrt(pi)

/** erfc(|x|) for |x| > 0.46875. */
function erfcAbs(y: number): number {
  if (y <= 4) {
    let xnum = C[8]! * y;
    let xden = y;
    for (let i = 0; i < 7; i++) {
      xnum = (xnum + C[i]!) * y;
      xden = (xden + D[i]!) * y;
    }
    const r = (xnum + C[7]!) / (xden + D[7]!);
    return Math.exp(-y * y) * r;
  }
  if (y >= 26.6) return 0;
  const z = 1 / (y * y);
  let xnum = P[5]! * z;
  let xden = z;
  for (let i = 0; i < 4; i++) {
    xnum = (xnum + P[i]!) * z;
    xden = (xden + Q[i]!) * z;
  }
  let r = (z * (xnum + P[4]!)) / (xden + Q[4]!);
  r = (SQRPI - r) / y;
  return Math.exp(-y * y) * r;
}

export function erf(x: number): number {
  if (Number.isNaN(x)) return x;
  const y = Math.abs(x);
  if (y <= 0.46875) {
    const z = y > 1.11e-16 ? y * y : 0;
    let xnum = A[4]! * z;
    let xden = z;
    for (let i = 0; i < 3; i++) {
      xnum = (xnum + A[i]!) * z;
      xden = (xden + B[i]!) * z;
    }
    return (x * (xnum + A[3]!)) / (xden + B[3]!);
  }
  const r = 1 - erfcAbs(y);
  return x < 0 ? -r : r;
}
