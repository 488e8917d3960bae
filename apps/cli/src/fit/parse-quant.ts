// Parses `--quant` and `--kv-cache` into gpt-params' schemes: `bf16`, a GGUF file type in any case
// (`q4_k_m`), `gptq-4` / `gptq-3-g64`, `awq` / `awq-g64`, `nf4` / `nf4-dq`, `int8`, `fp8` / `fp8-block` /
// `fp8-channel`. It only reads the string; sizes come from gpt-params.
import { GGUF_FILE_TYPES, type GGUFFileType, KV_CACHE_TYPES, type WeightQuant } from "@paramlens/gpt-params";
import { InvalidValueError } from "../errors";

const HINT =
  "bf16, fp16, fp32, a GGUF type (q4_k_m, q8_0 …), gptq-4[-g128], awq[-g128], nf4[-dq], int8, fp8[-block|-channel]";

function group(text: string | undefined, flag: string): number {
  if (text === undefined) return 128;
  const g = Number(text);
  if (!Number.isSafeInteger(g) || g < 1 || g > 1 << 20)
    throw new InvalidValueError(`--quant: group size ${flag} must be a positive integer`);
  return g;
}

/** `--quant` → a weight scheme; throws InvalidValueError naming the accepted forms. */
export function parseQuant(value: string): WeightQuant {
  const v = value.trim().toLowerCase();
  if (v === "bf16" || v === "fp16" || v === "fp32") return { kind: "dense", dtype: v };
  const gguf = v.toUpperCase() as GGUFFileType;
  if ((GGUF_FILE_TYPES as readonly string[]).includes(gguf)) return { kind: "gguf", fileType: gguf };
  let m = /^gptq-(2|3|4|8)(?:-g(\d+))?$/.exec(v);
  if (m) return { kind: "gptq", bits: Number(m[1]) as 2 | 3 | 4 | 8, groupSize: group(m[2], `g${m[2]}`) };
  m = /^awq(?:-g(\d+))?$/.exec(v);
  if (m) return { kind: "awq", groupSize: group(m[1], `g${m[1]}`) };
  if (v === "nf4" || v === "nf4-dq") return { kind: "nf4", doubleQuant: v === "nf4-dq" };
  if (v === "int8") return { kind: "int8" };
  m = /^fp8(?:-(block|channel|tensor))?$/.exec(v);
  if (m) return { kind: "fp8", scales: (m[1] ?? "tensor") as "tensor" | "channel" | "block" };
  throw new InvalidValueError(`--quant "${value.slice(0, 40)}" is not a known scheme (${HINT})`);
}

/** `--kv-cache` → a KV_CACHE_TYPES key. */
export function parseKvCache(value: string): string {
  const v = value.trim().toLowerCase();
  if (!Object.hasOwn(KV_CACHE_TYPES, v)) {
    throw new InvalidValueError(
      `--kv-cache "${value.slice(0, 40)}" must be one of ${Object.keys(KV_CACHE_TYPES).join(", ")}`,
    );
  }
  return v;
}

/** A short label for a scheme, as the user would type it. */
export function quantLabel(q: WeightQuant): string {
  switch (q.kind) {
    case "dense":
      return q.dtype;
    case "gguf":
      return q.fileType.toLowerCase();
    case "gptq":
      return `gptq-${q.bits}-g${q.groupSize}`;
    case "awq":
      return `awq-g${q.groupSize}`;
    case "nf4":
      return q.doubleQuant ? "nf4-dq" : "nf4";
    case "int8":
      return "int8";
    case "fp8":
      return `fp8-${q.scales}`;
  }
}
