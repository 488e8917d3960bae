// `paramlens patch DIR --clean "…" --corrupt "…"`: activation patching (Meng et al. 2022's causal tracing;
// TransformerLens' patching scans) on a Hugging Face model folder: the clean run's activation patched into
// the corrupted run one (layer, position) — or (layer, head) for --kind head_z — at a time, scored by the
// logit difference correct − incorrect at the last position (@paramlens/attribution patchingScan). Prints
// the normalised score grid (0 = corrupted, 1 = clean); --json prints raw and normalised scores. The two
// prompts must have the same number of tokens. Path patching is not here.
import { resolve } from "node:path";
import { logitDiffMetric, type PatchKind, patchingScan } from "@paramlens/attribution";
import { loadPretrained } from "@paramlens/nn/node";
import { initBackend, Tensor } from "@paramlens/tensor";
import { outputArgs } from "../args/fragments";
import { defineCliCommand } from "../command";
import { InvalidValueError, UsageError } from "../errors";
import { parseIdList } from "../generate/generate-options";

const KINDS: readonly PatchKind[] = ["resid_pre", "attn_out", "mlp_out", "head_z"];

export interface PatchReport {
  model: string;
  kind: PatchKind;
  metric: "logit-diff";
  correct: number;
  incorrect: number;
  clean: number;
  corrupted: number;
  /** [layer][position] or [layer][head] */
  scores: number[][];
  normalised: number[][];
}

export const patchCommand = defineCliCommand({
  name: "patch",
  description: "Activation patching: which layer/position (or head) carries a clean run's answer",
  args: {
    dir: {
      type: "positional",
      required: false,
      description: "A model folder: config.json, safetensors, tokenizer.json",
    },
    clean: { type: "string", valueHint: "text", description: "The clean prompt (needs tokenizer.json)" },
    corrupt: { type: "string", valueHint: "text", description: "The corrupted prompt, same token count" },
    "clean-ids": { type: "string", valueHint: "list", description: "The clean prompt as token ids" },
    "corrupt-ids": { type: "string", valueHint: "list", description: "The corrupted prompt as token ids" },
    correct: {
      type: "string",
      valueHint: "text|id",
      description: "The clean answer: a token's text (one token) or #id",
    },
    incorrect: {
      type: "string",
      valueHint: "text|id",
      description: "The corrupted answer: a token's text or #id",
    },
    metric: { type: "string", valueHint: "name", description: "logit-diff (the only metric; the default)" },
    kind: { type: "string", valueHint: "name", description: `${KINDS.join(", ")} (default resid_pre)` },
    ...outputArgs,
  },
  examples: [
    'paramlens patch ./gpt2 --clean "The Eiffel Tower is in" --corrupt "The Colosseum is in" --correct " Paris" --incorrect " Rome"',
    "paramlens patch ./gpt2 --clean-ids 464,412 --corrupt-ids 464,413 --correct #6342 --incorrect #10598 --kind head_z --json",
  ],
  async run(args, ctx) {
    const [dir, ...extra] = args._;
    if (dir === undefined) throw new UsageError("give a model folder (config.json + safetensors)", "patch");
    if (extra.length > 0)
      throw new UsageError(`patch takes one folder, got ${args._.length} arguments`, "patch");
    if ((args.clean === undefined) === (args["clean-ids"] === undefined)) {
      throw new UsageError('give the clean prompt once: --clean "text" or --clean-ids 1,2,3', "patch");
    }
    if ((args.corrupt === undefined) === (args["corrupt-ids"] === undefined)) {
      throw new UsageError(
        'give the corrupted prompt once: --corrupt "text" or --corrupt-ids 1,2,3',
        "patch",
      );
    }
    if (args.correct === undefined || args.incorrect === undefined) {
      throw new UsageError(
        "give --correct and --incorrect (the two answers whose logit difference is measured)",
        "patch",
      );
    }
    if (args.metric !== undefined && args.metric !== "logit-diff") {
      throw new UsageError(
        `--metric: only logit-diff is available, got ${JSON.stringify(String(args.metric).slice(0, 40))}`,
        "patch",
      );
    }
    const kind = (args.kind === undefined ? "resid_pre" : String(args.kind)) as PatchKind;
    if (!KINDS.includes(kind)) throw new UsageError(`--kind must be one of ${KINDS.join(", ")}`, "patch");
    await initBackend();
    const loaded = await loadPretrained(resolve(ctx.cwd, dir));
    const tok = loaded.tokenizer ?? null;
    const needTok = (flag: string) => {
      if (!tok) throw new InvalidValueError(`${dir} has no tokenizer.json: give ${flag} as ids`);
      return tok;
    };
    const clean =
      args["clean-ids"] !== undefined
        ? parseIdList(args["clean-ids"])
        : needTok("--clean").encode(String(args.clean));
    const corrupt =
      args["corrupt-ids"] !== undefined
        ? parseIdList(args["corrupt-ids"])
        : needTok("--corrupt").encode(String(args.corrupt));
    const answer = (flag: string, raw: string): number => {
      if (/^#[0-9]+$/.test(raw)) return Number(raw.slice(1));
      const ids = needTok(`--${flag} (or #id)`).encode(raw);
      if (ids.length !== 1)
        throw new InvalidValueError(
          `--${flag} ${JSON.stringify(raw.slice(0, 40))} is ${ids.length} tokens; give one token (or #id)`,
        );
      return ids[0]!;
    };
    const correct = answer("correct", String(args.correct));
    const incorrect = answer("incorrect", String(args.incorrect));
    const { vocabSize, contextLength } = loaded.config;
    const bad = [...clean, ...corrupt, correct, incorrect].find((i) => i >= vocabSize);
    if (bad !== undefined)
      throw new InvalidValueError(`token id ${bad} is outside the model's vocabulary (size ${vocabSize})`);
    if (clean.length !== corrupt.length) {
      throw new InvalidValueError(
        `the clean prompt is ${clean.length} tokens and the corrupted one ${corrupt.length}; they must match`,
      );
    }
    if (clean.length === 0 || clean.length > contextLength) {
      throw new InvalidValueError(`the prompts are ${clean.length} tokens; they must be 1..${contextLength}`);
    }
    loaded.model.eval();
    const t = (ids: number[]) => new Tensor(Int32Array.from(ids), [1, ids.length]);
    const scan = patchingScan(loaded.model, t(clean), t(corrupt), kind, logitDiffMetric(correct, incorrect));
    const report: PatchReport = { model: dir, kind, metric: "logit-diff", correct, incorrect, ...scan };
    if (args.json === true) {
      ctx.out(JSON.stringify(report, null, 2));
      return;
    }
    const cols = kind === "head_z" ? "head" : "position";
    const lines = [
      `${kind} patching, logit diff (${correct} − ${incorrect}): clean ${scan.clean.toFixed(3)}, corrupted ${scan.corrupted.toFixed(3)}; normalised per layer × ${cols}`,
      `layer  ${scan.normalised[0]!.map((_, i) => String(i).padStart(6)).join("")}`,
      ...scan.normalised.map(
        (row, l) => `${String(l).padStart(5)}  ${row.map((v) => v.toFixed(2).padStart(6)).join("")}`,
      ),
    ];
    ctx.out(lines.join("\n"));
  },
});
