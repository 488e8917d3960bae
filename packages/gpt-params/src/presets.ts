// Configs of well-known GPT-style models, each with its source, its published parameter count and notes on
// any guess we had to make. It holds data only; counting is count.ts's job, and the tests check each
// preset's count against its published figure.
import { type GPTConfig, type GPTConfigInput, validateConfig } from "./config";
import { TRAINING_TOKENS, type TrainingTokens } from "./training-tokens";

/** A parameter count as published, with how precisely it was published. */
export interface PublishedCount {
  /** The figure as a number (e.g. 6738415616, or 175e9 for "175B"). */
  count: number;
  /** The figure as printed (e.g. "175B", "6,738,415,616"). */
  label: string;
  /** True when the published figure is exact to the parameter. */
  exact: boolean;
  /** Largest relative difference between our exact count and `count` that the published rounding allows. */
  tolerance: number;
  /** Where the figure comes from. */
  source: string;
}

/** A named model: config, provenance and published count. */
export interface Preset {
  id: string;
  /** Human-readable model name. */
  name: string;
  config: GPTConfig;
  /** Where the architecture comes from (paper table, model card, config.json). */
  source: string;
  published: PublishedCount;
  /** Published active-per-token count, for MoE models. */
  publishedActive?: PublishedCount;
  /** How ambiguities were resolved and what is assumed. */
  notes: string[];
  /** True for figures that are public estimates, not confirmed by the model's authors. */
  estimate: boolean;
  /** Pre-training tokens as published (training-tokens.ts); absent when the authors published none. */
  trainingTokens?: TrainingTokens;
}

function exact(count: number, source: string): PublishedCount {
  return { count, label: count.toLocaleString("en-US"), exact: true, tolerance: 0, source };
}

function rounded(label: string, count: number, tolerance: number, source: string): PublishedCount {
  return { count, label, exact: false, tolerance, source };
}

function preset(
  id: string,
  name: string,
  input: GPTConfigInput,
  source: string,
  published: PublishedCount,
  notes: string[] = [],
  extra: { publishedActive?: PublishedCount; estimate?: boolean } = {},
): Preset {
  const config = validateConfig({ name, ...input });
  const p: Preset = { id, name, config, source, published, notes, estimate: extra.estimate ?? false };
  if (extra.publishedActive) p.publishedActive = extra.publishedActive;
  const tokens = TRAINING_TOKENS[id];
  if (tokens) p.trainingTokens = tokens;
  return p;
}

/** The dimensions that tell the sizes of one family apart. */
type Dims = Pick<GPTConfigInput, "dModel" | "nLayers" | "nHeads" | "headDim">;

// GPT-2 family: Radford et al. 2019, "Language Models are Unsupervised Multitask Learners", Table 2,
// with V = 50257 and n_ctx = 1024 (§2.3). Exact counts: the Hugging Face checkpoints openai-community/gpt2,
// gpt2-medium, gpt2-large, gpt2-xl (sum of parameter numel, as nanoGPT's transformer_sizing checks).
const GPT2_SOURCE = "Radford et al. 2019, Table 2; Hugging Face openai-community/gpt2* config.json";
const GPT2: GPTConfigInput = { vocabSize: 50257, contextLength: 1024, mlp: "gelu", norm: "layernorm" };

/** One GPT-2 size: Table 2's width, depth and heads, counted exactly on its released checkpoint. */
function gpt2Preset(
  id: string,
  name: string,
  dims: Dims,
  count: number,
  notes: string[],
  countSource = `Hugging Face openai-community/${id} checkpoint`,
): Preset {
  return preset(id, name, { ...GPT2, ...dims }, GPT2_SOURCE, exact(count, countSource), notes);
}

