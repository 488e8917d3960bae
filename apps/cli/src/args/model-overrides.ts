// Reads the model-config and memory flags (see fragments.ts) into typed options, rejecting bad values
// with the flag's name. It does not decide what the flags mean for a preset; resolve-model.ts does.
import type { DType, MLPKind, NormKind, PositionKind } from "@paramlens/gpt-params";
import { InvalidValueError } from "../errors";
import type { ConfigOverrides } from "../params/resolve-model";
import { parsePositiveInteger } from "./numbers";

type Raw = Record<string, unknown>;

const INTEGER_FLAGS: [flag: string, field: keyof ConfigOverrides][] = [
  ["layers", "nLayers"],
  ["d-model", "dModel"],
  ["heads", "nHeads"],
  ["kv-heads", "nKVHeads"],
  ["head-dim", "headDim"],
  ["vocab", "vocabSize"],
  ["context", "contextLength"],
  ["d-ff", "dFF"],
  ["experts", "nExperts"],
  ["experts-per-token", "expertsPerToken"],
];

/** The config fields given on the command line (absent flags stay absent). */
export function readOverrides(args: Raw): ConfigOverrides {
  const o: ConfigOverrides = {};
  for (const [flag, field] of INTEGER_FLAGS) {
    if (args[flag] !== undefined)
      (o as Record<string, number>)[field] = parsePositiveInteger(flag, args[flag]);
  }
  if (args.mlp !== undefined) o.mlp = args.mlp as MLPKind;
  if (args.norm !== undefined) o.norm = args.norm as NormKind;
  if (args.pos !== undefined) o.position = args.pos as PositionKind;
  if (typeof args.tie === "boolean") o.tiedEmbeddings = args.tie;
  if (typeof args.bias === "boolean") o.bias = args.bias;
  return o;
}

const DTYPES: readonly DType[] = ["fp32", "fp16", "bf16", "fp8", "int8", "int4"];

function dtype(flag: string, raw: string): DType {
  const value = raw.trim().toLowerCase();
  if (!(DTYPES as readonly string[]).includes(value)) {
    throw new InvalidValueError(
      `--${flag}: unknown precision "${raw.trim()}"; use one of ${DTYPES.join(", ")}`,
    );
  }
  return value as DType;
}

/** `--precision fp16,int4` → ["fp16", "int4"]; undefined when the flag is absent. */
export function readPrecisions(raw: unknown): DType[] | undefined {
  if (raw === undefined) return undefined;
  const parts = String(raw)
    .split(",")
    .filter((p) => p.trim() !== "");
  if (parts.length === 0)
    throw new InvalidValueError("--precision: give at least one precision, e.g. fp16,int4");
  return [...new Set(parts.map((p) => dtype("precision", p)))];
}

export function readKvPrecision(raw: unknown): DType | undefined {
  return raw === undefined ? undefined : dtype("kv-precision", String(raw));
}
