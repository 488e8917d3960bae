// One checked kernel call: operands are turned into pointers into wasm memory (Float32Array copied into
// pooled temporaries, WasmF32 checked and used in place), results are copied back to host memory, and
// every temporary is freed when the call returns or throws; `runRowsCols` is the one call shape several
// families share. Deliberately not here: the kernels themselves and their argument rules (the
// wasm-<family>.ts files) — this file only moves and checks buffers.
import type { WasmArena } from "./arena";
import { WasmF32 } from "./arena";
import { WasmArgumentError, WasmBufferError, WasmSizeError } from "./errors";
import { count, dim, distinct, typeName } from "./wasm-checks";

/** A kernel operand: host memory (copied in/out) or a buffer already inside wasm memory (zero-copy). */
export type F32Input = Float32Array | WasmF32;

/** Where a result lives: `ptr` in wasm memory, copied from `temp` to `result` (or a new array) by finish. */
export interface OutSlot {
  ptr: number;
  result: F32Input | undefined;
  temp?: WasmF32;
}

// Temporary buffers of one kernel call, freed when it returns (or throws). A Float32Array that is itself a
// view of the backend's memory (a wasm-resident tensor's storage) is used in place like a WasmF32; an
// output overlapping such an input still goes through a temporary, as every output did before.
export class Call {
  readonly temps: WasmF32[] = [];
  /** Byte ranges [start, end) of inputs read in place, to keep outputs from aliasing them. */
  readonly #inPlace: number[] = [];
  constructor(
    readonly arena: WasmArena,
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
    const at = this.arena.placeOf(x);
    if (at >= 0) {
      this.#inPlace.push(at, at + x.byteLength);
      return at;
    }
    const t = this.temp(expected);
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
    const at = out === undefined ? -1 : this.arena.placeOf(out);
    if (at >= 0 && !this.overlapsInput(at, at + out!.byteLength)) return { ptr: at, result: out };
    const t = this.temp(expected);
    if (keep && out !== undefined) t.array.set(out);
    return { ptr: t.ptr, result: out, temp: t };
  }

  /** A scratch buffer of `length` floats (contents unspecified), freed with the call. */
  temp(length: number): WasmF32 {
    const t = this.arena.alloc(length);
    this.temps.push(t);
    return t;
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

  private overlapsInput(start: number, end: number): boolean {
    const r = this.#inPlace;
    for (let i = 0; i < r.length; i += 2) if (start < r[i + 1]! && r[i]! < end) return true;
    return false;
  }

  private check(name: string, x: WasmF32, expected: number): void {
    if (x.arena !== this.arena) {
      throw new WasmBufferError(`${this.op}: ${name} is a WasmF32 of another wasm backend instance`);
    }
    x.assertLive(`${this.op}: ${name}`);
    if (x.length !== expected) {
      throw new WasmSizeError(`${this.op}: ${name} has ${x.length} elements, expected ${expected}`);
    }
  }
}

/** Runs `body` with a fresh Call and releases its temporaries afterwards, whatever `body` returns. */
export function withCall<R>(arena: WasmArena, op: string, body: (call: Call) => R): R {
  const call = new Call(arena, op);
  try {
    return body(call);
  } finally {
    call.release();
  }
}

/** A call with one result: `body` returns its slot, the caller gets `out` (filled) or a new array. */
export function run<O extends F32Input>(
  arena: WasmArena,
  op: string,
  body: (call: Call) => OutSlot,
): NoInfer<O> {
  return withCall(arena, op, (call) => call.finish<O>(body(call)));
}

/**
 * The shape of the [rows, cols] kernels with two operands: `first` [rows, cols], `second` of its given
 * length (rows·cols when none is given, e.g. dy beside y) → out [rows, cols].
 * rows and cols are checked here; a WasmF32 out must not be the operand named by `unaliased` (the other
 * one may be overwritten in place).
 */
export function runRowsCols<O extends F32Input>(
  arena: WasmArena,
  op: string,
  rows: number,
  cols: number,
  first: readonly [name: string, x: F32Input],
  second: readonly [name: string, x: F32Input, length?: number],
  out: O | undefined,
  unaliased: "first" | "second",
  kernel: (p1: number, p2: number, po: number) => void,
): NoInfer<O> {
  dim(op, "rows", rows);
  dim(op, "cols", cols);
  const [name, x] = unaliased === "first" ? first : second;
  distinct(op, out, [name, x]);
  return run<O>(arena, op, (call) => {
    const n = count(op, `${first[0]} = rows·cols`, rows, cols);
    const p1 = call.in(first[0], first[1], n);
    const p2 = call.in(second[0], second[1], second[2] ?? n);
    const o = call.out("out", out, n, false);
    kernel(p1, p2, o.ptr);
    return o;
  });
}