// GPT-3: Brown et al. 2020, "Language Models are Few-Shot Learners", Table 2.1 (n_params, n_layers,
// d_model, n_heads, d_head), n_ctx = 2048 for all sizes, d_ff = 4·d_model, and "the same model and
// architecture as GPT-2" (§2.1), so GPT-2's biases, learned positions and tied embeddings.
const GPT3_SOURCE = "Brown et al. 2020, Table 2.1 and §2.1";
const GPT3: GPTConfigInput = { vocabSize: 50257, contextLength: 2048 };
// Table 2.1 prints two or three significant figures: each row's tolerance is half a unit in the last
// printed digit, relative to the printed value ("125M" → ±0.5M). Medium is the exception, see its note.
const half = (unit: number, printed: number) => unit / 2 / printed;
/** A Table 2.1 n_params figure, printed as `label` with its last digit worth `unit`. */
const table21 = (label: string, count: number, unit: number) =>
  rounded(label, count, half(unit, count), GPT3_SOURCE);

/** One GPT-3 size, named as Table 2.1 names it ("GPT-3 XL"); its id is that name in lower case. */
function gpt3Preset(size: string, dims: Dims, published: PublishedCount, notes: string[] = []): Preset {
  return preset(
    `gpt3-${size.toLowerCase()}`,
    `GPT-3 ${size}`,
    { ...GPT3, ...dims },
    GPT3_SOURCE,
    published,
    notes,
  );
}

// Llama-style blocks: RMSNorm, SwiGLU, rotary, no biases, untied head (Touvron et al. 2023, §2.2).
const LLAMA: GPTConfigInput = {
  mlp: "swiglu",
  norm: "rmsnorm",
  position: "rotary",
  bias: { qkv: false, attnOut: false, mlp: false, lmHead: false },
  tiedEmbeddings: false,
};
// Llama 2's vocabulary and context: Touvron et al. 2023, "Llama 2", Table 1 and §2.2; Hugging Face
// meta-llama/Llama-2-*-hf config.json (vocab_size 32000, max_position_embeddings 4096).
const LLAMA2: GPTConfigInput = { ...LLAMA, vocabSize: 32000, contextLength: 4096 };
// Jiang et al. 2023, "Mistral 7B", Table 1; Hugging Face mistralai/Mistral-7B-v0.1 config.json. Mixtral
// 8x7B has the same dimensions (Jiang et al. 2024, "Mixtral of Experts", Table 1).
const MISTRAL_7B: GPTConfigInput = {
  ...LLAMA,
  vocabSize: 32000,
  contextLength: 32768,
  dModel: 4096,
  nLayers: 32,
  nHeads: 32,
  nKVHeads: 8,
  dFF: 14336,
};

/** A Llama-style model, counted exactly as the sum of parameters of the Hugging Face checkpoint `repo`. */
function llamaPreset(
  model: { id: string; name: string; repo: string; count: number },
  config: GPTConfigInput,
  source: string,
  notes: string[] = [],
  extra: { publishedActive?: PublishedCount } = {},
): Preset {
  const published = exact(model.count, `Hugging Face ${model.repo} checkpoint (sum of parameters)`);
  return preset(model.id, model.name, { ...LLAMA, ...config }, source, published, notes, extra);
}

