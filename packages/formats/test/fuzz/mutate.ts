// Mutators for the fuzz suite: byte-level (bit flips, interesting bytes and integers at random places,
// truncation, extension, splicing between seeds) and structure-aware (safetensors: edit the JSON header and
// re-frame it with a right or wrong length; GGUF: rewrite counts, lengths, types, dims and offsets at their
// real positions). Deterministic for a seed (mulberry32). Test-only.

import { safetensorsFromHeaderBytes } from "../build-files";
import type { FuzzCase } from "./seeds";

/** mulberry32: a small seeded PRNG (Tommy Ettinger's public-domain generator). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const int = (r: Rand, n: number) => Math.floor(r() * n);

const INTERESTING_BYTES = [0, 1, 0x7f, 0x80, 0xff, 0x7b, 0x5b, 0x22, 0x5c, 0xc3, 0xef];
const INTERESTING_U64: bigint[] = [
  0n,
  1n,
  2n,
  3n,
  4n,
  7n,
  8n,
  9n,
  13n,
  31n,
  32n,
  33n,
  64n,
  255n,
  256n,
  2n ** 16n,
  2n ** 31n - 1n,
  2n ** 31n,
  2n ** 32n - 1n,
  2n ** 32n,
  2n ** 53n,
  2n ** 63n,
  2n ** 64n - 1n,
];

/** One byte-level mutation of `b` (a fresh array). */
export function mutateBytes(r: Rand, b: Uint8Array, others: readonly Uint8Array[]): Uint8Array {
  const out = b.slice();
  const n = out.length;
  switch (int(r, 8)) {
    case 0: {
      if (n === 0) return out;
      const bit = int(r, n * 8);
      out[bit >> 3]! ^= 1 << (bit & 7);
      return out;
    }
    case 1: {
      if (n === 0) return out;
      out[int(r, n)] = pick(r, INTERESTING_BYTES);
      return out;
    }
    case 2:
      return out.slice(0, int(r, n + 1));
    case 3: {
      const extra = Uint8Array.from({ length: 1 + int(r, 64) }, () => int(r, 256));
      const grown = new Uint8Array(n + extra.length);
      grown.set(out);
      grown.set(extra, n);
      return grown;
    }
    case 4: {
      // a little-endian u32 or u64 of an interesting value at a random position
      if (n < 8) return out;
      const at = int(r, n - 7);
      const v = pick(r, INTERESTING_U64);
      const view = new DataView(out.buffer);
      if (r() < 0.5) view.setBigUint64(at, v & 0xffffffffffffffffn, true);
      else view.setUint32(at, Number(v & 0xffffffffn), true);
      return out;
    }
    case 5: {
      // splice: our head, another seed's tail
      const other = pick(r, others);
      const cut = int(r, n + 1);
      const from = int(r, other.length + 1);
      const joined = new Uint8Array(cut + other.length - from);
      joined.set(out.subarray(0, cut));
      joined.set(other.subarray(from), cut);
      return joined;
    }
    case 6: {
      // duplicate a chunk in place
      if (n === 0) return out;
      const s = int(r, n);
      const len = 1 + int(r, Math.min(64, n - s));
      const grown = new Uint8Array(n + len);
      grown.set(out.subarray(0, s + len));
      grown.set(out.subarray(s), s + len);
      return grown;
    }
    default: {
      // delete a chunk
      if (n === 0) return out;
      const s = int(r, n);
      const len = 1 + int(r, Math.min(64, n - s));
      const shrunk = new Uint8Array(n - len);
      shrunk.set(out.subarray(0, s));
      shrunk.set(out.subarray(s + len), s);
      return shrunk;
    }
  }
}

const DTYPES = [
  "F32",
  "F16",
  "BF16",
  "F64",
  "I8",
  "U8",
  "BOOL",
  "F4",
  "F6_E2M3",
  "F8_E4M3",
  "C64",
  "I64",
  "X",
  "",
  "f32",
];
const WEIRD = [-1, 0.5, 1e20, 2 ** 53, Number.MAX_SAFE_INTEGER, "1", null, [], {}, true];

