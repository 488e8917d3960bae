// The data of `paramlens fit`: for a resolved model and a device, either a serving estimate (memory per
// device, largest batch and context, prefill and decode speed) or a training / fine-tuning plan (memory per
// device, devices needed, throughput, time and cost), each with the one-line answer, the assumptions and
// the formulas. Numbers come from @paramlens/gpt-params; this file only chooses and words them.
import {
  countParameters,
  devicesNeeded,
  fineTuneMemory,
  formatBytes,
  formatCount,
  getDevice,
  inferenceEstimate,
  type LoraTarget,
  type OptimizerKind,
  trainingEstimate,
  type WeightQuant,
} from "@paramlens/gpt-params";
import { InvalidValueError } from "../errors";
import type { ResolvedModel } from "../params/resolve-model";
import { quantLabel } from "./parse-quant";

/** What the user asked `fit` for. */
export interface FitOptions {
  gpu: string;
  gpus?: number;
  quant?: WeightQuant;
  kvCache?: string;
  batch?: number;
  context?: number;
  prompt?: number;
  train?: {
    tp?: number;
    pp?: number;
    dp?: number;
    zero?: 0 | 1 | 2 | 3;
    recompute?: "none" | "selective" | "full";
    optimizer?: OptimizerKind;
    tokens?: number;
    mfu?: number;
    price?: number;
    lora?: { rank: number; targets: LoraTarget[]; qlora: boolean };
  };
}

const gib = (b: number) => formatBytes(b, { binary: true, digits: 3 });
const ctxLabel = (n: number) => (n % 1024 === 0 ? `${n / 1024}k` : String(n));

/** The serving answer. */
export function serveReport(model: ResolvedModel, o: FitOptions) {
  const device = getDevice(o.gpu);
  const quant = o.quant ?? { kind: "dense", dtype: "bf16" };
  const context = o.context ?? model.config.contextLength;
  const e = inferenceEstimate(model.config, {
    device,
    devices: o.gpus ?? 1,
    weights: quant,
    kvCache: o.kvCache ?? "f16",
    batch: o.batch ?? 1,
    contextLength: context,
    promptTokens: o.prompt ?? context,
  });
  const where = `${e.devices} × ${gib(device.memoryBytes)} (${device.name})`;
  const parts = `${gib(e.memory.weights)} weights + ${gib(e.memory.kvCache)} KV + ${gib(e.memory.overhead * e.devices)} runtime`;
  const speed = `~${Math.round(e.decode.tokensPerSecond)} tok/s decode, ${e.decode.bound}-bound; prefill of ${ctxLabel(o.prompt ?? context)} tokens ~${e.prefill.seconds < 1 ? `${Math.round(e.prefill.seconds * 1000)} ms` : `${e.prefill.seconds.toFixed(1)} s`}`;
  const summary = e.memory.fits
    ? `fits on ${where} at ${quantLabel(quant)} with ${ctxLabel(context)} context: ${parts}; ${speed}`
    : `does not fit on ${where} at ${quantLabel(quant)} with ${ctxLabel(context)} context: needs ${gib(e.memory.perDevice)} per device (${parts})`;
  return {
    mode: "serve" as const,
    model: { id: model.id, name: model.name, parameters: countParameters(model.config).total },
    device: { id: device.id, name: device.name, memoryBytes: device.memoryBytes, source: device.source },
    devices: e.devices,
    quant: quantLabel(quant),
    kvCache: o.kvCache ?? "f16",
    batch: o.batch ?? 1,
    context,
    summary,
    fits: e.memory.fits,
    memory: e.memory,
    maxBatch: e.maxBatch,
    maxContext: e.maxContext,
    prefill: e.prefill,
    decode: e.decode,
    assumptions: e.assumptions,
    formulas: e.formulas,
  };
}

/** The training or fine-tuning answer. */
export function trainReport(model: ResolvedModel, o: FitOptions) {
  const device = getDevice(o.gpu);
  const t = o.train ?? {};
  const seq = o.context ?? model.config.contextLength;
  if (t.lora) {
    const m = fineTuneMemory(model.config, {
      method: t.lora.qlora ? "qlora" : "lora",
      rank: t.lora.rank,
      targets: t.lora.targets,
      sequenceLength: seq,
      microBatch: o.batch ?? 1,
      recompute: t.recompute ?? "full",
      ...(t.optimizer ? { optimizer: t.optimizer } : {}),
    });
    const fits = m.bytes.total <= device.memoryBytes;
    const method = t.lora.qlora ? "QLoRA" : "LoRA";
    const summary = `${method} r=${t.lora.rank} on ${t.lora.targets.join(",")}: ${formatCount(m.trainableParameters, { style: "exact" })} trainable of ${formatCount(m.totalParameters, { style: "exact" })}; ${gib(m.bytes.total)} on one ${device.name} (${gib(device.memoryBytes)}): ${fits ? "fits" : "does not fit"}`;
    return { mode: "finetune" as const, method, device: device.id, summary, fits, ...m };
  }
  const base = {
    device,
    ...(t.tp === undefined ? {} : { tensorParallel: t.tp }),
    ...(t.pp === undefined ? {} : { pipelineParallel: t.pp }),
    zeroStage: t.zero ?? 3,
    recompute: t.recompute ?? "none",
    optimizer: t.optimizer ?? "adamw",
    microBatch: o.batch ?? 1,
    sequenceLength: seq,
    ...(t.tokens === undefined ? {} : { tokens: t.tokens }),
    ...(t.mfu === undefined ? {} : { mfu: t.mfu }),
    ...(t.price === undefined ? {} : { pricePerDeviceHour: t.price }),
  } as const;
  const e =
    t.dp !== undefined
      ? trainingEstimate(model.config, { ...base, dataParallel: t.dp })
      : devicesNeeded(model.config, base);
  if (e === undefined) {
    throw new InvalidValueError(
      `${model.name} does not fit on up to 4,096 × ${device.name} with these settings; try --recompute full or a smaller --context`,
    );
  }
  const time =
    e.days === undefined
      ? ""
      : `; ${formatCount(t.tokens ?? 0)} tokens in ${e.days < 1 ? `${(e.days * 24).toFixed(1)} h` : `${e.days.toFixed(1)} days`}${e.cost === undefined ? "" : ` (~$${Math.round(e.cost).toLocaleString("en-US")})`}`;
  const summary = `${e.fits ? "fits" : "does not fit"} on ${e.devices} × ${device.name}: ${gib(e.perDevice.total)} per device of ${gib(device.memoryBytes)} (weights ${gib(e.perDevice.weights)}, gradients ${gib(e.perDevice.gradients)}, optimizer ${gib(e.perDevice.optimizer)}, activations ${gib(e.perDevice.activations)}); ~${formatCount(e.tokensPerSecond)} tokens/s${time}`;
  return { mode: "train" as const, device: device.id, summary, ...e };
}

/** Either report. */
export function fitReport(model: ResolvedModel, o: FitOptions) {
  return o.train ? trainReport(model, o) : serveReport(model, o);
}
