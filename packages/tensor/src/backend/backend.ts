// The backend interface: the short list of kernels the Tensor ops dispatch through, on flat float32
// arrays (no Tensor, no autograd, no shapes beyond the sizes a kernel needs). KERNEL_NAMES is the list;
// `Kernels` maps every name to its signature, so a name without a signature (or a reference backend
// without an implementation) is a compile error here. A backend implements any subset (`Backend`); the
// missing kernels come from the reference JS backend (src/backend/js). Deliberately not here: strided
// n-d iteration and broadcasting (the ops reduce their work to these flat calls first).
import type { Conv2dGeometry } from "../kernels/conv-geometry";
import type { Pool2dGeometry } from "../kernels/pool-geometry";

/** Every kernel a backend may provide. */
export const KERNEL_NAMES = [
  "unary",
  "binary",
  "binaryScalar",
  "binaryRow",
  "sumLastAxis",
  "maxLastAxis",
  "matmul",
  "batchedMatmul",
  "conv2dForward",
  "conv2dBackwardInput",
  "conv2dBackwardWeight",
  "maxPool2dForward",
  "maxPool2dBackward",
  "avgPool2dForward",
  "avgPool2dBackward",
  "softmax",
  "softmaxCrossEntropy",
  "biasActivation",
  "sgdUpdate",
  "adamUpdate",
] as const;

export type KernelName = (typeof KERNEL_NAMES)[number];

/** Unary ops with a flat kernel (the contiguous fast path of unaryOp). */
export const UNARY_KERNEL_OPS = ["neg", "abs", "sqrt", "exp", "log", "tanh", "relu", "sigmoid"] as const;
export type UnaryKernelOp = (typeof UNARY_KERNEL_OPS)[number];

export type BinaryKernelOp = "add" | "sub" | "mul" | "div";

/** Activations a fused bias + activation epilogue applies. */
export type BiasActivation = "identity" | "relu" | "tanh" | "sigmoid";

/**
 * A strided 2-d operand of matmul: element (i, j) of the M×K (or K×N) matrix is at off + i·rs + j·cs.
 * Batched calls add `bs`, the stride between batch entries (0: one matrix shared by every entry).
 */
export interface MatrixView {
  data: Float32Array;
  off: number;
  rs: number;
  cs: number;
  bs: number;
}

export interface SgdKernelOptions {
  lr: number;
  momentum: number;
  dampening: number;
  weightDecay: number;
  nesterov: boolean;
  /** The velocity buffer becomes the (decayed) gradient itself, as PyTorch's first momentum step. */
  firstStep: boolean;
}

export interface AdamKernelOptions {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  /** AdamW: decay the parameters instead of adding wd·p to the gradient. */
  decoupled: boolean;
  /** 1-based step count for the bias corrections. */
  step: number;
}

