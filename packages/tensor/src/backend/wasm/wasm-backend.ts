// The WebAssembly SIMD backend: checked, typed wrappers around the kernel module's exports.
// Every method accepts Float32Array (copied into pooled wasm buffers and back) or WasmF32 (used in place,
// no copy); the result goes to `out` when given, else to a new Float32Array. Sizes are validated and
// errors name the kernel and the values. Deliberately not here: N-d shapes, broadcasting rules, autograd —
// callers (the Tensor ops) reduce their work to these flat kernels.
import { WasmArena, WasmF32 } from "./arena";
import { WasmArgumentError, WasmBufferError, WasmSizeError } from "./errors";
import type { WasmKernelExports } from "./exports";
import { BINARY_OPS, UNARY_OPS, type WasmBinaryOp, type WasmUnaryOp } from "./op-codes";

/** A kernel operand: host memory (copied in/out) or a buffer already inside wasm memory (zero-copy). */
export type F32Input = Float32Array | WasmF32;

export interface MatmulOptions {
  /** A is stored transposed, [k, m]. */
  transA?: boolean;
  /** B is stored transposed, [n, k]. */
  transB?: boolean;
  /** C += op(A)·op(B) instead of C = op(A)·op(B) (the existing contents of `out` are used). */
  accumulate?: boolean;
}

export interface BatchedMatmulOptions extends MatmulOptions {
  /** One A [m, k] shared by every batch entry. */
  broadcastA?: boolean;
  /** One B [k, n] shared by every batch entry. */
  broadcastB?: boolean;
}

/** One image's convolution geometry, CHW layout. Strides, padding and dilation default to 1, 0, 1. */
export interface Conv2dGeometry {
  channels: number;
  height: number;
  width: number;
  kernelH: number;
  kernelW: number;
  strideH?: number;
  strideW?: number;
  padH?: number;
  padW?: number;
  dilationH?: number;
  dilationW?: number;
}

export interface Conv2dShape extends Conv2dGeometry {
  batch: number;
  outChannels: number;
}

export interface SgdOptions {
  lr: number;
  momentum?: number;
  dampening?: number;
  weightDecay?: number;
  nesterov?: boolean;
  /** True on the first step with momentum: the velocity buffer is initialised to the gradient. */
  firstStep?: boolean;
}

export interface AdamOptions {
  lr: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
  weightDecay?: number;
  /** AdamW: weight decay applied to the parameters, not added to the gradient. */
  decoupled?: boolean;
  /** 1-based step count (bias correction). */
  step: number;
}

const MAX_ELEMENTS = 2 ** 30 - 1; // 4 GiB of f32 minus headroom: every byte offset fits in a u32.

function dim(op: string, name: string, value: number): number {
  if (!Number.isInteger(value) || value < 0 || value > MAX_ELEMENTS) {
    throw new WasmSizeError(`${op}: ${name} = ${value} must be a non-negative integer ≤ ${MAX_ELEMENTS}`);
  }
  return value;
}

function positive(op: string, name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1 || value > MAX_ELEMENTS) {
    throw new WasmSizeError(`${op}: ${name} = ${value} must be a positive integer`);
  }
  return value;
}

function count(op: string, what: string, ...dims: number[]): number {
  const n = dims.reduce((p, d) => p * d, 1);
  if (n > MAX_ELEMENTS)
    throw new WasmSizeError(`${op}: ${what} = ${dims.join("·")} = ${n} elements is too large`);
  return n;
}

function finite(op: string, name: string, value: number): number {
  if (!Number.isFinite(value))
    throw new WasmArgumentError(`${op}: ${name} = ${value} must be a finite number`);
  return value;
}

function unaryCode(op: string, name: string): number {
  const code = (UNARY_OPS as Record<string, number>)[name];
  if (code === undefined || !Object.hasOwn(UNARY_OPS, name)) {
    throw new WasmArgumentError(
      `${op}: unknown unary op "${name}" (known: ${Object.keys(UNARY_OPS).join(", ")})`,
    );
  }
  return code;
}

