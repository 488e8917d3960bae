// The Tensor class: a strided view (shape, strides, offset) over a flat Float32Array or Int32Array, plus
// the autograd fields (requiresGrad, grad, the GradNode that produced it, gradient hooks).
// Math lives in src/ops as plain functions; the methods here only delegate to them, for PyTorch feel.
// Views (reshape of contiguous data, transpose, slice, expand) share `data` with their base.
// Storage is a JS typed array or, after an explicit move (toBackend / .to("wasm")), a view of the wasm
// backend's memory (src/backend/resident.ts); dispose() releases it and any later use throws DISPOSED.
import { backward as runBackward } from "./autograd/engine";
import { isGradEnabled } from "./autograd/grad-mode";
import type { GradNode } from "./autograd/node";
import { bumpVersion } from "./autograd/version";
import type { BackendName } from "./backend/backend";
import { type ResidentEntry, release, residentEntry } from "./backend/resident";
import { type DType, dtypeOf, type Storage } from "./dtype";
import { AutogradError, DTypeError, ShapeError, TensorDisposedError } from "./errors";
import { forEachRow } from "./kernels/strided";
import { type NestedNumbers, toNestedArray } from "./nested";
import { abs, sign } from "./ops/abs";
import { add } from "./ops/add";
import { argmax, argmin } from "./ops/argmax";
import { toFloat, toInt } from "./ops/cast";
import { clamp } from "./ops/clamp";
import { eq, ge, gt, le, lt, ne } from "./ops/compare";
import { clone, contiguous } from "./ops/contiguous";
import { div } from "./ops/div";
import { dropout } from "./ops/dropout";
import { elu } from "./ops/elu";
import { erf } from "./ops/erf";
import { exp } from "./ops/exp";
import { expand } from "./ops/expand";
import { gather } from "./ops/gather";
import { type GeluApproximation, gelu } from "./ops/gelu";
import { indexSelect } from "./ops/index-select";
import { log } from "./ops/log";
import { logsumexp } from "./ops/logsumexp";
import { matmul } from "./ops/matmul";
import { max, min } from "./ops/max";
import { maximum, minimum } from "./ops/maximum";
import { mean } from "./ops/mean";
import { mul } from "./ops/mul";
import { neg } from "./ops/neg";
import { pad } from "./ops/pad";
import { permute, transpose } from "./ops/permute";
import { pow } from "./ops/pow";
import { leakyRelu, relu } from "./ops/relu";
import { flatten, reshape, squeeze, unsqueeze, view } from "./ops/reshape";
import { logSigmoid, sigmoid } from "./ops/sigmoid";
import { silu } from "./ops/silu";
import { select, slice } from "./ops/slice";
import { logSoftmax, softmax } from "./ops/softmax";
import { softplus } from "./ops/softplus";
import { chunk, split } from "./ops/split";
import { sqrt } from "./ops/sqrt";
import { sub } from "./ops/sub";
import { sum } from "./ops/sum";
import { tanh } from "./ops/tanh";
import { toBackend } from "./ops/to-backend";
import { cos, sin } from "./ops/trig";
import { std, variance } from "./ops/var";
import { where } from "./ops/where";
import { checkShape, contiguousStrides, formatShape, type Shape, shapeSize } from "./shape";

/** Called with the gradient w.r.t. a tensor during backward; may return a replacement gradient. */
export type GradHook = (grad: Tensor) => Tensor | undefined;

export interface BackwardOptions {
  /** Keep the graph (saved tensors) so backward can run through it again. Default: createGraph. */
  retainGraph?: boolean;
  /** Record the backward computation itself, for higher-order gradients. Default false. */
  createGraph?: boolean;
}

export interface TensorOptions {
  strides?: readonly number[];
  offset?: number;
  requiresGrad?: boolean;
}

type Dims = number | readonly number[];

export class Tensor {
  #data: Storage;
  /** The wasm arena buffer behind `data` when the storage is wasm-resident, else undefined. */
  #resident: ResidentEntry | undefined;
  #disposed = false;
  readonly shape: readonly number[];
  /** Element strides per dimension (0 on broadcast dims of an expanded view). */
  readonly strides: readonly number[];
  readonly offset: number;
  readonly dtype: DType;
  /** Number of elements (product of shape). */
  readonly size: number;
  /** Accumulated gradient, filled by backward() on leaves (and on tensors that called retainGrad()). */
  grad: Tensor | null = null;
  /** Optional label shown by toString() (e.g. a parameter's name). */
  name: string | undefined = undefined;

