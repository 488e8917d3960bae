// Named error classes for @paramlens/nn. Each carries a stable `code` and a message naming the module,
// field or key involved with the offending values. Plain argument mistakes (a negative size, p outside
// [0, 1]) use RangeError/TypeError with a `Layer: field …` prefix instead.

/** Codes carried by {@link ModuleError}. */
export type ModuleErrorCode =
  | "NOT_IMPLEMENTED"
  | "BAD_NAME"
  | "NAME_TAKEN"
  | "NOT_A_TENSOR"
  | "NOT_A_MODULE"
  | "NO_SUCH_SUBMODULE"
  | "NO_SUCH_PARAMETER"
  | "BAD_HOOK_RESULT";

/** Misuse of the Module tree: bad names, missing submodules, forward not implemented, … */
export class ModuleError extends Error {
  readonly code: ModuleErrorCode;
  constructor(code: ModuleErrorCode, message: string) {
    super(message);
    this.name = "ModuleError";
    this.code = code;
  }
}

/** One entry whose shape differs between a state dict and the model. */
export interface ShapeMismatch {
  key: string;
  /** shape in the state dict being loaded */
  checkpoint: readonly number[];
  /** shape of the model's tensor */
  model: readonly number[];
}

/**
 * `loadStateDict` found names or shapes that do not match. The message lists every missing key,
 * unexpected key and wrongly shaped key (with both shapes), as PyTorch's load_state_dict does.
 */
export class StateDictError extends Error {
  readonly code = "STATE_DICT_MISMATCH" as const;
  readonly missingKeys: readonly string[];
  readonly unexpectedKeys: readonly string[];
  readonly shapeMismatches: readonly ShapeMismatch[];
  constructor(
    moduleName: string,
    missingKeys: readonly string[],
    unexpectedKeys: readonly string[],
    shapeMismatches: readonly ShapeMismatch[],
  ) {
    const lines = [`loadStateDict: error(s) in loading state dict for ${moduleName}:`];
    const q = (k: string) => `"${k}"`;
    if (missingKeys.length > 0) lines.push(`  missing keys: ${missingKeys.map(q).join(", ")}`);
    if (unexpectedKeys.length > 0) lines.push(`  unexpected keys: ${unexpectedKeys.map(q).join(", ")}`);
    for (const m of shapeMismatches) {
      lines.push(
        `  size mismatch for "${m.key}": checkpoint [${m.checkpoint.join(",")}], model [${m.model.join(",")}]`,
      );
    }
    super(lines.join("\n"));
    this.name = "StateDictError";
    this.missingKeys = [...missingKeys];
    this.unexpectedKeys = [...unexpectedKeys];
    this.shapeMismatches = shapeMismatches.map((m) => ({ ...m }));
  }
}
