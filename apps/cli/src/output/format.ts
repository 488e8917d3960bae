// Number formatting the tables need beyond @paramlens/gpt-params' formatCount/formatBytes: large float
// quantities (FLOPs, tokens) in scientific notation, shares as percentages, and short floats. Locale-
// independent on purpose, so output is the same on every machine and in every test.

/** 3.14e23 → "3.14e23", 1234 → "1.23e3": three significant digits, no "+" in the exponent. */
export function formatScientific(n: number, digits = 3): string {
  if (!Number.isFinite(n)) return String(n);
  if (n === 0) return "0";
  return n.toExponential(digits - 1).replace("e+", "e");
}

/** 0.1234 → "12.3%". */
export function formatPercent(fraction: number): string {
  return `${(fraction * 100).toFixed(1)}%`;
}

/** A float with `digits` significant digits, without exponent for ordinary magnitudes: 2.0567 → "2.057". */
export function formatFloat(n: number, digits = 4): string {
  if (!Number.isFinite(n)) return String(n);
  const abs = Math.abs(n);
  if (abs !== 0 && (abs >= 1e6 || abs < 1e-3)) return formatScientific(n, digits);
  return Number(n.toPrecision(digits)).toString();
}
