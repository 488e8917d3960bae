// The one error class of loadPretrained: every failure names the file (and the tensor, when one is at
// fault) so a user can see which part of a model folder is wrong. Untrusted values are cut to ~100 chars.

export type PretrainedErrorCode =
  /** a required file (config.json, weights, a shard named by the index) is absent */
  | "FILE_MISSING"
  /** a file is not what it claims: bad JSON, truncated or malformed safetensors, an index without weight_map */
  | "FILE_INVALID"
  /** config.json's model_type is not one loadPretrained builds (the message lists those it does) */
  | "UNSUPPORTED_MODEL"
  /** a config feature of a supported family that is not built (rope_scaling type, project_in/out, …) */
  | "UNSUPPORTED_VARIANT"
  /** a config field has a wrong type or value */
  | "CONFIG_INVALID"
  /** a tensor's shape disagrees with what config.json implies */
  | "TENSOR_SHAPE"
  /** a tensor the model needs is in no file */
  | "TENSOR_MISSING"
  /** a file holds a tensor the model has no place for */
  | "TENSOR_UNEXPECTED"
  /** a tensor's dtype is not a float type loadPretrained converts (F32, F16, BF16) */
  | "TENSOR_DTYPE"
  /** a bad argument to loadPretrained itself */
  | "OPTION";

export class PretrainedError extends Error {
  readonly code: PretrainedErrorCode;
  /** The file at fault (as named in the folder), when one is. */
  readonly file: string | undefined;
  /** The tensor at fault (its name in the checkpoint), when one is. */
  readonly tensor: string | undefined;
  constructor(code: PretrainedErrorCode, message: string, where: { file?: string; tensor?: string } = {}) {
    super(message);
    this.name = "PretrainedError";
    this.code = code;
    this.file = where.file;
    this.tensor = where.tensor;
  }
}

/** JSON of an untrusted value, cut to `max` characters for an error message. */
export function cut(value: unknown, max = 100): string {
  let s: string;
  try {
    s = typeof value === "string" ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  } catch {
    s = String(value);
  }
  return s.length > max ? `${s.slice(0, max)}…` : s;
}
