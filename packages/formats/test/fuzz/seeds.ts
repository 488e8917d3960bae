// Fuzz inputs that are not random: valid seed files of each format (the starting points for mutation) and
// the hand-made hostile cases of issue 20, each with the code the reader must give (or "ok"). Test-only.

import {
  GGUFWriter,
  ggufFile,
  type KV,
  safetensorsFile,
  safetensorsFromHeaderBytes,
  validGGUFSpec,
} from "../build-files";

export type FuzzKind = "safetensors" | "gguf" | "json";

export interface FuzzCase {
  kind: FuzzKind;
  name: string;
  bytes: Uint8Array;
  /** the FormatError code the reader must throw, or "ok" to accept */
  expect?: string;
}

const enc = new TextEncoder();
const f32 = (n: number, at: number) => ({ dtype: "F32", shape: [n], data_offsets: [at, at + 4 * n] });

/** Valid files the mutators start from. */
export function seedCases(): FuzzCase[] {
  const st: FuzzCase[] = [
    { name: "one F32", bytes: safetensorsFile({ w: f32(2, 0) }, 8) },
    {
      name: "mixed dtypes + metadata",
      bytes: safetensorsFile(
        {
          __metadata__: { format: "pt", note: "ü" },
          a: { dtype: "BF16", shape: [2, 2], data_offsets: [0, 8] },
          b: { dtype: "F4", shape: [4], data_offsets: [8, 10] },
          c: { dtype: "I64", shape: [1], data_offsets: [10, 18] },
          z: { dtype: "F32", shape: [0], data_offsets: [18, 18] },
        },
        18,
      ),
    },
    { name: "empty", bytes: safetensorsFile({}) },
    {
      name: "40 tensors",
      bytes: safetensorsFile(
        Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`h.${i}.mlp.weight`, f32(2, 8 * i)])),
        320,
      ),
    },
  ].map((c) => ({ ...c, kind: "safetensors" as const, expect: "ok" }));
  const small = validGGUFSpec();
  const gg: FuzzCase[] = [
    { name: "two tensors", bytes: ggufFile(small) },
    { name: "no tensors", bytes: ggufFile({ kv: [["general.architecture", { type: 8, value: "llama" }]] }) },
    {
      name: "300-token vocabulary",
      bytes: ggufFile({
        ...small,
        kv: [
          ...small.kv!.slice(0, 3),
          [
            "tokenizer.ggml.tokens",
            {
              type: 9,
              of: 8,
              items: Array.from({ length: 300 }, (_, i) => ({ type: 8, value: `tok${i}` }) as KV),
            },
          ],
          [
            "tokenizer.ggml.token_type",
            {
              type: 9,
              of: 5,
              items: Array.from({ length: 300 }, (_, i) => ({ type: 5, value: i % 3 }) as KV),
            },
          ],
        ],
      }),
    },
    {
      name: "every value type",
      bytes: ggufFile({
        kv: [
          ["u8", { type: 0, value: 7 }],
          ["i8", { type: 1, value: -7 }],
          ["u16", { type: 2, value: 700 }],
          ["i16", { type: 3, value: -700 }],
          ["u32", { type: 4, value: 70000 }],
          ["i32", { type: 5, value: -70000 }],
          ["f32", { type: 6, value: 0.25 }],
          ["bool", { type: 7, value: true }],
          ["str", { type: 8, value: "hello" }],
          ["u64", { type: 10, value: 2n ** 40n }],
          ["i64", { type: 11, value: -(2n ** 40n) }],
          ["f64", { type: 12, value: 1e-9 }],
          ["nested", { type: 9, of: 9, items: [{ type: 9, of: 4, items: [{ type: 4, value: 1 }] }] }],
        ],
        tensors: [{ name: "q", shape: [256, 2], type: 12, offset: 0 }],
        dataBytes: 288,
      }),
    },
  ].map((c) => ({ ...c, kind: "gguf" as const, expect: "ok" }));
  const js: FuzzCase[] = [
    {
      name: "config",
      bytes: enc.encode('{"model_type":"llama","hidden_size":64,"rope_scaling":{"type":"linear"}}'),
    },
  ].map((c) => ({ ...c, kind: "json" as const, expect: "ok" }));
  return [...st, ...gg, ...js];
}