/** A structure-aware safetensors mutation: edit the parsed header, re-frame it (length right or wrong). */
export function mutateSafetensors(r: Rand, b: Uint8Array): Uint8Array {
  if (b.length < 8) return mutateBytes(r, b, [b]);
  const n = Number(new DataView(b.buffer, b.byteOffset).getBigUint64(0, true));
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(new TextDecoder().decode(b.subarray(8, 8 + n))) as Record<string, unknown>;
  } catch {
    return mutateBytes(r, b, [b]);
  }
  const data = b.subarray(8 + n);
  const names = Object.keys(header).filter((k) => k !== "__metadata__");
  const candidate = names.length > 0 ? header[pick(r, names)] : undefined;
  const entry =
    typeof candidate === "object" && candidate !== null && !Array.isArray(candidate)
      ? (candidate as Record<string, unknown>)
      : undefined;
  switch (int(r, 9)) {
    case 0:
      if (entry) entry.dtype = pick(r, DTYPES);
      break;
    case 1:
      if (entry && Array.isArray(entry.shape)) {
        const s = entry.shape as unknown[];
        if (s.length > 0 && r() < 0.7) s[int(r, s.length)] = pick(r, [0, 1, 2, 3, 7, ...WEIRD]);
        else s.push(pick(r, [0, 1, 3, 2 ** 40]));
      }
      break;
    case 2:
      if (entry && Array.isArray(entry.data_offsets)) {
        const o = entry.data_offsets as unknown[];
        o[int(r, 2)] = pick(r, [0, 1, 2, 4, 8, 16, data.length, data.length + 1, ...WEIRD]);
      }
      break;
    case 3:
      header.__metadata__ = pick(r, [{ a: "b" }, { a: 1 }, null, "x", [], { __proto__: "x" }]);
      break;
    case 4: {
      const depth = pick(r, [2, 64, 127, 128, 129, 300]);
      header[`deep${int(r, 3)}`] = JSON.parse(`${"[".repeat(depth)}${"]".repeat(depth)}`);
      break;
    }
    case 5:
      if (entry) header[pick(r, ["__proto__", "constructor", "x".repeat(300)])] = { ...entry };
      break;
    case 6:
      if (entry) delete entry[pick(r, ["dtype", "shape", "data_offsets"])];
      break;
    case 7:
      header[`z${int(r, 9)}`] = {
        dtype: "F32",
        shape: [0],
        data_offsets: [int(r, data.length + 1), int(r, data.length + 1)],
      };
      break;
    default:
      if (names.length > 0) delete header[pick(r, names)];
  }
  const text = new TextEncoder().encode(JSON.stringify(header));
  const framed = safetensorsFromHeaderBytes(
    text,
    r() < 0.8 ? data : data.subarray(0, int(r, data.length + 1)),
  );
  if (r() < 0.15) {
    new DataView(framed.buffer).setBigUint64(
      0,
      BigInt(Math.max(0, text.length + pick(r, [-1, 1, 8, -8, 1000]))),
      true,
    );
  }
  return framed;
}

/**
 * A structure-aware GGUF mutation: overwrite one of the header's u32/u64 fields (version, counts, string
 * lengths, value types, array lengths, n_dims, dims, ggml types, offsets) found by walking the seed.
 */
export function mutateGGUF(r: Rand, b: Uint8Array): Uint8Array {
  const fields = ggufFields(b);
  if (fields.length === 0) return mutateBytes(r, b, [b]);
  const out = b.slice();
  const [at, width] = pick(r, fields);
  const view = new DataView(out.buffer);
  const v = pick(r, INTERESTING_U64);
  if (width === 8) view.setBigUint64(at, v & 0xffffffffffffffffn, true);
  else view.setUint32(at, Number(v & 0xffffffffn), true);
  return out;
}

/** Positions and widths of the integer fields of a (valid, little-endian) GGUF header. */
function ggufFields(b: Uint8Array): [number, 4 | 8][] {
  const out: [number, 4 | 8][] = [];
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let p = 4;
  const need = (k: number) => {
    if (p + k > b.length) throw new Error("end");
  };
  const u32 = () => {
    need(4);
    out.push([p, 4]);
    const x = v.getUint32(p, true);
    p += 4;
    return x;
  };
  const u64 = () => {
    need(8);
    out.push([p, 8]);
    const x = Number(v.getBigUint64(p, true));
    p += 8;
    return x;
  };
  const str = () => {
    const n = u64();
    need(n);
    p += n;
  };
  const sizes = [1, 1, 2, 2, 4, 4, 4, 1, 0, 0, 8, 8, 8];
  const value = (t: number): void => {
    if (t === 8) {
      str();
      return;
    }
    if (t > 12) throw new Error("unknown type");
    if (t === 9) {
      const it = u32();
      const n = u64();
      // every item takes at least one byte: a count beyond the bytes left ends the walk
      if (n > b.length - p) throw new Error("count");
      for (let i = 0; i < n; i++) value(it);
      return;
    }
    need(sizes[t]!);
    p += sizes[t]!;
  };
  try {
    u32();
    const tensors = u64();
    const kvs = u64();
    if (tensors > b.length || kvs > b.length) throw new Error("count");
    for (let i = 0; i < kvs; i++) {
      str();
      value(u32());
    }
    for (let i = 0; i < tensors; i++) {
      str();
      const dims = u32();
      for (let d = 0; d < dims; d++) u64();
      u32();
      u64();
    }
  } catch {
    // a seed is valid; a mutated one may end early, and the fields found so far are enough
  }
  return out;
}

/** The i-th fuzz input derived from the seeds: a structure-aware or byte-level mutation, 1–3 deep. */
export function mutant(seeds: readonly FuzzCase[], i: number, base: number): FuzzCase {
  const r = rng(base * 1_000_003 + i);
  const seed = seeds[i % seeds.length]!;
  let bytes = seed.bytes;
  const rounds = 1 + int(r, 3);
  const all = seeds.map((s) => s.bytes);
  for (let k = 0; k < rounds; k++) {
    const structured = r() < 0.5;
    if (structured && seed.kind === "safetensors") bytes = mutateSafetensors(r, bytes);
    else if (structured && seed.kind === "gguf") bytes = mutateGGUF(r, bytes);
    else bytes = mutateBytes(r, bytes, all);
  }
  return { kind: seed.kind, name: `${seed.name} #${i}`, bytes };
}
