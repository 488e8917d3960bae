// The WebAssembly SIMD backend: checked, typed wrappers around the kernel module's exports.
// Every method accepts Float32Array (copied into pooled wasm buffers and back) or WasmF32 (used in place,
// no copy); the result goes to `out` when given, else to a new Float32Array. Sizes are validated and
// errors name the kernel and the values. This class holds the memory, arena and GEMM workspace and
// delegates each method to its kernel family: wasm-gemm.ts, wasm-conv.ts, wasm-elementwise.ts,
// wasm-reduce-softmax.ts, wasm-optim.ts. Deliberately not here: N-d shapes, broadcasting rules, autograd —
// callers (the Tensor ops) reduce their work to these flat kernels.
import { WasmArena, type WasmF32 } from "./arena";
import type { WasmKernelExports } from "./exports";
import type { WasmBinaryOp, WasmUnaryOp } from "./op-codes";
import type { F32Input } from "./wasm-call";
import * as conv from "./wasm-conv";
import type { Conv2dGeometry, Conv2dShape } from "./wasm-conv-geometry";
import * as elementwise from "./wasm-elementwise";
import type { BatchedMatmulOptions, MatmulOptions } from "./wasm-gemm";
import * as gemm from "./wasm-gemm";
import type { AdamOptions, SgdOptions } from "./wasm-optim";
import * as optim from "./wasm-optim";
import * as reduce from "./wasm-reduce-softmax";

export class WasmBackend {
  readonly memory: WebAssembly.Memory;
  readonly arena: WasmArena;
  /** The unchecked kernel exports (byte offsets, element counts). */
  readonly raw: WasmKernelExports;
  /** Byte offset of the GEMM packing workspace (gemmWorkspaceBytes() bytes). */
  readonly workspace: number;

  /** The compiled kernel module (workers instantiate it again over the same shared memory). */
  readonly module: WebAssembly.Module | undefined;

  constructor(memory: WebAssembly.Memory, raw: WasmKernelExports, module?: WebAssembly.Module) {
    this.memory = memory;
    this.raw = raw;
    this.module = module;
    this.arena = new WasmArena(memory, raw.heapBase());
    // Allocated once and never freed: every GEMM packs its panels here.
    this.workspace = this.arena.alloc(Math.ceil(raw.gemmWorkspaceBytes() / 4)).ptr;
  }

  /** True when the memory is a SharedArrayBuffer (created with { sharedMemory: true }). */
  get sharedMemory(): boolean {
    return typeof SharedArrayBuffer !== "undefined" && this.memory.buffer instanceof SharedArrayBuffer;
  }

  /** A pooled buffer of `length` floats inside wasm memory (contents unspecified). */
  alloc(length: number): WasmF32 {
    return this.arena.alloc(length);
  }

  /** A pooled wasm buffer holding a copy of src. */
  upload(src: ArrayLike<number>): WasmF32 {
    return this.arena.from(src);
  }

  // ***** matrix products (wasm-gemm.ts) *****

  /** C[m, n] = op(A)·op(B) (+ C): A [m, k] (or [k, m] with transA), B [k, n] (or [n, k] with transB). */
  matmul<O extends F32Input = Float32Array>(
    a: F32Input,
    b: F32Input,
    m: number,
    k: number,
    n: number,
    options: MatmulOptions = {},
    out?: O,
  ): NoInfer<O> {
    return gemm.matmul(this, a, b, m, k, n, options, out);
  }

  /** C[i] = op(A[i])·op(B[i]) (+ C[i]) for i < batch; A [batch, m, k] (or one [m, k] with broadcastA), likewise B. */
  batchedMatmul<O extends F32Input = Float32Array>(
    a: F32Input,
    b: F32Input,
    batch: number,
    m: number,
    k: number,
    n: number,
    options: BatchedMatmulOptions = {},
    out?: O,
  ): NoInfer<O> {
    return gemm.batchedMatmul(this, a, b, batch, m, k, n, options, out);
  }

  // ***** convolution (wasm-conv.ts) *****

  /** col [C·kh·kw, outH·outW] from one image x [C, H, W]. */
  im2col<O extends F32Input = Float32Array>(x: F32Input, geometry: Conv2dGeometry, out?: O): NoInfer<O> {
    return conv.im2col(this, x, geometry, out);
  }

