// loadPretrained: a Hugging Face model folder (config.json, generation_config.json, model.safetensors or
// shards named by model.safetensors.index.json, tokenizer.json + tokenizer_config.json) → a GPT that
// computes what transformers computes for that checkpoint, plus its configs and tokenizer. Weights stream:
// the model's parameters are allocated once, then each shard is opened in turn and each tensor is read,
// converted to float32 (F32/F16/BF16), checked against the shape config.json implies and written into its
// parameter, so at most one tensor (plus the q/k/v pieces of one fused projection) is held beside the
// model. Browsers pass a file map (files.ts); Node passes a folder path through `@paramlens/nn/node`.
import type { GPTConfig } from "@paramlens/gpt-params";
import {
  noGrad,
  readSafetensorsHeader,
  SafetensorsError,
  type SafetensorsTensorInfo,
  safetensorsHeaderSize,
  Tensor,
} from "@paramlens/tensor";
import { GPT } from "../models/gpt";
import { decodeFloats, F32_IS_NATIVE, type FloatDtype } from "./decode-floats";
import { cut, PretrainedError } from "./errors";
import { type CheckpointSource, type PretrainedFileMap, readJson, sourceFromFiles } from "./files";
import { architectureFromConfig, type PretrainedFamily } from "./hf-architecture";
import { loadTokenizer, type Tokenizer } from "./tokenizer";
import { type WeightLayout, type WeightTarget, weightLayout } from "./weight-layout";

export interface LoadPretrainedOptions {
  /** Load tokenizer.json when the folder has one. Default true. */
  tokenizer?: boolean;
}

export interface LoadedPretrained {
  /** The model, in eval mode: forward(ids) → logits [B, T, V]; generate(ids, { maxNewTokens, temperature }). */
  model: GPT;
  /** Our config (shapes, counts) as @paramlens/gpt-params reads config.json. */
  config: GPTConfig;
  /** The model family (config.json's model_type). */
  family: PretrainedFamily;
  /** config.json as parsed. */
  hfConfig: Record<string, unknown>;
  /** generation_config.json as parsed, when present. */
  generationConfig?: Record<string, unknown>;
  /** From tokenizer.json (+ tokenizer_config.json, special_tokens_map.json), when present. */
  tokenizer?: Tokenizer;
}

const WEIGHTS = "model.safetensors";
const INDEX = "model.safetensors.index.json";

/**
 * Loads a model folder given as browser files (name → File/Blob, Response, bytes or URL). In Node, pass a
 * folder path to `loadPretrained` from `@paramlens/nn/node`.
 * @throws {PretrainedError} naming the file (and tensor) at fault; see PretrainedErrorCode.
 */
export async function loadPretrained(
  files: PretrainedFileMap,
  options: LoadPretrainedOptions = {},
): Promise<LoadedPretrained> {
  if (files === null || typeof files !== "object") {
    throw new PretrainedError(
      "OPTION",
      `loadPretrained: expected a map of file name → contents, got ${cut(files)}`,
    );
  }
  return loadFromSource(sourceFromFiles(files), options);
}

/** The loader behind both entries: reads configs, streams weights, attaches the tokenizer. */
export async function loadFromSource(
  source: CheckpointSource,
  options: LoadPretrainedOptions = {},
): Promise<LoadedPretrained> {
  if (!source.has("config.json")) {
    throw new PretrainedError("FILE_MISSING", `config.json is missing from ${source.label}`, {
      file: "config.json",
    });
  }
  const hfConfig = (await readJson(source, "config.json")) as Record<string, unknown>;
  const arch = architectureFromConfig(hfConfig);
  const shards = await shardList(source);
  const model = new GPT(arch.config, { ...arch.options, skipInit: true });
  const layout = weightLayout(arch.family, arch.config, hfConfig);
  await streamWeights(source, shards, layout, model);
  model.eval();

  const out: LoadedPretrained = { model, config: arch.config, family: arch.family, hfConfig };
  if (source.has("generation_config.json")) {
    out.generationConfig = (await readJson(source, "generation_config.json")) as Record<string, unknown>;
  }
  if ((options.tokenizer ?? true) && source.has("tokenizer.json")) {
    const tokenizerJson = await readJson(source, "tokenizer.json");
    const tokenizerConfig = source.has("tokenizer_config.json")
      ? await readJson(source, "tokenizer_config.json")
      : undefined;
    const specialTokensMap = source.has("special_tokens_map.json")
      ? await readJson(source, "special_tokens_map.json")
      : undefined;
    out.tokenizer = loadTokenizer({ tokenizerJson, tokenizerConfig, specialTokensMap });
  }
  return out;
}

