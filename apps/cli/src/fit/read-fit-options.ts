// Reads the hardware, quantisation and training flags shared by `fit` and `params --gpu` into FitOptions,
// rejecting combinations that mix serving and training sizing. Values are validated here; numbers are
// computed in fit-report.ts.
import type { LoraTarget } from "@paramlens/gpt-params";
import { parsePositive, parsePositiveInteger } from "../args/numbers";
import { InvalidValueError, UsageError } from "../errors";
import type { FitOptions } from "./fit-report";
import { parseKvCache, parseQuant } from "./parse-quant";

const LORA_TARGETS: readonly LoraTarget[] = ["q", "k", "v", "o", "gate", "up", "down"];

// biome-ignore lint/suspicious/noExplicitAny: citty's parsed args differ per command; only flag names matter.
type Raw = Record<string, any>;

/** FitOptions from parsed flags; `command` names the command in usage errors. */
export function readFitOptions(args: Raw, command: string): FitOptions {
  const options: FitOptions = { gpu: String(args.gpu) };
  if (args.gpus !== undefined) options.gpus = parsePositiveInteger("gpus", args.gpus);
  if (args.quant !== undefined) options.quant = parseQuant(String(args.quant));
  if (args["kv-cache"] !== undefined) options.kvCache = parseKvCache(String(args["kv-cache"]));
  if (args.batch !== undefined) options.batch = parsePositiveInteger("batch", args.batch);
  if (args.context !== undefined) options.context = parsePositiveInteger("context", args.context);
  if (args.prompt !== undefined) options.prompt = parsePositiveInteger("prompt", args.prompt);
  const trainOnly = [
    "tp",
    "pp",
    "dp",
    "zero",
    "recompute",
    "optimizer",
    "tokens",
    "mfu",
    "price",
    "lora",
    "qlora",
    "lora-targets",
  ] as const;
  const given = trainOnly.filter((k) => args[k] !== undefined && args[k] !== false);
  if (!args.train && given.length > 0) {
    throw new UsageError(`--${given[0]} sizes training: add --train`, command);
  }
  if (args.train) {
    if (args.quant !== undefined || args["kv-cache"] !== undefined || args.gpus !== undefined) {
      throw new UsageError(
        "--quant, --kv-cache and --gpus size serving; for training use --tp/--pp/--dp (or --qlora)",
        command,
      );
    }
    const t: NonNullable<FitOptions["train"]> = {};
    if (args.tp !== undefined) t.tp = parsePositiveInteger("tp", args.tp);
    if (args.pp !== undefined) t.pp = parsePositiveInteger("pp", args.pp);
    if (args.dp !== undefined) t.dp = parsePositiveInteger("dp", args.dp);
    if (args.zero !== undefined) t.zero = Number(args.zero) as 0 | 1 | 2 | 3;
    if (args.recompute !== undefined) t.recompute = args.recompute as "none" | "selective" | "full";
    if (args.optimizer !== undefined) t.optimizer = args.optimizer as NonNullable<typeof t.optimizer>;
    if (args.tokens !== undefined) t.tokens = parsePositive("tokens", args.tokens);
    if (args.mfu !== undefined) {
      const mfu = parsePositive("mfu", args.mfu);
      if (mfu > 1) throw new InvalidValueError(`--mfu ${mfu} must be at most 1 (a fraction of peak)`);
      t.mfu = mfu;
    }
    if (args.price !== undefined) t.price = parsePositive("price", args.price);
    if (args.qlora && args.lora === undefined) throw new UsageError("--qlora needs --lora RANK", command);
    if (args["lora-targets"] !== undefined && args.lora === undefined)
      throw new UsageError("--lora-targets needs --lora RANK", command);
    if (args.lora !== undefined) {
      const targets = String(args["lora-targets"] ?? "q,v")
        .split(",")
        .map((s) => s.trim());
      for (const x of targets) {
        if (!(LORA_TARGETS as readonly string[]).includes(x)) {
          throw new InvalidValueError(
            `--lora-targets: "${x.slice(0, 20)}" must be one of ${LORA_TARGETS.join(", ")}`,
          );
        }
      }
      t.lora = {
        rank: parsePositiveInteger("lora", args.lora),
        targets: targets as LoraTarget[],
        qlora: args.qlora === true,
      };
    }
    options.train = t;
  }
  return options;
}
