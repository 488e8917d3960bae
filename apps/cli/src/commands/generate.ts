// `paramlens generate DIR`: loads a Hugging Face model folder (config.json, safetensors, tokenizer.json)
// with nn's loadPretrained and continues a prompt, greedy by default or sampled (--temperature, --top-k,
// --seed), streaming the new text to stdout as it comes and the speed to stderr; --json prints the ids,
// the text and each step's top-k alternatives instead. Decoding runs one token per step against a KV
// cache (generate/generation-loop.ts); it stops at the end token, --max-new-tokens or a full context.
import { resolve } from "node:path";
import { loadPretrained } from "@paramlens/nn/node";
import { initBackend } from "@paramlens/tensor";
import { initNodeThreads } from "@paramlens/tensor/node";
import { outputArgs } from "../args/fragments";
import { parsePositiveInteger } from "../args/numbers";
import { defineCliCommand } from "../command";
import { InvalidValueError, UsageError } from "../errors";
import { readGenerateOptions } from "../generate/generate-options";
import { buildGenerateReport, createTokenPrinter, speedLine } from "../generate/generate-report";
import { runGeneration } from "../generate/generation-loop";
import { gptStepper } from "../generate/gpt-stepper";
import { makeWeightsResident } from "../generate/resident-weights";
import { stopIds } from "../generate/stop-ids";

/** As `train --threads`: beyond this a thread buys nothing and costs a wasm instance. */
const MAX_THREADS = 64;

export const generateCommand = defineCliCommand({
  name: "generate",
  description: "Continue a prompt with a Hugging Face model folder (streams text; --json: ids and top-k)",
  args: {
    dir: {
      type: "positional",
      required: false,
      description: "A model folder: config.json, model.safetensors (or shards + index), tokenizer.json",
    },
    prompt: { type: "string", valueHint: "text", description: "The prompt text (needs tokenizer.json)" },
    ids: { type: "string", valueHint: "list", description: "The prompt as token ids, comma-separated" },
    "max-new-tokens": {
      type: "string",
      valueHint: "n",
      description: "Tokens to generate at most (default 32)",
    },
    greedy: { type: "boolean", description: "Always take the most likely token (the default)" },
    temperature: {
      type: "string",
      valueHint: "t",
      description: "Sample from softmax(logits / t) (0: greedy)",
    },
    "top-k": { type: "string", valueHint: "k", description: "Sample only among the k most likely tokens" },
    seed: {
      type: "string",
      valueHint: "n",
      description: "Seed for sampling (default 0: same tokens each run)",
    },
    top: { type: "string", valueHint: "n", description: "--json: alternatives listed per step (default 5)" },
    "ignore-eos": { type: "boolean", description: "Keep going after the end-of-sequence token" },
    threads: {
      type: "string",
      valueHint: "n",
      description: "Threads for the large matmuls (wasm backend; default 1). Same tokens whatever n",
    },
    ...outputArgs,
  },
  examples: [
    'paramlens generate ./gpt2 --prompt "The meaning of life is"',
    'paramlens generate ./Qwen2.5-0.5B --prompt "def fib(n):" --max-new-tokens 64 --temperature 0.7 --top-k 40 --seed 1',
    "paramlens generate ./pythia-70m --ids 510,4495,273 --max-new-tokens 8 --json",
  ],
  async run(args, ctx) {
    const [dir, ...extra] = args._;
    if (dir === undefined)
      throw new UsageError("give a model folder (config.json + safetensors)", "generate");
    if (extra.length > 0)
      throw new UsageError(`generate takes one folder, got ${args._.length} arguments`, "generate");
    const options = readGenerateOptions(args);
    const threads = args.threads === undefined ? 1 : parsePositiveInteger("threads", args.threads);
    if (threads > MAX_THREADS)
      throw new InvalidValueError(`--threads: ${threads} is more than ${MAX_THREADS}`);
    const backend = await initBackend(); // wasm SIMD where the runtime has it, else the JS kernels
    if (threads > 1) {
      if (backend !== "wasm") {
        throw new InvalidValueError(
          `--threads ${threads}: threads need the wasm backend, and this runtime has no WebAssembly SIMD`,
        );
      }
      await initNodeThreads(threads);
    }
    const loaded = await loadPretrained(resolve(ctx.cwd, dir));
    // the wasm kernels then read the weights in place instead of copying them in for every token
    if (backend === "wasm") makeWeightsResident(loaded.model);
    const tokenizer = loaded.tokenizer ?? null;
    const vocabSize = loaded.config.vocabSize;
    const contextLength = loaded.config.contextLength;

    let promptIds: number[];
    if (options.prompt.kind === "text") {
      if (!tokenizer) {
        throw new InvalidValueError(`${dir} has no tokenizer.json: give the prompt as token ids with --ids`);
      }
      promptIds = tokenizer.encode(options.prompt.text);
      if (promptIds.length === 0) throw new InvalidValueError("--prompt: the prompt encodes to no tokens");
    } else {
      promptIds = options.prompt.ids;
    }
    const bad = promptIds.find((id) => id >= vocabSize);
    if (bad !== undefined) {
      throw new InvalidValueError(
        options.prompt.kind === "ids"
          ? `--ids: ${bad} is not a token id of this model (vocabulary size ${vocabSize})`
          : `the tokenizer gave id ${bad}, outside the model's vocabulary (size ${vocabSize}): tokenizer.json does not match config.json`,
      );
    }
    if (promptIds.length >= contextLength) {
      throw new InvalidValueError(
        `the prompt is ${promptIds.length} tokens and the model's context is ${contextLength}: no room to generate`,
      );
    }

    const stop =
      args["ignore-eos"] === true
        ? new Set<number>()
        : stopIds(
            [loaded.generationConfig?.eos_token_id, loaded.hfConfig.eos_token_id],
            tokenizer?.eosTokenId ?? null,
            vocabSize,
          );
    const json = args.json === true;
    const printer = json ? null : createTokenPrinter((t) => ctx.io.stdout.write(t), tokenizer);
    const settings = {
      maxNewTokens: options.maxNewTokens,
      temperature: options.temperature,
      seed: options.seed,
      reportTopK: json ? options.reportTopK : 0,
      stopIds: stop,
      ...(options.topK === undefined ? {} : { topK: options.topK }),
    };
    const result = runGeneration(gptStepper(loaded.model), promptIds, settings, (id) => printer?.push(id));
    printer?.end();
    if (json)
      ctx.out(JSON.stringify(buildGenerateReport(dir, options, promptIds, result, tokenizer), null, 2));
    ctx.log(speedLine(promptIds.length, result));
  },
});