function binaryCode(op: string, name: string): number {
  const code = (BINARY_OPS as Record<string, number>)[name];
  if (code === undefined || !Object.hasOwn(BINARY_OPS, name)) {
    throw new WasmArgumentError(
      `${op}: unknown binary op "${name}" (known: ${Object.keys(BINARY_OPS).join(", ")})`,
    );
  }
  return code;
}

/** Output size of one convolution axis: ⌊(size + 2·pad − dil·(k − 1) − 1) / stride⌋ + 1. */
export function convOutputSize(
  size: number,
  kernel: number,
  stride: number,
  pad: number,
  dilation: number,
): number {
  return Math.floor((size + 2 * pad - dilation * (kernel - 1) - 1) / stride) + 1;
}

interface Geometry {
  c: number;
  h: number;
  w: number;
  kh: number;
  kw: number;
  sh: number;
  sw: number;
  ph: number;
  pw: number;
  dh: number;
  dw: number;
  outH: number;
  outW: number;
}

function geometry(op: string, g: Conv2dGeometry): Geometry {
  const r: Geometry = {
    c: dim(op, "channels", g.channels),
    h: dim(op, "height", g.height),
    w: dim(op, "width", g.width),
    kh: positive(op, "kernelH", g.kernelH),
    kw: positive(op, "kernelW", g.kernelW),
    sh: positive(op, "strideH", g.strideH ?? 1),
    sw: positive(op, "strideW", g.strideW ?? 1),
    ph: dim(op, "padH", g.padH ?? 0),
    pw: dim(op, "padW", g.padW ?? 0),
    dh: positive(op, "dilationH", g.dilationH ?? 1),
    dw: positive(op, "dilationW", g.dilationW ?? 1),
    outH: 0,
    outW: 0,
  };
  r.outH = convOutputSize(r.h, r.kh, r.sh, r.ph, r.dh);
  r.outW = convOutputSize(r.w, r.kw, r.sw, r.pw, r.dw);
  if (r.outH < 1 || r.outW < 1) {
    throw new WasmSizeError(
      `${op}: input ${r.h}×${r.w} with padding ${r.ph}×${r.pw} is smaller than the dilated kernel ` +
        `${r.dh * (r.kh - 1) + 1}×${r.dw * (r.kw - 1) + 1} (output would be ${r.outH}×${r.outW})`,
    );
  }
  count(op, "col", r.c, r.kh, r.kw, r.outH, r.outW);
  return r;
}

// Temporary buffers of one kernel call, freed when it returns (or throws).
class Call {
  readonly temps: WasmF32[] = [];
  constructor(
    readonly backend: WasmBackend,
    readonly op: string,
  ) {}

  /** Pointer to `x`, copying it into a pooled buffer when it lives outside wasm memory. */
  in(name: string, x: F32Input, expected: number): number {
    if (x instanceof WasmF32) {
      this.check(name, x, expected);
      return x.ptr;
    }
    if (!(x instanceof Float32Array)) {
      throw new WasmArgumentError(
        `${this.op}: ${name} must be a Float32Array or WasmF32, got ${typeName(x)}`,
      );
    }
    if (x.length !== expected) {
      throw new WasmSizeError(`${this.op}: ${name} has ${x.length} elements, expected ${expected}`);
    }
    const t = this.backend.arena.alloc(expected);
    this.temps.push(t);
    t.array.set(x);
    return t.ptr;
  }

  /** Pointer for a result of `expected` floats; `keep` copies out's current contents in (accumulate/in-place). */
  out(name: string, out: F32Input | undefined, expected: number, keep: boolean): OutSlot {
    if (out instanceof WasmF32) {
      this.check(name, out, expected);
      return { ptr: out.ptr, result: out };
    }
    if (out !== undefined && !(out instanceof Float32Array)) {
      throw new WasmArgumentError(
        `${this.op}: ${name} must be a Float32Array or WasmF32, got ${typeName(out)}`,
      );
    }
    if (out !== undefined && out.length !== expected) {
      throw new WasmSizeError(`${this.op}: ${name} has ${out.length} elements, expected ${expected}`);
    }
    const t = this.backend.arena.alloc(expected);
    this.temps.push(t);
    if (keep && out !== undefined) t.array.set(out);
    return { ptr: t.ptr, result: out, temp: t };
  }

