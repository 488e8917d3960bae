// The logit lens (nostalgebraist 2020, "interpreting GPT: the logit lens"): decode the residual stream
// after every block with the model's own final norm and unembedding, to see at which depth the next-token
// prediction forms. Works on @paramlens/nn's GPT layout (wte … h.{i} … optional ln_f, lm_head) or any
// module with the same names. Row 0 is the embeddings (the input of h.0), row i the output of block i − 1,
// so the last row equals the model's own logits.
import type { AnyModule } from "@paramlens/nn";
import { formatShape, noGrad, type Tensor } from "@paramlens/tensor";
import { AttributionError } from "./errors";
import { withHooks } from "./layer";
import { checkOptions, type OptionKeys } from "./options";

export interface LogitLensOptions {
  /** Position along the sequence to decode; negative counts from the end. Default −1 (the last token). */
  position?: number;
  /** Tokens to list per layer; default 5. */
  topK?: number;
  /** Also report this token's probability at every layer. */
  token?: number;
}

export interface LogitLensLayer {
  /** "embeddings" or "h.{i}" */
  layer: string;
  /** [B][topK] most likely tokens and their probabilities after softmax */
  top: { token: number; prob: number }[][];
  /** [B] probability of options.token */
  tokenProb?: number[];
  /** [B, V] the decoded logits at the position */
  logits: Tensor;
}

const LOGIT_LENS_KEYS: OptionKeys<LogitLensOptions> = { position: true, topK: true, token: true };

export function logitLens(gpt: AnyModule, ids: Tensor, options: LogitLensOptions = {}): LogitLensLayer[] {
  const op = "logitLens";
  checkOptions(op, options, LOGIT_LENS_KEYS);
  const get = (name: string): AnyModule | null => {
    try {
      return gpt.getSubmodule(name);
    } catch {
      return null;
    }
  };
  const blocks = get("h");
  const head = get("lm_head");
  if (blocks === null || head === null || typeof gpt.getSubmodule !== "function") {
    throw new AttributionError(
      "BAD_OPTION",
      op,
      "the model needs GPT's layout: blocks under h.{i} and an lm_head",
    );
  }
  const lnF = get("ln_f");
  const n = blocks.children().length;
  if (ids.ndim !== 2)
    throw new AttributionError("BAD_INPUT", op, `ids must be [B, T], got ${formatShape(ids.shape)}`);
  const t = ids.shape[1]!;
  const pos = options.position ?? -1;
  const p = pos < 0 ? t + pos : pos;
  if (!Number.isInteger(p) || p < 0 || p >= t)
    throw new AttributionError("BAD_OPTION", op, `position ${pos} is outside a sequence of ${t}`);
  const topK = options.topK ?? 5;
  const streams: Tensor[] = [];
  const handles = [
    blocks.getSubmodule("0").registerForwardPreHook((_m, inputs) => {
      streams[0] = (inputs as unknown[])[0] as Tensor;
      return undefined;
    }),
    ...blocks.children().map((b, i) =>
      b.registerForwardHook((_m, _in, out) => {
        streams[i + 1] = out as Tensor;
        return undefined;
      }),
    ),
  ];
  withHooks(handles, () => noGrad(() => gpt.call(ids)));
  return streams.slice(0, n + 1).map((x, i) => {
    const logits = noGrad(() => {
      const h = x.select(1, p); // [B, d]
      return head.call(lnF ? lnF.call(h) : h) as Tensor; // [B, V]
    });
    const probs = noGrad(() => logits.softmax(-1)).toNested() as number[][];
    const layer: LogitLensLayer = {
      layer: i === 0 ? "embeddings" : `h.${i - 1}`,
      top: probs.map((row) =>
        row
          .map((prob, token) => ({ token, prob }))
          .sort((a, b) => b.prob - a.prob || a.token - b.token)
          .slice(0, topK),
      ),
      logits,
    };
    if (options.token !== undefined) layer.tokenProb = probs.map((row) => row[options.token!]!);
    return layer;
  });
}