  private _requiresGrad = false;
  private _node: GradNode | null = null;
  private _hooks: GradHook[] | null = null;
  private _retainsGrad = false;

  constructor(data: Storage, shape: Shape, options: TensorOptions = {}) {
    if (!(data instanceof Float32Array || data instanceof Int32Array)) {
      throw new TypeError("Tensor: data must be a Float32Array or Int32Array; use tensor() for other inputs");
    }
    this.shape = checkShape("Tensor", shape);
    this.size = shapeSize(this.shape);
    this.strides = options.strides ? [...options.strides] : contiguousStrides(this.shape);
    this.offset = options.offset ?? 0;
    this.#data = data;
    this.#resident = residentEntry(data);
    this.dtype = dtypeOf(data);
    if (this.strides.length !== this.shape.length) {
      throw new RangeError(
        `Tensor: strides [${this.strides.join(",")}] and shape ${formatShape(this.shape)} have different lengths`,
      );
    }
    if (this.size > 0) {
      let last = this.offset;
      for (let i = 0; i < this.shape.length; i++) {
        const s = this.strides[i]!;
        if (!Number.isInteger(s) || s < 0)
          throw new RangeError(`Tensor: strides must be non-negative integers`);
        last += (this.shape[i]! - 1) * s;
      }
      if (!Number.isInteger(this.offset) || this.offset < 0 || last >= data.length) {
        throw new ShapeError(
          "DATA_LENGTH",
          "Tensor",
          [this.shape],
          `view reaches element ${last} (offset ${this.offset}) but data has only ${data.length} elements`,
        );
      }
    }
    if (options.requiresGrad) this.requiresGrad = true;
  }