  /** Copies a temp result back to host memory and returns what the caller gets. */
  finish<O extends F32Input>(slot: OutSlot): NoInfer<O> {
    if (slot.temp === undefined) return slot.result as O;
    if (slot.result instanceof Float32Array) {
      slot.result.set(slot.temp.array);
      return slot.result as O;
    }
    return slot.temp.array.slice() as O;
  }

  release(): void {
    for (const t of this.temps) t.free();
    this.temps.length = 0;
  }

  private check(name: string, x: WasmF32, expected: number): void {
    if (x.arena !== this.backend.arena) {
      throw new WasmBufferError(`${this.op}: ${name} is a WasmF32 of another wasm backend instance`);
    }
    x.assertLive(`${this.op}: ${name}`);
    if (x.length !== expected) {
      throw new WasmSizeError(`${this.op}: ${name} has ${x.length} elements, expected ${expected}`);
    }
  }
}

interface OutSlot {
  ptr: number;
  result: F32Input | undefined;
  temp?: WasmF32;
}

function typeName(x: unknown): string {
  if (x === null) return "null";
  if (typeof x === "object") return (x as object).constructor?.name ?? "object";
  return typeof x;
}

function distinct(op: string, out: F32Input | undefined, ...inputs: [string, F32Input | undefined][]): void {
  if (!(out instanceof WasmF32)) return;
  for (const [name, x] of inputs) {
    if (x === out) throw new WasmArgumentError(`${op}: out must not be the same buffer as ${name}`);
  }
}

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

  private run<O extends F32Input>(op: string, body: (call: Call) => OutSlot): NoInfer<O> {
    const call = new Call(this, op);
    try {
      return call.finish<O>(body(call));
    } finally {
      call.release();
    }
  }

  // ***** matrix products *****

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
    const op = "matmul";
    dim(op, "m", m);
    dim(op, "k", k);
    dim(op, "n", n);
    distinct(op, out, ["a", a], ["b", b]);
    return this.run<O>(op, (call) => {
      const pa = call.in("a", a, count(op, "a = m·k", m, k));
      const pb = call.in("b", b, count(op, "b = k·n", k, n));
      const c = call.out("out", out, count(op, "out = m·n", m, n), options.accumulate === true);
      this.raw.gemm(
        +!!options.transA,
        +!!options.transB,
        m,
        n,
        k,
        pa,
        pb,
        c.ptr,
        +!!options.accumulate,
        this.workspace,
      );
      return c;
    });
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
    const op = "batchedMatmul";
    dim(op, "batch", batch);
    dim(op, "m", m);
    dim(op, "k", k);
    dim(op, "n", n);
    distinct(op, out, ["a", a], ["b", b]);
    const aBatch = options.broadcastA ? 1 : batch;
    const bBatch = options.broadcastB ? 1 : batch;
    return this.run<O>(op, (call) => {
      const pa = call.in("a", a, count(op, "a", aBatch, m, k));
      const pb = call.in("b", b, count(op, "b", bBatch, k, n));
      const c = call.out("out", out, count(op, "out", batch, m, n), options.accumulate === true);
      this.raw.gemmBatched(
        batch,
        +!!options.transA,
        +!!options.transB,
        m,
        n,
        k,
        pa,
        options.broadcastA ? 0 : m * k,
        pb,
        options.broadcastB ? 0 : k * n,
        c.ptr,
        +!!options.accumulate,
        this.workspace,
      );
      return c;
    });
  }

  // ***** convolution *****

  /** col [C·kh·kw, outH·outW] from one image x [C, H, W]. */
  im2col<O extends F32Input = Float32Array>(x: F32Input, geometry_: Conv2dGeometry, out?: O): NoInfer<O> {
    const op = "im2col";
    const g = geometry(op, geometry_);
    distinct(op, out, ["x", x]);
    return this.run<O>(op, (call) => {
      const px = call.in("x", x, count(op, "x", g.c, g.h, g.w));
      const col = call.out("out", out, count(op, "col", g.c, g.kh, g.kw, g.outH, g.outW), false);
      this.raw.im2col(px, g.c, g.h, g.w, g.kh, g.kw, g.sh, g.sw, g.ph, g.pw, g.dh, g.dw, col.ptr);
      return col;
    });
  }

  /** The adjoint of im2col: x [C, H, W] = Σ of every col entry into the pixel it came from (x overwritten). */
  col2im<O extends F32Input = Float32Array>(col: F32Input, geometry_: Conv2dGeometry, out?: O): NoInfer<O> {
    const op = "col2im";
    const g = geometry(op, geometry_);
    distinct(op, out, ["col", col]);
    return this.run<O>(op, (call) => {
      const pc = call.in("col", col, count(op, "col", g.c, g.kh, g.kw, g.outH, g.outW));
      const x = call.out("out", out, count(op, "x", g.c, g.h, g.w), false);
      this.raw.col2im(pc, g.c, g.h, g.w, g.kh, g.kw, g.sh, g.sw, g.ph, g.pw, g.dh, g.dw, x.ptr);
      return x;
    });
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
    const op = "conv2d";
    const g = geometry(op, shape);
    const batch = dim(op, "batch", shape.batch);
    const cout = dim(op, "outChannels", shape.outChannels);
    distinct(op, out, ["x", x], ["w", w], ["bias", bias]);
    const imageIn = g.c * g.h * g.w;
    const patch = count(op, "C·kh·kw", g.c, g.kh, g.kw);
    const pixels = g.outH * g.outW;
    const imageOut = count(op, "Cout·outH·outW", cout, pixels);
    // A 1×1 kernel with stride 1 and no padding reads x as it is: skip im2col.
    const direct = g.kh === 1 && g.kw === 1 && g.sh === 1 && g.sw === 1 && g.ph === 0 && g.pw === 0;
    return this.run<O>(op, (call) => {
      const px = call.in("x", x, count(op, "x", batch, imageIn));
      const pw = call.in("w", w, count(op, "w", cout, patch));
      const pbias = bias === undefined ? 0 : call.in("bias", bias, cout);
      const y = call.out("out", out, count(op, "out", batch, imageOut), false);
      let col = 0;
      if (!direct) {
        const t = this.arena.alloc(count(op, "col", patch, pixels));
        call.temps.push(t);
        col = t.ptr;
      }
      const { c, h, w: width, kh, kw, sh, sw, ph, pw: padW, dh, dw } = g;
      this.raw.conv2dImages(
        px,
        pw,
        pbias,
        batch,
        c,
        h,
        width,
        cout,
        kh,
        kw,
        sh,
        sw,
        ph,
        padW,
        dh,
        dw,
        col,
        y.ptr,
        this.workspace,
      );
      return y;
    });
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
    const op = "conv2dBackward";
    const g = geometry(op, shape);
    const batch = dim(op, "batch", shape.batch);
    const cout = dim(op, "outChannels", shape.outChannels);
    const given = ([outs.dx, outs.dw, outs.dbias] as (F32Input | undefined)[]).filter((o) => o !== undefined);
    if (new Set(given).size !== given.length)
      throw new WasmArgumentError(`${op}: dx, dw and dbias must be different buffers`);
    for (const o of given) distinct(op, o, ["x", x], ["w", w], ["dy", dy]);
    const imageIn = g.c * g.h * g.w;
    const patch = count(op, "C·kh·kw", g.c, g.kh, g.kw);
    const pixels = g.outH * g.outW;
    const imageOut = count(op, "Cout·outH·outW", cout, pixels);
    const direct = g.kh === 1 && g.kw === 1 && g.sh === 1 && g.sw === 1 && g.ph === 0 && g.pw === 0;
    const call = new Call(this, op);
    try {
      const px = call.in("x", x, count(op, "x", batch, imageIn));
      const pw = call.in("w", w, count(op, "w", cout, patch));
      const pdy = call.in("dy", dy, count(op, "dy", batch, imageOut));
      const dx = call.out("dx", outs.dx, batch * imageIn, false);
      const dw = call.out("dw", outs.dw, cout * patch, false);
      const db = call.out("dbias", outs.dbias, cout, false);
      const col = direct ? undefined : this.arena.alloc(patch * pixels);
      const dcol = direct ? undefined : this.arena.alloc(patch * pixels);
      const rowSums = this.arena.alloc(count(op, "N·Cout", batch, cout));
      call.temps.push(rowSums, ...(col ? [col] : []), ...(dcol ? [dcol] : []));
      if (batch === 0) {
        new Float32Array(this.memory.buffer, dw.ptr, cout * patch).fill(0);
      }
      for (let i = 0; i < batch; i++) {
        const xi = px + i * imageIn * 4;
        const dxi = dx.ptr + i * imageIn * 4;
        const dyi = pdy + i * imageOut * 4;
        const colPtr = col ? col.ptr : xi;
        if (col) this.raw.im2col(xi, g.c, g.h, g.w, g.kh, g.kw, g.sh, g.sw, g.ph, g.pw, g.dh, g.dw, col.ptr);
        // dw [Cout, CKK] (+)= dy_i [Cout, P] · col_iᵀ (col_i stored [CKK, P] = transposed B)
        this.raw.gemm(0, 1, cout, patch, pixels, dyi, colPtr, dw.ptr, i > 0 ? 1 : 0, this.workspace);
        // dcol [CKK, P] = wᵀ (w stored [Cout, CKK] = transposed A) · dy_i [Cout, P]
        this.raw.gemm(1, 0, patch, pixels, cout, pw, dyi, dcol ? dcol.ptr : dxi, 0, this.workspace);
        if (dcol)
          this.raw.col2im(dcol.ptr, g.c, g.h, g.w, g.kh, g.kw, g.sh, g.sw, g.ph, g.pw, g.dh, g.dw, dxi);
      }
      // dbias: dy viewed as [N·Cout, P] → row sums [N, Cout] → column sums [Cout].
      this.raw.sumLastAxis(pdy, rowSums.ptr, batch * cout, pixels);
      this.raw.sumFirstAxis(rowSums.ptr, db.ptr, batch, cout);
      return { dx: call.finish<DX>(dx), dw: call.finish<DW>(dw), dbias: call.finish<DB>(db) };
    } finally {
      call.release();
    }
  }

  // ***** elementwise *****

  /** out[i] = a[i] op b[i]; a and b have the same length. */
  binary<O extends F32Input = Float32Array>(
    opName: WasmBinaryOp,
    a: F32Input,
    b: F32Input,
    out?: O,
  ): NoInfer<O> {
    const op = `binary(${opName})`;
    const code = binaryCode(op, opName);
    return this.run<O>(op, (call) => {
      const n = a.length;
      const pa = call.in("a", a, n);
      const pb = call.in("b", b, n);
      const o = call.out("out", out, n, false);
      this.raw.binarySame(code, pa, pb, o.ptr, n);
      return o;
    });
  }

  /** out[i] = a[i] op s, or s op a[i] with reversed. */
  binaryScalar<O extends F32Input = Float32Array>(
    opName: WasmBinaryOp,
    a: F32Input,
    s: number,
    reversed = false,
    out?: O,
  ): NoInfer<O> {
    const op = `binaryScalar(${opName})`;
    const code = binaryCode(op, opName);
    if (typeof s !== "number")
      throw new WasmArgumentError(`${op}: scalar must be a number, got ${typeName(s)}`);
    return this.run<O>(op, (call) => {
      const n = a.length;
      const pa = call.in("a", a, n);
      const o = call.out("out", out, n, false);
      this.raw.binaryScalar(code, +reversed, pa, s, o.ptr, n);
      return o;
    });
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
    return this.binaryBroadcast("row", opName, a, row, rows, cols, reversed, out);
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
    return this.binaryBroadcast("col", opName, a, col, rows, cols, reversed, out);
  }

  // binaryRow and binaryCol differ only in which operand is broadcast and its length.
  private binaryBroadcast<O extends F32Input>(
    along: "row" | "col",
    opName: WasmBinaryOp,
    a: F32Input,
    vec: F32Input,
    rows: number,
    cols: number,
    reversed: boolean,
    out: O | undefined,
  ): NoInfer<O> {
    const op = along === "row" ? `binaryRow(${opName})` : `binaryCol(${opName})`;
    const code = binaryCode(op, opName);
    dim(op, "rows", rows);
    dim(op, "cols", cols);
    distinct(op, out, [along, vec]);
    return this.run<O>(op, (call) => {
      const n = count(op, "a = rows·cols", rows, cols);
      const pa = call.in("a", a, n);
      const pv = call.in(along, vec, along === "row" ? cols : rows);
      const o = call.out("out", out, n, false);
      if (along === "row") this.raw.binaryRow(code, +reversed, pa, pv, o.ptr, rows, cols);
      else this.raw.binaryCol(code, +reversed, pa, pv, o.ptr, rows, cols);
      return o;
    });
  }

  /** out[i] = f(x[i]). exp/log/tanh/sigmoid/gelu are polynomial approximations (≲ 1e-6 relative error). */
  unary<O extends F32Input = Float32Array>(opName: WasmUnaryOp, x: F32Input, out?: O): NoInfer<O> {
    const op = `unary(${opName})`;
    const code = unaryCode(op, opName);
    return this.run<O>(op, (call) => {
      const n = x.length;
      const px = call.in("x", x, n);
      const o = call.out("out", out, n, false);
      this.raw.unary(code, px, o.ptr, n);
      return o;
    });
  }

  /** dx[i] = dy[i]·f'(x[i]), given x and y = f(x) (both needed: some derivatives use one, some the other). */
  unaryBackward<O extends F32Input = Float32Array>(
    opName: WasmUnaryOp,
    x: F32Input,
    y: F32Input,
    dy: F32Input,
    out?: O,
  ): NoInfer<O> {
    const op = `unaryBackward(${opName})`;
    const code = unaryCode(op, opName);
    distinct(op, out, ["x", x], ["y", y]);
    return this.run<O>(op, (call) => {
      const n = x.length;
      const px = call.in("x", x, n);
      const py = call.in("y", y, n);
      const pdy = call.in("dy", dy, n);
      const o = call.out("out", out, n, false);
      this.raw.unaryBackward(code, px, py, pdy, o.ptr, n);
      return o;
    });
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
    const op = `biasActivation(${activation})`;
    const code = unaryCode(op, activation);
    dim(op, "rows", rows);
    dim(op, "cols", cols);
    distinct(op, out, ["bias", bias]);
    return this.run<O>(op, (call) => {
      const n = count(op, "x = rows·cols", rows, cols);
      const px = call.in("x", x, n);
      const pb = call.in("bias", bias, cols);
      const o = call.out("out", out, n, false);
      this.raw.biasActivation(code, px, pb, o.ptr, rows, cols);
      return o;
    });
  }

  // ***** reductions and softmax (last axis of a row-major [rows, cols]) *****

  /** out[r] = Σ_c x[r, c]. */
  sumLastAxis<O extends F32Input = Float32Array>(
    x: F32Input,
    rows: number,
    cols: number,
    out?: O,
  ): NoInfer<O> {
    return this.rowwise("sumLastAxis", x, rows, cols, rows, out, (px, po) =>
      this.raw.sumLastAxis(px, po, rows, cols),
    );
  }

  /** out[r] = max_c x[r, c] (NaN if the row holds a NaN). cols must be ≥ 1. */
  maxLastAxis<O extends F32Input = Float32Array>(
    x: F32Input,
    rows: number,
    cols: number,
    out?: O,
  ): NoInfer<O> {
    if (rows > 0 && cols === 0)
      throw new WasmSizeError(`maxLastAxis: rows = ${rows} of cols = 0: max of an empty row`);
    return this.rowwise("maxLastAxis", x, rows, cols, rows, out, (px, po) =>
      this.raw.maxLastAxis(px, po, rows, cols),
    );
  }

  /** out[c] = Σ_r x[r, c] (e.g. a bias gradient). */
  sumFirstAxis<O extends F32Input = Float32Array>(
    x: F32Input,
    rows: number,
    cols: number,
    out?: O,
  ): NoInfer<O> {
    return this.rowwise("sumFirstAxis", x, rows, cols, cols, out, (px, po) =>
      this.raw.sumFirstAxis(px, po, rows, cols),
    );
  }

  /** Softmax of every row. */
  softmax<O extends F32Input = Float32Array>(x: F32Input, rows: number, cols: number, out?: O): NoInfer<O> {
    return this.rowwise("softmax", x, rows, cols, rows * cols, out, (px, po) =>
      this.raw.softmaxLastAxis(px, po, rows, cols),
    );
  }

  /** Log-softmax of every row. */
  logSoftmax<O extends F32Input = Float32Array>(
    x: F32Input,
    rows: number,
    cols: number,
    out?: O,
  ): NoInfer<O> {
    return this.rowwise("logSoftmax", x, rows, cols, rows * cols, out, (px, po) =>
      this.raw.logSoftmaxLastAxis(px, po, rows, cols),
    );
  }

  /** dx = y ⊙ (dy − Σ_c dy·y) from the softmax output y. */
  softmaxBackward<O extends F32Input = Float32Array>(
    y: F32Input,
    dy: F32Input,
    rows: number,
    cols: number,
    out?: O,
  ): NoInfer<O> {
    return this.rowwise2("softmaxBackward", y, dy, rows, cols, out, (py, pg, po) =>
      this.raw.softmaxBackward(py, pg, po, rows, cols),
    );
  }

  /** dx = dy − exp(y)·Σ_c dy from the log-softmax output y. */
  logSoftmaxBackward<O extends F32Input = Float32Array>(
    y: F32Input,
    dy: F32Input,
    rows: number,
    cols: number,
    out?: O,
  ): NoInfer<O> {
    return this.rowwise2("logSoftmaxBackward", y, dy, rows, cols, out, (py, pg, po) =>
      this.raw.logSoftmaxBackward(py, pg, po, rows, cols),
    );
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
    const op = "softmaxCrossEntropy";
    dim(op, "rows", rows);
    dim(op, "cols", cols);
    const scale = finite(op, "gradScale", options.gradScale ?? 1);
    const ignore = options.ignoreIndex ?? -100;
    if (!Number.isInteger(ignore) || ignore < -(2 ** 31) || ignore >= 2 ** 31) {
      throw new WasmArgumentError(`${op}: ignoreIndex = ${ignore} must be a 32-bit integer`);
    }
    if (targets.length !== rows)
      throw new WasmSizeError(`${op}: targets has ${targets.length} elements, expected ${rows}`);
    for (let r = 0; r < rows; r++) {
      const t = targets[r]!;
      if (t !== ignore && !(Number.isInteger(t) && t >= 0 && t < cols)) {
        throw new WasmArgumentError(`${op}: targets[${r}] = ${t} is not a class index in [0, ${cols})`);
      }
    }
    if (rows > 0 && cols === 0) throw new WasmSizeError(`${op}: rows = ${rows} of cols = 0: no classes`);
    const withGrad = options.grad !== false;
    distinct(op, options.dlogits, ["logits", logits]);
    const call = new Call(this, op);
    try {
      const px = call.in("logits", logits, count(op, "logits = rows·cols", rows, cols));
      const t = this.arena.alloc(rows);
      call.temps.push(t);
      new Int32Array(this.memory.buffer, t.ptr, rows).set(targets);
      const losses = call.out("losses", undefined, rows, false);
      const d = withGrad ? call.out("dlogits", options.dlogits, rows * cols, false) : undefined;
      this.raw.softmaxCrossEntropy(px, t.ptr, losses.ptr, d?.ptr ?? 0, rows, cols, scale, ignore);
      return {
        losses: call.finish<Float32Array>(losses),
        dlogits: d === undefined ? undefined : call.finish<F32Input>(d),
      };
    } finally {
      call.release();
    }
  }

  private rowwise<O extends F32Input>(
    op: string,
    x: F32Input,
    rows: number,
    cols: number,
    outLength: number,
    out: O | undefined,
    kernel: (px: number, po: number) => void,
  ): NoInfer<O> {
    dim(op, "rows", rows);
    dim(op, "cols", cols);
    return this.run<O>(op, (call) => {
      const px = call.in("x", x, count(op, "x = rows·cols", rows, cols));
      const o = call.out("out", out, outLength, false);
      kernel(px, o.ptr);
      return o;
    });
  }

  private rowwise2<O extends F32Input>(
    op: string,
    y: F32Input,
    dy: F32Input,
    rows: number,
    cols: number,
    out: O | undefined,
    kernel: (py: number, pg: number, po: number) => void,
  ): NoInfer<O> {
    dim(op, "rows", rows);
    dim(op, "cols", cols);
    distinct(op, out, ["y", y]);
    return this.run<O>(op, (call) => {
      const n = count(op, "y = rows·cols", rows, cols);
      const py = call.in("y", y, n);
      const pg = call.in("dy", dy, n);
      const o = call.out("out", out, n, false);
      kernel(py, pg, o.ptr);
      return o;
    });
  }

  // ***** optimizers (in place: params and state are updated where they are) *****

  /** One SGD step (torch.optim.SGD semantics). velocity is required when momentum ≠ 0. */
  sgdUpdate(params: F32Input, grads: F32Input, velocity: F32Input | undefined, options: SgdOptions): void {
    const op = "sgdUpdate";
    const lr = finite(op, "lr", options.lr);
    const momentum = finite(op, "momentum", options.momentum ?? 0);
    const dampening = finite(op, "dampening", options.dampening ?? 0);
    const weightDecay = finite(op, "weightDecay", options.weightDecay ?? 0);
    if (options.nesterov && (momentum <= 0 || dampening !== 0)) {
      throw new WasmArgumentError(
        `${op}: nesterov needs momentum > 0 and dampening = 0 (got ${momentum}, ${dampening})`,
      );
    }
    if (momentum !== 0 && velocity === undefined) {
      throw new WasmArgumentError(`${op}: momentum = ${momentum} needs a velocity buffer`);
    }
    const n = params.length;
    this.inPlace(
      op,
      [
        ["params", params],
        ["grads", grads, true],
        ...(momentum !== 0 ? [["velocity", velocity]] : []),
      ] as Operand[],
      n,
      (p) =>
        this.raw.sgdUpdate(
          p[0]!,
          p[1]!,
          p[2] ?? 0,
          n,
          lr,
          momentum,
          dampening,
          weightDecay,
          +!!options.nesterov,
          +!!options.firstStep,
        ),
    );
  }

  /** One Adam / AdamW step (torch.optim.Adam / AdamW semantics); m and v are the moment buffers. */
  adamUpdate(params: F32Input, grads: F32Input, m: F32Input, v: F32Input, options: AdamOptions): void {
    const op = "adamUpdate";
    const lr = finite(op, "lr", options.lr);
    const beta1 = finite(op, "beta1", options.beta1 ?? 0.9);
    const beta2 = finite(op, "beta2", options.beta2 ?? 0.999);
    const eps = finite(op, "eps", options.eps ?? 1e-8);
    const weightDecay = finite(op, "weightDecay", options.weightDecay ?? 0);
    if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
      throw new WasmArgumentError(`${op}: betas (${beta1}, ${beta2}) must lie in [0, 1)`);
    }
    if (!Number.isInteger(options.step) || options.step < 1) {
      throw new WasmArgumentError(
        `${op}: step = ${options.step} must be an integer ≥ 1 (PyTorch counts from 1)`,
      );
    }
    const n = params.length;
    this.inPlace(
      op,
      [
        ["params", params],
        ["grads", grads, true],
        ["m", m],
        ["v", v],
      ],
      n,
      (p) =>
        this.raw.adamUpdate(
          p[0]!,
          p[1]!,
          p[2]!,
          p[3]!,
          n,
          lr,
          beta1,
          beta2,
          eps,
          weightDecay,
          +!!options.decoupled,
          options.step,
        ),
    );
  }

  // Runs an in-place kernel: Float32Array operands are copied in and (unless read-only) copied back.
  private inPlace(op: string, operands: Operand[], n: number, kernel: (ptrs: number[]) => void): void {
    const call = new Call(this, op);
    try {
      const seen = new Set<F32Input>();
      const slots = operands.map(([name, x, readOnly]) => {
        if (x === undefined) throw new WasmArgumentError(`${op}: ${name} is missing`);
        if (!readOnly && seen.has(x))
          throw new WasmArgumentError(`${op}: ${name} is the same buffer as another operand`);
        seen.add(x);
        return readOnly ? { ptr: call.in(name, x, n), result: x } : call.out(name, x, n, true);
      });
      kernel(slots.map((s) => s.ptr));
      for (const s of slots) if ("temp" in s) call.finish(s);
    } finally {
      call.release();
    }
  }
}

type Operand = [name: string, x: F32Input | undefined, readOnly?: boolean];
