// End-to-end: `paramlens inspect` on checkpoints the tests write per the safetensors and GGUF specs —
// a two-shard GPT-2-shaped checkpoint with its index and config.json, a sparse multi-GB file, a GGUF v3
// file — and on missing, truncated and corrupt files.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GGUFTensorSpec, writeGGUF } from "./fixtures/write-gguf";
import { gpt2Tensors, numel, type TensorSpec, writeSafetensors } from "./fixtures/write-safetensors";
import { runBin } from "./run-bin";

let dir: string;
const at = (...parts: string[]) => join(dir, ...parts);

// A GPT-2-shaped model small enough to write in full: V 11, n_pos 16, d 8, L 2.
const tiny = { vocab: 11, positions: 16, d: 8, layers: 2 };
// nanoGPT transformer_sizing: V·d + n_pos·d + L·(12·d² + 13·d) + 2·d (tied head, no LM-head bias).
const tinyTotal = (() => {
  const { vocab: V, positions: P, d, layers: L } = tiny;
  return V * d + P * d + L * (12 * d * d + 13 * d) + 2 * d;
})();
// One causal-mask buffer attn.bias of [1, 1, n_pos, n_pos] per layer: stored, not a parameter.
const tinyBuffers = tiny.layers * tiny.positions * tiny.positions;

const gpt2Config = {
  model_type: "gpt2",
  vocab_size: tiny.vocab,
  n_positions: tiny.positions,
  n_embd: tiny.d,
  n_layer: tiny.layers,
  n_head: 2,
};

function writeShards(folder: string): void {
  mkdirSync(folder, { recursive: true });
  const tensors = gpt2Tensors(tiny);
  const first = tensors.filter((t) => !t.name.includes(".h.1.") && !t.name.includes("ln_f"));
  const second = tensors.filter((t) => !first.includes(t));
  const names = ["model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors"];
  writeSafetensors(join(folder, names[0] ?? ""), first, { metadata: { format: "pt" } });
  writeSafetensors(join(folder, names[1] ?? ""), second, { metadata: { format: "pt" } });
  const weightMap = Object.fromEntries([
    ...first.map((t) => [t.name, names[0]]),
    ...second.map((t) => [t.name, names[1]]),
  ]);
  writeFileSync(
    join(folder, "model.safetensors.index.json"),
    JSON.stringify({ metadata: {}, weight_map: weightMap }),
  );
  writeFileSync(join(folder, "config.json"), JSON.stringify(gpt2Config));
}