/** Every preset, keyed by short id. */
export const presets: Readonly<Record<string, Preset>> = Object.freeze(
  Object.fromEntries(
    [
      // Radford et al. 2018, "Improving Language Understanding by Generative Pre-Training", §4.1: 12 layers,
      // 768 wide, 12 heads, 3072 FFN, 512 positions; V = 40478 (40,000 BPE merges + base symbols; HF
      // openai-community/openai-gpt config.json). Post-LN blocks, so there is no final norm.
      preset(
        "gpt1",
        "GPT-1",
        { vocabSize: 40478, contextLength: 512, finalNorm: false },
        "Radford et al. 2018, §4.1; Hugging Face openai-community/openai-gpt config.json",
        exact(116534784, "Hugging Face openai-community/openai-gpt checkpoint (sum of parameters)"),
        ['"117M" is this count rounded; GPT-1 uses post-LN blocks and has no final LayerNorm.'],
      ),
      gpt2Preset(
        "gpt2",
        "GPT-2 small",
        { dModel: 768, nLayers: 12, nHeads: 12 },
        124439808,
        ['The paper printed "117M"; the released checkpoint has 124,439,808 parameters.'],
        "Hugging Face openai-community/gpt2 checkpoint; nanoGPT transformer_sizing",
      ),
      gpt2Preset("gpt2-medium", "GPT-2 medium", { dModel: 1024, nLayers: 24, nHeads: 16 }, 354823168, [
        'The paper printed "345M".',
      ]),
      gpt2Preset("gpt2-large", "GPT-2 large", { dModel: 1280, nLayers: 36, nHeads: 20 }, 774030080, [
        'The paper printed "762M".',
      ]),
      gpt2Preset("gpt2-xl", "GPT-2 XL", { dModel: 1600, nLayers: 48, nHeads: 25 }, 1557611200, [
        'The paper printed "1542M".',
      ]),
      gpt3Preset("Small", { dModel: 768, nLayers: 12, nHeads: 12 }, table21("125M", 125e6, 1e6)),
      gpt3Preset(
        "Medium",
        { dModel: 1024, nLayers: 24, nHeads: 16 },
        rounded("350M", 350e6, 0.02, GPT3_SOURCE),
        [
          'The exact count under the paper\'s architecture is 355.9M, which "350M" does not round to at two significant figures (it would be 360M); we allow 2% for this row.',
        ],
      ),
      gpt3Preset("Large", { dModel: 1536, nLayers: 24, nHeads: 16 }, table21("760M", 760e6, 10e6)),
      gpt3Preset(
        "XL",
        { dModel: 2048, nLayers: 24, nHeads: 16, headDim: 128 },
        table21("1.3B", 1.3e9, 0.1e9),
        [
          "Table 2.1 prints n_heads 24 and d_head 128, but 24 × 128 = 3072 ≠ d_model 2048. We keep d_model 2048 " +
            "(the attention width every other row has) and use 16 heads of 128; the count depends only on " +
            "n_heads × d_head = 2048, not on how it is split.",
        ],
      ),
      gpt3Preset("2.7B", { dModel: 2560, nLayers: 32, nHeads: 32 }, table21("2.7B", 2.7e9, 0.1e9)),
      gpt3Preset("6.7B", { dModel: 4096, nLayers: 32, nHeads: 32 }, table21("6.7B", 6.7e9, 0.1e9)),
      gpt3Preset("13B", { dModel: 5120, nLayers: 40, nHeads: 40 }, table21("13B", 13e9, 1e9), [
        "Table 2.1 prints d_model 5140, but 40 heads × d_head 128 = 5120 and 5140 is not divisible by 40. " +
          'We use 5120 (the count with 5140 would be 12.95B, also "13B").',
      ]),
      gpt3Preset("175B", { dModel: 12288, nLayers: 96, nHeads: 96 }, table21("175B", 175e9, 1e9), [
        "The exact count under the paper's architecture is 174.6B.",
      ]),
      // Wang & Komatsuzaki 2021, Mesh Transformer JAX; Hugging Face EleutherAI/gpt-j-6b model card
      // (28 layers, d 4096, d_ff 16384, 16 heads of 256, n_ctx 2048, embedding 50400 rows, rotary on 64
      // dims) and modeling_gptj.py (one LayerNorm per block feeding attention and MLP in parallel; q/k/v/out
      // without bias; fc_in/fc_out with bias; lm_head an nn.Linear with bias; untied).
      preset(
        "gptj-6b",
        "GPT-J-6B",
        {
          vocabSize: 50400,
          contextLength: 2048,
          dModel: 4096,
          nLayers: 28,
          nHeads: 16,
          dFF: 16384,
          position: "rotary",
          normsPerLayer: 1,
          bias: { qkv: false, attnOut: false, mlp: true, lmHead: true },
          tiedEmbeddings: false,
        },
        "Hugging Face EleutherAI/gpt-j-6b model card and config.json; transformers modeling_gptj.py",
        exact(6050882784, "Hugging Face EleutherAI/gpt-j-6b checkpoint (sum of parameters)"),
        [
          "The model card's table prints n_parameters 6,053,381,344; the checkpoint's parameters sum to " +
            "6,050,882,784, which is what the architecture gives.",
          "The embedding has 50400 rows although the GPT-2 tokenizer uses 50257.",
        ],
      ),
      // Touvron et al. 2023, "Llama 2", Table 1 and §2.2; Hugging Face meta-llama/Llama-2-*-hf config.json.
      llamaPreset(
        { id: "llama2-7b", name: "Llama-2-7B", repo: "meta-llama/Llama-2-7b-hf", count: 6738415616 },
        { ...LLAMA2, dModel: 4096, nLayers: 32, nHeads: 32, dFF: 11008 },
        "Touvron et al. 2023 (Llama 2); Hugging Face meta-llama/Llama-2-7b-hf config.json",
      ),
      llamaPreset(
        { id: "llama2-13b", name: "Llama-2-13B", repo: "meta-llama/Llama-2-13b-hf", count: 13015864320 },
        { ...LLAMA2, dModel: 5120, nLayers: 40, nHeads: 40, dFF: 13824 },
        "Touvron et al. 2023 (Llama 2); Hugging Face meta-llama/Llama-2-13b-hf config.json",
      ),
      llamaPreset(
        { id: "llama2-70b", name: "Llama-2-70B", repo: "meta-llama/Llama-2-70b-hf", count: 68976648192 },
        { ...LLAMA2, dModel: 8192, nLayers: 80, nHeads: 64, nKVHeads: 8, dFF: 28672 },
        "Touvron et al. 2023 (Llama 2, GQA with 8 KV heads for 70B); Hugging Face meta-llama/Llama-2-70b-hf config.json",
      ),
      llamaPreset(
        { id: "llama3-8b", name: "Llama-3-8B", repo: "meta-llama/Meta-Llama-3-8B", count: 8030261248 },
        {
          vocabSize: 128256,
          contextLength: 8192,
          dModel: 4096,
          nLayers: 32,
          nHeads: 32,
          nKVHeads: 8,
          dFF: 14336,
        },
        "Hugging Face meta-llama/Meta-Llama-3-8B config.json and model card",
      ),
      llamaPreset(
        { id: "mistral-7b", name: "Mistral-7B-v0.1", repo: "mistralai/Mistral-7B-v0.1", count: 7241732096 },
        MISTRAL_7B,
        "Jiang et al. 2023 (Mistral 7B), Table 1; Hugging Face mistralai/Mistral-7B-v0.1 config.json",
        ["Sliding-window attention (window 4096) changes memory and FLOPs, not the parameter count."],
      ),
      // Jiang et al. 2024, "Mixtral of Experts", Table 1 (8 experts, top-2); Hugging Face
      // mistralai/Mixtral-8x7B-v0.1 config.json (router `gate` without bias).
      llamaPreset(
        {
          id: "mixtral-8x7b",
          name: "Mixtral-8x7B-v0.1",
          repo: "mistralai/Mixtral-8x7B-v0.1",
          count: 46702792704,
        },
        { ...MISTRAL_7B, moe: { nExperts: 8, expertsPerToken: 2, routerBias: false } },
        "Jiang et al. 2024 (Mixtral of Experts); Hugging Face mistralai/Mixtral-8x7B-v0.1 config.json",
        ["Only the MLPs are replicated 8×, so the total is 46.7B, not 8 × 7B = 56B."],
        {
          publishedActive: rounded(
            "12.9B",
            12.9e9,
            0.005,
            "Mistral AI, 'Mixtral of experts' announcement (2023-12-11): 12.9B parameters used per token",
          ),
        },
      ),
      // Qwen/Qwen3-8B config.json: 36 layers, 32 query and 8 KV heads of width 128, per-head q/k RMSNorm.
      preset(
        "qwen3-8b",
        "Qwen3-8B",
        {
          vocabSize: 151936,
          contextLength: 40960,
          dModel: 4096,
          nLayers: 36,
          nHeads: 32,
          nKVHeads: 8,
          headDim: 128,
          dFF: 12288,
          mlp: "swiglu",
          norm: "rmsnorm",
          position: "rotary",
          qkNorm: "head",
          bias: { qkv: false, attnOut: false, mlp: false, lmHead: false },
          tiedEmbeddings: false,
        },
        "Qwen Team 2025 (Qwen3 Technical Report); Hugging Face Qwen/Qwen3-8B config.json",
        rounded("8.2B", 8.2e9, 0.0062, "Qwen/Qwen3-8B model card: 8.2B parameters, 6.95B non-embedding"),
      ),
      // deepseek-ai/DeepSeek-V3 config.json: MLA (q_lora_rank 1536, kv_lora_rank 512, 128 + 64 query/key and
      // 128 value width per head), 3 dense layers then 58 MoE layers of 256 routed experts (8 per token) and
      // one shared expert, router with e_score_correction_bias (noaux_tc), one MTP module (counted apart).
      preset(
        "deepseek-v3",
        "DeepSeek-V3",
        {
          vocabSize: 129280,
          contextLength: 163840,
          dModel: 7168,
          nLayers: 61,
          nHeads: 128,
          headDim: 192,
          dFF: 18432,
          mlp: "swiglu",
          norm: "rmsnorm",
          position: "rotary",
          mla: { qLoraRank: 1536, kvLoraRank: 512, qkNopeHeadDim: 128, qkRopeHeadDim: 64, vHeadDim: 128 },
          mtpModules: 1,
          bias: { qkv: false, attnOut: false, mlp: false, lmHead: false },
          tiedEmbeddings: false,
          moe: {
            nExperts: 256,
            expertsPerToken: 8,
            expertDFF: 2048,
            nSharedExperts: 1,
            sharedExpertDFF: 2048,
            layers: Array.from({ length: 58 }, (_, i) => i + 3),
            routerBias: true,
          },
        },
        "Liu et al. 2024 (DeepSeek-V3 Technical Report); Hugging Face deepseek-ai/DeepSeek-V3 config.json",
        rounded("671B", 671e9, 0.0008, "DeepSeek-V3 Technical Report, abstract: 671B total parameters"),
        [
          "The multi-token-prediction module (one more MoE block plus a 2d → d projection) is reported apart, as the report does (its embedding and output head are shared).",
          "DeepSeek's 37B 'activated' leaves out the input embedding (a lookup); this count of active parameters includes it (37.6B).",
        ],
        {
          publishedActive: rounded(
            "37B",
            37e9,
            0.02,
            "DeepSeek-V3 Technical Report, abstract: 37B activated for each token",
          ),
        },
      ),
      // Not confirmed by OpenAI. Public reports (SemiAnalysis, July 2023, as widely summarised): ~1.8T
      // parameters over 120 layers; 16 experts of ~111B each, 2 routed per token; ~55B shared attention
      // parameters; ~280B used per token; 8k pre-training context. Others quote 1.76T (8 × 220B).
      preset(
        "gpt4-estimate",
        "GPT-4 (unconfirmed public estimate)",
        {
          vocabSize: 100256,
          contextLength: 8192,
          dModel: 10752,
          nLayers: 120,
          nHeads: 84,
          dFF: 4 * 10752,
          position: "learned",
          moe: { nExperts: 16, expertsPerToken: 2 },
        },
        "Unconfirmed public reports (SemiAnalysis, July 2023); OpenAI has published no architecture",
        rounded("~1.76T", 1.76e12, 0.05, "Public estimates of 1.76T–1.8T; unconfirmed by OpenAI"),
        [
          "ESTIMATE, NOT A PUBLISHED ARCHITECTURE. Only the reported totals are used; every dimension is chosen to match them.",
          "Assumed: GPT-3-style dense attention and GELU experts (d_ff = 4·d), 120 layers, 16 experts with 2 per token, all layers MoE.",
          "d_model 10752 (84 heads × 128) makes attention ≈ 55.5B (reported ~55B) and one expert ≈ 111B over 120 layers (reported ~111B).",
          "Vocabulary: cl100k_base's 100,256 tokens (tiktoken); context 8192 (reported pre-training length).",
          "Totals come out near 1.83T total and 278B active; the quoted 1.76T is 16 × 110B, so 5% tolerance covers both.",
        ],
        {
          estimate: true,
          publishedActive: rounded(
            "~280B",
            280e9,
            0.05,
            "Public estimates (SemiAnalysis, July 2023); unconfirmed",
          ),
        },
      ),
    ].map((p) => [p.id, p]),
  ),
);

/** All preset ids, in the order above. */
export const presetIds: readonly string[] = Object.keys(presets);