/** Issue 20's parser cases (and the rules behind them), each with its expected verdict. */
export function hostileCases(): FuzzCase[] {
  const out: FuzzCase[] = [];
  const st = (name: string, bytes: Uint8Array, expect: string) =>
    out.push({ kind: "safetensors", name, bytes, expect });
  const gg = (name: string, bytes: Uint8Array, expect: string) =>
    out.push({ kind: "gguf", name, bytes, expect });
  const js = (name: string, text: string, expect: string) =>
    out.push({ kind: "json", name, bytes: enc.encode(text), expect });

  // safetensors
  st(
    "header nested 5,000 deep (10 KB)",
    safetensorsFile(`{"a":${"[".repeat(5000)}${"]".repeat(5000)}}`),
    "NESTING_TOO_DEEP",
  );
  st(
    "1 MB tensor name with a bad dtype",
    safetensorsFile({ ["n".repeat(1 << 20)]: { dtype: "??", shape: [1], data_offsets: [0, 4] } }, 4),
    "UNKNOWN_DTYPE",
  );
  st("trailing bytes", safetensorsFile({ w: f32(1, 0) }, 7), "INCOMPLETE_BUFFER");
  const bad = enc.encode(JSON.stringify({ w: f32(1, 0) }));
  bad[2] = 0xc3;
  st("invalid UTF-8", safetensorsFromHeaderBytes(bad, 4), "INVALID_UTF8");
  st(
    "BOM",
    safetensorsFromHeaderBytes(
      Uint8Array.from([0xef, 0xbb, 0xbf, ...enc.encode(JSON.stringify({ w: f32(1, 0) }))]),
      4,
    ),
    "INVALID_JSON",
  );
  st("non-string __metadata__", safetensorsFile({ __metadata__: { epoch: 3 } }), "INVALID_HEADER");
  st(
    "F4 with an odd count",
    safetensorsFile({ w: { dtype: "F4", shape: [3], data_offsets: [0, 2] } }, 2),
    "MISALIGNED_SLICE",
  );
  st(
    "zero-size tensor sharing an offset",
    safetensorsFile({ e: { dtype: "F32", shape: [0], data_offsets: [4, 4] }, w: f32(1, 0), v: f32(1, 4) }, 8),
    "ok",
  );
  const lie = safetensorsFile({ w: f32(1, 0) }, 4);
  new DataView(lie.buffer).setBigUint64(0, 2n ** 62n, true);
  st("header length 2^62", lie, "HEADER_TOO_LARGE");
  st("overlapping offsets", safetensorsFile({ a: f32(2, 0), b: f32(1, 4) }, 8), "INVALID_OFFSETS");
  st(
    "shape overflow",
    safetensorsFile({ a: { dtype: "F64", shape: [2 ** 30, 2 ** 30, 2 ** 30], data_offsets: [0, 8] } }, 8),
    "OVERFLOW",
  );
  st(
    "__proto__ tensor name",
    safetensorsFile('{"__proto__":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}', 4),
    "ok",
  );

  // GGUF
  const nested = (depth: number) => {
    const w = new GGUFWriter().raw(enc.encode("GGUF")).u32(3).u64(0).u64(1).str("deep").u32(9);
    for (let i = 0; i < depth - 1; i++) w.u32(9).u64(1);
    return w.u32(4).u64(0).bytes();
  };
  gg("arrays nested 10,000 deep", nested(10_000), "NESTING_TOO_DEEP");
  for (const dims of [5, 8]) {
    const spec = validGGUFSpec();
    spec.tensors = [{ name: "x", shape: Array(dims).fill(1), type: 0, offset: 0 }];
    gg(`n_dims ${dims}`, ggufFile(spec), "INVALID_SHAPE");
  }
  for (const type of [4, 33, 40, 0xffffffff]) {
    const spec = validGGUFSpec();
    spec.tensors![0]!.type = type;
    gg(`ggml type ${type}`, ggufFile(spec), "UNKNOWN_DTYPE");
  }
  {
    const spec = validGGUFSpec();
    spec.tensors![1]!.shape = [16, 4];
    gg("Q8_0 row of 16 (not a block multiple)", ggufFile(spec), "MISALIGNED_SLICE");
  }
  for (const [name, off] of [
    ["overlapping offset", 16],
    ["misaligned offset", 40],
  ] as const) {
    const spec = validGGUFSpec();
    spec.tensors![1]!.offset = off;
    gg(name, ggufFile(spec), "INVALID_OFFSETS");
  }
  {
    const spec = validGGUFSpec();
    spec.kv!.push(["general.architecture", { type: 8, value: "gpt2" }]);
    gg("duplicate metadata key", ggufFile(spec), "DUPLICATE_KEY");
  }
  for (const [label, kv] of [
    ["alignment 0", { type: 4, value: 0 }],
    ["alignment 3", { type: 4, value: 3 }],
    ["alignment 1.5", { type: 6, value: 1.5 }],
  ] as [string, KV][]) {
    const spec = validGGUFSpec();
    spec.kv![1] = ["general.alignment", kv];
    gg(label, ggufFile(spec), "INVALID_ALIGNMENT");
  }
  {
    const spec = validGGUFSpec();
    spec.kv!.push(["__proto__", { type: 9, of: 4, items: [{ type: 4, value: 1 }] }]);
    gg("__proto__ key holding an array", ggufFile(spec), "ok");
  }
  {
    // 64 MB of array claimed by a 100-byte file: refused before allocating
    const w = new GGUFWriter().raw(enc.encode("GGUF")).u32(3).u64(0).u64(1).str("tokenizer.ggml.tokens");
    gg(
      "array of 2^26 strings in 60 bytes",
      w
        .u32(9)
        .u32(8)
        .u64(2 ** 26)
        .bytes(),
      "TRUNCATED",
    );
  }
  {
    const spec = validGGUFSpec();
    spec.kvCount = 2n ** 63n;
    gg("kv count 2^63", ggufFile(spec), "IMPLAUSIBLE_SIZE");
  }

  // JSON (config.json)
  js(
    "config nested 100,000 deep",
    `{"model_type":"llama","x":${"[".repeat(100_000)}${"]".repeat(100_000)}}`,
    "NESTING_TOO_DEEP",
  );
  js("not JSON", "{oops", "INVALID_JSON");
  return out;
}
