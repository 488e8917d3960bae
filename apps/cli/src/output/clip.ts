// Cuts untrusted text (file contents, names from a header, flag values) to a length fit for a one-line
// message, so a 1 MB tensor name or config value never becomes a 1 MB error line. It does not escape
// control characters: quote() does that through JSON.stringify.

/** Longest piece of untrusted text a message shows. */
export const CLIP_LENGTH = 100;

/** `text` itself when short, else its first `max` characters and "…(N characters)". */
export function clip(text: string, max = CLIP_LENGTH): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}…(${text.length.toLocaleString("en-US")} characters)`;
}

/** JSON.stringify(value) cut to `max` characters: strings in quotes with escapes, anything else as JSON. */
export function quote(value: unknown, max = CLIP_LENGTH): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = typeof value; // cyclic values cannot come from JSON.parse, but a caller might pass one
  }
  return clip(text, max);
}
