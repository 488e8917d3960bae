// Reads the large amounts readers type into the calculator — "300B" tokens, "989T" FLOP/s, "1.4e12" —
// into numbers. Parsing only: a result that is not a finite number is returned as NaN and the library
// call that receives it reports the argument by name.

const SUFFIX: Record<string, number> = { k: 1e3, m: 1e6, b: 1e9, g: 1e9, t: 1e12, p: 1e15 };

/** "300B" → 3e11, "1.4T" → 1.4e12, "2e9" → 2e9, "" → undefined, "abc" → NaN. Suffixes are case-insensitive. */
export function parseAmount(text: string): number | undefined {
  const t = text.trim().replace(/[_\s,]/g, "");
  if (t === "") return undefined;
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)([kmbgtp]?)$/i.exec(t);
  if (!m) return Number.NaN;
  const scale = SUFFIX[(m[2] ?? "").toLowerCase()] ?? 1;
  return Number(m[1]) * scale;
}
