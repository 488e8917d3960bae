// formatCount / formatBytes / formatFlops: human-readable strings for reports.
import { describe, expect, it } from "vitest";
import { formatBytes, formatCount, formatFlops } from "./format";

describe("formatCount", () => {
  it("short style picks the unit after rounding", () => {
    expect(formatCount(124_439_808)).toBe("124.4M");
    expect(formatCount(1.76e12)).toBe("1.76T");
    expect(formatCount(6_738_415_616)).toBe("6.738B");
    expect(formatCount(999_950)).toBe("1M");
    expect(formatCount(512)).toBe("512");
    expect(formatCount(12_345, { digits: 2 })).toBe("12K");
    expect(formatCount(-2.5e9)).toBe("-2.5B");
  });
  it("exact style groups thousands", () => {
    expect(formatCount(124_439_808, { style: "exact" })).toBe("124,439,808");
  });
  it("passes non-finite values through", () => {
    expect(formatCount(Number.NaN)).toBe("NaN");
  });
});

describe("formatBytes and formatFlops", () => {
  it("decimal and binary units", () => {
    expect(formatBytes(13_476_831_232)).toBe("13.48 GB");
    expect(formatBytes(2 ** 31, { binary: true })).toBe("2 GiB");
    expect(formatBytes(512)).toBe("512 B");
  });
  it("scientific FLOPs", () => {
    expect(formatFlops(3.14e23)).toBe("3.14e+23 FLOPs");
    expect(formatFlops(1e21)).toBe("1e+21 FLOPs");
  });
});
