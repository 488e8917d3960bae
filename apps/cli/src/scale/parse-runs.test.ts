import { describe, expect, it } from "vitest";
import { BadFileError } from "../errors";
import { parseRunsCsv } from "./parse-runs";

describe("parseRunsCsv", () => {
  it("reads named columns in any order, skipping comments, blank lines and extra columns", () => {
    const text = "# my sweep\nloss, N, tokens, note\n3.1, 1e8, 2e9, a\n\n2.9,300M,6B,b\r\n";
    expect(parseRunsCsv(text, "runs.csv")).toEqual([
      { parameters: 1e8, tokens: 2e9, loss: 3.1 },
      { parameters: 3e8, tokens: 6e9, loss: 2.9 },
    ]);
  });

  it("names the file, the line and the cell that is wrong", () => {
    expect(() => parseRunsCsv("", "runs.csv")).toThrow(BadFileError);
    expect(() => parseRunsCsv("n,d\n1,2\n", "runs.csv")).toThrow(
      'runs.csv: line 1: header "n,d" has no loss column (name it loss or l)',
    );
    expect(() => parseRunsCsv("n,d,loss\n1e8,2e9,3.1\n1e8,2e9,abc\n", "runs.csv")).toThrow(
      'runs.csv: line 3: loss "abc" is not a number',
    );
    expect(() => parseRunsCsv("n,d,loss\n1e8,2e9\n", "runs.csv")).toThrow(
      "runs.csv: line 2: missing loss (the row has 2 cells)",
    );
  });
});
