// Preset lookup for CLIs and search boxes: exact id, loose spelling ("GPT-2 XL", "llama_2_7b"), or a
// did-you-mean list ranked by edit distance. It never guesses silently: getPreset throws when unsure.
import { PresetError } from "./errors";
import { type Preset, presetIds, presets } from "./presets";

// "GPT-2 XL" → "gpt2-xl", "llama_2_7b" → "llama2-7b": case, spaces and underscores do not matter, and a
// dash between letters and digits ("gpt-2", "llama-2") is dropped, as in the preset ids.
function normalise(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, "-")
    .replace(/([a-z])-(?=\d)/g, "$1");
}

// Preset ids by their normalised spelling, so "mixtral-8x7b" (whose own dash precedes a digit) is found too.
const idsByNormalised: ReadonlyMap<string, string> = new Map(presetIds.map((id) => [normalise(id), id]));

/** The preset id `name` denotes exactly or loosely, if any. */
function lookup(name: string): string | undefined {
  if (Object.hasOwn(presets, name)) return name;
  return idsByNormalised.get(normalise(name));
}

/** Levenshtein distance between two strings (insert, delete, substitute all cost 1). */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const sub = (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      cur.push(Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, sub));
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}

/**
 * Preset ids near `name`, best first (at most `limit`). An exact or loosely equal id comes back alone.
 * Ids that start with the name, or lie within edit distance max(2, a third of its length), qualify.
 * @example suggestPreset("gpt2-xxl") // ["gpt2-xl"]
 */
export function suggestPreset(name: string, limit = 3): string[] {
  const exact = lookup(name);
  if (exact) return [exact];
  const wanted = normalise(name);
  const threshold = Math.max(2, Math.floor(wanted.length / 3));
  // An id that starts with the name ("mixtral" → "mixtral-8x7b") ranks as distance 0.5: ahead of typos,
  // behind nothing, since an exact match returned above.
  return presetIds
    .map((id) => ({
      id,
      distance: wanted.length >= 3 && id.startsWith(wanted) ? 0.5 : editDistance(wanted, id),
    }))
    .filter((c) => c.distance <= threshold)
    .sort((x, y) => x.distance - y.distance || x.id.localeCompare(y.id))
    .slice(0, limit)
    .map((c) => c.id);
}

/**
 * The preset with id `name` (spelling loosely normalised, e.g. "GPT-2 Medium").
 * @throws {PresetError} with did-you-mean suggestions when no id matches.
 */
export function getPreset(name: string): Preset {
  const id = lookup(name);
  const found = id === undefined ? undefined : presets[id];
  if (found) return found;
  throw new PresetError(name, suggestPreset(name));
}
