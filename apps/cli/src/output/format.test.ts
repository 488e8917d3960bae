import { describe, expect, it } from "vitest";
import { formatBytes, formatFloat, formatInteger, formatPercent, formatScientific } from "./format";

describe("format", () => {
  it("groups integers by thousands", () => {
    expect(formatInteger(124439808)).toBe("124,439,808");
    expect(formatInteger(999)).toBe("999");
    expect(formatInteger(1000)).toBe("1,000");
    expect(formatInteger(-1234567)).toBe("-1,234,567");
    expect(formatInteger(0)).toBe("0");
  });

  it("falls back to scientific notation beyond safe integers", () => {
    expect(formatInteger(3.14e23)).toBe("3.14e23");
  });

  it("writes scientific notation without a plus sign", () => {
    expect(formatScientific(5.76e23)).toBe("5.76e23");
    expect(formatScientific(1234)).toBe("1.23e3");
    expect(formatScientific(0.00012345)).toBe("1.23e-4");
    expect(formatScientific(0)).toBe("0");
  });

  it("uses binary byte units", () => {
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(1536)).toBe("1.5 KiB");
    expect(formatBytes(2 ** 30)).toBe("1.0 GiB");
    expect(formatBytes(1.5 * 2 ** 40)).toBe("1.5 TiB");
  });

  it("formats percentages and plain floats", () => {
    expect(formatPercent(0.1234)).toBe("12.3%");
    expect(formatFloat(2.05678)).toBe("2.057");
    expect(formatFloat(20)).toBe("20");
    expect(formatFloat(1.5e7)).toBe("1.500e7");
  });
});
