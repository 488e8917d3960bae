// Vectorised elementwise kernels: binary add/sub/mul/div (same shape, scalar, row and column broadcast),
// unary ops and their backward, fused bias + activation. Outputs may alias inputs (in-place is fine).
// Deliberately not here: general N-d broadcasting (the caller reduces it to these four shapes or loops).
import { OP_IDENTITY, unaryGradV, unaryV } from "./mathf";
import { loadTail, storeTail } from "./lanes";

// Binary op codes (keep in sync with src/backend/wasm/op-codes.ts).
const BIN_ADD: i32 = 0;
const BIN_SUB: i32 = 1;
const BIN_MUL: i32 = 2;
const BIN_DIV: i32 = 3;

@inline
function binaryV(op: i32, x: v128, y: v128): v128 {
  switch (op) {
    case BIN_ADD:
      return f32x4.add(x, y);
    case BIN_SUB:
      return f32x4.sub(x, y);
    case BIN_MUL:
      return f32x4.mul(x, y);
    default:
      return f32x4.div(x, y);
  }
}

// out[i] = a[i] op b[i] over n floats; op is a constant at every call site below.
@inline
function sameLoop(op: i32, a: usize, b: usize, out: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(out + o, binaryV(op, v128.load(a + o), v128.load(b + o)));
  }
  if (i < n) {
    const o = <usize>i << 2;
    storeTail(out + o, binaryV(op, loadTail(a + o, n - i), loadTail(b + o, n - i)), n - i);
  }
}

// out[i] = a[i] op s (or s op a[i] when reversed).
@inline
function scalarLoop(op: i32, reversed: bool, a: usize, s: v128, out: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const x = v128.load(a + o);
    v128.store(out + o, reversed ? binaryV(op, s, x) : binaryV(op, x, s));
  }
  if (i < n) {
    const o = <usize>i << 2;
    const x = loadTail(a + o, n - i);
    storeTail(out + o, reversed ? binaryV(op, s, x) : binaryV(op, x, s), n - i);
  }
}

/** out[i] = a[i] op b[i], i < n. op: 0 add, 1 sub, 2 mul, 3 div. */
export function binarySame(op: i32, a: usize, b: usize, out: usize, n: i32): void {
  if (op == BIN_ADD) sameLoop(BIN_ADD, a, b, out, n);
  else if (op == BIN_SUB) sameLoop(BIN_SUB, a, b, out, n);
  else if (op == BIN_MUL) sameLoop(BIN_MUL, a, b, out, n);
  else sameLoop(BIN_DIV, a, b, out, n);
}

/** out[i] = a[i] op s, or s op a[i] when reversed ≠ 0. */
export function binaryScalar(op: i32, reversed: i32, a: usize, s: f32, out: usize, n: i32): void {
  const sv = f32x4.splat(s);
  const r = reversed != 0;
  if (op == BIN_ADD) scalarLoop(BIN_ADD, r, a, sv, out, n);
  else if (op == BIN_SUB) scalarLoop(BIN_SUB, r, a, sv, out, n);
  else if (op == BIN_MUL) scalarLoop(BIN_MUL, r, a, sv, out, n);
  else scalarLoop(BIN_DIV, r, a, sv, out, n);
}

/** out[r, c] = a[r, c] op row[c] (or row[c] op a[r, c] when reversed), a and out [rows, cols]. */
export function binaryRow(op: i32, reversed: i32, a: usize, row: usize, out: usize, rows: i32, cols: i32): void {
  const stride = <usize>cols << 2;
  for (let r = 0; r < rows; r++) {
    const ar = a + <usize>r * stride;
    const or = out + <usize>r * stride;
    // Reversed ("row op a") is the same loop with the operands swapped.
    if (reversed != 0) binarySame(op, row, ar, or, cols);
    else binarySame(op, ar, row, or, cols);
  }
}

/** out[r, c] = a[r, c] op col[r] (or col[r] op a[r, c] when reversed), a and out [rows, cols]. */
export function binaryCol(op: i32, reversed: i32, a: usize, col: usize, out: usize, rows: i32, cols: i32): void {
  const stride = <usize>cols << 2;
  for (let r = 0; r < rows; r++) {
    binaryScalar(op, reversed, a + <usize>r * stride, load<f32>(col + (<usize>r << 2)), out + <usize>r * stride, cols);
  }
}

