import { describe, expect, it } from "vitest";
import { renderTable } from "./table";

describe("renderTable", () => {
  it("pads columns to the widest cell, right-aligns numeric columns and draws rules", () => {
    const text = renderTable(
      [{ header: "component" }, { header: "params", align: "right" }],
      [["embedding/token", "38,597,376"], ["mlp", "1"], "rule", ["total", "38,597,377"]],
    );
    expect(text.split("\n")).toEqual([
      "component            params",
      "───────────────  ──────────",
      "embedding/token  38,597,376",
      "mlp                       1",
      "───────────────  ──────────",
      "total            38,597,377",
    ]);
  });

  it("does not count ANSI colour codes as width", () => {
    const text = renderTable([{ header: "a" }, { header: "b" }], [["\u001b[1mxy\u001b[22m", "1"]]);
    expect(text.split("\n")[2]).toBe("\u001b[1mxy\u001b[22m  1");
  });

  it("rejects a row whose cell count differs from the columns", () => {
    expect(() => renderTable([{ header: "a" }], [["1", "2"]])).toThrow(
      "row has 2 cells, table has 1 columns",
    );
  });
});
