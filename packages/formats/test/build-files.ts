// Test helpers that write small safetensors and GGUF files byte by byte, independently of the readers
// under test, so hand-made hostile cases and fuzz seeds can be described as data. Not shipped.

const enc = new TextEncoder();

/** A safetensors file: 8-byte little-endian length, the header text as given, then `data`. */
export function safetensorsFile(header: string | object, data: Uint8Array | number = 0): Uint8Array {
  const text = typeof header === "string" ? enc.encode(header) : enc.encode(JSON.stringify(header));
  return safetensorsFromHeaderBytes(text, data);
}

export function safetensorsFromHeaderBytes(text: Uint8Array, data: Uint8Array | number = 0): Uint8Array {
  const body = typeof data === "number" ? new Uint8Array(data) : data;
  const out = new Uint8Array(8 + text.length + body.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(text.length), true);
  out.set(text, 8);
  out.set(body, 8 + text.length);
  return out;
}

/** GGUF metadata value, tagged with its GGUF type id (0–12; 9 = array of `items` of type `of`). */
export type KV =
  | { type: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 12; value: number | boolean }
  | { type: 10 | 11; value: bigint }
  | { type: 8; value: string }
  | { type: 9; of: number; items: KV[]; count?: bigint };

export interface GGUFTensorSpec {
  name: string;
  shape: (number | bigint)[];
  type: number;
  offset: number | bigint;
}

/** Little-endian GGUF writer: magic, version, counts (overridable), KVs and tensor infos, then padding + data. */
export class GGUFWriter {
  private parts: number[] = [];
  u8(v: number): this {
    this.parts.push(v & 0xff);
    return this;
  }
  u32(v: number): this {
    for (let i = 0; i < 4; i++) this.parts.push((v >>> (8 * i)) & 0xff);
    return this;
  }
  u64(v: number | bigint): this {
    let b = BigInt.asUintN(64, BigInt(v));
    for (let i = 0; i < 8; i++) {
      this.parts.push(Number(b & 0xffn));
      b >>= 8n;
    }
    return this;
  }
  raw(bytes: Uint8Array | number[]): this {
    for (const b of bytes) this.parts.push(b);
    return this;
  }
  str(s: string): this {
    const b = enc.encode(s);
    return this.u64(b.length).raw(b);
  }
  value(kv: KV, withType = true): this {
    if (withType) this.u32(kv.type);
    switch (kv.type) {
      case 0:
      case 1:
      case 7:
        return this.u8(Number(kv.value));
      case 2:
      case 3:
        this.u8(Number(kv.value));
        return this.u8(Number(kv.value) >> 8);
      case 4:
      case 5:
        return this.u32(Number(kv.value));
      case 6: {
        const b = new Uint8Array(4);
        new DataView(b.buffer).setFloat32(0, Number(kv.value), true);
        return this.raw(b);
      }
      case 12: {
        const b = new Uint8Array(8);
        new DataView(b.buffer).setFloat64(0, Number(kv.value), true);
        return this.raw(b);
      }
      case 10:
      case 11:
        return this.u64(kv.value);
      case 8:
        return this.str(kv.value);
      case 9:
        this.u32(kv.of).u64(kv.count ?? BigInt(kv.items.length));
        for (const item of kv.items) this.value(item, false);
        return this;
    }
  }
  bytes(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
  get length(): number {
    return this.parts.length;
  }
}

export interface GGUFSpec {
  version?: number;
  kv?: [string, KV][];
  tensors?: GGUFTensorSpec[];
  alignment?: number;
  /** bytes of tensor data written after the padded header */
  dataBytes?: number;
  tensorCount?: bigint;
  kvCount?: bigint;
}

/** A whole GGUF file from a spec. */
export function ggufFile(spec: GGUFSpec): Uint8Array {
  const kv = spec.kv ?? [];
  const tensors = spec.tensors ?? [];
  const w = new GGUFWriter()
    .raw(enc.encode("GGUF"))
    .u32(spec.version ?? 3)
    .u64(spec.tensorCount ?? BigInt(tensors.length))
    .u64(spec.kvCount ?? BigInt(kv.length));
  for (const [key, value] of kv) w.str(key).value(value);
  for (const t of tensors) {
    w.str(t.name).u32(t.shape.length);
    for (const d of t.shape) w.u64(d);
    w.u32(t.type).u64(t.offset);
  }
  const align = spec.alignment ?? 32;
  while (w.length % align !== 0) w.u8(0);
  for (let i = 0; i < (spec.dataBytes ?? 0); i++) w.u8(i);
  return w.bytes();
}

/** A valid two-tensor llama-like GGUF: F32 [8] then Q8_0 [32, 2] (68 bytes), with metadata. */
export function validGGUFSpec(): GGUFSpec {
  return {
    kv: [
      ["general.architecture", { type: 8, value: "llama" }],
      ["general.alignment", { type: 4, value: 32 }],
      ["llama.block_count", { type: 4, value: 1 }],
      [
        "tokenizer.ggml.tokens",
        { type: 9, of: 8, items: ["a", "b", "ç"].map((value) => ({ type: 8, value }) as KV) },
      ],
      [
        "tokenizer.ggml.scores",
        { type: 9, of: 6, items: [0.5, -1].map((value) => ({ type: 6, value }) as KV) },
      ],
    ],
    tensors: [
      { name: "token_embd.weight", shape: [8], type: 0, offset: 0 },
      { name: "blk.0.attn_q.weight", shape: [32, 2], type: 8, offset: 32 },
    ],
    dataBytes: 32 + 68,
  };
}
