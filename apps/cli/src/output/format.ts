// Number formatting for tables: exact integers with thousands separators, byte sizes in binary units,
// large floating quantities (FLOPs, tokens) in scientific notation. Locale-independent on purpose, so
// output is the same on every machine and in every test.

/** 124439808 → "124,439,808". Exact for every safe integer. */
export function formatInteger(n: number): string {
  if (!Number.isSafeInteger(n)) return formatScientific(n);
  const sign = n < 0 ? "-" : "";
  return (
    sign +
    Math.abs(n)
      .toString()
      .replace(/\B(?=(\d{3})+(?!\d))/g, ",")
  );
}

/** 3.14e23 → "3.14e23", 1234 → "1.23e3": three significant digits, no "+" in the exponent. */
export function formatScientific(n: number, digits = 3): string {
  if (!Number.isFinite(n)) return String(n);
  if (n === 0) return "0";
  return n.toExponential(digits - 1).replace("e+", "e");
}

const BYTE_UNITS = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"] as const;

/** 497664000 → "474.6 MiB": powers of 1024, one decimal (none for bytes). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return String(bytes);
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${BYTE_UNITS[unit]}`;
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
