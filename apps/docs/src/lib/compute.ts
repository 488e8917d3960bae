// Everything the calculator shows for one model, computed by @paramlens/gpt-params from the form and the
// shared options. This file only wires inputs to library calls and turns a thrown library error into
// "which input is wrong and why"; it holds no formula of its own.
import {
  type ComputeOptimal,
  computeOptimal,
  countParameters,
  type FlopsReport,
  flops,
  GptParamsError,
  type InferenceMemory,
  inferenceMemory,
  type ParameterReport,
  type TrainingMemory,
  trainingCompute,
  trainingMemory,
} from "@paramlens/gpt-params";
import { parseAmount } from "./amount";
import { type Form, inputFromForm } from "./form";
import type { CalcOptions } from "./url-state";

/** What the shared options add to a valid config: compute, memory and scaling. */
export interface Extras {
  /** N used for training compute and the frontier: active parameters (= total for dense models). */
  n: number;
  /** Training tokens D: typed in, else the preset's published count, else 20·N (Chinchilla's ratio). */
  tokens: number;
  tokensGiven: boolean;
  /** Where `tokens` comes from. */
  tokensSource: "given" | "published" | "chinchilla";
  flops: FlopsReport;
  memory: InferenceMemory;
  training: TrainingMemory;
  /** 6·N·D with N = active parameters. */
  trainingCompute: number;
  /** Chinchilla-optimal N and D for the same compute. */
  optimal: ComputeOptimal;
}

/**
 * A valid config. The counts never depend on the options, so an invalid option (batch "abc") leaves them
 * standing: `extras` is then null and `optionError` says which option is wrong.
 */
export interface ModelResult {
  ok: true;
  report: ParameterReport;
  extras: Extras | null;
  optionError: ModelFailure | null;
}

export interface ModelFailure {
  ok: false;
  /** Config field path (e.g. "nLayers", "moe.expertsPerToken") or option key (e.g. "batch"). */
  field: string;
  message: string;
  code: string;
}

// Library argument names → the calculator option that feeds them.
const ARGUMENT_TO_OPTION: Record<string, keyof CalcOptions> = {
  batch: "batch",
  contextLength: "context",
  tokens: "tokens",
  peakFlopsPerDevice: "peak",
  devices: "devices",
  mfu: "mfu",
  dataParallel: "dataParallel",
  tensorParallel: "tensorParallel",
  pipelineParallel: "pipelineParallel",
  flops: "tokens",
  parameters: "tokens",
};

function failure(e: unknown): ModelFailure {
  if (e instanceof GptParamsError) {
    const field =
      "field" in e && typeof e.field === "string"
        ? e.field
        : "argument" in e && typeof e.argument === "string"
          ? (ARGUMENT_TO_OPTION[e.argument] ?? e.argument)
          : "";
    return { ok: false, field, message: e.message, code: e.code };
  }
  // Not a library error: still shown on the page rather than thrown, so the page never breaks.
  return { ok: false, field: "", message: e instanceof Error ? e.message : String(e), code: "UNEXPECTED" };
}

function integerOption(text: string, fallback: number): number {
  const v = parseAmount(text);
  return v === undefined ? fallback : v;
}

/**
 * Everything shown for one model. `publishedTokens` is the preset's published training-token count, passed
 * only while the model is the unmodified preset (a changed model is no longer the run that was published).
 */
export function computeModel(
  form: Form,
  name: string,
  options: CalcOptions,
  publishedTokens?: number,
): ModelResult | ModelFailure {
  let report: ParameterReport;
  try {
    report = countParameters(inputFromForm(form, name));
  } catch (e) {
    return failure(e);
  }
  try {
    return { ok: true, report, extras: computeExtras(report, options, publishedTokens), optionError: null };
  } catch (e) {
    return { ok: true, report, extras: null, optionError: failure(e) };
  }
}

function computeExtras(report: ParameterReport, options: CalcOptions, publishedTokens?: number): Extras {
  const config = report.config;
  const context = integerOption(options.context, config.contextLength);
  const batch = integerOption(options.batch, 1);
  const n = report.active;
  const given = parseAmount(options.tokens);
  const tokensSource =
    given !== undefined ? "given" : publishedTokens !== undefined ? "published" : "chinchilla";
  const tokens = given ?? publishedTokens ?? 20 * n;
  const fl = flops(config, {
    contextLength: context,
    tokens,
    peakFlopsPerDevice: parseAmount(options.peak) ?? 989e12,
    devices: integerOption(options.devices, 1),
    mfu: integerOption(options.mfu, 0.4),
  });
  const memory = inferenceMemory(config, {
    batch,
    contextLength: context,
    dtype: options.kvDtype,
    weightDtype: options.weightDtype,
  });
  const zeroStage = Number(options.zeroStage) as 0 | 1 | 2 | 3;
  const training = trainingMemory(report.total, {
    zeroStage,
    dataParallel: integerOption(options.dataParallel, 1),
    tensorParallel: integerOption(options.tensorParallel, 1),
    pipelineParallel: integerOption(options.pipelineParallel, 1),
  });
  const compute = trainingCompute(n, tokens);
  const optimal = computeOptimal(compute, { fit: options.fit });
  return {
    n,
    tokens,
    tokensGiven: given !== undefined,
    tokensSource,
    flops: fl,
    memory,
    training,
    trainingCompute: compute,
    optimal,
  };
}