  /** The adjoint of im2col: x [C, H, W] = Σ of every col entry into the pixel it came from (x overwritten). */
  col2im<O extends F32Input = Float32Array>(col: F32Input, geometry: Conv2dGeometry, out?: O): NoInfer<O> {
    return conv.col2im(this, col, geometry, out);
  }

  /**
   * 2-d convolution (cross-correlation, as PyTorch's conv2d) through im2col + GEMM, one image at a time:
   * x [N, C, H, W], w [Cout, C, kh, kw], bias [Cout] or undefined → y [N, Cout, outH, outW].
   */
  conv2d<O extends F32Input = Float32Array>(
    x: F32Input,
    w: F32Input,
    bias: F32Input | undefined,
    shape: Conv2dShape,
    out?: O,
  ): NoInfer<O> {
    return conv.conv2d(this, x, w, bias, shape, out);
  }

  /**
   * Gradients of conv2d for y = conv2d(x, w, bias) given dy [N, Cout, outH, outW], per image:
   *   dw [Cout, C·kh·kw] += dy_i · col_iᵀ,  dx_i = col2im(wᵀ · dy_i),  dbias[c] = Σ_{i,p} dy_i[c, p].
   */
  conv2dBackward<
    DX extends F32Input = Float32Array,
    DW extends F32Input = Float32Array,
    DB extends F32Input = Float32Array,
  >(
    x: F32Input,
    w: F32Input,
    dy: F32Input,
    shape: Conv2dShape,
    outs: { dx?: DX; dw?: DW; dbias?: DB } = {},
  ): NoInfer<{ dx: DX; dw: DW; dbias: DB }> {
    return conv.conv2dBackward(this, x, w, dy, shape, outs);
  }

  // ***** elementwise (wasm-elementwise.ts) *****

  /** out[i] = a[i] op b[i]; a and b have the same length. */
  binary<O extends F32Input = Float32Array>(
    opName: WasmBinaryOp,
    a: F32Input,
    b: F32Input,
    out?: O,
  ): NoInfer<O> {
    return elementwise.binary(this, opName, a, b, out);
  }

  /** out[i] = a[i] op s, or s op a[i] with reversed. */
  binaryScalar<O extends F32Input = Float32Array>(
    opName: WasmBinaryOp,
    a: F32Input,
    s: number,
    reversed = false,
    out?: O,
  ): NoInfer<O> {
    return elementwise.binaryScalar(this, opName, a, s, reversed, out);
  }

  /** out[r, c] = a[r, c] op row[c] (row op a with reversed); a [rows, cols], row [cols]. */
  binaryRow<O extends F32Input = Float32Array>(
    opName: WasmBinaryOp,
    a: F32Input,
    row: F32Input,
    rows: number,
    cols: number,
    reversed = false,
    out?: O,
  ): NoInfer<O> {
    return elementwise.binaryBroadcast(this, "row", opName, a, row, rows, cols, reversed, out);
  }

  /** out[r, c] = a[r, c] op col[r] (col op a with reversed); a [rows, cols], col [rows]. */
  binaryCol<O extends F32Input = Float32Array>(
    opName: WasmBinaryOp,
    a: F32Input,
    col: F32Input,
    rows: number,
    cols: number,
    reversed = false,
    out?: O,
  ): NoInfer<O> {
    return elementwise.binaryBroadcast(this, "col", opName, a, col, rows, cols, reversed, out);
  }

  /** out[i] = f(x[i]). exp/log/tanh/sigmoid/gelu are polynomial approximations (≲ 1e-6 relative error). */
  unary<O extends F32Input = Float32Array>(opName: WasmUnaryOp, x: F32Input, out?: O): NoInfer<O> {
    return elementwise.unary(this, opName, x, out);
  }

  /** dx[i] = dy[i]·f'(x[i]), given x and y = f(x) (both needed: some derivatives use one, some the other). */
  unaryBackward<O extends F32Input = Float32Array>(
    opName: WasmUnaryOp,
    x: F32Input,
    y: F32Input,
    dy: F32Input,
    out?: O,
  ): NoInfer<O> {
    return elementwise.unaryBackward(this, opName, x, y, dy, out);
  }

