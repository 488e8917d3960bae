// Safetensors headers: fixtures written by scripts/generate-fixtures.py from PyTorch modules; expected
// totals (parameters vs buffers) are PyTorch's named_parameters()/named_buffers() sums in expected.json.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { HeaderError } from "./errors";
import { fromHuggingFaceConfig } from "./hf-config";
import { countSafetensors, isBufferName, readSafetensorsHeader } from "./safetensors";

const fixture = (name: string) =>
  new Uint8Array(readFileSync(new URL(`../test/fixtures/${name}`, import.meta.url)));
const expected = JSON.parse(readFileSync(new URL("../test/fixtures/expected.json", import.meta.url), "utf8"));

function header(json: unknown, pad = 0): Uint8Array {
  const text = new TextEncoder().encode(JSON.stringify(json));
  const out = new Uint8Array(8 + text.length + pad);
  new DataView(out.buffer).setBigUint64(0, BigInt(text.length), true);
  out.set(text, 8);
  return out;
}

function headerError(fn: () => unknown): HeaderError {
  try {
    fn();
  } catch (e) {
    if (e instanceof HeaderError) return e;
    throw e;
  }
  throw new Error("test: expected a HeaderError");
}

describe("GPT-2 small checkpoint header", () => {
  const h = readSafetensorsHeader(fixture("gpt2-header.safetensors"));
  const c = countSafetensors(h);
  it("reads 124,439,808 parameters, not its 137,022,720 stored values", () => {
    expect(c.parameters).toBe(expected.gpt2.parameters);
    expect(c.parameters).toBe(124_439_808);
    expect(c.buffers).toBe(expected.gpt2.buffers);
    expect(c.storedValues).toBe(137_022_720);
    expect(c.bufferNames).toHaveLength(12);
    expect(c.bufferNames[0]).toBe("h.0.attn.bias");
  });
  it("reports bytes per dtype and metadata from the file itself", () => {
    expect(h.tensors).toHaveLength(expected.gpt2.tensors);
    expect(h.metadata).toEqual({ format: "pt" });
    expect(c.bytes).toBe(expected.gpt2.dataBytes);
    expect(h.dataBytes).toBe(expected.gpt2.dataBytes);
    expect(c.byDtype.F32).toEqual({
      parameters: 124_439_808,
      buffers: 12_582_912,
      bytes: expected.gpt2.dataBytes,
    });
  });
  it("groups tensors by layer", () => {
    expect(Object.keys(c.layers)).toHaveLength(12);
    expect(c.layers[0]).toEqual({
      parameters: 12 * 768 * 768 + 13 * 768,
      buffers: 1024 * 1024,
      bytes: 4 * (12 * 768 * 768 + 13 * 768 + 1024 * 1024),
    });
    expect(c.outsideLayers.parameters).toBe(50257 * 768 + 1024 * 768 + 2 * 768);
  });
  it("cross-checks against a known config", () => {
    const config = fromHuggingFaceConfig(
      readFileSync(new URL("../test/fixtures/gpt2-config.json", import.meta.url), "utf8"),
    );
    expect(countSafetensors(h, { config }).crossCheck).toEqual({
      configTotal: 124_439_808,
      difference: 0,
      matches: true,
    });
    const wrong = countSafetensors(h, { config: { ...config, tiedEmbeddings: false } }).crossCheck;
    expect(wrong).toEqual({
      configTotal: 124_439_808 + 50257 * 768,
      difference: -50257 * 768,
      matches: false,
    });
  });
  it("merges shards to the same totals", () => {
    const shards = [
      readSafetensorsHeader(fixture("gpt2-shard-1.safetensors")),
      readSafetensorsHeader(fixture("gpt2-shard-2.safetensors")),
    ];
    const merged = countSafetensors(shards);
    expect(merged.shardCount).toBe(2);
    expect(merged.parameters).toBe(124_439_808);
    expect(merged.buffers).toBe(expected.gpt2.buffers);
    expect(merged.tensorCount).toBe(expected.gpt2.tensors);
  });
  it("rejects a tensor present in two shards", () => {
    const e = headerError(() => countSafetensors([h, h]));
    expect(e.code).toBe("HEADER_DUPLICATE");
    expect(e.message).toMatch(/"wte.weight" appears in shard 0 and shard 1/);
  });
});