// A Llama-shaped GGUF: V 10, d 8, L 2, 2 heads of 4, 1 KV head, d_ff 16, untied output, plus a
// rope_freqs buffer. Names as llama.cpp's convert_hf_to_gguf.py writes them.
// d = 32: llama.cpp requires each Q8_0 row to be a whole number of 32-value blocks (ggml/src/gguf.cpp).
const gguf = { vocab: 10, d: 32, layers: 2, heads: 2, kvHeads: 1, ff: 64 };
function ggufTensors(): GGUFTensorSpec[] {
  const { vocab, d, layers, heads, kvHeads, ff } = gguf;
  const kv = (d / heads) * kvHeads;
  const t: GGUFTensorSpec[] = [{ name: "token_embd.weight", dims: [d, vocab], type: 0 }];
  for (let i = 0; i < layers; i++) {
    t.push(
      { name: `blk.${i}.attn_norm.weight`, dims: [d], type: 0 },
      { name: `blk.${i}.attn_q.weight`, dims: [d, d], type: 8 },
      { name: `blk.${i}.attn_k.weight`, dims: [d, kv], type: 8 },
      { name: `blk.${i}.attn_v.weight`, dims: [d, kv], type: 8 },
      { name: `blk.${i}.attn_output.weight`, dims: [d, d], type: 8 },
      { name: `blk.${i}.ffn_norm.weight`, dims: [d], type: 0 },
      { name: `blk.${i}.ffn_gate.weight`, dims: [d, ff], type: 1 },
      { name: `blk.${i}.ffn_up.weight`, dims: [d, ff], type: 1 },
      { name: `blk.${i}.ffn_down.weight`, dims: [ff, d], type: 1 },
    );
  }
  t.push(
    { name: "output_norm.weight", dims: [d], type: 0 },
    { name: "output.weight", dims: [d, vocab], type: 0 },
    { name: "rope_freqs.weight", dims: [2], type: 0 },
  );
  return t;
}
// Llama block: 2 RMSNorm weights, Q and O (d·d), K and V (d·d_kv), gate/up/down (3·d·d_ff); no biases.
const ggufTotal = (() => {
  const { vocab: V, d, layers: L, heads, kvHeads, ff } = gguf;
  const dkv = (d / heads) * kvHeads;
  return V * d + L * (2 * d + 2 * d * d + 2 * d * dkv + 3 * d * ff) + d + V * d;
})();

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "paramlens-inspect-"));
  writeShards(at("tiny-gpt2"));
  writeGGUF(
    at("tiny-llama.gguf"),
    {
      "general.architecture": { type: "string", value: "llama" },
      "general.name": { type: "string", value: "tiny llama" },
      "general.alignment": { type: "u32", value: 32 },
      "llama.block_count": { type: "u32", value: gguf.layers },
      "llama.embedding_length": { type: "u32", value: gguf.d },
      "llama.feed_forward_length": { type: "u32", value: gguf.ff },
      "llama.attention.head_count": { type: "u32", value: gguf.heads },
      "llama.attention.head_count_kv": { type: "u32", value: gguf.kvHeads },
      "llama.context_length": { type: "u32", value: 32 },
      "llama.rope.freq_base": { type: "f32", value: 10000 },
      "tokenizer.ggml.tokens": {
        type: "strings",
        value: Array.from({ length: gguf.vocab }, (_, i) => `t${i}`),
      },
    },
    ggufTensors(),
  );
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("paramlens inspect: safetensors", () => {
  it("prints the exact total of a two-shard checkpoint read through its index", async () => {
    const r = await runBin(["inspect", at("tiny-gpt2")]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(tinyTotal).toBe(1976);
    expect(r.stdout).toContain("parameters 1,976");
    expect(r.stdout).toContain("model-00002-of-00002.safetensors");
    expect(r.stdout).toMatch(/matches/);
  });

  it("reports tensors, dtypes, layers, buffers and the config cross-check as JSON", async () => {
    const r = await runBin(["inspect", at("tiny-gpt2"), "--json"]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    const written = gpt2Tensors(tiny);
    expect(report.format).toBe("safetensors");
    expect(report.files.map((f: { file: string }) => f.file)).toEqual([
      "model-00001-of-00002.safetensors",
      "model-00002-of-00002.safetensors",
    ]);
    expect(report.tensorCount).toBe(written.length);
    expect(report.parameters).toBe(tinyTotal);
    expect(report.buffers).toBe(tinyBuffers);
    expect(report.crossCheck).toEqual({ configTotal: tinyTotal, difference: 0, matches: true });
    // Per layer: 12·d² + 13·d parameters (the mask buffer is not one).
    const perLayer = 12 * tiny.d ** 2 + 13 * tiny.d;
    expect(report.layers.map((l: { index: number; parameters: number }) => [l.index, l.parameters])).toEqual([
      [0, perLayer],
      [1, perLayer],
    ]);
    expect(report.outsideLayers.parameters).toBe(tinyTotal - tiny.layers * perLayer);
    const f16 = report.byDtype.find((d: { dtype: string }) => d.dtype === "F16");
    expect(f16.parameters).toBe(tiny.layers * 12 * tiny.d ** 2);
    expect(f16.bytes).toBe(2 * f16.parameters);
    const mask = report.tensors.find((t: { name: string }) => t.name === "transformer.h.0.attn.bias");
    expect(mask).toMatchObject({
      shape: [1, 1, 16, 16],
      buffer: true,
      file: "model-00001-of-00002.safetensors",
    });
    expect(report.architecture.fields).toMatchObject({
      layers: 2,
      d_model: 8,
      heads: 2,
      vocab: 11,
      context: 16,
    });
    expect(report.metadata).toEqual({ format: "pt" });
  });

  it("reads the shards of a directory without an index, and a single shard alone", async () => {
    const folder = at("no-index");
    writeShards(folder);
    rmSync(join(folder, "model.safetensors.index.json"));
    const all = JSON.parse((await runBin(["inspect", folder, "--json"])).stdout);
    expect(all.parameters).toBe(tinyTotal);
    const one = await runBin(["inspect", join(folder, "model-00002-of-00002.safetensors"), "--json"]);
    expect(one.code).toBe(0);
    const second = gpt2Tensors(tiny).filter((t) => t.name.includes(".h.1.") || t.name.includes("ln_f"));
    const expected = second
      .filter((t) => !t.name.endsWith(".attn.bias"))
      .reduce((s, t) => s + numel(t.shape), 0);
    expect(JSON.parse(one.stdout).parameters).toBe(expected);
  });

  it("flags a config.json that disagrees with the weights, and warns about one it cannot read", async () => {
    const folder = at("disagree");
    writeShards(folder);
    writeFileSync(join(folder, "config.json"), JSON.stringify({ ...gpt2Config, n_layer: 3 }));
    const r = await runBin(["inspect", folder]);
    expect(r.code).toBe(0);
    const perLayer = 12 * tiny.d ** 2 + 13 * tiny.d;
    expect(r.stdout).toContain(
      `cross-check ${(tinyTotal + perLayer).toLocaleString("en-US")} counted from ${join(folder, "config.json")}: the file has ${perLayer} fewer parameters`,
    );
    writeFileSync(join(folder, "config.json"), JSON.stringify({ model_type: "t5" }));
    const t5 = JSON.parse((await runBin(["inspect", folder, "--json"])).stdout);
    expect(t5.parameters).toBe(tinyTotal);
    expect(t5.crossCheck).toBeUndefined();
    expect(t5.architecture).toEqual({
      source: "tensor names and shapes",
      fields: {
        family: "GPT-2",
        layers: 2,
        vocab: 11,
        d_model: 8,
        lm_head: "tied (no head tensor)",
        d_ff: 32,
      },
    });
    expect(t5.warnings[0]).toContain(
      'config.json was not used: fromHuggingFaceConfig: model_type "t5" is not supported',
    );
  });

  it("answers for a multi-GB checkpoint from its header (sparse file, 64-bit offsets)", async () => {
    const tensors: TensorSpec[] = [
      { name: "model.embed_tokens.weight", dtype: "BF16", shape: [32000, 4096] },
      { name: "model.layers.0.mlp.up_proj.weight", dtype: "F32", shape: [11008, 4096] },
      { name: "lm_head.weight", dtype: "F32", shape: [250000, 4608] },
    ];
    const size = writeSafetensors(at("big.safetensors"), tensors, { sparse: true });
    expect(size).toBeGreaterThan(2 ** 32);
    const r = await runBin(["inspect", at("big.safetensors"), "--json"]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.parameters).toBe(tensors.reduce((s, t) => s + numel(t.shape), 0));
    expect(report.dataBytes).toBe(32000 * 4096 * 2 + 11008 * 4096 * 4 + 250000 * 4608 * 4);
    expect(report.files[0].bytes).toBe(size);
  });
});

describe("paramlens inspect: GGUF", () => {
  it("counts a GGUF v3 file's tensors, leaves out the rope_freqs buffer and reads the architecture", async () => {
    const r = await runBin(["inspect", at("tiny-llama.gguf"), "--json"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.format).toBe("gguf");
    expect(report.parameters).toBe(ggufTotal);
    expect(report.buffers).toBe(2);
    expect(report.tensorCount).toBe(ggufTensors().length);
    expect(report.architecture.fields).toMatchObject({
      architecture: "llama",
      name: "tiny llama",
      layers: 2,
      d_model: 32,
      heads: 2,
      kv_heads: 1,
      d_ff: 64,
      context: 32,
      vocab: 10,
    });
    const q8 = report.byDtype.find((d: { dtype: string }) => d.dtype === "Q8_0");
    // Q8_0: 34 bytes per block of 32 values (ggml.c type_traits).
    expect(q8.bytes).toBe((q8.parameters / 32) * 34);
    expect(report.metadata["tokenizer.ggml.tokens"]).toBe("[10 items]");
    expect(report.layers).toHaveLength(2);
  });

  it("prints the total in the table", async () => {
    const r = await runBin(["inspect", at("tiny-llama.gguf")]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`parameters ${ggufTotal.toLocaleString("en-US")}`);
    expect(r.stdout).toContain("Q8_0");
  });
});

describe("paramlens inspect: bad input", () => {
  const expectOneLine = (stderr: string) => {
    expect(stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(stderr).not.toMatch(/\n\s+at /);
  };

  it("names a missing file", async () => {
    const r = await runBin(["inspect", at("nope.safetensors")]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(`error ${at("nope.safetensors")}: no such file or directory\n`);
  });

  it("reports a file cut inside its tensor data as truncated, with the byte counts", async () => {
    const path = at("cut-data.safetensors");
    const size = writeSafetensors(path, [{ name: "w", dtype: "F32", shape: [4, 4] }]);
    truncateSync(path, size - 10);
    const r = await runBin(["inspect", path]);
    expect(r.code).toBe(1);
    expectOneLine(r.stderr);
    expect(r.stderr).toContain(
      `${path}: truncated: the header describes 64 bytes of tensor data, but the file holds 54 bytes`,
    );
  });

  it("reports a file cut inside its header, and one too short for the length", async () => {
    const path = at("cut-header.safetensors");
    writeSafetensors(path, [{ name: "w", dtype: "F32", shape: [2] }]);
    const headerLength = Number(readFileSync(path).readBigUInt64LE(0));
    truncateSync(path, 20);
    const r = await runBin(["inspect", path]);
    expect(r.code).toBe(1);
    expectOneLine(r.stderr);
    expect(r.stderr).toContain(
      `truncated: the header is ${headerLength} bytes but only 12 bytes follow the length`,
    );

    const tiny = at("five-bytes.safetensors");
    writeFileSync(tiny, new Uint8Array(5));
    const r2 = await runBin(["inspect", tiny]);
    expect(r2.code).toBe(1);
    expect(r2.stderr).toContain(
      "truncated: 5 bytes, but a safetensors file starts with an 8-byte header length",
    );
  });

  it("reports a corrupt header", async () => {
    const path = at("corrupt.safetensors");
    const json = new TextEncoder().encode('{"w": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]');
    const bytes = new Uint8Array(8 + json.length + 8);
    new DataView(bytes.buffer).setBigUint64(0, BigInt(json.length), true);
    bytes.set(json, 8);
    writeFileSync(path, bytes);
    const r = await runBin(["inspect", path]);
    expect(r.code).toBe(1);
    expectOneLine(r.stderr);
    expect(r.stderr).toContain(`${path}: corrupt header: safetensors: header is not valid JSON`);
  });

  it("names a shard that the index lists but the directory lacks", async () => {
    const folder = at("missing-shard");
    writeShards(folder);
    rmSync(join(folder, "model-00002-of-00002.safetensors"));
    const r = await runBin(["inspect", folder]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `error ${join(folder, "model-00002-of-00002.safetensors")}: no such file or directory\n`,
    );
  });

  it("rejects an index that points outside its folder, and warns when index and shards disagree", async () => {
    const folder = at("odd-index");
    writeShards(folder);
    const indexPath = join(folder, "model.safetensors.index.json");
    const index = JSON.parse(readFileSync(indexPath, "utf8"));
    index.weight_map["transformer.wte.weight"] = "../elsewhere.safetensors";
    writeFileSync(indexPath, JSON.stringify(index));
    const r = await runBin(["inspect", folder]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `error ${indexPath}: weight_map["transformer.wte.weight"] names "../elsewhere.safetensors", not a file beside the index\n`,
    );
    index.weight_map["transformer.wte.weight"] = "model-00002-of-00002.safetensors";
    writeFileSync(indexPath, JSON.stringify(index));
    const moved = JSON.parse((await runBin(["inspect", folder, "--json"])).stdout);
    expect(moved.parameters).toBe(tinyTotal);
    expect(moved.warnings).toEqual([
      'model.safetensors.index.json puts "transformer.wte.weight" in model-00002-of-00002.safetensors, but it is in model-00001-of-00002.safetensors',
    ]);
  });

  it("reports a truncated and a corrupt GGUF file", async () => {
    const good = readFileSync(at("tiny-llama.gguf"));
    const cutData = at("cut.gguf");
    writeFileSync(cutData, good.subarray(0, good.length - 40));
    const r = await runBin(["inspect", cutData]);
    expect(r.code).toBe(1);
    expectOneLine(r.stderr);
    expect(r.stderr).toContain(`${cutData}: truncated: the GGUF header describes tensor data up to byte`);

    const cutHeader = at("cut-header.gguf");
    writeFileSync(cutHeader, good.subarray(0, 100));
    const r2 = await runBin(["inspect", cutHeader]);
    expect(r2.code).toBe(1);
    expect(r2.stderr).toContain(`${cutHeader}: truncated: the file (100 bytes) ends inside its GGUF header`);

    const badVersion = at("v9.gguf");
    const bytes = new Uint8Array(good);
    new DataView(bytes.buffer).setUint32(4, 9, true);
    writeFileSync(badVersion, bytes);
    const r3 = await runBin(["inspect", badVersion]);
    expect(r3.code).toBe(1);
    expect(r3.stderr).toContain(`${badVersion}: corrupt header: gguf: version 9 is not supported`);
  });

  it("stops reading a GGUF file whose header never ends (corrupt length) instead of reading it all", async () => {
    // A key length of 900 MB in a 1 GiB sparse file: the header cannot end before the 256 MiB cap.
    const path = at("huge-key.gguf");
    const head = new Uint8Array(32);
    const view = new DataView(head.buffer);
    head.set(new TextEncoder().encode("GGUF"), 0);
    view.setUint32(4, 3, true);
    view.setBigUint64(8, 0n, true); // tensors
    view.setBigUint64(16, 1n, true); // metadata pairs
    view.setBigUint64(24, 900_000_000n, true); // first key's length
    writeFileSync(path, head);
    truncateSync(path, 2 ** 30);
    const r = await runBin(["inspect", path]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`error ${path}: corrupt: the GGUF header does not end within its first 256 MiB\n`);
  });

  it("rejects a file that is neither format, and a directory with no checkpoint", async () => {
    const path = at("weights.bin");
    writeFileSync(path, "PK\u0003\u0004 not a checkpoint");
    const r = await runBin(["inspect", path]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${path}: not a safetensors or GGUF file (first bytes: 50 4b 03 04`);

    const empty = at("empty-dir");
    mkdirSync(empty);
    const r2 = await runBin(["inspect", empty]);
    expect(r2.code).toBe(1);
    expect(r2.stderr).toContain(`${empty}: holds no .safetensors or .gguf files`);
  });

  it("is a usage error without a path", async () => {
    const r = await runBin(["inspect"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("give a checkpoint file or directory to inspect");
  });
});
