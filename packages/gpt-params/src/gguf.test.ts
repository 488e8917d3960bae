// GGUF headers: fixtures written per the spec by scripts/generate-fixtures.py; the parameter count is
// PyTorch's for the same tiny Llama, and @huggingface/gguf parses the same bytes as an independent reader.
import { readFileSync } from "node:fs";
import { gguf } from "@huggingface/gguf";
import { describe, expect, it } from "vitest";
import { countParameters } from "./count";
import { HeaderError, ImportError } from "./errors";
import { readGGUFHeader } from "./gguf";
import { configFromGGUF } from "./gguf-config";

const fixture = (name: string) =>
  new Uint8Array(readFileSync(new URL(`../test/fixtures/${name}`, import.meta.url)));
const expected = JSON.parse(
  readFileSync(new URL("../test/fixtures/expected.json", import.meta.url), "utf8"),
).tinyLlamaGGUF;

// Serves Range requests from memory, so @huggingface/gguf (which only reads URLs) never touches a network.
function memoryFetch(bytes: Uint8Array): typeof fetch {
  return (async (_url: unknown, init?: { headers?: Record<string, string> }) => {
    const range = /bytes=(\d+)-(\d+)/.exec(init?.headers?.Range ?? "");
    const start = Number(range?.[1] ?? 0);
    const end = Math.min(Number(range?.[2] ?? bytes.length - 1), bytes.length - 1);
    const body = bytes.slice(start, end + 1);
    return new Response(body, {
      status: 206,
      headers: { "content-range": `bytes ${start}-${end}/${bytes.length}` },
    });
  }) as typeof fetch;
}

describe("readGGUFHeader on a tiny Llama (v3, little-endian)", () => {
  const bytes = fixture("tiny-llama.gguf");
  const h = readGGUFHeader(bytes);
  it("counts the same parameters PyTorch counts for this model, with rope_freqs as a buffer", () => {
    expect(h.parameterCount).toBe(expected.parameters);
    expect(h.bufferCount).toBe(expected.ropeFreqs);
    expect(h.tensors).toHaveLength(expected.tensors);
    expect(h.headerBytes).toBe(expected.headerBytes);
  });
  it("computes each tensor's bytes from its ggml type's block size", () => {
    const bytesByTensor = Object.fromEntries(h.tensors.map((t) => [t.name, t.bytes]));
    expect(bytesByTensor).toEqual(expected.bytesByTensor);
    expect(h.tensors.find((t) => t.name === "blk.0.attn_q.weight")).toMatchObject({
      typeName: "Q4_0",
      shape: [64, 64],
      numel: 4096,
    });
  });
  it("decodes every metadata value type", () => {
    expect(h.version).toBe(3);
    expect(h.architecture).toBe("llama");
    expect(h.alignment).toBe(32);
    expect(h.metadata["llama.block_count"]).toBe(2);
    expect(h.metadata["llama.rope.freq_base"]).toBe(10000);
    expect(h.metadata["llama.attention.layer_norm_rms_epsilon"]).toBe(1e-6);
    expect(h.metadata["general.file_type"]).toBe(7n);
    expect(h.metadata["general.quantized"]).toBe(true);
    expect(h.metadata["tokenizer.ggml.bos_token_id"]).toBe(-1);
    expect((h.metadata["tokenizer.ggml.tokens"] as string[]).length).toBe(256);
    expect(h.metadata["tokenizer.ggml.scores"]).toEqual([0.5, -1, 2]);
    expect(h.metadata["test.nested"]).toEqual([[1, 2], [-7]]);
  });
  it("agrees with @huggingface/gguf on the same bytes", async () => {
    const ref = await gguf("https://example.invalid/tiny-llama.gguf", {
      fetch: memoryFetch(bytes),
      computeParametersCount: true,
    });
    expect(ref.tensorInfos.map((t) => t.name)).toEqual(h.tensors.map((t) => t.name));
    expect(ref.tensorInfos.map((t) => t.shape.map(Number))).toEqual(h.tensors.map((t) => t.shape));
    expect(ref.tensorInfos.map((t) => t.dtype)).toEqual(h.tensors.map((t) => t.type));
    // The reference counts every tensor; we report rope_freqs separately as a buffer.
    expect(ref.parameterCount).toBe(h.parameterCount + h.bufferCount);
    expect((ref.metadata as Record<string, unknown>)["llama.block_count"]).toBe(
      h.metadata["llama.block_count"],
    );
  });
  it("reads a big-endian file the same way", () => {
    const be = readGGUFHeader(fixture("tiny-llama-be.gguf"));
    expect(be.littleEndian).toBe(false);
    expect(be.parameterCount).toBe(h.parameterCount);
    expect(be.metadata).toEqual(h.metadata);
  });
});

describe("readGGUFHeader errors", () => {
  const bytes = fixture("tiny-llama.gguf");
  const err = (b: Uint8Array): HeaderError => {
    try {
      readGGUFHeader(b);
    } catch (e) {
      if (e instanceof HeaderError) return e;
      throw e;
    }
    throw new Error("test: expected a HeaderError");
  };
  it("says how many bytes a truncated header needs", () => {
    const e = err(bytes.subarray(0, 1000));
    expect(e.code).toBe("HEADER_TRUNCATED");
    expect(e.message).toMatch(/^gguf: reading .* needs \d+ bytes, got 1000; pass a longer prefix/);
  });
  it("rejects a bad magic and unsupported versions", () => {
    expect(err(new TextEncoder().encode("GGML\x03\0\0\0")).message).toMatch(/is not "GGUF"/);
    const v1 = bytes.slice(0, 64);
    new DataView(v1.buffer).setUint32(4, 1, true);
    expect(err(v1).message).toMatch(/version 1 is not supported/);
  });
  it("accepts only the exact header prefix it needs", () => {
    expect(readGGUFHeader(bytes.subarray(0, expected.headerBytes)).parameterCount).toBe(expected.parameters);
  });
});

describe("configFromGGUF", () => {
  const h = readGGUFHeader(fixture("tiny-llama.gguf"));
  it("rebuilds the config whose count equals the file's tensors (cross-check)", () => {
    const config = configFromGGUF(h);
    expect(config).toMatchObject({
      name: "tiny-llama",
      vocabSize: 256,
      dModel: 64,
      nLayers: 2,
      nHeads: 4,
      nKVHeads: 2,
      dFF: 128,
      tiedEmbeddings: false,
    });
    expect(countParameters(config).total).toBe(h.parameterCount);
  });
  it("rejects other architectures and missing keys", () => {
    expect(() => configFromGGUF({ ...h, architecture: "falcon" })).toThrow(ImportError);
    const noTokens = { ...h, metadata: { ...h.metadata, "tokenizer.ggml.tokens": 3 } };
    expect(() => configFromGGUF(noTokens)).toThrow(/tokenizer.ggml.tokens/);
    const noLayers = { ...h, metadata: { ...h.metadata, "llama.block_count": "two" } };
    expect(() => configFromGGUF(noLayers)).toThrow(/llama.block_count/);
  });
});
