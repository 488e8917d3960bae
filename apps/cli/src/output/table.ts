// A tiny fixed-width table formatter: header, rule, rows, optional rules between row groups. It measures
// visible width (ANSI colour codes do not count) and right-aligns numeric columns. It does not wrap or
// truncate: a wide table stays wide, so copied numbers are never cut.
import { stripVTControlCharacters } from "node:util";

export interface Column {
  header: string;
  /** Numbers read best right-aligned; text left-aligned (the default). */
  align?: "left" | "right";
}

/** A row of cells, or "rule" for a horizontal line (e.g. before a total). */
export type Row = readonly string[] | "rule";

export interface TableStyle {
  /** Styles the header cells (e.g. bold); identity when colour is off. */
  header?: (text: string) => string;
}

const width = (text: string): number => stripVTControlCharacters(text).length;

function pad(text: string, to: number, align: "left" | "right"): string {
  const fill = " ".repeat(Math.max(0, to - width(text)));
  return align === "right" ? fill + text : text + fill;
}

/** Renders columns and rows as aligned text lines joined by "\n" (no trailing newline). */
export function renderTable(
  columns: readonly Column[],
  rows: readonly Row[],
  style: TableStyle = {},
): string {
  const widths = columns.map((c) => width(c.header));
  for (const row of rows) {
    if (row === "rule") continue;
    if (row.length !== columns.length) {
      throw new Error(`renderTable: row has ${row.length} cells, table has ${columns.length} columns`);
    }
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, width(cell));
    });
  }
  const headerStyle = style.header ?? ((t: string) => t);
  const line = (cells: readonly string[], styleCell: (t: string) => string = (t) => t) =>
    cells
      .map((cell, i) => styleCell(pad(cell, widths[i] ?? 0, columns[i]?.align ?? "left")))
      .join("  ")
      .trimEnd();
  const rule = widths.map((w) => "─".repeat(w)).join("  ");
  const out = [
    line(
      columns.map((c) => c.header),
      headerStyle,
    ),
    rule,
  ];
  for (const row of rows) out.push(row === "rule" ? rule : line(row));
  return out.join("\n");
}