/** The weight files to read: model.safetensors, or the shards the index names (all checked present). */
async function shardList(source: CheckpointSource): Promise<string[]> {
  if (source.has(WEIGHTS)) return [WEIGHTS];
  if (!source.has(INDEX)) {
    throw new PretrainedError(
      "FILE_MISSING",
      `${source.label} has neither ${WEIGHTS} nor ${INDEX} (only safetensors checkpoints are read; convert pytorch_model.bin with transformers' save_pretrained(safe_serialization=True))`,
      { file: WEIGHTS },
    );
  }
  const index = (await readJson(source, INDEX)) as { weight_map?: unknown };
  const map = index?.weight_map;
  if (map === null || typeof map !== "object" || Array.isArray(map)) {
    throw new PretrainedError("FILE_INVALID", `${INDEX} has no "weight_map" object`, { file: INDEX });
  }
  const shards = new Map<string, string>(); // shard → one tensor it holds (for the message)
  for (const [tensor, shard] of Object.entries(map as Record<string, unknown>)) {
    if (typeof shard !== "string" || shard.includes("/") || shard.includes("\\")) {
      throw new PretrainedError(
        "FILE_INVALID",
        `${INDEX}: weight_map[${cut(tensor, 60)}] is ${cut(shard)}, expected a file name`,
        {
          file: INDEX,
          tensor,
        },
      );
    }
    if (!shards.has(shard)) shards.set(shard, tensor);
  }
  for (const [shard, tensor] of shards) {
    if (!source.has(shard)) {
      throw new PretrainedError(
        "FILE_MISSING",
        `shard ${cut(shard)} (holding ${cut(tensor, 80)} per ${INDEX}) is missing from ${source.label}`,
        { file: shard, tensor },
      );
    }
  }
  return [...shards.keys()].sort();
}

function stripPrefix(name: string, prefixes: string[]): string {
  for (const p of prefixes) if (name.startsWith(p)) return name.slice(p.length);
  return name;
}

const same = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && a.every((v, i) => v === b[i]);

