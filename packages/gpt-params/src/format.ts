// Human-readable numbers for reports: parameter counts ("124.4M", "1.76T"), bytes ("13.5 GB", "12.6 GiB")
// and FLOPs ("3.14e23"). Formatting only; it never rounds the numbers the API returns.

const COUNT_UNITS: readonly [number, string][] = [
  [1e12, "T"],
  [1e9, "B"],
  [1e6, "M"],
  [1e3, "K"],
];

/** Options for {@link formatCount}. */
export interface FormatCountOptions {
  /** `short` (default): "124.4M"; `exact`: "124,439,808". */
  style?: "short" | "exact";
  /** Significant digits in short style (default 4). */
  digits?: number;
}

function trimDigits(x: number, digits: number): string {
  // toPrecision then Number() drops trailing zeros ("124.4" not "124.40").
  return String(Number(x.toPrecision(digits)));
}

/**
 * Formats a parameter (or token) count.
 * @example formatCount(124439808) // "124.4M"
 * @example formatCount(124439808, { style: "exact" }) // "124,439,808"
 */
export function formatCount(n: number, options: FormatCountOptions = {}): string {
  if (!Number.isFinite(n)) return String(n);
  if (options.style === "exact") return Math.round(n).toLocaleString("en-US");
  const digits = options.digits ?? 4;
  const abs = Math.abs(n);
  for (const [scale, unit] of COUNT_UNITS) {
    // Pick the unit after rounding, so 999,950 shows as "1M" not "1000K".
    if (Number((abs / scale).toPrecision(digits)) >= 1) return trimDigits(n / scale, digits) + unit;
  }
  return trimDigits(n, digits);
}

/**
 * Formats a byte count in decimal (GB, default) or binary (GiB) units.
 * @example formatBytes(13.48e9) // "13.48 GB"
 */
export function formatBytes(bytes: number, options: { binary?: boolean; digits?: number } = {}): string {
  if (!Number.isFinite(bytes)) return String(bytes);
  const base = options.binary ? 1024 : 1000;
  const units = options.binary
    ? ["B", "KiB", "MiB", "GiB", "TiB", "PiB"]
    : ["B", "kB", "MB", "GB", "TB", "PB"];
  let value = bytes;
  let i = 0;
  while (Math.abs(value) >= base && i < units.length - 1) {
    value /= base;
    i++;
  }
  return `${trimDigits(value, options.digits ?? 4)} ${units[i]}`;
}

/**
 * Formats a FLOP count in scientific notation.
 * @example formatFlops(3.14e23) // "3.14e+23 FLOPs"
 */
export function formatFlops(flops: number, digits = 3): string {
  return `${flops.toExponential(digits - 1).replace(/\.?0+e/, "e")} FLOPs`;
}