  /**
   * Backing buffer, shared between a tensor and its views. Index with `offset` and `strides`. For a
   * wasm-resident tensor it is a view of the wasm memory. Throws TensorDisposedError after dispose().
   */
  get data(): Storage {
    if (this.#disposed || this.#resident?.released === true)
      throw new TensorDisposedError(this.shape, this.dtype);
    return this.#data;
  }

  /** @internal The storage without the disposed check (tidy uses it to see what a result keeps). */
  get _storage(): Storage {
    return this.#data;
  }

  /** Which backend holds the storage: "wasm" for a wasm-resident tensor, else "js". */
  get device(): BackendName {
    return this.#resident === undefined ? "js" : "wasm";
  }

  /** True after dispose() of this tensor, or of any tensor sharing its wasm-resident storage. */
  get isDisposed(): boolean {
    return this.#disposed || this.#resident?.released === true;
  }

  /**
   * Releases the storage now: a wasm-resident buffer goes back to the backend's pool, and every tensor
   * sharing it (views included) throws TensorDisposedError from then on. A JS-storage tensor is marked
   * disposed (its array is freed by the garbage collector once unreferenced). Idempotent.
   */
  dispose(): void {
    this.#disposed = true;
    if (this.#resident !== undefined) release(this.#resident);
  }

  /** A tensor with the same values whose storage belongs to `backend` (this one when it already does). */
  to(backend: BackendName): Tensor {
    return toBackend(this, backend);
  }

  /**
   * Moves this tensor's storage to `backend` in place (as PyTorch's `module.to()` does to parameters): the
   * tensor object, its autograd flags and `.grad` stay, its values now live on `backend`, laid out
   * contiguously. Views made earlier keep reading the old storage (a snapshot). Not recorded; throws
   * AutogradError IN_PLACE for a tensor that requires grad while recording (wrap it in noGrad).
   */
  moveTo_(backend: BackendName): this {
    this.checkInPlace("moveTo_");
    const moved = toBackend(this.detach(), backend);
    if (moved.data === this.data) return this;
    this.#data = moved.data;
    this.#resident = residentEntry(moved.data);
    const self = this as { strides: readonly number[]; offset: number };
    self.strides = moved.strides;
    self.offset = moved.offset;
    return this;
  }

  get ndim(): number {
    return this.shape.length;
  }

  /** True when the elements are laid out row-major without gaps (the offset may be non-zero). */
  get isContiguous(): boolean {
    let s = 1;
    for (let i = this.shape.length - 1; i >= 0; i--) {
      const n = this.shape[i]!;
      if (n !== 1 && this.strides[i] !== s) return false;
      s *= n;
    }
    return true;
  }

  // ---- autograd -------------------------------------------------------------------------------------

  get requiresGrad(): boolean {
    return this._requiresGrad;
  }

  /** Only leaves (tensors not produced by a recorded op) can change this; use detach() otherwise. */
  set requiresGrad(on: boolean) {
    if (this._node !== null) {
      throw new AutogradError(
        "NOT_LEAF",
        "requiresGrad",
        `can only be set on leaf tensors; this tensor was produced by ${this._node.op} (use detach())`,
      );
    }
    if (on && this.dtype !== "float32") {
      throw new DTypeError(
        "requiresGrad",
        this.dtype,
        `only float32 tensors can require grad, got ${this.dtype}`,
      );
    }
    this._requiresGrad = on;
  }

  /** Sets requiresGrad and returns this, for chaining: `randn([3]).requiresGrad_()`. */
  requiresGrad_(on = true): this {
    this.requiresGrad = on;
    return this;
  }

  /** True when no recorded op produced this tensor. */
  get isLeaf(): boolean {
    return this._node === null;
  }

  /** Name of the op that produced this tensor, or null for leaves. */
  get gradFn(): string | null {
    return this._node?.op ?? null;
  }

  /** @internal The recorded node; used by the autograd engine. */
  get _gradNode(): GradNode | null {
    return this._node;
  }

  /** @internal Called by `record` only. */
  _setNode(node: GradNode): void {
    this._node = node;
    this._requiresGrad = true;
  }

  /** @internal Hooks in registration order. */
  get _gradHooks(): readonly GradHook[] {
    return this._hooks ?? [];
  }

  /** @internal */
  get _retainGrad(): boolean {
    return this._retainsGrad;
  }

  /**
   * Registers fn to run with this tensor's gradient each time it is computed (by backward() or grad()).
   * If fn returns a tensor, it replaces the gradient flowing on. Returns a handle to remove the hook.
   */
  registerHook(fn: GradHook): { remove(): void } {
    if (!this._requiresGrad) {
      throw new AutogradError(
        "NO_GRAD_FN",
        "registerHook",
        "cannot register a hook on a tensor that does not require grad",
      );
    }
    this._hooks ??= [];
    this._hooks.push(fn);
    return {
      remove: () => {
        const i = this._hooks?.indexOf(fn) ?? -1;
        if (i >= 0) this._hooks!.splice(i, 1);
      },
    };
  }

  /** Makes backward() fill `.grad` on this non-leaf tensor too (e.g. activations for Grad-CAM). */
  retainGrad(): this {
    if (!this._requiresGrad) {
      throw new AutogradError("NO_GRAD_FN", "retainGrad", "tensor does not require grad");
    }
    this._retainsGrad = true;
    return this;
  }

  /**
   * Backpropagates from this tensor, accumulating into `.grad` of every leaf that requires grad.
   * A non-scalar tensor needs an explicit upstream `gradient` of its own shape.
   */
  backward(gradient?: Tensor, options: BackwardOptions = {}): void {
    runBackward([this], gradient === undefined ? undefined : [gradient], options);
  }

  /** Sets `.grad` to null. */
  zeroGrad(): void {
    this.grad = null;
  }

  /** A tensor sharing this one's data but cut from the graph (requiresGrad false). */
  detach(): Tensor {
    return new Tensor(this.data, this.shape, { strides: this.strides, offset: this.offset });
  }

  // ---- in-place (outside the graph) ------------------------------------------------------------------

  private checkInPlace(op: string): void {
    if (this._requiresGrad && isGradEnabled()) {
      throw new AutogradError(
        "IN_PLACE",
        op,
        "in-place change of a tensor that requires grad while recording; wrap it in noGrad(() => …)",
      );
    }
  }

  /** Copies src's values (broadcast to this shape, cast to this dtype) into this tensor's memory. Not recorded. */
  copy_(src: Tensor | number): this {
    this.checkInPlace("copy_");
    const dst = this.data;
    bumpVersion(dst);
    if (typeof src === "number") {
      forEachRow(this.shape, [this.strides], [this.offset], (offs, steps, n) => {
        let i = offs[0]!;
        const s = steps[0]!;
        for (let k = 0; k < n; k++, i += s) dst[i] = src;
      });
      return this;
    }
    let from = src.detach();
    if (from.dtype !== this.dtype) from = this.dtype === "int32" ? toInt(from) : toFloat(from);
    else if (from.data === dst) from = clone(from); // overlapping memory: read from a snapshot
    const full = expand(from, this.shape);
    const srcData = full.data;
    forEachRow(this.shape, [this.strides, full.strides], [this.offset, full.offset], (offs, steps, n) => {
      let i = offs[0]!;
      let j = offs[1]!;
      const si = steps[0]!;
      const sj = steps[1]!;
      for (let k = 0; k < n; k++, i += si, j += sj) dst[i] = srcData[j]!;
    });
    return this;
  }

  /** Sets every element to `value`. Not recorded. */
  fill_(value: number): this {
    return this.copy_(value);
  }

  /** Sets every element to 0. Not recorded. */
  zero_(): this {
    return this.copy_(0);
  }

  // ---- reading values ---------------------------------------------------------------------------------

  /** The single value of a one-element tensor. */
  item(): number {
    if (this.size !== 1) {
      throw new RangeError(
        `item: tensor of shape ${formatShape(this.shape)} has ${this.size} elements, expected 1`,
      );
    }
    return this.data[this.offset]!;
  }

  /** A fresh contiguous copy of the values as a typed array of this dtype. */
  toTypedArray(): Storage {
    return contiguous(this.detach(), true).data;
  }

  /** A fresh contiguous copy of the values (as TF.js's dataSync): the explicit read, whatever the storage. */
  dataSync(): Storage {
    return this.toTypedArray();
  }

  /** The values in row-major order as a plain array. */
  toArray(): number[] {
    return Array.from(this.toTypedArray());
  }

  /** The values as nested arrays matching the shape (a number for 0-d tensors). */
  toNested(): NestedNumbers {
    return toNestedArray(this.toTypedArray(), this.shape);
  }

  /** Node's console.log / util.inspect show toString(); a plain symbol, so no Node import is needed. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  toString(): string {
    const parts = [formatShape(this.shape), this.dtype];
    if (this.name !== undefined) parts.push(`name=${this.name}`);
    if (this._node) parts.push(`gradFn=${this._node.op}`);
    else if (this._requiresGrad) parts.push("requiresGrad");
    const head = `Tensor(${parts.join(", ")})`;
    return this.size > 64 ? head : `${head} ${JSON.stringify(this.toNested())}`;
  }

  // ---- copies and casts -------------------------------------------------------------------------------

  contiguous(): Tensor {
    return contiguous(this);
  }
  clone(): Tensor {
    return clone(this);
  }
  float(): Tensor {
    return toFloat(this);
  }
  int(): Tensor {
    return toInt(this);
  }

  // ---- elementwise ------------------------------------------------------------------------------------

  add(other: Tensor | number): Tensor {
    return add(this, other);
  }
  sub(other: Tensor | number): Tensor {
    return sub(this, other);
  }
  mul(other: Tensor | number): Tensor {
    return mul(this, other);
  }
  div(other: Tensor | number): Tensor {
    return div(this, other);
  }
  pow(exponent: Tensor | number): Tensor {
    return pow(this, exponent);
  }
  maximum(other: Tensor | number): Tensor {
    return maximum(this, other);
  }
  minimum(other: Tensor | number): Tensor {
    return minimum(this, other);
  }
  neg(): Tensor {
    return neg(this);
  }
  abs(): Tensor {
    return abs(this);
  }
  sign(): Tensor {
    return sign(this);
  }
  sqrt(): Tensor {
    return sqrt(this);
  }
  square(): Tensor {
    return mul(this, this);
  }
  exp(): Tensor {
    return exp(this);
  }
  log(): Tensor {
    return log(this);
  }
  sin(): Tensor {
    return sin(this);
  }
  cos(): Tensor {
    return cos(this);
  }
  erf(): Tensor {
    return erf(this);
  }
  clamp(minValue?: number, maxValue?: number): Tensor {
    return clamp(this, minValue, maxValue);
  }
  where(condition: Tensor, other: Tensor | number): Tensor {
    return where(condition, this, other);
  }
  eq(other: Tensor | number): Tensor {
    return eq(this, other);
  }
  ne(other: Tensor | number): Tensor {
    return ne(this, other);
  }
  lt(other: Tensor | number): Tensor {
    return lt(this, other);
  }
  le(other: Tensor | number): Tensor {
    return le(this, other);
  }
  gt(other: Tensor | number): Tensor {
    return gt(this, other);
  }
  ge(other: Tensor | number): Tensor {
    return ge(this, other);
  }

  // ---- activations --------------------------------------------------------------------------------------

  relu(): Tensor {
    return relu(this);
  }
  leakyRelu(slope = 0.01): Tensor {
    return leakyRelu(this, slope);
  }
  sigmoid(): Tensor {
    return sigmoid(this);
  }
  logSigmoid(): Tensor {
    return logSigmoid(this);
  }
  tanh(): Tensor {
    return tanh(this);
  }
  gelu(approximate: GeluApproximation = "none"): Tensor {
    return gelu(this, approximate);
  }
  silu(): Tensor {
    return silu(this);
  }
  softplus(): Tensor {
    return softplus(this);
  }
  elu(alpha = 1): Tensor {
    return elu(this, alpha);
  }
  dropout(p = 0.5, training = true): Tensor {
    return dropout(this, p, training);
  }
  softmax(dim = -1): Tensor {
    return softmax(this, dim);
  }
  logSoftmax(dim = -1): Tensor {
    return logSoftmax(this, dim);
  }

  // ---- reductions ----------------------------------------------------------------------------------------

  sum(dim?: Dims, keepdim = false): Tensor {
    return sum(this, dim, keepdim);
  }
  mean(dim?: Dims, keepdim = false): Tensor {
    return mean(this, dim, keepdim);
  }
  max(dim?: Dims, keepdim = false): Tensor {
    return max(this, dim, keepdim);
  }
  min(dim?: Dims, keepdim = false): Tensor {
    return min(this, dim, keepdim);
  }
  argmax(dim?: number, keepdim = false): Tensor {
    return argmax(this, dim, keepdim);
  }
  argmin(dim?: number, keepdim = false): Tensor {
    return argmin(this, dim, keepdim);
  }
  var(dim?: Dims, keepdim = false, correction = 1): Tensor {
    return variance(this, dim, keepdim, correction);
  }
  std(dim?: Dims, keepdim = false, correction = 1): Tensor {
    return std(this, dim, keepdim, correction);
  }
  logsumexp(dim?: Dims, keepdim = false): Tensor {
    return logsumexp(this, dim, keepdim);
  }

  // ---- linear algebra ------------------------------------------------------------------------------------

  matmul(other: Tensor): Tensor {
    return matmul(this, other);
  }

  // ---- shape and indexing --------------------------------------------------------------------------------

  reshape(...shape: number[] | [readonly number[]]): Tensor {
    return reshape(this, shapeArg(shape));
  }
  view(...shape: number[] | [readonly number[]]): Tensor {
    return view(this, shapeArg(shape));
  }
  flatten(startDim = 0, endDim = -1): Tensor {
    return flatten(this, startDim, endDim);
  }
  squeeze(dim?: Dims): Tensor {
    return squeeze(this, dim);
  }
  unsqueeze(dim: number): Tensor {
    return unsqueeze(this, dim);
  }
  transpose(dim0: number, dim1: number): Tensor {
    return transpose(this, dim0, dim1);
  }
  /** Swaps the last two dims (matrix transpose; batch dims stay). */
  get mT(): Tensor {
    return transpose(this, -2, -1);
  }
  permute(...dims: number[] | [readonly number[]]): Tensor {
    return permute(this, shapeArg(dims));
  }
  expand(...shape: number[] | [readonly number[]]): Tensor {
    return expand(this, shapeArg(shape));
  }
  slice(dim: number, start: number, end?: number, step = 1): Tensor {
    return slice(this, dim, start, end, step);
  }
  select(dim: number, index: number): Tensor {
    return select(this, dim, index);
  }
  split(sizeOrSections: number | readonly number[], dim = 0): Tensor[] {
    return split(this, sizeOrSections, dim);
  }
  chunk(chunks: number, dim = 0): Tensor[] {
    return chunk(this, chunks, dim);
  }
  gather(dim: number, index: Tensor): Tensor {
    return gather(this, dim, index);
  }
  indexSelect(dim: number, index: Tensor): Tensor {
    return indexSelect(this, dim, index);
  }
  pad(padding: readonly (readonly [number, number])[], value = 0): Tensor {
    return pad(this, padding, value);
  }
}

function shapeArg(args: number[] | [readonly number[]]): readonly number[] {
  return args.length === 1 && Array.isArray(args[0]) ? args[0] : (args as number[]);
}