/** Streams every shard's tensors into the model's parameters; throws on anything missing, extra or misshapen. */
async function streamWeights(
  source: CheckpointSource,
  shards: string[],
  layout: WeightLayout,
  model: GPT,
): Promise<void> {
  const params = new Map(model.namedParameters());
  const bySource = new Map<string, WeightTarget[]>();
  for (const target of layout.targets) {
    if (!params.has(target.param)) {
      throw new Error(`loadPretrained: internal layout error, no parameter ${target.param}`);
    }
    for (const s of target.sources) {
      const list = bySource.get(s) ?? [];
      list.push(target);
      bySource.set(s, list);
    }
  }
  // every parameter of the model must be filled by some target (tied heads share wte's tensor)
  const filledParams = new Set(layout.targets.map((t) => t.param));
  for (const [name, p] of params) {
    if (!filledParams.has(name) && !(name === "lm_head.weight" && p === params.get("wte.weight"))) {
      throw new Error(`loadPretrained: internal layout error, parameter ${name} has no source`);
    }
  }
  const pending = new Map<string, Float32Array>(); // source tensor → data, until its targets are built
  const seen = new Map<string, string>(); // source tensor → file
  const done = new Set<WeightTarget>();

  // a reused buffer for tensors that feed one parameter alone (no allocation per tensor)
  let scratch = new Float32Array(0);
  const finish = (target: WeightTarget, parts: Float32Array[]) => {
    const p = params.get(target.param)!;
    const assemble = target.assemble ?? (([x]: Float32Array[], out: Float32Array) => out.set(x!));
    if (p.data instanceof Float32Array && p.isContiguous) {
      assemble(parts, p.data.subarray(p.offset, p.offset + p.size)); // straight into the parameter
    } else {
      const data = new Float32Array(p.size);
      assemble(parts, data);
      noGrad(() => p.copy_(new Tensor(data, p.shape)));
    }
    done.add(target);
  };

  for (const file of shards) {
    const f = await source.open(file);
    try {
      const infos = await readHeader(f, file);
      for (const info of infos) {
        const name = stripPrefix(info.name, layout.prefixes);
        if (layout.isBuffer(name) || layout.ignorable(name)) continue;
        const targets = bySource.get(name);
        if (!targets) {
          throw new PretrainedError(
            "TENSOR_UNEXPECTED",
            `${file}: tensor ${cut(info.name, 120)} has no place in a ${model.config.name} model of this config (wrong model_type, or a variant not built)`,
            { file, tensor: info.name },
          );
        }
        if (seen.has(name)) {
          throw new PretrainedError(
            "FILE_INVALID",
            `${file}: tensor ${cut(info.name)} also appears in ${seen.get(name)}`,
            {
              file,
              tensor: info.name,
            },
          );
        }
        seen.set(name, file);
        const target = targets[0]!;
        const want = target.shapes[target.sources.indexOf(name)]!;
        if (!same(info.shape, want)) {
          throw new PretrainedError(
            "TENSOR_SHAPE",
            `${file}: tensor ${cut(info.name)} has shape [${info.shape.join(", ")}] but config.json implies [${want.join(", ")}]`,
            { file, tensor: info.name },
          );
        }
        if (info.dtype !== "F32" && info.dtype !== "F16" && info.dtype !== "BF16") {
          throw new PretrainedError(
            "TENSOR_DTYPE",
            `${file}: tensor ${cut(info.name)} is ${info.dtype}; only F32, F16 and BF16 weights are read`,
            { file, tensor: info.name },
          );
        }
        const dtype = info.dtype as FloatDtype;
        const count = want.reduce((a, b) => a * b, 1);
        const [start, end] = info.byteRange;
        const p = params.get(target.param)!;
        if (
          dtype === "F32" &&
          F32_IS_NATIVE &&
          targets.length === 1 &&
          !target.assemble &&
          p.data instanceof Float32Array &&
          p.isContiguous
        ) {
          // straight into the parameter's memory: no second copy of the tensor
          const view = new Uint8Array(p.data.buffer, p.data.byteOffset + p.offset * 4, count * 4);
          await f.read(start, end, view);
          done.add(target);
          continue;
        }
        const bytes = await f.read(start, end);
        if (targets.length === 1 && !target.assemble && p.data instanceof Float32Array && p.isContiguous) {
          // F16/BF16 (or a big-endian F32) decoded straight into the parameter
          decodeFloats(bytes, dtype, p.data.subarray(p.offset, p.offset + count));
          done.add(target);
          continue;
        }
        if (targets.length === 1 && target.sources.length === 1) {
          if (scratch.length < count) scratch = new Float32Array(count);
          finish(target, [decodeFloats(bytes, dtype, scratch.subarray(0, count))]);
          continue;
        }
        pending.set(name, decodeFloats(bytes, dtype, new Float32Array(count)));
        for (const t of targets) {
          if (t.sources.every((s) => pending.has(s)))
            finish(
              t,
              t.sources.map((s) => pending.get(s)!),
            );
        }
        // drop sources whose targets are all built
        for (const [s] of pending) if ((bySource.get(s) ?? []).every((t) => done.has(t))) pending.delete(s);
      }
    } finally {
      await f.close();
    }
  }
  const missing = layout.targets.filter((t) => !done.has(t));
  if (missing.length > 0) {
    const names = [...new Set(missing.flatMap((t) => t.sources.filter((s) => !seen.has(s))))];
    throw new PretrainedError(
      "TENSOR_MISSING",
      `${names.length} tensor(s) the config needs are in no weight file (${shards.join(", ")}): ${names
        .slice(0, 5)
        .map((n) => `"${n}"`)
        .join(", ")}${names.length > 5 ? ", …" : ""}`,
      { file: shards[0]!, tensor: names[0]! },
    );
  }
}

/** The validated safetensors header of an open file; truncation and malformed headers name the file. */
async function readHeader(
  f: { size: number; read(a: number, b: number): Promise<Uint8Array> },
  file: string,
): Promise<SafetensorsTensorInfo[]> {
  try {
    const prefix = await f.read(0, Math.min(8, f.size));
    const stop = safetensorsHeaderSize(prefix);
    const head = await f.read(0, Math.min(stop, f.size));
    return readSafetensorsHeader(head, { fileLength: f.size }).tensors;
  } catch (e) {
    if (e instanceof SafetensorsError) {
      throw new PretrainedError(
        "FILE_INVALID",
        `${file}: ${e.message} (file of ${f.size} bytes; truncated or not safetensors?)`,
        {
          file,
        },
      );
    }
    throw e;
  }
}
