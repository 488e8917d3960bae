import { describe, expect, it } from "vitest";
import { formatFloat, formatPercent, formatScientific } from "./format";

describe("format", () => {
  it("writes scientific notation without a plus sign", () => {
    expect(formatScientific(5.76e23)).toBe("5.76e23");
    expect(formatScientific(1234)).toBe("1.23e3");
    expect(formatScientific(0.00012345)).toBe("1.23e-4");
    expect(formatScientific(0)).toBe("0");
  });

  it("formats percentages and plain floats", () => {
    expect(formatPercent(0.1234)).toBe("12.3%");
    expect(formatFloat(2.05678)).toBe("2.057");
    expect(formatFloat(20)).toBe("20");
    expect(formatFloat(1.5e7)).toBe("1.500e7");
  });
});