// y[i] = f(x[i]) with f constant at the call site.
@inline
function unaryLoop(op: i32, x: usize, out: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(out + o, unaryV(op, v128.load(x + o)));
  }
  if (i < n) {
    const o = <usize>i << 2;
    storeTail(out + o, unaryV(op, loadTail(x + o, n - i)), n - i);
  }
}

/** out[i] = f(x[i]); op codes in mathf.ts (0 identity … 10 gelu). */
export function unary(op: i32, x: usize, out: usize, n: i32): void {
  switch (op) {
    case 1:
      unaryLoop(1, x, out, n);
      break;
    case 2:
      unaryLoop(2, x, out, n);
      break;
    case 3:
      unaryLoop(3, x, out, n);
      break;
    case 4:
      unaryLoop(4, x, out, n);
      break;
    case 5:
      unaryLoop(5, x, out, n);
      break;
    case 6:
      unaryLoop(6, x, out, n);
      break;
    case 7:
      unaryLoop(7, x, out, n);
      break;
    case 8:
      unaryLoop(8, x, out, n);
      break;
    case 9:
      unaryLoop(9, x, out, n);
      break;
    case 10:
      unaryLoop(10, x, out, n);
      break;
    default:
      unaryLoop(OP_IDENTITY, x, out, n);
  }
}

@inline
function unaryGradLoop(op: i32, x: usize, y: usize, dy: usize, dx: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(dx + o, unaryGradV(op, v128.load(x + o), v128.load(y + o), v128.load(dy + o)));
  }
  if (i < n) {
    const o = <usize>i << 2;
    const rem = n - i;
    storeTail(dx + o, unaryGradV(op, loadTail(x + o, rem), loadTail(y + o, rem), loadTail(dy + o, rem)), rem);
  }
}

/** dx[i] = dy[i] · f'(x[i]) given x and y = f(x) (ops that need only one of them ignore the other). */
export function unaryBackward(op: i32, x: usize, y: usize, dy: usize, dx: usize, n: i32): void {
  switch (op) {
    case 1:
      unaryGradLoop(1, x, y, dy, dx, n);
      break;
    case 2:
      unaryGradLoop(2, x, y, dy, dx, n);
      break;
    case 3:
      unaryGradLoop(3, x, y, dy, dx, n);
      break;
    case 4:
      unaryGradLoop(4, x, y, dy, dx, n);
      break;
    case 5:
      unaryGradLoop(5, x, y, dy, dx, n);
      break;
    case 6:
      unaryGradLoop(6, x, y, dy, dx, n);
      break;
    case 7:
      unaryGradLoop(7, x, y, dy, dx, n);
      break;
    case 8:
      unaryGradLoop(8, x, y, dy, dx, n);
      break;
    case 9:
      unaryGradLoop(9, x, y, dy, dx, n);
      break;
    case 10:
      unaryGradLoop(10, x, y, dy, dx, n);
      break;
    default:
      unaryGradLoop(OP_IDENTITY, x, y, dy, dx, n);
  }
}

@inline
function biasActLoop(act: i32, x: usize, bias: usize, out: usize, rows: i32, cols: i32): void {
  const stride = <usize>cols << 2;
  for (let r = 0; r < rows; r++) {
    const xr = x + <usize>r * stride;
    const or = out + <usize>r * stride;
    let i = 0;
    for (; i + 4 <= cols; i += 4) {
      const o = <usize>i << 2;
      v128.store(or + o, unaryV(act, f32x4.add(v128.load(xr + o), v128.load(bias + o))));
    }
    if (i < cols) {
      const o = <usize>i << 2;
      const rem = cols - i;
      storeTail(or + o, unaryV(act, f32x4.add(loadTail(xr + o, rem), loadTail(bias + o, rem))), rem);
    }
  }
}

/** out[r, c] = act(x[r, c] + bias[c]) for x, out [rows, cols]; act is a unary op code (0 = none). */
export function biasActivation(act: i32, x: usize, bias: usize, out: usize, rows: i32, cols: i32): void {
  switch (act) {
    case 1:
      biasActLoop(1, x, bias, out, rows, cols);
      break;
    case 8:
      biasActLoop(8, x, bias, out, rows, cols);
      break;
    case 9:
      biasActLoop(9, x, bias, out, rows, cols);
      break;
    case 10:
      biasActLoop(10, x, bias, out, rows, cols);
      break;
    default:
      // Other activations: add the bias, then a second pass of the unary kernel.
      biasActLoop(OP_IDENTITY, x, bias, out, rows, cols);
      if (act != OP_IDENTITY) unary(act, out, out, rows * cols);
  }
}
