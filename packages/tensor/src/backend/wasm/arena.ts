// A pooling allocator over the kernel module's WebAssembly.Memory. Buffers are rounded up to size classes
// (four per power of two, 64-byte aligned) and freed buffers go back to a per-class free list, so a
// training loop that allocates the same shapes every step reuses memory instead of growing it (fresh pages
// cost ~3 ms per MiB to first touch on these machines). Deliberately not here: returning memory to the
// host (wasm memory cannot shrink), coalescing neighbours, thread safety.
import { WasmBufferError, WasmOutOfMemoryError, WasmSizeError } from "./errors";

const ALIGN = 64;
const PAGE = 65536;
const MAX_BYTES = 2 ** 32;

/** Bytes of the size class that holds `bytes`: 64·{4, 5, 6, 7}·2^e, or 64·{1, 2, 3, 4} when small. */
export function sizeClassBytes(bytes: number): number {
  const units = Math.max(1, Math.ceil(bytes / ALIGN));
  if (units <= 4) return units * ALIGN;
  const step = 2 ** (Math.floor(Math.log2(units)) - 2);
  return Math.ceil(units / step) * step * ALIGN;
}

/** A Float32 buffer living inside wasm memory. Hand it to kernels to avoid copies. */
export class WasmF32 {
  /** Byte offset in wasm memory (a multiple of 64). */
  readonly ptr: number;
  /** Number of f32 elements. */
  readonly length: number;
  /** Bytes reserved (its size class). */
  readonly capacity: number;
  readonly arena: WasmArena;
  #freed = false;
  #view: Float32Array | undefined;

  constructor(arena: WasmArena, ptr: number, length: number, capacity: number) {
    this.arena = arena;
    this.ptr = ptr;
    this.length = length;
    this.capacity = capacity;
  }

  get freed(): boolean {
    return this.#freed;
  }

  /** A Float32Array view of the buffer. Re-read it after any allocation: growing memory detaches old views. */
  get array(): Float32Array {
    this.assertLive("array");
    const buffer = this.arena.memory.buffer;
    if (this.#view === undefined || this.#view.buffer !== buffer) {
      this.#view = new Float32Array(buffer, this.ptr, this.length);
    }
    return this.#view;
  }

  /** Copies src (length must match) into the buffer. */
  set(src: ArrayLike<number>): this {
    if (src.length !== this.length) {
      throw new WasmSizeError(`WasmF32.set: source has ${src.length} elements, buffer has ${this.length}`);
    }
    this.array.set(src);
    return this;
  }

  /** A copy of the contents as an ordinary Float32Array. */
  toFloat32Array(): Float32Array {
    return this.array.slice();
  }

  free(): void {
    this.arena.free(this);
  }

  /** @internal */
  markFreed(): void {
    this.#freed = true;
    this.#view = undefined;
  }

  assertLive(what: string): void {
    if (this.#freed) {
      throw new WasmBufferError(`${what}: WasmF32 at ${this.ptr} (${this.length} floats) was already freed`);
    }
  }
}

export interface WasmArenaStats {
  /** Bytes of wasm memory above the module's own data, i.e. what the arena may hand out. */
  reservedBytes: number;
  /** Bytes in live (not yet freed) buffers, counted by size class. */
  inUseBytes: number;
  /** Buffers waiting in free lists. */
  pooledBuffers: number;
  /** How many times memory.grow was called. */
  growCount: number;
}

export class WasmArena {
  readonly memory: WebAssembly.Memory;
  readonly base: number;
  #top: number;
  #free = new Map<number, number[]>();
  #inUse = 0;
  #pooled = 0;
  #grows = 0;
  /** Every buffer object this memory has had: a shared memory hands out a new SharedArrayBuffer per growth. */
  #buffers = new WeakSet<ArrayBufferLike>();

  constructor(memory: WebAssembly.Memory, base: number) {
    this.memory = memory;
    this.base = Math.ceil(base / ALIGN) * ALIGN;
    this.#top = this.base;
    this.#buffers.add(memory.buffer);
  }

  /**
   * Byte offset of `x` in this memory when the typed array is a view of it (zero-copy operand), else -1.
   * A view of a shared memory stays valid after growth (its SharedArrayBuffer is never detached); a view of
   * a non-shared memory is detached by growth (length 0), so it is never taken for one here.
   */
  placeOf(x: ArrayBufferView): number {
    const buffer = x.buffer;
    if (buffer !== this.memory.buffer && !this.#buffers.has(buffer)) return -1;
    if (x.byteLength === 0 && x.byteOffset === 0) return -1;
    return x.byteOffset;
  }

  /** A buffer of `length` floats, reused from the pool when one of its size class is free. Contents are unspecified. */
  alloc(length: number): WasmF32 {
    if (!Number.isSafeInteger(length) || length < 0) {
      throw new WasmSizeError(`wasm arena: alloc length ${length} must be a non-negative integer`);
    }
    const capacity = sizeClassBytes(length * 4);
    const list = this.#free.get(capacity);
    let ptr = list?.pop();
    if (ptr === undefined) {
      ptr = this.#top;
      this.ensure(ptr + capacity);
      this.#top = ptr + capacity;
    } else {
      this.#pooled--;
    }
    this.#inUse += capacity;
    return new WasmF32(this, ptr, length, capacity);
  }

  /** alloc + copy of src. */
  from(src: ArrayLike<number>): WasmF32 {
    return this.alloc(src.length).set(src);
  }

  free(buffer: WasmF32): void {
    if (buffer.arena !== this) throw new WasmBufferError("wasm arena: free of a buffer from another arena");
    buffer.assertLive("wasm arena: free");
    buffer.markFreed();
    let list = this.#free.get(buffer.capacity);
    if (list === undefined) {
      list = [];
      this.#free.set(buffer.capacity, list);
    }
    list.push(buffer.ptr);
    this.#inUse -= buffer.capacity;
    this.#pooled++;
  }

  stats(): WasmArenaStats {
    return {
      reservedBytes: this.memory.buffer.byteLength - this.base,
      inUseBytes: this.#inUse,
      pooledBuffers: this.#pooled,
      growCount: this.#grows,
    };
  }

  // Grows memory so that [0, end) is addressable; at least by 1/8 of the current size to amortise.
  private ensure(end: number): void {
    const have = this.memory.buffer.byteLength;
    if (end <= have) return;
    if (end > MAX_BYTES) throw new WasmOutOfMemoryError(end - have, have - this.base);
    this.#buffers.add(this.memory.buffer);
    const needPages = Math.ceil((end - have) / PAGE);
    const pages = Math.min(Math.max(needPages, Math.ceil(have / PAGE / 8)), MAX_BYTES / PAGE - have / PAGE);
    try {
      this.memory.grow(pages);
    } catch {
      try {
        this.memory.grow(needPages);
      } catch {
        throw new WasmOutOfMemoryError(end - have, have - this.base);
      }
    }
    this.#grows++;
    this.#buffers.add(this.memory.buffer);
  }
}
