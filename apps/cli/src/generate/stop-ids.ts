// The token ids that end `paramlens generate`: generation_config.json's eos_token_id when the folder has
// one (transformers' GenerationConfig takes precedence over config.json), else config.json's, else the
// tokenizer's eos token. eos_token_id may be one id or a list (Llama 3 lists several). Ids outside the
// model's vocabulary are dropped (tiny test checkpoints keep GPT-2's 50256 with a 64-token vocabulary).

export function stopIds(
  sources: readonly unknown[],
  tokenizerEos: number | null,
  vocabSize: number,
): Set<number> {
  const ids = new Set<number>();
  const take = (v: unknown) => {
    if (typeof v === "number" && Number.isInteger(v) && v >= 0 && v < vocabSize) ids.add(v);
  };
  for (const value of sources) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) value.forEach(take);
    else take(value);
    return ids; // the first file that names it decides
  }
  if (tokenizerEos !== null) take(tokenizerEos);
  return ids;
}