  /** out[r, c] = act(x[r, c] + bias[c]) in one pass (the epilogue of a linear layer). */
  biasActivation<O extends F32Input = Float32Array>(
    x: F32Input,
    bias: F32Input,
    rows: number,
    cols: number,
    activation: WasmUnaryOp = "identity",
    out?: O,
  ): NoInfer<O> {
    return elementwise.biasActivation(this, x, bias, rows, cols, activation, out);
  }

  // ***** reductions and softmax, last axis of a row-major [rows, cols] (wasm-reduce-softmax.ts) *****

  /** out[r] = Σ_c x[r, c]. */
  sumLastAxis<O extends F32Input = Float32Array>(
    x: F32Input,
    rows: number,
    cols: number,
    out?: O,
  ): NoInfer<O> {
    return reduce.rowwise(this, "sumLastAxis", x, rows, cols, out);
  }

  /** out[r] = max_c x[r, c] (NaN if the row holds a NaN). cols must be ≥ 1. */
  maxLastAxis<O extends F32Input = Float32Array>(
    x: F32Input,
    rows: number,
    cols: number,
    out?: O,
  ): NoInfer<O> {
    return reduce.rowwise(this, "maxLastAxis", x, rows, cols, out);
  }

  /** out[c] = Σ_r x[r, c] (e.g. a bias gradient). */
  sumFirstAxis<O extends F32Input = Float32Array>(
    x: F32Input,
    rows: number,
    cols: number,
    out?: O,
  ): NoInfer<O> {
    return reduce.rowwise(this, "sumFirstAxis", x, rows, cols, out);
  }

  /** Softmax of every row. */
  softmax<O extends F32Input = Float32Array>(x: F32Input, rows: number, cols: number, out?: O): NoInfer<O> {
    return reduce.rowwise(this, "softmax", x, rows, cols, out);
  }

  /** Log-softmax of every row. */
  logSoftmax<O extends F32Input = Float32Array>(
    x: F32Input,
    rows: number,
    cols: number,
    out?: O,
  ): NoInfer<O> {
    return reduce.rowwise(this, "logSoftmax", x, rows, cols, out);
  }

  /** dx = y ⊙ (dy − Σ_c dy·y) from the softmax output y. */
  softmaxBackward<O extends F32Input = Float32Array>(
    y: F32Input,
    dy: F32Input,
    rows: number,
    cols: number,
    out?: O,
  ): NoInfer<O> {
    return reduce.rowwiseBackward(this, "softmaxBackward", y, dy, rows, cols, out);
  }

  /** dx = dy − exp(y)·Σ_c dy from the log-softmax output y. */
  logSoftmaxBackward<O extends F32Input = Float32Array>(
    y: F32Input,
    dy: F32Input,
    rows: number,
    cols: number,
    out?: O,
  ): NoInfer<O> {
    return reduce.rowwiseBackward(this, "logSoftmaxBackward", y, dy, rows, cols, out);
  }

  /**
   * Fused softmax + cross-entropy: per-row losses logsumexp(x_r) − x_r[t_r] and, unless grad is false,
   * dlogits = gradScale·(softmax(x) − onehot(t)) (gradScale 1/rows gives the gradient of the mean loss).
   * targets are class indices in [0, cols); rows whose target is ignoreIndex get loss 0 and zero gradient.
   */
  softmaxCrossEntropy(
    logits: F32Input,
    targets: ArrayLike<number>,
    rows: number,
    cols: number,
    options: { gradScale?: number; ignoreIndex?: number; grad?: boolean; dlogits?: F32Input } = {},
  ): { losses: Float32Array; dlogits: F32Input | undefined } {
    return reduce.softmaxCrossEntropy(this, logits, targets, rows, cols, options);
  }

  // ***** optimizers, in place: params and state are updated where they are (wasm-optim.ts) *****

  /** One SGD step (torch.optim.SGD semantics). velocity is required when momentum ≠ 0. */
  sgdUpdate(params: F32Input, grads: F32Input, velocity: F32Input | undefined, options: SgdOptions): void {
    optim.sgdUpdate(this, params, grads, velocity, options);
  }

  /** One Adam / AdamW step (torch.optim.Adam / AdamW semantics); m and v are the moment buffers. */
  adamUpdate(params: F32Input, grads: F32Input, m: F32Input, v: F32Input, options: AdamOptions): void {
    optim.adamUpdate(this, params, grads, m, v, options);
  }
}
