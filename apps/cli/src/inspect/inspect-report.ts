// The data behind `paramlens inspect`: for a safetensors file, a GGUF file, or a directory of shards
// (with or without model.safetensors.index.json), every tensor's dtype and shape, parameters per dtype
// and per layer, the total, and the architecture — from config.json beside the weights when there is one
// (then cross-checked against the exact count), from GGUF metadata, or else from tensor names and shapes.
// It reads headers only; counting and parsing are @paramlens/gpt-params'.
import { readdirSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import {
  countSafetensors,
  fromHuggingFaceConfig,
  type GGUFHeader,
  type GGUFValue,
  type GPTConfig,
  type SafetensorsCount,
  type SafetensorsHeader,
} from "@paramlens/gpt-params";
import { BadFileError, InputFileError } from "../errors";
import { withFile } from "../files/file-reader";
import { describeFsError } from "../files/fs-errors";
import { INPUT_KINDS } from "../files/input-file";
import { readJsonFile } from "../files/read-json";
import { clip, quote } from "../output/clip";
import { inferArchitecture } from "./infer-architecture";
import { readGGUFFile, readSafetensorsFile, sniffFormat } from "./read-headers";

export interface InspectedTensor {
  name: string;
  dtype: string;
  /** As stored: PyTorch order for safetensors, ggml order (fastest dimension first) for GGUF. */
  shape: number[];
  numel: number;
  /** Bytes of data; null for a GGUF type whose block size we do not know. */
  bytes: number | null;
  /** The file holding it (relative to the inspected path). */
  file: string;
  /** A buffer (causal mask, rotary table), stored but not a parameter. */
  buffer: boolean;
}

export interface InspectGroup {
  tensors: number;
  parameters: number;
  bytes: number;
}

export interface InspectReport {
  path: string;
  format: "safetensors" | "gguf";
  files: { file: string; bytes: number; headerBytes: number; tensors: number }[];
  tensorCount: number;
  /** Elements of parameter tensors: the model's parameter count. */
  parameters: number;
  /** Elements of buffers (not parameters). */
  buffers: number;
  /** Bytes of tensor data in all files. */
  dataBytes: number;
  byDtype: ({ dtype: string } & InspectGroup)[];
  layers: ({ index: number } & InspectGroup)[];
  outsideLayers: InspectGroup;
  architecture: { source: string; fields: Record<string, string | number> } | null;
  /** The file's parameter count against the exact count of config.json's architecture. */
  crossCheck?: { configTotal: number; difference: number; matches: boolean };
  /** safetensors `__metadata__`, or GGUF metadata (arrays summarised, 64-bit integers as numbers or strings). */
  metadata: Record<string, string | number | boolean>;
  tensors: InspectedTensor[];
  /** Things worth knowing that do not stop the report (e.g. an index listing a tensor no shard holds). */
  warnings: string[];
}

export interface InspectOptions {
  /** Directory relative paths are resolved against (default: the process's). */
  cwd?: string;
  /** A config.json to use for the architecture and cross-check instead of the one beside the weights. */
  config?: string;
}

const INDEX_FILE = "model.safetensors.index.json";
// Safetensors layer names: `.h.N.` (GPT-2), `.layers.N.` (Llama), `.blocks.N.`, `.layer.N.` (BERT-style).
const SAFETENSORS_LAYER = /(?:^|\.)(?:h|layers|layer|blocks)\.(\d+)\./;
const GGUF_LAYER = /^blk\.(\d+)\./;

function isDirectory(path: string, given: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch (error) {
    throw new InputFileError(given, describeFsError(error));
  }
}

/** The files to read: one file, an index's shards, or every checkpoint file in a directory. */
function listFiles(
  cwd: string,
  given: string,
): { dir: string; files: string[]; index?: Record<string, string> } {
  const full = resolve(cwd, given);
  if (!isDirectory(full, given)) {
    if (basename(full) === INDEX_FILE) return { dir: dirname(given), ...readIndex(cwd, given) };
    return { dir: dirname(given), files: [basename(given)] };
  }
  const names = readdirSync(full).sort();
  if (names.includes(INDEX_FILE)) return { dir: given, ...readIndex(cwd, join(given, INDEX_FILE)) };
  const safetensors = names.filter((n) => n.endsWith(".safetensors"));
  if (safetensors.length > 0) return { dir: given, files: safetensors };
  const gguf = names.filter((n) => n.endsWith(".gguf"));
  if (gguf.length > 0) return { dir: given, files: gguf };
  throw new InputFileError(given, `holds no .safetensors or .gguf files and no ${INDEX_FILE}`);
}

function readIndex(cwd: string, indexPath: string): { files: string[]; index: Record<string, string> } {
  const { value } = readJsonFile(cwd, indexPath, INDEX_FILE, INPUT_KINDS.index);
  const map = (value as { weight_map?: unknown } | null)?.weight_map;
  if (map === null || typeof map !== "object" || Array.isArray(map)) {
    throw new BadFileError(indexPath, 'has no "weight_map" object (tensor name → shard file)');
  }
  // No prototype: a tensor named "constructor" must not find Object's.
  const index: Record<string, string> = Object.create(null);
  for (const [tensor, file] of Object.entries(map as Record<string, unknown>)) {
    if (typeof file !== "string") {
      throw new BadFileError(
        indexPath,
        `weight_map[${quote(tensor)}] is ${quote(file)}, expected a file name`,
      );
    }
    // Shards sit beside the index; a path elsewhere is a broken (or hostile) index, not a shard.
    if (file === "" || file.includes("/") || file.includes("\\") || file === "." || file === "..") {
      throw new BadFileError(
        indexPath,
        `weight_map[${quote(tensor)}] names ${quote(file)}, not a file beside the index`,
      );
    }
    index[tensor] = file;
  }
  const files = [...new Set(Object.values(index))].sort();
  if (files.length === 0) throw new BadFileError(indexPath, "weight_map is empty");
  return { files, index };
}

function group(items: readonly { key: string | number; tensor: InspectedTensor }[]) {
  const out = new Map<string | number, InspectGroup>();
  for (const { key, tensor } of items) {
    const g = out.get(key) ?? { tensors: 0, parameters: 0, bytes: 0 };
    g.tensors += 1;
    if (!tensor.buffer) g.parameters += tensor.numel;
    g.bytes += tensor.bytes ?? 0;
    out.set(key, g);
  }
  return out;
}

/** Per-dtype and per-layer tables from the tensor list (the totals come from the format's counter). */
function tables(tensors: readonly InspectedTensor[], layerPattern: RegExp) {
  const byDtype = [...group(tensors.map((t) => ({ key: t.dtype, tensor: t })))].map(([dtype, g]) => ({
    dtype: String(dtype),
    ...g,
  }));
  const layered = tensors.map((t) => {
    const m = layerPattern.exec(t.name);
    return { key: m ? Number(m[1]) : -1, tensor: t };
  });
  const groups = group(layered);
  const outsideLayers = groups.get(-1) ?? { tensors: 0, parameters: 0, bytes: 0 };
  groups.delete(-1);
  const layers = [...groups]
    .map(([index, g]) => ({ index: Number(index), ...g }))
    .sort((a, b) => a.index - b.index);
  return { byDtype, layers, outsideLayers };
}

function findConfig(
  cwd: string,
  dir: string,
  options: InspectOptions,
): { path: string; value: unknown } | undefined {
  if (options.config !== undefined) return readJsonFile(cwd, options.config, "config.json");
  const beside = join(dir, "config.json");
  try {
    if (!statSync(resolve(cwd, beside)).isFile()) return undefined;
  } catch {
    return undefined;
  }
  return readJsonFile(cwd, beside, "config.json");
}

function configFields(c: GPTConfig): Record<string, string | number> {
  const fields: Record<string, string | number> = {
    name: c.name,
    layers: c.nLayers,
    d_model: c.dModel,
    heads: c.nHeads,
    kv_heads: c.nKVHeads,
    head_dim: c.headDim,
    d_ff: c.dFF,
    mlp: c.mlp,
    norm: c.norm,
    positions: c.position,
    vocab: c.vocabSize,
    context: c.contextLength,
    tied_embeddings: c.tiedEmbeddings ? "yes" : "no",
  };
  if (c.moe) {
    fields.experts = c.moe.nExperts;
    fields.experts_per_token = c.moe.expertsPerToken;
  }
  return fields;
}

function safetensorsReport(
  cwd: string,
  given: string,
  dir: string,
  files: readonly string[],
  index: Record<string, string> | undefined,
  options: InspectOptions,
): InspectReport {
  const headers: SafetensorsHeader[] = [];
  const fileRows: InspectReport["files"] = [];
  const tensors: InspectedTensor[] = [];
  const warnings: string[] = [];
  const misplaced: string[] = [];
  for (const name of files) {
    const path = join(dir, name);
    const header = withFile(path, cwd, (file) => {
      const h = readSafetensorsFile(file);
      fileRows.push({
        file: name,
        bytes: file.size,
        headerBytes: 8 + h.headerLength,
        tensors: h.tensors.length,
      });
      return h;
    });
    headers.push(header);
    for (const t of header.tensors) {
      if (index && index[t.name] !== name) {
        misplaced.push(
          index[t.name] === undefined
            ? `${name} holds ${quote(t.name)}, which ${INDEX_FILE} does not list`
            : `${INDEX_FILE} puts ${quote(t.name)} in ${clip(index[t.name] ?? "")}, but it is in ${name}`,
        );
      }
      const { name: tname, dtype, shape, numel, bytes } = t;
      tensors.push({ name: tname, dtype, shape, numel, bytes, file: name, buffer: false });
    }
  }
  // A few examples say what is wrong; thousands would bury the report.
  warnings.push(...misplaced.slice(0, 5));
  if (misplaced.length > 5)
    warnings.push(`… and ${misplaced.length - 5} more tensors where the index and shards disagree`);
  if (index) {
    const stored = new Set(tensors.map((t) => t.name));
    const missing = Object.keys(index).filter((t) => !stored.has(t));
    if (missing.length > 0) {
      throw new BadFileError(
        join(dir, INDEX_FILE),
        `lists ${missing.length} tensor(s) that no shard holds, e.g. ${quote(missing[0])} in ${quote(index[missing[0] ?? ""])}`,
      );
    }
  }
  const configFile = findConfig(cwd, dir, options);
  let config: GPTConfig | undefined;
  if (configFile) {
    try {
      config = fromHuggingFaceConfig(configFile.value as Record<string, unknown>);
    } catch (error) {
      if (options.config !== undefined) throw error;
      warnings.push(`${configFile.path} was not used: ${(error as Error).message}`);
    }
  }
  let count: SafetensorsCount;
  try {
    count = countSafetensors(headers, config ? { config } : {});
  } catch (error) {
    // Name the shards instead of their positions.
    const message = (error as Error).message.replace(
      /shard (\d+)/g,
      (_, i: string) => files[Number(i)] ?? `shard ${i}`,
    );
    throw new BadFileError(given, message);
  }
  const buffers = new Set(count.bufferNames);
  for (const t of tensors) t.buffer = buffers.has(t.name);
  const { byDtype, layers, outsideLayers } = tables(tensors, SAFETENSORS_LAYER);
  const metadata: Record<string, string> = {};
  for (const h of headers) Object.assign(metadata, h.metadata);
  const inferred = inferArchitecture(tensors, layers.length);
  const architecture = config
    ? { source: configFile?.path ?? "config.json", fields: configFields(config) }
    : Object.keys(inferred).length > 0
      ? { source: "tensor names and shapes", fields: inferred }
      : null;
  const report: InspectReport = {
    path: given,
    format: "safetensors",
    files: fileRows,
    tensorCount: count.tensorCount,
    parameters: count.parameters,
    buffers: count.buffers,
    dataBytes: count.bytes,
    byDtype,
    layers,
    outsideLayers,
    architecture,
    metadata,
    tensors,
    warnings,
  };
  if (count.crossCheck) report.crossCheck = count.crossCheck;
  return report;
}

/** A GGUF metadata value as JSON-safe data: 64-bit integers as numbers when exact, long arrays summarised. */
function metadataValue(value: GGUFValue): string | number | boolean {
  if (typeof value === "bigint")
    return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (Array.isArray(value)) return `[${value.length} items]`;
  return value;
}

function ggufFields(
  header: GGUFHeader,
  tensors: readonly InspectedTensor[],
): Record<string, string | number> {
  const arch = header.architecture;
  const m = header.metadata;
  const num = (key: string) => {
    const v = m[key];
    return typeof v === "number" ? v : typeof v === "bigint" ? Number(v) : undefined;
  };
  const fields: Record<string, string | number> = {};
  if (typeof m["general.name"] === "string") fields.name = m["general.name"];
  if (arch) fields.architecture = arch;
  const keys: [string, string][] = [
    ["layers", "block_count"],
    ["d_model", "embedding_length"],
    ["heads", "attention.head_count"],
    ["kv_heads", "attention.head_count_kv"],
    ["d_ff", "feed_forward_length"],
    ["context", "context_length"],
    ["experts", "expert_count"],
    ["experts_per_token", "expert_used_count"],
  ];
  for (const [field, key] of keys) {
    const v = arch ? num(`${arch}.${key}`) : undefined;
    if (v !== undefined) fields[field] = v;
  }
  const tokens = m["tokenizer.ggml.tokens"];
  const embedding = tensors.find((t) => t.name === "token_embd.weight");
  // ggml order: token_embd is [d_model, vocab].
  if (Array.isArray(tokens)) fields.vocab = tokens.length;
  else if (embedding?.shape[1] !== undefined) fields.vocab = embedding.shape[1];
  return fields;
}

function ggufReport(cwd: string, given: string, dir: string, files: readonly string[]): InspectReport {
  const fileRows: InspectReport["files"] = [];
  const tensors: InspectedTensor[] = [];
  const seen = new Map<string, string>();
  let first: GGUFHeader | undefined;
  let parameters = 0;
  let buffers = 0;
  for (const name of files) {
    const header = withFile(join(dir, name), cwd, (file) => {
      const h = readGGUFFile(file);
      fileRows.push({ file: name, bytes: file.size, headerBytes: h.headerBytes, tensors: h.tensors.length });
      return h;
    });
    first ??= header;
    parameters += header.parameterCount;
    buffers += header.bufferCount;
    for (const t of header.tensors) {
      const other = seen.get(t.name);
      if (other !== undefined)
        throw new BadFileError(given, `tensor ${quote(t.name)} appears in both ${other} and ${name}`);
      seen.set(t.name, name);
      tensors.push({
        name: t.name,
        dtype: t.typeName,
        shape: t.shape,
        numel: t.numel,
        bytes: t.bytes ?? null,
        file: name,
        buffer: /^rope_freqs(\.|$)/.test(t.name),
      });
    }
  }
  const header = first as GGUFHeader;
  const { byDtype, layers, outsideLayers } = tables(tensors, GGUF_LAYER);
  const metadata: Record<string, string | number | boolean> = { "gguf.version": header.version };
  for (const [key, value] of Object.entries(header.metadata)) metadata[key] = metadataValue(value);
  return {
    path: given,
    format: "gguf",
    files: fileRows,
    tensorCount: tensors.length,
    parameters,
    buffers,
    dataBytes: tensors.reduce((s, t) => s + (t.bytes ?? 0), 0),
    byDtype,
    layers,
    outsideLayers,
    architecture: { source: "GGUF metadata", fields: ggufFields(header, tensors) },
    metadata,
    tensors,
    warnings: tensors.some((t) => t.bytes === null)
      ? ["some tensor types have an unknown block size; their bytes are not counted"]
      : [],
  };
}

/**
 * Inspects a checkpoint on disk by its headers: a .safetensors or .gguf file, a
 * model.safetensors.index.json, or a directory holding either.
 */
export function inspectPath(given: string, options: InspectOptions = {}): InspectReport {
  const cwd = options.cwd ?? process.cwd();
  const { dir, files, index } = listFiles(cwd, given);
  const formats = files.map((name) => withFile(join(dir, name), cwd, sniffFormat));
  if (formats.some((f) => f !== formats[0])) {
    throw new InputFileError(given, "mixes safetensors and GGUF files; inspect them one at a time");
  }
  return formats[0] === "gguf"
    ? ggufReport(cwd, given, dir, files)
    : safetensorsReport(cwd, given, dir, files, index, options);
}