/** The signature of each kernel. Outputs are written into caller-allocated arrays. */
interface KernelSignatures {
  /** out[i] = f(x[i]), x.length === out.length. */
  unary(op: UnaryKernelOp, x: Float32Array, out: Float32Array): void;
  /** out[i] = a[i] op b[i], all of one length. */
  binary(op: BinaryKernelOp, a: Float32Array, b: Float32Array, out: Float32Array): void;
  /** out[i] = a[i] op s (s op a[i] when reversed). */
  binaryScalar(op: BinaryKernelOp, a: Float32Array, s: number, reversed: boolean, out: Float32Array): void;
  /** out[r, c] = a[r, c] op row[c] (row[c] op a[r, c] when reversed); a, out [rows, cols]. */
  binaryRow(
    op: BinaryKernelOp,
    a: Float32Array,
    row: Float32Array,
    rows: number,
    cols: number,
    reversed: boolean,
    out: Float32Array,
  ): void;
  /** out[r] = Σ_c x[r, c]; x [rows, cols]. */
  sumLastAxis(x: Float32Array, rows: number, cols: number, out: Float32Array): void;
  /** out[r] = max_c x[r, c] (NaN propagates); x [rows, cols], cols ≥ 1. */
  maxLastAxis(x: Float32Array, rows: number, cols: number, out: Float32Array): void;
  /** out[cOff + i·n + j] = Σ_p A(i, p)·B(p, j) for a strided A [m, k] and B [k, n]; out overwritten. */
  matmul(
    a: MatrixView,
    b: MatrixView,
    m: number,
    k: number,
    n: number,
    out: Float32Array,
    cOff: number,
  ): void;
  /** `batch` matmuls; entry t reads A at a.off + t·a.bs, B at b.off + t·b.bs, writes out at t·m·n. */
  batchedMatmul(
    a: MatrixView,
    b: MatrixView,
    batch: number,
    m: number,
    k: number,
    n: number,
    out: Float32Array,
  ): void;
  /** y = conv2d(x, w) (+ bias) → [n, cOut, outH, outW]; x, w dense NCHW / OIHW. */
  conv2dForward(x: Float32Array, w: Float32Array, bias: Float32Array | null, g: Conv2dGeometry): Float32Array;
  /** dx [n, cIn, h, w] from dy [n, cOut, outH, outW]. */
  conv2dBackwardInput(dy: Float32Array, w: Float32Array, g: Conv2dGeometry): Float32Array;
  /** dw [cOut, cIn/groups, kH, kW] from dy and x. */
  conv2dBackwardWeight(dy: Float32Array, x: Float32Array, g: Conv2dGeometry): Float32Array;
  maxPool2dForward(x: Float32Array, g: Pool2dGeometry): { y: Float32Array; indices: Int32Array };
  maxPool2dBackward(dy: Float32Array, indices: Int32Array, g: Pool2dGeometry): Float32Array;
  avgPool2dForward(x: Float32Array, g: Pool2dGeometry, countIncludePad: boolean): Float32Array;
  avgPool2dBackward(dy: Float32Array, g: Pool2dGeometry, countIncludePad: boolean): Float32Array;
  /** Softmax (log-softmax when `log`) of each row of x [rows, cols] into out. */
  softmax(x: Float32Array, rows: number, cols: number, log: boolean, out: Float32Array): void;
  /**
   * Per-row loss logsumexp(x_r) − x_r[t_r] into losses [rows]; when dlogits is given it receives
   * gradScale·(softmax(x_r) − onehot(t_r)). Rows whose target is ignoreIndex get loss 0 and zero gradient.
   * Targets are already range-checked by the caller.
   */
  softmaxCrossEntropy(
    x: Float32Array,
    targets: Int32Array,
    rows: number,
    cols: number,
    gradScale: number,
    ignoreIndex: number,
    losses: Float32Array,
    dlogits: Float32Array | null,
  ): void;
  /** out[r, c] = act(x[r, c] + bias[c]); x, out [rows, cols]. */
  biasActivation(
    x: Float32Array,
    bias: Float32Array,
    rows: number,
    cols: number,
    act: BiasActivation,
    out: Float32Array,
  ): void;
  /** torch.optim.SGD's step, in place on p (and velocity when momentum ≠ 0). */
  sgdUpdate(p: Float32Array, g: Float32Array, velocity: Float32Array | null, o: SgdKernelOptions): void;
  /** torch.optim.Adam / AdamW's step, in place on p, m and v. */
  adamUpdate(p: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, o: AdamKernelOptions): void;
}

/** Every kernel, by name. Indexing KernelSignatures with a name it lacks fails to compile. */
export type Kernels = { [K in KernelName]: KernelSignatures[K] };

export type BackendName = "js" | "wasm";

/** A backend: its name and any subset of the kernels (the rest fall back to the reference). */
export type Backend = { readonly name: BackendName } & Partial<Kernels>;

/** The kernels an op calls: a backend's own where it has them, the reference's otherwise. */
export type ResolvedBackend = { readonly name: BackendName } & Kernels;

/** Fills the kernels `backend` lacks from `reference`. */
export function resolveBackend(backend: Backend, reference: Kernels): ResolvedBackend {
  const out: Record<string, unknown> = { name: backend.name };
  for (const k of KERNEL_NAMES) out[k] = backend[k] ?? reference[k];
  return out as ResolvedBackend;
}