describe("tiny Llama file (complete, BF16) with rotary inv_freq buffers", () => {
  const bytes = fixture("tiny-llama.safetensors");
  it("separates inv_freq from parameters and matches its config", () => {
    const c = countSafetensors(
      readSafetensorsHeader(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)),
      {
        config: fromHuggingFaceConfig(
          readFileSync(new URL("../test/fixtures/tiny-llama-config.json", import.meta.url), "utf8"),
        ),
      },
    );
    expect(c.parameters).toBe(expected.tinyLlama.parameters);
    expect(c.buffers).toBe(expected.tinyLlama.buffers);
    expect(c.bytes).toBe(expected.tinyLlama.dataBytes);
    expect(c.byDtype.BF16?.bytes).toBe(expected.tinyLlama.dataBytes);
    expect(c.crossCheck?.difference).toBe(0);
    expect(c.bufferNames.every((n) => n.endsWith("inv_freq"))).toBe(true);
  });
});

describe("buffer names", () => {
  it("recognises masks and inv_freq but not real biases", () => {
    for (const n of [
      "h.0.attn.bias",
      "h.3.attn.masked_bias",
      "gpt_neox.layers.0.attention.bias",
      "model.layers.1.self_attn.rotary_emb.inv_freq",
      "embeddings.position_ids",
    ]) {
      expect(isBufferName(n), n).toBe(true);
    }
    for (const n of [
      "h.0.attn.c_attn.bias",
      "h.0.attn.c_proj.bias",
      "gpt_neox.layers.0.attention.dense.bias",
      "model.layers.0.self_attn.q_proj.bias",
      "transformer.h.0.self_attention.dense.bias",
    ]) {
      expect(isBufferName(n), n).toBe(false);
    }
  });
});

describe("malformed headers get clear errors", () => {
  const ok = { a: { dtype: "F32", shape: [2, 3], data_offsets: [0, 24] } };
  it("parses a minimal header", () => {
    expect(readSafetensorsHeader(header(ok)).tensors[0]).toEqual({
      name: "a",
      dtype: "F32",
      shape: [2, 3],
      numel: 6,
      bytes: 24,
      dataOffsets: [0, 24],
    });
  });
  it("says how many bytes a truncated prefix needs", () => {
    const full = header(ok);
    const e = headerError(() => readSafetensorsHeader(full.subarray(0, 20)));
    expect(e.code).toBe("HEADER_TRUNCATED");
    expect(e.message).toMatch(new RegExp(`pass at least ${full.length} bytes; got 20`));
    expect(headerError(() => readSafetensorsHeader(new Uint8Array(4))).code).toBe("HEADER_TRUNCATED");
  });
  it("rejects bad JSON, dtypes, shapes and offsets", () => {
    const bad = (json: unknown) => headerError(() => readSafetensorsHeader(header(json))).message;
    expect(bad({ a: { dtype: "F33", shape: [1], data_offsets: [0, 4] } })).toMatch(
      /tensor "a": unknown dtype "F33"/,
    );
    expect(bad({ a: { dtype: "F32", shape: [-1], data_offsets: [0, 4] } })).toMatch(/shape \[-1\]/);
    expect(bad({ a: { dtype: "F32", shape: [2], data_offsets: [0, 4] } })).toMatch(
      /F32\[2\] needs 8 bytes but data_offsets \[0, 4\] span 4/,
    );
    expect(bad({ a: { dtype: "F32", shape: [1], data_offsets: [4, 8] } })).toMatch(
      /data_offsets \[4, 8\] leaves a gap \(expected start 0/,
    );
    expect(bad([1, 2])).toMatch(/must start with "\{"/);
    const text = new TextEncoder().encode("{oops");
    const raw = new Uint8Array(8 + text.length);
    new DataView(raw.buffer).setBigUint64(0, BigInt(text.length), true);
    raw.set(text, 8);
    expect(headerError(() => readSafetensorsHeader(raw)).message).toMatch(/not valid JSON/);
    const huge = new Uint8Array(8);
    new DataView(huge.buffer).setBigUint64(0, 2n ** 40n, true);
    expect(headerError(() => readSafetensorsHeader(huge)).message).toMatch(/100000000-byte cap/);
  });
});
